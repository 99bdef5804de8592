//! The docstrings and text signatures of `socket`'s functions (also `_socket`'s).

pub(super) static FUNCTIONS: super::Table = &[
    (
        "getdefaulttimeout",
        None,
        r#"getdefaulttimeout() -> timeout

The timeout in seconds (a float) that new sockets get, or None when they
block without limit."#,
    ),
    (
        "gethostbyname",
        None,
        r#"gethostbyname(host) -> address

The IPv4 address of the host name, as a string like '127.0.0.1'."#,
    ),
    (
        "gethostname",
        None,
        r#"gethostname() -> string

The name of the host this program runs on."#,
    ),
    (
        "htonl",
        None,
        r#"htonl(integer) -> integer

A 32-bit integer from host byte order to network byte order."#,
    ),
    (
        "htons",
        None,
        r#"htons(integer) -> integer

A 16-bit integer from host byte order to network byte order."#,
    ),
    (
        "inet_aton",
        None,
        r#"inet_aton(address) -> the four bytes of an IPv4 address

An IPv4 address in dotted form as the four bytes of its binary form."#,
    ),
    (
        "inet_ntoa",
        None,
        r#"inet_ntoa(packed_ip) -> ip_address_string

The four bytes of a binary IPv4 address as its dotted form."#,
    ),
    (
        "ntohl",
        None,
        r#"ntohl(integer) -> integer

A 32-bit integer from network byte order to host byte order."#,
    ),
    (
        "ntohs",
        None,
        r#"ntohs(integer) -> integer

A 16-bit integer from network byte order to host byte order."#,
    ),
    (
        "setdefaulttimeout",
        None,
        r#"setdefaulttimeout(timeout)

Set the timeout in seconds (a float) that new sockets get; None makes them
block without limit."#,
    ),
];
