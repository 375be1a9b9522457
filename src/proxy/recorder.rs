//! The proxy's audit events, written by a thread of their own: a request waits until its
//! `vault.injected` is in the log before its value goes anywhere (a read the log cannot record
//! does not happen), and the events of requests that arrive together share one append.

use std::path::Path;
use std::sync::mpsc;
use std::thread;

use tokio::sync::oneshot;

use crate::audit::{AuditLog, Event};
use crate::process;

/// Whether the events were written; the error as text, to be sent between threads.
pub type Written = Result<(), String>;

type Job = (Vec<Event>, oneshot::Sender<Written>);

#[derive(Clone)]
pub struct Recorder {
    jobs: mpsc::Sender<Job>,
}

impl Recorder {
    pub fn start(log: &Path) -> Self {
        let log = AuditLog::new(log);
        let (jobs, queue) = mpsc::channel::<Job>();
        process::without_signals(|| {
            thread::spawn(move || {
                while let Ok(first) = queue.recv() {
                    let mut batch = vec![first];
                    batch.extend(queue.try_iter());
                    let events: Vec<Event> = batch
                        .iter_mut()
                        .flat_map(|(events, _)| std::mem::take(events))
                        .collect();
                    let written = log.append(&events).map_err(|err| format!("{err:#}"));
                    for (_, done) in batch {
                        let _ = done.send(written.clone());
                    }
                }
            })
        });
        Self { jobs }
    }

    /// Queues `events`; the answer says when they are in the log.
    pub fn record(&self, events: Vec<Event>) -> oneshot::Receiver<Written> {
        let (done, answer) = oneshot::channel();
        if let Err(mpsc::SendError((_, done))) = self.jobs.send((events, done)) {
            let _ = done.send(Err("the audit log's writer has stopped".into()));
        }
        answer
    }

    /// Records `events` and waits until they are written.
    pub async fn write(&self, events: Vec<Event>) -> Written {
        self.record(events)
            .await
            .unwrap_or_else(|_| Err("the audit log's writer has stopped".into()))
    }
}
