"""URL handling: of CPython's urllib, `urllib.parse` (no network access: no `request`)."""
