//! Ctrl-C and SIGTERM for long runs (`render`): the first signal sets a flag that the work
//! loops read, so that they stop their child processes and remove their temporary files
//! before the process ends; a second signal ends the process at once.
//!
//! Nothing is watched until a command asks for it with [`watch`]: short commands keep the
//! default behaviour (the process ends on the first Ctrl-C).

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static WATCH: Once = Once::new();

/// Start watching for Ctrl-C (SIGINT) and SIGTERM on a thread of its own.
pub fn watch() {
    WATCH.call_once(|| {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("dramaloc-signals".into())
            .spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    let _ = ready_tx.send(());
                    return;
                };
                rt.block_on(async move {
                    let mut term =
                        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                            .ok();
                    let mut interrupt = tokio::signal::unix::signal(
                        tokio::signal::unix::SignalKind::interrupt(),
                    )
                    .ok();
                    let _ = ready_tx.send(());
                    loop {
                        let got = tokio::select! {
                            r = async { match interrupt.as_mut() { Some(s) => s.recv().await, None => std::future::pending().await } } => r,
                            r = async { match term.as_mut() { Some(s) => s.recv().await, None => std::future::pending().await } } => r,
                        };
                        if got.is_none() {
                            return;
                        }
                        if INTERRUPTED.swap(true, Ordering::SeqCst) {
                            std::process::exit(i32::from(crate::ExitStatus::Interrupted.code()));
                        }
                    }
                });
            });
        if spawned.is_ok() {
            // Wait until the handlers are in place, so that no early signal is lost.
            let _ = ready_rx.recv();
        }
    });
}

/// Whether Ctrl-C or SIGTERM arrived since [`watch`].
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
