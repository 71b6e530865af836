//! What every Hushnote process does first (the CLI, the service, the desktop app): a crash must
//! not write a key or note text to a core file.

/// Disables core dumps for this process: `RLIMIT_CORE = 0`, and on Linux also
/// `PR_SET_DUMPABLE = 0` (which additionally stops other processes of the same user from
/// attaching a debugger and reading memory). Front ends call this first thing in `main`.
/// Returns an error text (without data) if the OS refused; callers may log it and go on.
pub fn disable_core_dumps() -> Result<(), String> {
    #[cfg(unix)]
    {
        let zero = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: setrlimit reads a valid, initialised struct we own.
        if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &zero) } != 0 {
            return Err(format!("setrlimit(RLIMIT_CORE) failed: {}", std::io::Error::last_os_error()));
        }
    }
    #[cfg(target_os = "linux")]
    {
        // SAFETY: prctl with PR_SET_DUMPABLE takes plain integer arguments.
        if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } != 0 {
            return Err(format!("prctl(PR_SET_DUMPABLE) failed: {}", std::io::Error::last_os_error()));
        }
    }
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn core_dumps_are_off_after_the_call() {
        super::disable_core_dumps().unwrap();
        let mut lim = libc::rlimit { rlim_cur: 1, rlim_max: 1 };
        // SAFETY: getrlimit writes into a struct we own.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut lim) }, 0);
        assert_eq!((lim.rlim_cur, lim.rlim_max), (0, 0));
        // SAFETY: PR_GET_DUMPABLE has no pointer arguments.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }
}
