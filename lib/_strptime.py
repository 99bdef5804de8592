"""strptime for time and datetime (as CPython's _strptime, in the C locale): the format
becomes a regular expression, one named group per directive, and the groups that matched
are turned into the fields of a struct_time."""

import re
import time

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAYS_ABBR = [d[:3] for d in _WEEKDAYS]
_MONTHS = ["", "january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_MONTHS_ABBR = [m[:3] for m in _MONTHS]
_AM_PM = ["am", "pm"]

# The numeric directives: each accepts exactly the values its field may hold.
_NUMERIC = {
    "d": r"(?P<d>3[01]|[12]\d|0[1-9]|[1-9]| [1-9])",
    "f": r"(?P<f>[0-9]{1,6})",
    "H": r"(?P<H>2[0-3]|[0-1]\d|\d)",
    "I": r"(?P<I>1[0-2]|0[1-9]|[1-9])",
    "G": r"(?P<G>\d\d\d\d)",
    "j": r"(?P<j>36[0-6]|3[0-5]\d|[12]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])",
    "m": r"(?P<m>1[0-2]|0[1-9]|[1-9])",
    "M": r"(?P<M>[0-5]\d|\d)",
    "S": r"(?P<S>6[0-1]|[0-5]\d|\d)",
    "U": r"(?P<U>5[0-3]|[0-4]\d|\d)",
    "W": r"(?P<W>5[0-3]|[0-4]\d|\d)",
    "w": r"(?P<w>[0-6])",
    "u": r"(?P<u>[1-7])",
    "V": r"(?P<V>5[0-3]|0[1-9]|[1-4]\d|\d)",
    "y": r"(?P<y>\d\d)",
    "Y": r"(?P<Y>\d\d\d\d)",
    "z": r"(?P<z>[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z))",
    "%": "%",
}

# The C locale's %c, %x and %X, spelled with other directives.
_COMPOSITE = {"c": "%a %b %d %H:%M:%S %Y", "x": "%m/%d/%y", "X": "%H:%M:%S"}


def _alternatives(names, directive):
    """A group matching any of names, the longest first (so 'june' wins over 'jun')."""
    names = sorted(names, key=len, reverse=True)
    if all(name == "" for name in names):
        return ""
    return "(?P<%s>%s)" % (directive, "|".join(re.escape(name) for name in names))


def _time_zones():
    no_saving = {"utc", "gmt", time.tzname[0].lower()}
    saving = {time.tzname[1].lower()} if time.daylight else set()
    return frozenset(no_saving), frozenset(saving)


def _directive(code):
    if code in _NUMERIC:
        return _NUMERIC[code]
    if code == "A":
        return _alternatives(_WEEKDAYS, "A")
    if code == "a":
        return _alternatives(_WEEKDAYS_ABBR, "a")
    if code == "B":
        return _alternatives(_MONTHS[1:], "B")
    if code == "b":
        return _alternatives(_MONTHS_ABBR[1:], "b")
    if code == "p":
        return _alternatives(_AM_PM, "p")
    if code == "Z":
        names = set()
        for group in _time_zones():
            names |= group
        return _alternatives(names, "Z")
    if code in _COMPOSITE:
        return _pattern(_COMPOSITE[code])
    raise KeyError(code)


def _pattern(fmt):
    """The regular expression for fmt (KeyError for an unknown directive, IndexError for a
    '%' at the end)."""
    fmt = re.sub(r"([\\.^$*+?\(\){}\[\]|])", r"\\\1", fmt)
    fmt = re.sub(r"\s+", r"\\s+", fmt)
    out = []
    while "%" in fmt:
        i = fmt.index("%") + 1
        out.append(fmt[:i - 1])
        out.append(_directive(fmt[i]))
        fmt = fmt[i + 1:]
    out.append(fmt)
    return "".join(out)


_cache = {}


def _compiled(fmt):
    regex = _cache.get(fmt)
    if regex is None:
        try:
            regex = re.compile(_pattern(fmt), re.IGNORECASE)
        except KeyError as err:
            bad = err.args[0]
            if bad == "\\":
                bad = "%"
            raise ValueError("'%s' is a bad directive in format '%s'" % (bad, fmt)) from None
        except IndexError:
            raise ValueError("stray %% in format '%s'" % fmt) from None
        if len(_cache) > 100:
            _cache.clear()
        _cache[fmt] = regex
    return regex


def _julian_from_week(year, week, weekday, monday_first):
    first = _date(year, 1, 1).weekday()
    if not monday_first:
        first = (first + 1) % 7
        weekday = (weekday + 1) % 7
    week0_days = (7 - first) % 7
    if week == 0:
        return 1 + weekday - first
    return 1 + week0_days + 7 * (week - 1) + weekday


def _julian_from_iso(iso_year, iso_week, iso_weekday):
    correction = _date(iso_year, 1, 4).isoweekday() + 3
    ordinal = iso_week * 7 + iso_weekday - correction
    if ordinal < 1:
        ordinal += _date(iso_year, 1, 1).toordinal()
        iso_year -= 1
        ordinal -= _date(iso_year, 1, 1).toordinal()
    return iso_year, ordinal


def _date(y, m, d):
    from datetime import date
    return date(y, m, d)


def _strptime(data_string, format="%a %b %d %H:%M:%S %Y"):
    """(struct_time fields with tm_zone and tm_gmtoff, microseconds, offset microseconds)."""
    for index, arg in enumerate([data_string, format]):
        if not isinstance(arg, str):
            raise TypeError("strptime() argument %d must be str, not %s" % (index, type(arg)))
    found = _compiled(format).match(data_string)
    if not found:
        raise ValueError("time data %r does not match format %r" % (data_string, format))
    if len(data_string) != found.end():
        raise ValueError("unconverted data remains: %s" % data_string[found.end():])

    iso_year = year = None
    month = day = 1
    hour = minute = second = fraction = 0
    tz = -1
    gmtoff = None
    gmtoff_fraction = 0
    iso_week = week_of_year = week_start = None
    weekday = julian = None
    fields = found.groupdict()
    for key in fields:
        value = fields[key]
        if key == "y":
            year = int(value)
            year += 2000 if year <= 68 else 1900
        elif key == "Y":
            year = int(value)
        elif key == "G":
            iso_year = int(value)
        elif key == "m":
            month = int(value)
        elif key == "B":
            month = _MONTHS.index(value.lower())
        elif key == "b":
            month = _MONTHS_ABBR.index(value.lower())
        elif key == "d":
            day = int(value)
        elif key == "H":
            hour = int(value)
        elif key == "I":
            hour = int(value)
            ampm = (fields.get("p") or "").lower()
            if ampm in ("", "am"):
                if hour == 12:
                    hour = 0
            elif ampm == "pm" and hour != 12:
                hour += 12
        elif key == "M":
            minute = int(value)
        elif key == "S":
            second = int(value)
        elif key == "f":
            fraction = int(value + "0" * (6 - len(value)))
        elif key == "A":
            weekday = _WEEKDAYS.index(value.lower())
        elif key == "a":
            weekday = _WEEKDAYS_ABBR.index(value.lower())
        elif key == "w":
            weekday = int(value)
            weekday = 6 if weekday == 0 else weekday - 1
        elif key == "u":
            weekday = int(value) - 1
        elif key == "j":
            julian = int(value)
        elif key in ("U", "W"):
            week_of_year = int(value)
            week_start = 6 if key == "U" else 0
        elif key == "V":
            iso_week = int(value)
        elif key == "z":
            z = value
            if z == "Z":
                gmtoff = 0
            else:
                if z[3] == ":":
                    z = z[:3] + z[4:]
                    if len(z) > 5:
                        if z[5] != ":":
                            raise ValueError(f"Inconsistent use of : in {value}")
                        z = z[:5] + z[6:]
                gmtoff = int(z[1:3]) * 3600 + int(z[3:5]) * 60 + int(z[5:7] or 0)
                rest = z[8:]
                gmtoff_fraction = int(rest + "0" * (6 - len(rest)))
                if z.startswith("-"):
                    gmtoff = -gmtoff
                    gmtoff_fraction = -gmtoff_fraction
        elif key == "Z":
            zone = value.lower()
            for index, names in enumerate(_time_zones()):
                if zone in names:
                    if (time.tzname[0] == time.tzname[1] and time.daylight
                            and zone not in ("utc", "gmt")):
                        break
                    tz = index
                    break

    if year is None and iso_year is not None:
        if iso_week is None or weekday is None:
            raise ValueError("ISO year directive '%G' must be used with the ISO week directive "
                             "'%V' and a weekday directive ('%A', '%a', '%w', or '%u').")
        if julian is not None:
            raise ValueError("Day of the year directive '%j' is not compatible with ISO year "
                             "directive '%G'. Use '%Y' instead.")
    elif iso_week is not None:
        if year is None or weekday is None:
            raise ValueError("ISO week directive '%V' must be used with the ISO year directive "
                             "'%G' and a weekday directive ('%A', '%a', '%w', or '%u').")
        raise ValueError("ISO week directive '%V' is incompatible with the year directive "
                         "'%Y'. Use the ISO year '%G' instead.")

    leap_year_fix = False
    if year is None and month == 2 and day == 29:
        year = 1904  # a leap year, so that Feb 29 exists; reported as 1900 below
        leap_year_fix = True
    elif year is None:
        year = 1900

    if julian is None and weekday is not None:
        if week_of_year is not None:
            julian = _julian_from_week(year, week_of_year, weekday, week_start == 0)
        elif iso_year is not None and iso_week is not None:
            year, julian = _julian_from_iso(iso_year, iso_week, weekday + 1)
        if julian is not None and julian <= 0:
            year -= 1
            julian += 366 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 365

    if julian is None:
        julian = _date(year, month, day).toordinal() - _date(year, 1, 1).toordinal() + 1
    else:
        from datetime import date
        result = date.fromordinal(julian - 1 + _date(year, 1, 1).toordinal())
        year, month, day = result.year, result.month, result.day
    if weekday is None:
        weekday = _date(year, month, day).weekday()
    tzname = fields.get("Z")
    if leap_year_fix:
        year = 1900
    return ((year, month, day, hour, minute, second, weekday, julian, tz, tzname, gmtoff),
            fraction, gmtoff_fraction)


def _strptime_time(data_string, format="%a %b %d %H:%M:%S %Y"):
    """time.strptime: a struct_time."""
    return time.struct_time(_strptime(data_string, format)[0])


def _strptime_datetime(cls, data_string, format="%a %b %d %H:%M:%S %Y"):
    """datetime.strptime (and date/time's): an instance of cls."""
    from datetime import timedelta, timezone
    tt, fraction, gmtoff_fraction = _strptime(data_string, format)
    tzname, gmtoff = tt[-2:]
    args = tt[:6] + (fraction,)
    if gmtoff is not None:
        delta = timedelta(seconds=gmtoff, microseconds=gmtoff_fraction)
        args += (timezone(delta, tzname) if tzname else timezone(delta),)
    return cls(*args)
