"""Shell-style wildcards: `*` any run of characters, `?` one character, `[seq]` one
character of seq, `[!seq]` one character not in it. The patterns are matched directly
(no regular expressions); `translate` gives the equivalent regular expression."""

import os

__all__ = ["filter", "fnmatch", "fnmatchcase", "translate"]


def fnmatch(name, pat):
    """Whether `name` matches `pat`, after the platform's case normalisation of both."""
    name = os.path.normcase(name) if hasattr(os.path, "normcase") else name
    pat = os.path.normcase(pat) if hasattr(os.path, "normcase") else pat
    return fnmatchcase(name, pat)


def filter(names, pat):
    """The names of the list that match `pat`."""
    return [n for n in names if fnmatch(n, pat)]


_compiled = {}


def _compile(pat):
    """The pattern as a list of tokens: ("*",), ("?",), ("[", members, negated) or a
    literal character."""
    tokens = _compiled.get(pat)
    if tokens is not None:
        return tokens
    tokens = []
    i, n = 0, len(pat)
    while i < n:
        c = pat[i]
        i += 1
        if c == "*":
            if not tokens or tokens[-1] != ("*",):
                tokens.append(("*",))
        elif c == "?":
            tokens.append(("?",))
        elif c == "[":
            j = i
            if j < n and pat[j] == "!":
                j += 1
            if j < n and pat[j] == "]":
                j += 1
            while j < n and pat[j] != "]":
                j += 1
            if j >= n:
                tokens.append("[")
                continue
            body = pat[i:j]
            i = j + 1
            negated = body.startswith("!")
            if negated:
                body = body[1:]
            ranges = []
            k = 0
            while k < len(body):
                if k + 2 < len(body) and body[k + 1] == "-":
                    ranges.append((body[k], body[k + 2]))
                    k += 3
                else:
                    ranges.append((body[k], body[k]))
                    k += 1
            tokens.append(("[", tuple(ranges), negated))
        else:
            tokens.append(c)
    if len(_compiled) > 256:
        _compiled.clear()
    _compiled[pat] = tokens
    return tokens


def _one(token, ch):
    if token == ("?",):
        return True
    if isinstance(token, str):
        return token == ch
    _, ranges, negated = token
    inside = any(lo <= ch <= hi for lo, hi in ranges)
    return inside != negated


def fnmatchcase(name, pat):
    """Whether `name` matches `pat`, case included."""
    tokens = _compile(pat)
    t = s = 0
    star = -1
    resume = 0
    nt, ns = len(tokens), len(name)
    while s < ns:
        if t < nt and tokens[t] == ("*",):
            star, resume = t, s
            t += 1
        elif t < nt and _one(tokens[t], name[s]):
            t += 1
            s += 1
        elif star >= 0:
            resume += 1
            s = resume
            t = star + 1
        else:
            return False
    while t < nt and tokens[t] == ("*",):
        t += 1
    return t == nt


_SPECIAL = {c: "\\" + c for c in "()[]{}?*+-|^$\\.&~# \t\n\r\v\f"}


def _escape(text):
    return "".join(_SPECIAL.get(c, c) for c in text)


def translate(pat):
    """The regular expression that matches what `pat` matches."""
    parts = []
    for token in _compile(pat):
        if token == ("*",):
            parts.append(".*")
        elif token == ("?",):
            parts.append(".")
        elif isinstance(token, str):
            parts.append(_escape(token))
        else:
            _, ranges, negated = token
            body = "".join(
                _escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}" for lo, hi in ranges
            )
            parts.append(f"[{'^' if negated else ''}{body}]")
    return "(?s:%s)\\Z" % "".join(parts)
