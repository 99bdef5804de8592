//! The docstrings and text signatures of `os`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "access",
        Some("($module, /, path, mode, *, dir_fd=None, effective_ids=False,\n       follow_symlinks=True)"),
        r#"Whether the real user may access the path in the mode (F_OK, or R_OK,
W_OK, X_OK combined)."#,
    ),
    (
        "chdir",
        Some("($module, /, path)"),
        r#"Make the path the current working directory."#,
    ),
    (
        "chmod",
        Some("($module, /, path, mode, *, dir_fd=None, follow_symlinks=True)"),
        r#"Change the permission bits of the path to mode."#,
    ),
    (
        "close",
        Some("($module, /, fd)"),
        r#"Close the file descriptor."#,
    ),
    (
        "cpu_count",
        Some("($module, /)"),
        r#"How many CPUs the system has, or None when that is unknown."#,
    ),
    (
        "dup",
        Some("($module, fd, /)"),
        r#"A new file descriptor for the same file as fd."#,
    ),
    (
        "dup2",
        Some("($module, /, fd, fd2, inheritable=True)"),
        r#"Make fd2 a duplicate of fd (closing fd2 first when needed)."#,
    ),
    (
        "fdopen",
        None,
        r#"A file object over the descriptor fd (open()'s arguments)."#,
    ),
    (
        "fspath",
        Some("($module, /, path)"),
        r#"The path a path-like object stands for: a str or bytes as it is, else
its __fspath__()."#,
    ),
    (
        "fstat",
        Some("($module, /, fd)"),
        r#"The stat result of the open file descriptor."#,
    ),
    (
        "fsync",
        Some("($module, /, fd)"),
        r#"Write what is buffered for fd to the disk."#,
    ),
    (
        "ftruncate",
        Some("($module, fd, length, /)"),
        r#"Cut or extend the file open at fd to length bytes."#,
    ),
    (
        "getcwd",
        Some("($module, /)"),
        r#"The current working directory, as a str."#,
    ),
    (
        "getenv",
        None,
        r#"The value of the environment variable, or default when it is not set."#,
    ),
    (
        "geteuid",
        Some("($module, /)"),
        r#"The effective user id of the process."#,
    ),
    (
        "getpid",
        Some("($module, /)"),
        r#"The id of the process."#,
    ),
    (
        "getppid",
        Some("($module, /)"),
        r#"The id of the parent process."#,
    ),
    (
        "getuid",
        Some("($module, /)"),
        r#"The real user id of the process."#,
    ),
    (
        "isatty",
        Some("($module, fd, /)"),
        r#"Whether fd is open on a terminal."#,
    ),
    (
        "kill",
        Some("($module, pid, signal, /)"),
        r#"Send the signal to the process pid."#,
    ),
    (
        "link",
        Some("($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None,\n     follow_symlinks=True)"),
        r#"Make dst a hard link to src."#,
    ),
    (
        "listdir",
        Some("($module, /, path=None)"),
        r#"The names of the entries of the directory (without '.' and '..'), in
arbitrary order."#,
    ),
    (
        "lseek",
        Some("($module, fd, position, whence, /)"),
        r#"Move the position of fd: offset from the start (SEEK_SET), the current
position (SEEK_CUR) or the end (SEEK_END). Gives the new position."#,
    ),
    (
        "lstat",
        Some("($module, /, path, *, dir_fd=None)"),
        r#"The stat result of the path itself, not following a symbolic link."#,
    ),
    (
        "makedirs",
        None,
        r#"Make the directory and any missing parent; exist_ok=True accepts a
directory that already exists."#,
    ),
    (
        "mkdir",
        Some("($module, /, path, mode=511, *, dir_fd=None)"),
        r#"Make the directory with the permission bits mode (less the umask)."#,
    ),
    (
        "open",
        Some("($module, /, path, flags, mode=511, *, dir_fd=None)"),
        r#"Open the path at the operating system's level and give its file
descriptor; flags are the O_* constants combined."#,
    ),
    (
        "pipe",
        Some("($module, /)"),
        r#"A pair of file descriptors (read, write) joined by a pipe."#,
    ),
    (
        "putenv",
        Some("($module, name, value, /)"),
        r#"Set an environment variable for the process and its children."#,
    ),
    (
        "read",
        Some("($module, fd, length, /)"),
        r#"At most length bytes read from fd (fewer at its end)."#,
    ),
    (
        "readlink",
        Some("($module, /, path, *, dir_fd=None)"),
        r#"The path a symbolic link points to."#,
    ),
    (
        "remove",
        Some("($module, /, path, *, dir_fd=None)"),
        r#"Delete the file (the same as unlink())."#,
    ),
    (
        "rename",
        Some("($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None)"),
        r#"Rename src to dst."#,
    ),
    (
        "replace",
        Some("($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None)"),
        r#"Rename src to dst, replacing dst if it exists."#,
    ),
    (
        "rmdir",
        Some("($module, /, path, *, dir_fd=None)"),
        r#"Delete the empty directory."#,
    ),
    (
        "stat",
        Some("($module, /, path, *, dir_fd=None, follow_symlinks=True)"),
        r#"The stat result of the path: its mode, size, times and more."#,
    ),
    (
        "strerror",
        Some("($module, code, /)"),
        r#"The message of an errno code."#,
    ),
    (
        "symlink",
        Some("($module, /, src, dst, target_is_directory=False, *, dir_fd=None)"),
        r#"Make dst a symbolic link pointing to src."#,
    ),
    (
        "system",
        Some("($module, /, command)"),
        r#"Run the command in a shell and give its exit status."#,
    ),
    (
        "truncate",
        Some("($module, /, path, length)"),
        r#"Cut or extend the file at path to length bytes."#,
    ),
    (
        "umask",
        Some("($module, mask, /)"),
        r#"Set the process's umask, giving back the previous one."#,
    ),
    (
        "uname",
        Some("($module, /)"),
        r#"The operating system's identity: sysname, nodename, release, version
and machine."#,
    ),
    (
        "unlink",
        Some("($module, /, path, *, dir_fd=None)"),
        r#"Delete the file (the same as remove())."#,
    ),
    (
        "unsetenv",
        Some("($module, name, /)"),
        r#"Remove an environment variable."#,
    ),
    (
        "urandom",
        Some("($module, size, /)"),
        r#"size random bytes from the operating system, fit for cryptography."#,
    ),
    (
        "walk",
        None,
        r#"The tree under top, one directory at a time: (dirpath, dirnames,
filenames) triples, parents before children unless topdown is false."#,
    ),
    (
        "write",
        Some("($module, fd, data, /)"),
        r#"Write the bytes to fd and give how many were written."#,
    ),
];
