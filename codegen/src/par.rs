//! Work on several cores, with results that do not depend on how the threads ran.

use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::{Scope, ScopedJoinHandle};

/// The stack of a helper thread: that of a main thread on Linux. Parsing, lowering and
/// formatting recurse as deep as the spec nests, as they would on the main thread.
pub(crate) const STACK: usize = 8 << 20;

/// How many threads may work at once (1 when that is unknown); asked once, since the answer
/// comes from files of the system.
pub(crate) fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Starts `work` on a helper thread of `scope`, when there is another core for it.
pub(crate) fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> Option<ScopedJoinHandle<'scope, T>> {
    if threads() < 2 {
        return None;
    }
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn_scoped(scope, work)
        .ok()
}

/// Runs `a` on a helper thread and `b` on this one, at once when there is another core;
/// otherwise one after the other.
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    // Where `a` waits for the thread that runs it; it is still there when none could start.
    let slot = Mutex::new(Some(a));
    let take = || slot.lock().unwrap_or_else(PoisonError::into_inner).take();
    std::thread::scope(|scope| {
        let helper = spawn(scope, || take().map(|a| a()));
        let b = b();
        let a = helper.and_then(finish);
        let a = a.unwrap_or_else(|| (take().expect("`a` runs once"))());
        (a, b)
    })
}

/// The result of a helper thread; its panic, if it panicked.
pub(crate) fn finish<T>(helper: ScopedJoinHandle<'_, T>) -> T {
    helper
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
