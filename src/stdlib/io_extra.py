# The parts of `io` written in Python, run in the native module's namespace when it is made:
# IncrementalNewlineDecoder, open_code, text_encoding and the BlockingIOError name.

BlockingIOError = BlockingIOError

_LF, _CR, _CRLF = 1, 2, 4


class IncrementalNewlineDecoder:
    """Decodes text (through another incremental decoder, or none for str input) for
    universal newlines mode: records which line endings were seen and, with translate,
    turns '\\r\\n' and '\\r' into '\\n'. A '\\r' at the end of a chunk is held back
    until the next one shows whether a '\\n' follows."""

    def __init__(self, decoder, translate, errors="strict"):
        self.decoder = decoder
        self.translate = translate
        self.errors = errors
        self._seen = 0
        self._pending_cr = False

    def decode(self, input, final=False):
        text = input if self.decoder is None else self.decoder.decode(input, final=final)
        if self._pending_cr and (text or final):
            text = "\r" + text
            self._pending_cr = False
        if text.endswith("\r") and not final:
            text = text[:-1]
            self._pending_cr = True
        crlf = text.count("\r\n")
        cr = text.count("\r") - crlf
        lf = text.count("\n") - crlf
        self._seen |= (lf and _LF) | (cr and _CR) | (crlf and _CRLF)
        if self.translate:
            if crlf:
                text = text.replace("\r\n", "\n")
            if cr:
                text = text.replace("\r", "\n")
        return text

    def getstate(self):
        if self.decoder is None:
            buffer, flag = b"", 0
        else:
            buffer, flag = self.decoder.getstate()
        return buffer, (flag << 1) | int(self._pending_cr)

    def setstate(self, state):
        buffer, flag = state
        self._pending_cr = bool(flag & 1)
        if self.decoder is not None:
            self.decoder.setstate((buffer, flag >> 1))

    def reset(self):
        self._seen = 0
        self._pending_cr = False
        if self.decoder is not None:
            self.decoder.reset()

    @property
    def newlines(self):
        return (
            None, "\n", "\r", ("\r", "\n"), "\r\n", ("\n", "\r\n"), ("\r", "\r\n"),
            ("\r", "\n", "\r\n"),
        )[self._seen]


def open_code(path):
    """Open the file at path for reading its code: open(path, 'rb')."""
    if not isinstance(path, str):
        raise TypeError(f"open_code() argument 'path' must be str, not {type(path).__name__}")
    return open(path, "rb")


def text_encoding(encoding, stacklevel=2, /):
    """The encoding a function taking encoding=None should use: encoding itself, or
    'locale' when it is None."""
    return "locale" if encoding is None else encoding
