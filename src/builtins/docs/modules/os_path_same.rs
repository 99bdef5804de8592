//! The docstrings and text signatures of `os.path`'s `samestat` and `sameopenfile`.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "sameopenfile",
        Some("(fp1, fp2)"),
        r#"Whether the two file descriptors are open on the same file."#,
    ),
    (
        "samestat",
        Some("(s1, s2)"),
        r#"Whether the two stat results are of the same file (the same inode on
the same device)."#,
    ),
];
