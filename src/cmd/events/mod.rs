//! `vault events`: show and follow the audit log (and the writer logs beside it); `verify`,
//! `rotate`, `anchor` and `repair` in files of their own.

mod export;
mod show;
mod upkeep;
mod verify;

use anyhow::Result;

use crate::cli::{EventsArgs, EventsCommand};
use crate::cmd::Context;

pub fn run(ctx: &Context, args: &EventsArgs) -> Result<()> {
    match &args.command {
        Some(EventsCommand::Verify(verify_args)) => verify::run(ctx, verify_args),
        Some(EventsCommand::Rotate) => upkeep::rotate(ctx),
        Some(EventsCommand::Anchor(anchor_args)) => upkeep::anchor(ctx, anchor_args),
        Some(EventsCommand::Repair) => upkeep::repair(ctx),
        Some(EventsCommand::Export(export_args)) => export::run(ctx, export_args),
        None => show::run(ctx, args),
    }
}
