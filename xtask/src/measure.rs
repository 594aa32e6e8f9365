//! Runs a child process and measures it: wall time and peak memory (resident set size).
//!
//! On Linux the child is reaped with `wait4`, which returns the child's own resource usage
//! (its `ru_maxrss` covers the children it waited for too, such as the `rustc` a `cargo
//! build` runs). Elsewhere the peak is unknown.
//!
//! Linux counts in a child's peak the memory of the process it was forked from, as it was
//! when the child called `exec`: a child of the bench, which holds whole generated crates in
//! memory, would inherit the bench's peak. [`run_alone`] therefore starts the child from a
//! fresh, small process (this binary again, as `xtask __measure`), which measures it and
//! writes the numbers to a file; the peak then includes at most that process's few MiB.

use std::ffi::OsString;
use std::io::{self, Read};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The hidden subcommand of xtask that measures a child for [`run_alone`].
pub const SUBCOMMAND: &str = "__measure";

/// What a finished child did.
#[derive(Debug)]
pub struct Finished {
    /// The exit code, `None` when a signal ended it.
    pub code: Option<i32>,
    /// Whether it was killed for running longer than allowed.
    pub timed_out: bool,
    /// From just before the spawn to the reaping.
    pub wall: Duration,
    /// Peak resident set size in KiB, where the platform says.
    pub peak_kib: Option<u64>,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Why the child failed, in one line: the last line it wrote on stderr that says.
    pub fn failure(&self) -> String {
        if self.timed_out {
            return "timed out".to_string();
        }
        let last = self
            .stderr
            .lines()
            .rev()
            .map(str::trim)
            .find(|line| !line.is_empty());
        match (self.code, last) {
            (_, Some(line)) => line.to_string(),
            (Some(code), None) => format!("exit code {code}"),
            (None, None) => "killed by a signal".to_string(),
        }
    }
}

/// Runs `command` to its end (or kills it after `timeout`), capturing stdout and stderr.
pub fn run(command: &mut Command, timeout: Duration) -> io::Result<Finished> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = command.spawn()?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let waited = wait(child, timeout)?;
    let wall = start.elapsed();
    Ok(Finished {
        code: waited.code,
        timed_out: waited.timed_out,
        wall,
        peak_kib: waited.peak_kib,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Like [`run`], but the child is started by a fresh `xtask __measure`, so that its peak
/// memory is its own and not the caller's (see the module's documentation). Its program,
/// arguments, directory and environment are those of `command`.
pub fn run_alone(command: &Command, timeout: Duration) -> io::Result<Finished> {
    if !cfg!(target_os = "linux") {
        let mut copy = Command::new(command.get_program());
        copy.args(command.get_args());
        return run(copy_setup(command, &mut copy), timeout);
    }
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let numbers = std::env::temp_dir().join(format!(
        "xtask-measure-{}-{}",
        std::process::id(),
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    let mut outer = Command::new(std::env::current_exe()?);
    outer
        .arg(SUBCOMMAND)
        .arg(&numbers)
        .arg(timeout.as_millis().to_string())
        .arg("--")
        .arg(command.get_program())
        .args(command.get_args());
    let outer_finished = run(
        copy_setup(command, &mut outer),
        timeout + Duration::from_secs(60),
    );
    let written = std::fs::read_to_string(&numbers);
    let _ = std::fs::remove_file(&numbers);
    let mut finished = outer_finished?;
    let written = written.map_err(|e| {
        io::Error::other(format!(
            "`xtask {SUBCOMMAND}` wrote no numbers ({e}): {}",
            finished.failure()
        ))
    })?;
    let value = |key: &str| {
        written
            .lines()
            .filter_map(|l| l.split_once('='))
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.parse::<u64>().ok())
    };
    finished.code = value("code").and_then(|c| i32::try_from(c).ok());
    finished.timed_out = value("timed_out") == Some(1);
    finished.wall = Duration::from_nanos(value("wall_ns").unwrap_or(0));
    finished.peak_kib = value("peak_kib");
    Ok(finished)
}

/// Gives `copy` the directory and environment changes of `command`.
fn copy_setup<'a>(command: &Command, copy: &'a mut Command) -> &'a mut Command {
    if let Some(dir) = command.get_current_dir() {
        copy.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => copy.env(key, value),
            None => copy.env_remove(key),
        };
    }
    copy
}

/// `xtask __measure FILE TIMEOUT_MS -- PROGRAM ARGS...`: runs the program with this
/// process's stdio, writes its exit code, wall time and peak memory to FILE as `key=value`
/// lines, and exits with its exit code.
pub fn subcommand(args: &[&str]) -> ExitCode {
    let [numbers, timeout_ms, "--", program, rest @ ..] = args else {
        eprintln!("usage: xtask {SUBCOMMAND} FILE TIMEOUT_MS -- PROGRAM ARGS...");
        return ExitCode::from(64);
    };
    let Ok(timeout_ms) = timeout_ms.parse::<u64>() else {
        eprintln!("error: `{timeout_ms}` is not a number of milliseconds");
        return ExitCode::from(64);
    };
    let mut command = Command::new(program);
    command.args(rest.iter().map(OsString::from));
    let start = Instant::now();
    let waited = command
        .stdin(Stdio::null())
        .spawn()
        .and_then(|child| wait(child, Duration::from_millis(timeout_ms)));
    let wall = start.elapsed();
    let waited = match waited {
        Ok(waited) => waited,
        Err(e) => {
            eprintln!("error: cannot run {program}: {e}");
            return ExitCode::from(127);
        }
    };
    let mut lines = format!(
        "wall_ns={}\ntimed_out={}\n",
        wall.as_nanos(),
        u8::from(waited.timed_out)
    );
    if let Some(code) = waited.code {
        lines.push_str(&format!("code={code}\n"));
    }
    if let Some(kib) = waited.peak_kib {
        lines.push_str(&format!("peak_kib={kib}\n"));
    }
    if let Err(e) = std::fs::write(Path::new(numbers), lines) {
        eprintln!("error: cannot write {numbers}: {e}");
        return ExitCode::from(127);
    }
    ExitCode::from(waited.code.and_then(|c| u8::try_from(c).ok()).unwrap_or(1))
}

/// Reads a pipe to its end on a thread of its own, so that a child writing much on one pipe
/// never blocks while we wait on the other.
fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

struct Waited {
    code: Option<i32>,
    timed_out: bool,
    peak_kib: Option<u64>,
}

/// Kills `pid` with `kill` when `timeout` passes before [`Watchdog::stop`] is called.
struct Watchdog {
    state: Arc<(Mutex<(bool, bool)>, Condvar)>,
    thread: thread::JoinHandle<()>,
}

impl Watchdog {
    fn start(timeout: Duration, kill: impl FnOnce() + Send + 'static) -> Watchdog {
        // (stopped, fired)
        let state = Arc::new((Mutex::new((false, false)), Condvar::new()));
        let shared = Arc::clone(&state);
        let thread = thread::spawn(move || {
            let (lock, condvar) = &*shared;
            let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
            let (mut guard, result) = condvar
                .wait_timeout_while(guard, timeout, |(stopped, _)| !*stopped)
                .unwrap_or_else(|e| e.into_inner());
            if result.timed_out() && !guard.0 {
                guard.1 = true;
                kill();
            }
        });
        Watchdog { state, thread }
    }

    /// Stops the watchdog; true when it had already killed the child.
    fn stop(self) -> bool {
        let (lock, condvar) = &*self.state;
        let fired = {
            let mut guard = lock.lock().unwrap_or_else(|e| e.into_inner());
            guard.0 = true;
            guard.1
        };
        condvar.notify_all();
        let _ = self.thread.join();
        fired
    }
}

#[cfg(target_os = "linux")]
fn wait(child: std::process::Child, timeout: Duration) -> io::Result<Waited> {
    use std::ffi::{c_int, c_long};

    unsafe extern "C" {
        fn wait4(pid: c_int, status: *mut c_int, options: c_int, rusage: *mut c_long) -> c_int;
        fn kill(pid: c_int, signal: c_int) -> c_int;
    }
    const SIGKILL: c_int = 9;
    /// `struct rusage`: two `struct timeval` (two longs each), then fourteen longs, the first
    /// of which is `ru_maxrss` in KiB.
    const RUSAGE_LONGS: usize = 18;
    const MAXRSS: usize = 4;

    let pid = c_int::try_from(child.id())
        .map_err(|_| io::Error::other("the child's process id does not fit a pid_t"))?;
    let watchdog = Watchdog::start(timeout, move || {
        // SAFETY: `kill` only sends a signal. The watchdog is stopped as soon as `wait4`
        // returns, so the pid is our child's (at worst one just reaped, in that instant).
        unsafe {
            kill(pid, SIGKILL);
        }
    });
    let mut status: c_int = 0;
    let mut usage = [0 as c_long; RUSAGE_LONGS];
    let reaped = loop {
        // SAFETY: `status` and `usage` are valid for writes of an int and of a
        // `struct rusage` (18 longs on Linux) for the duration of the call.
        let reaped = unsafe { wait4(pid, &mut status, 0, usage.as_mut_ptr()) };
        if reaped == -1 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
            continue;
        }
        break reaped;
    };
    let timed_out = watchdog.stop();
    // The child is reaped (or lost): dropping the handle neither waits nor kills.
    drop(child);
    if reaped == -1 {
        return Err(io::Error::last_os_error());
    }
    let exited = status & 0x7f == 0;
    Ok(Waited {
        code: exited.then_some((status >> 8) & 0xff),
        timed_out,
        peak_kib: u64::try_from(usage[MAXRSS]).ok(),
    })
}

#[cfg(not(target_os = "linux"))]
fn wait(child: std::process::Child, timeout: Duration) -> io::Result<Waited> {
    let child = Arc::new(Mutex::new(child));
    let watched = Arc::clone(&child);
    let watchdog = Watchdog::start(timeout, move || {
        let _ = watched.lock().map(|mut c| c.kill());
    });
    let status = loop {
        if let Some(status) = child.lock().unwrap_or_else(|e| e.into_inner()).try_wait()? {
            break status;
        }
        thread::sleep(Duration::from_millis(2));
    };
    let timed_out = watchdog.stop();
    Ok(Waited {
        code: status.code(),
        timed_out,
        peak_kib: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn captures_output_and_exit_code() {
        let finished = run(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(60),
        )
        .expect("sh runs");
        assert_eq!(finished.code, Some(3));
        assert_eq!(finished.stdout, "out\n");
        assert_eq!(finished.failure(), "err");
        assert!(!finished.timed_out);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn reports_a_peak() {
        let finished = run(Command::new("true").arg("x"), Duration::from_secs(60)).expect("runs");
        assert!(finished.success());
        assert!(finished.peak_kib.is_some_and(|kib| kib > 0));
    }

    #[test]
    #[cfg(unix)]
    fn kills_what_runs_too_long() {
        let finished =
            run(Command::new("sleep").arg("30"), Duration::from_millis(50)).expect("sleep runs");
        assert!(finished.timed_out);
        assert_eq!(finished.code, None);
    }
}
