//! Long jobs (an import of 100,000 rows, a rebuild) that leave the machine to what the
//! user is waiting for. A job runs on its own thread at a lower scheduling priority, and
//! the threads it starts (tantivy's indexing and merge threads among them) inherit it,
//! so a search or the today list asked for during the job is scheduled first.

use std::sync::Mutex;

/// How much lower than normal a job runs (a Unix nice value; 19 is the lowest).
const NICE: i32 = 10;

/// Runs `work` on a thread of lower priority and returns its result; a panic in it goes
/// on in the caller. Where no thread can be started, `work` runs in the caller.
pub fn run_behind_reads<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    // The work moves into the thread only once the thread runs: a thread that cannot
    // start leaves it here.
    let slot = Mutex::new(Some(work));
    let take = || slot.lock().unwrap_or_else(|p| p.into_inner()).take();
    let ran = std::thread::scope(|scope| {
        let job = std::thread::Builder::new()
            .name("rapport-job".into())
            .spawn_scoped(scope, || {
                lower_this_threads_priority();
                take().map(|work| work())
            });
        match job {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        }
    });
    match ran {
        Some(result) => result,
        None => match take() {
            Some(work) => work(),
            None => unreachable!("the job thread took the work and returned nothing"),
        },
    }
}

/// Lowers the calling thread's priority (Linux: each thread has its own nice value,
/// and threads it starts inherit it). Best effort: a refusal leaves it as it was.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    {
        let tid = rustix::thread::gettid();
        let _ = rustix::process::setpriority_process(Some(tid), NICE);
    }
}

/// The calling thread's nice value (Linux), for tests.
#[cfg(all(test, target_os = "linux"))]
fn this_threads_nice() -> i32 {
    rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap_or(i32::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_runs_and_its_result_comes_back() {
        let mut seen = Vec::new();
        let n = run_behind_reads(|| {
            seen.push(1);
            41 + 1
        });
        assert_eq!((n, seen), (42, vec![1]));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_work_and_the_threads_it_starts_run_at_lower_priority_and_the_caller_does_not() {
        let before = this_threads_nice();
        let (inside, child) = run_behind_reads(|| {
            let child = std::thread::spawn(this_threads_nice)
                .join()
                .unwrap_or(i32::MIN);
            (this_threads_nice(), child)
        });
        assert_eq!(inside, (before + NICE).min(19), "the job's own thread");
        assert_eq!(child, inside, "a thread the job started");
        assert_eq!(this_threads_nice(), before, "the caller keeps its priority");
    }

    #[test]
    fn a_panic_in_the_work_goes_on_in_the_caller() {
        let caught = std::panic::catch_unwind(|| run_behind_reads(|| panic!("boom")));
        assert!(caught.is_err());
    }
}
