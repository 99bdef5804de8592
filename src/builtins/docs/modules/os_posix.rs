//! The docstrings and text signatures of `os`'s POSIX calls beyond files (`os_posix`).

pub(super) static FUNCTIONS: super::Table = &[
    (
        "abort",
        Some("($module, /)"),
        r#"End the process at once with SIGABRT, writing a core dump where the
system keeps them; no cleanup runs."#,
    ),
    (
        "execv",
        Some("($module, path, argv, /)"),
        r#"Replace the process with the program at path, argv its argument list
(a non-empty tuple or list). Returns only by raising OSError."#,
    ),
    (
        "execve",
        Some("($module, /, path, argv, env)"),
        r#"As execv(), with env (a mapping) as the new program's environment."#,
    ),
    (
        "fchdir",
        Some("($module, /, fd)"),
        r#"Make the directory open on fd the current working directory."#,
    ),
    (
        "fchmod",
        Some("($module, /, fd, mode)"),
        r#"Change the permission bits of the file open on fd to mode."#,
    ),
    (
        "fdatasync",
        Some("($module, /, fd)"),
        r#"Write the data of the file open on fd to disk (not its metadata
unless needed to read the data back)."#,
    ),
    (
        "get_blocking",
        Some("($module, fd, /)"),
        r#"Whether fd is in blocking mode (O_NONBLOCK not set)."#,
    ),
    (
        "get_inheritable",
        Some("($module, fd, /)"),
        r#"Whether a child process (after exec) inherits fd."#,
    ),
    (
        "getegid",
        Some("($module, /)"),
        r#"The effective group id of the process."#,
    ),
    (
        "getgid",
        Some("($module, /)"),
        r#"The real group id of the process."#,
    ),
    (
        "getgroups",
        Some("($module, /)"),
        r#"The supplementary group ids of the process, as a list."#,
    ),
    (
        "getloadavg",
        Some("($module, /)"),
        r#"The numbers of processes in the run queue averaged over the last 1, 5
and 15 minutes; OSError when the system cannot tell."#,
    ),
    (
        "getlogin",
        Some("($module, /)"),
        r#"The name of the user logged in on the process's controlling terminal."#,
    ),
    (
        "getpgid",
        Some("($module, /, pid)"),
        r#"The process group id of the process pid (0: this one)."#,
    ),
    (
        "getpgrp",
        Some("($module, /)"),
        r#"The process group id of this process."#,
    ),
    (
        "getsid",
        Some("($module, pid, /)"),
        r#"The session id of the process pid (0: this one)."#,
    ),
    (
        "killpg",
        Some("($module, pgid, signal, /)"),
        r#"Send the signal to every process of the process group pgid."#,
    ),
    (
        "mkfifo",
        Some("($module, /, path, mode=438, *, dir_fd=None)"),
        r#"Make a named pipe (FIFO) at path with mode (less the umask)."#,
    ),
    (
        "nice",
        Some("($module, increment, /)"),
        r#"Add increment to the process's niceness; return the new niceness."#,
    ),
    (
        "pipe2",
        Some("($module, flags, /)"),
        r#"Make a pipe with flags (O_NONBLOCK, O_CLOEXEC) set on both ends and
return (read_fd, write_fd)."#,
    ),
    (
        "pread",
        Some("($module, fd, length, offset, /)"),
        r#"Read at most length bytes from fd at offset, leaving the file
position unchanged."#,
    ),
    (
        "pwrite",
        Some("($module, fd, buffer, offset, /)"),
        r#"Write the bytes to fd at offset, leaving the file position unchanged;
return how many were written."#,
    ),
    (
        "sched_getaffinity",
        Some("($module, pid, /)"),
        r#"The set of CPUs the process pid (0: this one) may run on."#,
    ),
    (
        "sched_yield",
        Some("($module, /)"),
        r#"Let another process or thread run on this CPU."#,
    ),
    (
        "set_blocking",
        Some("($module, fd, blocking, /)"),
        r#"Set or clear fd's blocking mode (O_NONBLOCK cleared or set)."#,
    ),
    (
        "set_inheritable",
        Some("($module, fd, inheritable, /)"),
        r#"Set whether a child process (after exec) inherits fd."#,
    ),
    (
        "sync",
        Some("($module, /)"),
        r#"Write everything the system has buffered to disk."#,
    ),
    (
        "wait",
        Some("($module, /)"),
        r#"Wait for a child process to end; return (pid, status), the status
encoded as waitstatus_to_exitcode() reads it."#,
    ),
    (
        "waitpid",
        Some("($module, pid, options, /)"),
        r#"Wait for the child process pid (-1: any child) to change state, with
options such as WNOHANG; return (pid, status), (0, 0) if none has."#,
    ),
    (
        "writev",
        Some("($module, fd, buffers, /)"),
        r#"Write the buffers to fd in order, in one call; return how many bytes
were written."#,
    ),
    (
        "_fork",
        Some("($module, /)"),
        r#"Fork the process (os.fork() without its hooks)."#,
    ),
    (
        "_terminal_size",
        Some("($module, fd, /)"),
        r#"(columns, lines) of the terminal on fd."#,
    ),
    (
        "_times",
        Some("($module, /)"),
        r#"The five floats of os.times()."#,
    ),
    (
        "_utime",
        Some("($module, path, ns, follow_symlinks, /)"),
        r#"Set path's times to ns, a pair of nanoseconds, or to now when None."#,
    ),
];
