//! The docstrings and text signatures of the `_io` streams' methods. An entry `_io.name`
//! serves every stream class of the module; `_io.Class.name` one class (its signature, where
//! CPython's differs between the classes).

pub(in crate::builtins::docs) static METHODS: super::Table = &[
    (
        "_io.close",
        Some("($self, /)"),
        r#"Flush and close the stream; closing it again does nothing.

Once closed, every operation on the stream raises ValueError."#,
    ),
    (
        "_io.detach",
        None,
        r#"Separate the underlying stream from this one and return it; this one
is then unusable."#,
    ),
    (
        "_io.fileno",
        Some("($self, /)"),
        r#"The file descriptor of the stream; OSError when it has none."#,
    ),
    (
        "_io.flush",
        Some("($self, /)"),
        r#"Write out what the stream's buffers hold (nothing to do for a stream
that is only read, or kept in memory)."#,
    ),
    (
        "_io.getvalue",
        Some("($self, /)"),
        r#"The whole content of the buffer, wherever the position is."#,
    ),
    (
        "_io.isatty",
        Some("($self, /)"),
        r#"Whether the stream is an interactive terminal."#,
    ),
    (
        "_io.read",
        Some("($self, size=-1, /)"),
        r#"Read at most size characters or bytes and return them.

A negative size or None reads to the end; an empty result means the end
of the stream was reached."#,
    ),
    (
        "_io.read1",
        Some("($self, size=-1, /)"),
        r#"Read at most size bytes with at most one read of the underlying stream
(for a stream in memory, the same as read())."#,
    ),
    (
        "_io.readable",
        Some("($self, /)"),
        r#"Whether the stream can be read from."#,
    ),
    (
        "_io.readinto",
        Some("($self, buffer, /)"),
        r#"Read bytes into the writable buffer and return how many were read
(0 at the end of the stream)."#,
    ),
    (
        "_io.readline",
        Some("($self, size=-1, /)"),
        r#"Read and return one line, with its line ending.

With a non-negative size, at most size characters or bytes are read; an
empty result means the end of the stream."#,
    ),
    (
        "_io.readlines",
        Some("($self, hint=-1, /)"),
        r#"Read and return a list of lines.

hint, when positive, stops the reading once the lines read so far hold
more than hint characters or bytes."#,
    ),
    (
        "_io.seek",
        Some("($self, pos, whence=0, /)"),
        r#"Move the position and return the new one.

whence 0 (SEEK_SET) counts pos from the start, 1 (SEEK_CUR) from the
current position, 2 (SEEK_END) from the end."#,
    ),
    (
        "_io.seekable",
        Some("($self, /)"),
        r#"Whether the stream supports seek() and tell()."#,
    ),
    ("_io.tell", Some("($self, /)"), r#"The current position."#),
    (
        "_io.truncate",
        Some("($self, pos=None, /)"),
        r#"Cut the stream to at most pos characters or bytes (the current position
when pos is None) and return the new size; the position does not move."#,
    ),
    (
        "_io.writable",
        Some("($self, /)"),
        r#"Whether the stream can be written to."#,
    ),
    (
        "_io.write",
        None,
        r#"Write the str or bytes-like object and return how many characters or
bytes were written."#,
    ),
    (
        "_io.writelines",
        Some("($self, lines, /)"),
        r#"Write each item of the iterable lines; no line endings are added."#,
    ),
    ("_io.BytesIO.readlines", Some("($self, size=None, /)"), ""),
    ("_io.BytesIO.truncate", Some("($self, size=None, /)"), ""),
    ("_io.BytesIO.write", Some("($self, b, /)"), ""),
    ("_io.FileIO.truncate", Some("($self, size=None, /)"), ""),
    ("_io.FileIO.write", Some("($self, b, /)"), ""),
    ("_io.StringIO.write", Some("($self, s, /)"), ""),
    ("_io.TextIOWrapper.write", Some("($self, text, /)"), ""),
    (
        "_io.TextIOWrapper.seek",
        Some("($self, cookie, whence=os.SEEK_SET, /)"),
        "",
    ),
    (
        "_io.BufferedReader.seek",
        Some("($self, target, whence=0, /)"),
        "",
    ),
    (
        "_io.BufferedWriter.seek",
        Some("($self, target, whence=0, /)"),
        "",
    ),
    (
        "_io.BufferedRandom.seek",
        Some("($self, target, whence=0, /)"),
        "",
    ),
    ("_io.BufferedWriter.write", Some("($self, buffer, /)"), ""),
    ("_io.BufferedRandom.write", Some("($self, buffer, /)"), ""),
    ("_io.BufferedReader.close", None, ""),
    ("_io.BufferedReader.detach", None, ""),
    ("_io.BufferedReader.fileno", None, ""),
    ("_io.BufferedReader.flush", None, ""),
    ("_io.BufferedReader.isatty", None, ""),
    ("_io.BufferedReader.readable", None, ""),
    ("_io.BufferedReader.seekable", None, ""),
    ("_io.BufferedReader.tell", None, ""),
    ("_io.BufferedReader.writable", None, ""),
    ("_io.BufferedWriter.close", None, ""),
    ("_io.BufferedWriter.detach", None, ""),
    ("_io.BufferedWriter.fileno", None, ""),
    ("_io.BufferedWriter.flush", None, ""),
    ("_io.BufferedWriter.isatty", None, ""),
    ("_io.BufferedWriter.readable", None, ""),
    ("_io.BufferedWriter.seekable", None, ""),
    ("_io.BufferedWriter.tell", None, ""),
    ("_io.BufferedWriter.writable", None, ""),
    ("_io.BufferedRandom.close", None, ""),
    ("_io.BufferedRandom.detach", None, ""),
    ("_io.BufferedRandom.fileno", None, ""),
    ("_io.BufferedRandom.flush", None, ""),
    ("_io.BufferedRandom.isatty", None, ""),
    ("_io.BufferedRandom.readable", None, ""),
    ("_io.BufferedRandom.seekable", None, ""),
    ("_io.BufferedRandom.tell", None, ""),
    ("_io.BufferedRandom.writable", None, ""),
    ("_io.BufferedWriter.read1", None, ""),
];
