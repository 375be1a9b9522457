//! `vault merge BASE OURS THEIRS`: the merge driver git runs for the vault file.

use anyhow::{Result, bail};

use crate::cli::MergeArgs;
use crate::cmd::Context;
use crate::{output, vault};

pub fn run(ctx: &Context, args: &MergeArgs) -> Result<()> {
    let conflicts = vault::merge_files(&ctx.paths, &args.base, &args.ours, &args.theirs)?;
    if conflicts.is_empty() {
        ctx.out.hint("Merged the vault change by change");
        return Ok(());
    }
    for conflict in &conflicts {
        output::error_line(&format!(
            "conflict: {}; once the merge is committed, settle it with `{}`",
            conflict.what, conflict.settle
        ));
    }
    bail!(
        "{} conflict{} in the vault; everything else is merged, and each conflict is as the lines above say (commit it, then run the commands above)",
        conflicts.len(),
        if conflicts.len() == 1 { "" } else { "s" }
    )
}
