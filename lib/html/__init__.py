"""Helpers for HTML text: escaping and unescaping."""

import re as _re

__all__ = ['escape', 'unescape']


def escape(s, quote=True):
    """s with &, < and > written as HTML character references; with quote true
    (the default) the quote characters " and ' too, for text inside an attribute."""
    s = s.replace("&", "&amp;")  # first, or the other replacements would be escaped again
    s = s.replace("<", "&lt;")
    s = s.replace(">", "&gt;")
    if quote:
        s = s.replace('"', "&quot;")
        s = s.replace('\'', "&#x27;")
    return s


# Numeric references to these code points name the windows-1252 characters browsers
# show for them (HTML5's "invalid" references).
_invalid_charrefs = {
    0x00: '\ufffd', 0x0d: '\r', 0x80: '\u20ac', 0x81: '\x81', 0x82: '\u201a',
    0x83: '\u0192', 0x84: '\u201e', 0x85: '\u2026', 0x86: '\u2020', 0x87: '\u2021',
    0x88: '\u02c6', 0x89: '\u2030', 0x8a: '\u0160', 0x8b: '\u2039', 0x8c: '\u0152',
    0x8d: '\x8d', 0x8e: '\u017d', 0x8f: '\x8f', 0x90: '\x90', 0x91: '\u2018',
    0x92: '\u2019', 0x93: '\u201c', 0x94: '\u201d', 0x95: '\u2022', 0x96: '\u2013',
    0x97: '\u2014', 0x98: '\u02dc', 0x99: '\u2122', 0x9a: '\u0161', 0x9b: '\u203a',
    0x9c: '\u0153', 0x9d: '\x9d', 0x9e: '\u017e', 0x9f: '\u0178',
}

# Code points a numeric reference may not produce: it is dropped.
_invalid_codepoints = set(range(0x1, 0x9)) | set(range(0xe, 0x20)) \
    | set(range(0x7f, 0xa0)) | set(range(0xfdd0, 0xfdf0)) \
    | {0xb} | {plane + 0xfffe for plane in range(0, 0x110000, 0x10000)} \
    | {plane + 0xffff for plane in range(0, 0x110000, 0x10000)}

_html5 = None


def _replace_charref(match):
    global _html5
    s = match.group(1)
    if s[0] == '#':
        if s[1] in 'xX':
            num = int(s[2:].rstrip(';'), 16)
        else:
            num = int(s[1:].rstrip(';'))
        if num in _invalid_charrefs:
            return _invalid_charrefs[num]
        if 0xD800 <= num <= 0xDFFF or num > 0x10FFFF:
            return '\uFFFD'
        if num in _invalid_codepoints:
            return ''
        return chr(num)
    if _html5 is None:
        from html.entities import html5
        _html5 = html5
    if s in _html5:
        return _html5[s]
    # The longest known name at the start of the reference, the rest kept as text.
    for x in range(len(s) - 1, 1, -1):
        if s[:x] in _html5:
            return _html5[s[:x]] + s[x:]
    return '&' + s


_charref = _re.compile(r'&(#[0-9]+;?'
                       r'|#[xX][0-9a-fA-F]+;?'
                       r'|[^\t\n\f <&#;]{1,32};?)')


def unescape(s):
    """s with every HTML character reference (named such as &gt;, decimal such as
    &#62; or hexadecimal such as &#x3e;) replaced by the character it stands for,
    following the rules HTML5 gives browsers for malformed ones."""
    if '&' not in s:
        return s
    return _charref.sub(_replace_charref, s)
