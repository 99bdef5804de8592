"""A tolerant HTML tokenizer, as CPython's html.parser: `HTMLParser` is fed text in pieces
and calls its `handle_*` methods for each start tag, end tag, run of text, comment,
declaration and processing instruction, the way CPython's does (tag and attribute names
lowercased, attribute values unquoted and unescaped, script and style content as raw
text, character references converted in text by default).
"""

from html import unescape

__all__ = ['HTMLParser']

_SPACE = ' \t\n\r\f'
_CDATA_CONTENT_ELEMENTS = ("script", "style")


class HTMLParser:
    """Find tags and other markup and call handler functions."""

    CDATA_CONTENT_ELEMENTS = _CDATA_CONTENT_ELEMENTS

    def __init__(self, *, convert_charrefs=True):
        """A parser with nothing fed yet. With convert_charrefs true (the default),
        character references in text are replaced by their characters before
        handle_data sees the text."""
        self.convert_charrefs = convert_charrefs
        self.reset()

    def reset(self):
        """Forget everything fed so far that was not yet handled."""
        self.rawdata = ''
        self.lasttag = '???'
        self.interesting = None
        self.cdata_elem = None
        self.lineno = 1
        self.offset = 0
        self.__starttag_text = None

    def feed(self, data):
        """Give the parser more text, in pieces as large or small as you like; what is
        complete is handled now, an unfinished tail waits for the next feed or close."""
        self.rawdata = self.rawdata + data
        self.goahead(0)

    def close(self):
        """Handle any buffered data."""
        self.goahead(1)

    def getpos(self):
        """The (line, offset) the parser has reached."""
        return self.lineno, self.offset

    def get_starttag_text(self):
        """The text of the last start tag seen, as it was written, or None."""
        return self.__starttag_text

    def set_cdata_mode(self, elem):
        self.cdata_elem = elem.lower()

    def clear_cdata_mode(self):
        self.cdata_elem = None

    def updatepos(self, i, j):
        if i >= j:
            return j
        rawdata = self.rawdata
        nlines = rawdata.count("\n", i, j)
        if nlines:
            self.lineno = self.lineno + nlines
            pos = rawdata.rindex("\n", i, j)
            self.offset = j - (pos + 1)
        else:
            self.offset = self.offset + j - i
        return j

    def _text(self, text):
        if self.convert_charrefs and not self.cdata_elem:
            self.handle_data(unescape(text))
        else:
            self.handle_data(text)

    def _text_end(self, i, end):
        # Where the run of text starting at i ends: at the next '<' (in script and style,
        # at their end tag), or where the data runs out; None to wait for more data.
        rawdata = self.rawdata
        n = len(rawdata)
        if self.cdata_elem:
            j = rawdata.lower().find('</' + self.cdata_elem, i)
            if j < 0:
                return n if end else max(i, n - len(self.cdata_elem) - 2)
            return j
        if self.convert_charrefs:
            j = rawdata.find('<', i)
            if j >= 0:
                return j
            if end:
                return n
            # A reference cut by the end of this piece waits for the rest.
            amp = rawdata.rfind('&', max(i, n - 34))
            if amp >= 0 and not any(c in rawdata[amp:] for c in _SPACE + ';'):
                return None
            return n
        j = n
        for c in '<&':
            k = rawdata.find(c, i)
            if 0 <= k < j:
                j = k
        return j

    def goahead(self, end):
        rawdata = self.rawdata
        i = 0
        n = len(rawdata)
        while i < n:
            j = self._text_end(i, end)
            if j is None:
                break
            if i < j:
                self._text(rawdata[i:j])
            i = self.updatepos(i, j)
            if i == n:
                break
            if rawdata.startswith('<', i):
                k = self._markup(i)
                if k < 0:
                    if not end:
                        break
                    # Markup cut off at the very end: text up to the next '>' (or just
                    # the '<' when there is none), and the rest is parsed again.
                    k = rawdata.find('>', i + 1)
                    if k < 0:
                        k = rawdata.find('<', i + 1)
                        k = i + 1 if k < 0 else k
                    else:
                        k += 1
                    self.handle_data(rawdata[i:k])
                i = self.updatepos(i, k)
            elif rawdata.startswith('&#', i) or rawdata.startswith('&', i):
                k = self._reference(i, end)
                if k < 0:
                    if not end:
                        break
                    k = n
                    self.handle_data(rawdata[i:k])
                i = self.updatepos(i, k)
        if end and i < n and not self.cdata_elem:
            self._text(rawdata[i:n])
            i = self.updatepos(i, n)
        self.rawdata = rawdata[i:]

    def _markup(self, i):
        # The end of the markup at i, having handled it; -1 when it is not complete yet.
        rawdata = self.rawdata
        n = len(rawdata)
        if self.cdata_elem:
            return self.parse_endtag(i)
        if i + 1 < n and rawdata[i + 1].isascii() and rawdata[i + 1].isalpha():
            return self.parse_starttag(i)
        if rawdata.startswith('</', i):
            return self.parse_endtag(i)
        if rawdata.startswith('<!--', i):
            return self.parse_comment(i)
        if rawdata.startswith('<?', i):
            return self.parse_pi(i)
        if rawdata.startswith('<!', i):
            return self.parse_html_declaration(i)
        if i + 1 < n:
            self.handle_data('<')
            return i + 1
        return -1

    def _reference(self, i, end):
        # Only without convert_charrefs: references are reported, not converted.
        rawdata = self.rawdata
        j = i + 1
        if rawdata.startswith('&#', i):
            j = i + 2
            hex_digits = rawdata[j:j + 1] in ('x', 'X')
            if hex_digits:
                j += 1
            start = j
            while j < len(rawdata) and (rawdata[j].isdigit() if not hex_digits
                                        else rawdata[j] in '0123456789abcdefABCDEF'):
                j += 1
            if j < len(rawdata) and j > start:
                name = rawdata[i + 2:j]
                self.handle_charref(name)
                return j + 1 if rawdata[j] == ';' else j
        else:
            while j < len(rawdata) and (rawdata[j].isalnum() or rawdata[j] in '._-'):
                j += 1
            if j < len(rawdata) and j > i + 1:
                self.handle_entityref(rawdata[i + 1:j])
                return j + 1 if rawdata[j] == ';' else j
        if j >= len(rawdata) and not end:
            return -1
        self.handle_data('&')
        return i + 1

    def parse_comment(self, i):
        j = self.rawdata.find('-->', i + 4)
        if j < 0:
            return -1
        self.handle_comment(self.rawdata[i + 4:j])
        return j + 3

    def parse_pi(self, i):
        j = self.rawdata.find('>', i + 2)
        if j < 0:
            return -1
        self.handle_pi(self.rawdata[i + 2:j])
        return j + 1

    def parse_html_declaration(self, i):
        rawdata = self.rawdata
        if rawdata[i:i + 9].lower() == '<!doctype':
            j = rawdata.find('>', i + 9)
            if j < 0:
                return -1
            self.handle_decl(rawdata[i + 2:j])
            return j + 1
        if rawdata.startswith('<![', i):
            j = rawdata.find(']]>', i + 3) if rawdata.startswith('<![CDATA[', i) \
                else rawdata.find(']>', i + 3)
            if j < 0:
                return -1
            self.unknown_decl(rawdata[i + 3:j])
            return j + (3 if rawdata.startswith('<![CDATA[', i) else 2)
        # Anything else is a bogus comment, up to the next '>'.
        j = rawdata.find('>', i + 2)
        if j < 0:
            return -1
        self.handle_comment(rawdata[i + 2:j])
        return j + 1

    def parse_starttag(self, i):
        rawdata = self.rawdata
        n = len(rawdata)
        j = i + 1
        while j < n and rawdata[j] not in _SPACE + '/>\x00':
            j += 1
        tag = rawdata[i + 1:j].lower()
        attrs = []
        while True:
            while j < n and (rawdata[j] in _SPACE or
                             (rawdata[j] == '/' and rawdata[j + 1:j + 2] != '>')):
                j += 1
            if j >= n:
                return -1
            if rawdata[j] == '>' or rawdata.startswith('/>', j):
                break
            start = j
            j += 1
            while j < n and rawdata[j] not in _SPACE + '/=>':
                j += 1
            name = rawdata[start:j].lower()
            k = j
            while k < n and rawdata[k] in _SPACE:
                k += 1
            value = None
            if k < n and rawdata[k] == '=':
                while k < n and rawdata[k] == '=':
                    k += 1
                while k < n and rawdata[k] in _SPACE:
                    k += 1
                if k >= n:
                    return -1
                if rawdata[k] in '\'"':
                    close = rawdata.find(rawdata[k], k + 1)
                    if close < 0:
                        return -1
                    value = rawdata[k + 1:close]
                    j = close + 1
                else:
                    j = k
                    while j < n and rawdata[j] not in _SPACE + '>':
                        j += 1
                    value = rawdata[k:j]
                value = unescape(value)
            attrs.append((name, value))
        if rawdata[j] == '>':
            end = j + 1
            self_closing = False
        else:
            end = j + 2
            self_closing = True
        self.__starttag_text = rawdata[i:end]
        self.lasttag = tag
        if self_closing:
            self.handle_startendtag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self.set_cdata_mode(tag)
        return end

    def parse_endtag(self, i):
        rawdata = self.rawdata
        gt = rawdata.find('>', i + 1)
        if gt < 0:
            return -1
        body = rawdata[i + 2:gt]
        if self.cdata_elem:
            if body.strip().lower() != self.cdata_elem:
                self.handle_data(rawdata[i:gt + 1])
                return gt + 1
        if not body:
            # '</>' is ignored.
            return gt + 1
        if not (body[0].isascii() and body[0].isalpha()):
            self.handle_comment(body)
            return gt + 1
        j = 0
        while j < len(body) and body[j] not in _SPACE + '/>\x00':
            j += 1
        tag = body[:j].lower()
        self.handle_endtag(tag)
        self.clear_cdata_mode()
        return gt + 1

    def handle_startendtag(self, tag, attrs):
        """Handle a start tag that is closed at once (<br/>)."""
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_starttag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        pass

    def handle_charref(self, name):
        pass

    def handle_entityref(self, name):
        pass

    def handle_data(self, data):
        pass

    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass
