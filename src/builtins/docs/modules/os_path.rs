//! The docstrings and text signatures of `os.path`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "abspath",
        None,
        r#"The path made absolute (and normalized)."#,
    ),
    ("basename", None, r#"The last component of the path."#),
    (
        "commonpath",
        None,
        r#"The longest sub-path that every path of the sequence shares."#,
    ),
    (
        "commonprefix",
        None,
        r#"The longest string prefix of every path of the list (character by
character)."#,
    ),
    ("dirname", None, r#"The path without its last component."#),
    (
        "exists",
        None,
        r#"Whether the path exists (False for a broken symbolic link)."#,
    ),
    (
        "expanduser",
        None,
        r#"The path with a leading ~ or ~user replaced by the home directory."#,
    ),
    (
        "expandvars",
        None,
        r#"The path with $name and ${name} replaced by environment variables;
unknown ones are left as they are."#,
    ),
    (
        "getatime",
        None,
        r#"The time of the file's last access, from os.stat()."#,
    ),
    (
        "getctime",
        None,
        r#"The time of the file's last metadata change, from os.stat()."#,
    ),
    (
        "getmtime",
        None,
        r#"The time of the file's last modification, from os.stat()."#,
    ),
    (
        "getsize",
        None,
        r#"The size of the file in bytes, from os.stat()."#,
    ),
    ("isabs", None, r#"Whether the path is absolute."#),
    (
        "isdir",
        None,
        r#"Whether the path is an existing directory."#,
    ),
    (
        "isfile",
        None,
        r#"Whether the path is an existing regular file."#,
    ),
    ("islink", None, r#"Whether the path is a symbolic link."#),
    ("ismount", None, r#"Whether the path is a mount point."#),
    (
        "join",
        None,
        r#"The components joined with '/'; an absolute component discards the ones
before it."#,
    ),
    (
        "lexists",
        None,
        r#"Whether the path exists (True for a broken symbolic link)."#,
    ),
    (
        "normcase",
        None,
        r#"The path with its case normalized (unchanged on POSIX)."#,
    ),
    (
        "normpath",
        None,
        r#"The path with redundant separators and . and .. components removed."#,
    ),
    (
        "realpath",
        None,
        r#"The canonical path: absolute, with symbolic links resolved."#,
    ),
    (
        "relpath",
        None,
        r#"The path relative to start (the current directory by default)."#,
    ),
    (
        "samefile",
        None,
        r#"Whether the two paths are the same file or directory."#,
    ),
    (
        "split",
        None,
        r#"The pair (head, tail): the path without and with only its last
component."#,
    ),
    (
        "splitdrive",
        None,
        r#"The pair (drive, path); the drive is always empty on POSIX."#,
    ),
    (
        "splitext",
        None,
        r#"The pair (root, ext) where ext is the extension, from the last dot on."#,
    ),
];
