"""Dates and times: date, time, datetime, timedelta, tzinfo and timezone (CPython 3.11's).

Dates use the proleptic Gregorian calendar, years 1..9999; ordinal 1 is 0001-01-01.
"""

import time as _time
import math as _math

__all__ = ('date', 'datetime', 'time', 'timedelta', 'timezone', 'tzinfo',
           'MINYEAR', 'MAXYEAR', 'UTC')

MINYEAR = 1
MAXYEAR = 9999
_MAXORDINAL = 3652059
_DAYS_IN_MONTH = [-1, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
_DAYS_BEFORE_MONTH = [-1]
_n = 0
for _dim in _DAYS_IN_MONTH[1:]:
    _DAYS_BEFORE_MONTH.append(_n)
    _n += _dim
del _n, _dim
_DI400Y = 146097
_DI100Y = 36524
_DI4Y = 1461
_MONTHNAMES = [None, 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun',
               'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
_FULLMONTHNAMES = [None, 'January', 'February', 'March', 'April', 'May', 'June', 'July',
                   'August', 'September', 'October', 'November', 'December']
_DAYNAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
_FULLDAYNAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday',
                 'Sunday']
_EPOCH_ORDINAL = 719163


def _cmp(x, y):
    return 0 if x == y else 1 if x > y else -1


def _is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_before_year(year):
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400


def _days_in_month(year, month):
    if month == 2 and _is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month]


def _days_before_month(year, month):
    return _DAYS_BEFORE_MONTH[month] + (month > 2 and _is_leap(year))


def _ymd2ord(year, month, day):
    return _days_before_year(year) + _days_before_month(year, month) + day


def _ord2ymd(n):
    n -= 1
    n400, n = divmod(n, _DI400Y)
    year = n400 * 400 + 1
    n100, n = divmod(n, _DI100Y)
    n4, n = divmod(n, _DI4Y)
    n1, n = divmod(n, 365)
    year += n100 * 100 + n4 * 4 + n1
    if n1 == 4 or n100 == 4:
        return year - 1, 12, 31
    leapyear = n1 == 3 and (n4 != 24 or n100 == 3)
    month = (n + 50) >> 5
    preceding = _DAYS_BEFORE_MONTH[month] + (month > 2 and leapyear)
    if preceding > n:
        month -= 1
        preceding -= _DAYS_IN_MONTH[month] + (month == 2 and leapyear)
    n -= preceding
    return year, month, n + 1


def _check_int(value):
    if isinstance(value, int):
        return value
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(value).__name__)


def _check_date_fields(year, month, day):
    year = _check_int(year)
    month = _check_int(month)
    day = _check_int(day)
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError('year %d is out of range' % year)
    if not 1 <= month <= 12:
        raise ValueError('month must be in 1..12')
    if not 1 <= day <= _days_in_month(year, month):
        raise ValueError('day is out of range for month')
    return year, month, day


def _is_state(value, size, index, mask, low, high):
    """Whether a constructor's first argument is the packed state of a pickle: bytes (or
    their latin-1 str, as protocols 0-2 carry them) of `size`, the byte at `index` (its
    fold bit masked off) in [low, high]. CPython's date, time and datetime reduce to it."""
    if not isinstance(value, (bytes, str)) or len(value) != size:
        return False
    return low <= (ord(value[index:index + 1]) & mask) <= high


def _state_bytes(value):
    return value.encode('latin1') if isinstance(value, str) else value


def _state_microsecond(state, start):
    return (state[start] << 16) | (state[start + 1] << 8) | state[start + 2]


def _microsecond_bytes(microsecond):
    return bytes([microsecond >> 16, (microsecond >> 8) & 0xFF, microsecond & 0xFF])


def _state_tzinfo(tz):
    if tz is not None and not isinstance(tz, tzinfo):
        raise TypeError("bad tzinfo state arg")
    return tz


def _check_time_fields(hour, minute, second, microsecond, fold):
    hour = _check_int(hour)
    minute = _check_int(minute)
    second = _check_int(second)
    microsecond = _check_int(microsecond)
    if not 0 <= hour <= 23:
        raise ValueError('hour must be in 0..23')
    if not 0 <= minute <= 59:
        raise ValueError('minute must be in 0..59')
    if not 0 <= second <= 59:
        raise ValueError('second must be in 0..59')
    if not 0 <= microsecond <= 999999:
        raise ValueError('microsecond must be in 0..999999')
    if fold not in (0, 1):
        raise ValueError('fold must be either 0 or 1')
    return hour, minute, second, microsecond, fold


def _check_tzinfo(tz):
    if tz is not None and not isinstance(tz, tzinfo):
        raise TypeError("tzinfo argument must be None or of a tzinfo subclass, not type '%s'"
                        % type(tz).__name__)


def _type_name(value):
    """A value's type as CPython's datetime errors name it: `'float'`, `'datetime.timedelta'`."""
    cls = type(value)
    if cls.__module__ in ('builtins', 'datetime'):
        prefix = '' if cls.__module__ == 'builtins' else 'datetime.'
        return prefix + cls.__qualname__
    return cls.__name__


def _checked_offset(method, offset):
    """What a tzinfo's `utcoffset()` or `dst()` returned, checked: None or a timedelta
    strictly within a day."""
    if offset is None:
        return None
    if not isinstance(offset, timedelta):
        raise TypeError('tzinfo.%s() must return None or timedelta, not %r'
                        % (method, _type_name(offset)))
    if not -timedelta(1) < offset < timedelta(1):
        raise ValueError('offset must be a timedelta strictly between '
                         '-timedelta(hours=24) and timedelta(hours=24).')
    return offset


def _checked_tzname(name):
    """What a tzinfo's `tzname()` returned, checked: None or a string."""
    if name is not None and not isinstance(name, str):
        raise TypeError('tzinfo.tzname() must return None or a string, not %r'
                        % _type_name(name))
    return name


def _format_offset(off, sep=':'):
    if off is None:
        return ''
    if off.days < 0:
        sign = '-'
        off = -off
    else:
        sign = '+'
    hh, mm = divmod(off, timedelta(hours=1))
    mm, ss = divmod(mm, timedelta(minutes=1))
    text = '%s%02d%s%02d' % (sign, hh, sep, mm)
    if ss or ss.microseconds:
        text += '%s%02d' % (sep, ss.seconds)
        if ss.microseconds:
            text += '.%06d' % ss.microseconds
    return text


def _format_time(hh, mm, ss, us, timespec='auto'):
    if timespec == 'auto':
        timespec = 'microseconds' if us else 'seconds'
    elif timespec == 'milliseconds':
        us //= 1000
    if timespec == 'hours':
        return '%02d' % hh
    if timespec == 'minutes':
        return '%02d:%02d' % (hh, mm)
    if timespec == 'seconds':
        return '%02d:%02d:%02d' % (hh, mm, ss)
    if timespec == 'milliseconds':
        return '%02d:%02d:%02d.%03d' % (hh, mm, ss, us)
    if timespec == 'microseconds':
        return '%02d:%02d:%02d.%06d' % (hh, mm, ss, us)
    raise ValueError('Unknown timespec value')


def _wrap_strftime(obj, fmt, timetuple):
    """Expand the % codes of fmt for obj (a date, time or datetime)."""
    out = []
    i = 0
    n = len(fmt)
    year, month, day, hour, minute, second, wday, yday = timetuple[:8]
    while i < n:
        ch = fmt[i]
        i += 1
        if ch != '%' or i >= n:
            out.append(ch)
            continue
        code = fmt[i]
        i += 1
        if code == 'Y':
            out.append('%d' % year if year >= 1000 else '%04d' % year)
        elif code == 'm':
            out.append('%02d' % month)
        elif code == 'd':
            out.append('%02d' % day)
        elif code == 'H':
            out.append('%02d' % hour)
        elif code == 'M':
            out.append('%02d' % minute)
        elif code == 'S':
            out.append('%02d' % second)
        elif code == 'f':
            out.append('%06d' % getattr(obj, 'microsecond', 0))
        elif code == 'y':
            out.append('%02d' % (year % 100))
        elif code == 'b' or code == 'h':
            out.append(_MONTHNAMES[month])
        elif code == 'B':
            out.append(_FULLMONTHNAMES[month])
        elif code == 'a':
            out.append(_DAYNAMES[wday])
        elif code == 'A':
            out.append(_FULLDAYNAMES[wday])
        elif code == 'w':
            out.append('%d' % ((wday + 1) % 7))
        elif code == 'u':
            out.append('%d' % (wday + 1))
        elif code == 'j':
            out.append('%03d' % yday)
        elif code == 'I':
            out.append('%02d' % (hour % 12 or 12))
        elif code == 'p':
            out.append('AM' if hour < 12 else 'PM')
        elif code == 'e':
            out.append('%2d' % day)
        elif code == 'z':
            off = obj.utcoffset() if hasattr(obj, 'utcoffset') else None
            out.append(_format_offset(off, ''))
        elif code == 'Z':
            name = obj.tzname() if hasattr(obj, 'tzname') else None
            out.append(name or '')
        elif code == 'U':
            out.append('%02d' % ((yday + 6 - (wday + 1) % 7) // 7))
        elif code == 'W':
            out.append('%02d' % ((yday + 6 - wday) // 7))
        elif code == 'c':
            out.append('%s %s %2d %02d:%02d:%02d %04d' % (
                _DAYNAMES[wday], _MONTHNAMES[month], day, hour, minute, second, year))
        elif code == 'x':
            out.append('%02d/%02d/%02d' % (month, day, year % 100))
        elif code == 'X':
            out.append('%02d:%02d:%02d' % (hour, minute, second))
        elif code == 'F':
            out.append('%04d-%02d-%02d' % (year, month, day))
        elif code == 'T':
            out.append('%02d:%02d:%02d' % (hour, minute, second))
        elif code == 'D':
            out.append('%02d/%02d/%02d' % (month, day, year % 100))
        elif code == 'R':
            out.append('%02d:%02d' % (hour, minute))
        elif code == 'G' or code == 'V':
            iso = _isocalendar(year, month, day)
            out.append('%04d' % iso[0] if code == 'G' else '%02d' % iso[1])
        elif code == '%':
            out.append('%')
        else:
            out.append('%' + code)
    return ''.join(out)


def _build_struct_time(y, m, d, hh, mm, ss, dstflag):
    wday = (_ymd2ord(y, m, d) + 6) % 7
    dnum = _days_before_month(y, m) + d
    return _time.struct_time((y, m, d, hh, mm, ss, wday, dnum, dstflag))


def _isoweek1monday(year):
    firstday = _ymd2ord(year, 1, 1)
    firstweekday = (firstday + 6) % 7
    week1monday = firstday - firstweekday
    if firstweekday > 3:
        week1monday += 7
    return week1monday


def _isocalendar(y, m, d):
    year = y
    week1monday = _isoweek1monday(year)
    today = _ymd2ord(y, m, d)
    week, day = divmod(today - week1monday, 7)
    if week < 0:
        year -= 1
        week1monday = _isoweek1monday(year)
        week, day = divmod(today - week1monday, 7)
    elif week >= 52:
        if today >= _isoweek1monday(year + 1):
            year += 1
            week = 0
    return year, week + 1, day + 1


class timedelta(object):
    """A duration: days, seconds (0..86399) and microseconds (0..999999)."""

    def __init__(self, days=0, seconds=0, microseconds=0, milliseconds=0,
                 minutes=0, hours=0, weeks=0):
        parts = (days, seconds, microseconds, milliseconds, minutes, hours, weeks)
        scales = (86400000000, 1000000, 1, 1000, 60000000, 3600000000, 604800000000)
        total = 0
        exact = True
        for value, scale in zip(parts, scales):
            if isinstance(value, int):
                total += value * scale
            elif isinstance(value, float):
                exact = False
                total += value * scale
            elif isinstance(value, timedelta):
                raise TypeError('unsupported type for timedelta %s component: timedelta'
                                % ('days', 'seconds', 'microseconds', 'milliseconds',
                                   'minutes', 'hours', 'weeks')[parts.index(value)])
            else:
                raise TypeError('unsupported type for timedelta %s component: %s'
                                % (('days', 'seconds', 'microseconds', 'milliseconds',
                                    'minutes', 'hours', 'weeks')[parts.index(value)],
                                   type(value).__name__))
        if not exact:
            total = round(total)
        d, rest = divmod(total, 86400000000)
        s, us = divmod(rest, 1000000)
        if abs(d) > 999999999:
            raise OverflowError('days=%d; must have magnitude <= 999999999' % d)
        self._days = d
        self._seconds = s
        self._microseconds = us
        self._hashcode = -1

    @classmethod
    def _from_us(cls, us):
        return cls(microseconds=us)

    def _to_us(self):
        return (self._days * 86400 + self._seconds) * 1000000 + self._microseconds

    @property
    def days(self):
        return self._days

    @property
    def seconds(self):
        return self._seconds

    @property
    def microseconds(self):
        return self._microseconds

    def total_seconds(self):
        """The whole duration in seconds, as a float."""
        return self._to_us() / 10 ** 6

    def __repr__(self):
        args = []
        if self._days:
            args.append('days=%d' % self._days)
        if self._seconds:
            args.append('seconds=%d' % self._seconds)
        if self._microseconds:
            args.append('microseconds=%d' % self._microseconds)
        if not args:
            args.append('0')
        return '%s(%s)' % (_repr_name(self), ', '.join(args))

    def __str__(self):
        mm, ss = divmod(self._seconds, 60)
        hh, mm = divmod(mm, 60)
        text = '%d:%02d:%02d' % (hh, mm, ss)
        if self._days:
            plural = 's' if abs(self._days) != 1 else ''
            text = '%d day%s, ' % (self._days, plural) + text
        if self._microseconds:
            text += '.%06d' % self._microseconds
        return text

    def __add__(self, other):
        if isinstance(other, timedelta):
            return timedelta._from_us(self._to_us() + other._to_us())
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return timedelta._from_us(self._to_us() - other._to_us())
        return NotImplemented

    def __rsub__(self, other):
        if isinstance(other, timedelta):
            return -self + other
        return NotImplemented

    def __neg__(self):
        return timedelta._from_us(-self._to_us())

    def __pos__(self):
        return self

    def __abs__(self):
        return -self if self._days < 0 else self

    def __mul__(self, other):
        if isinstance(other, int):
            return timedelta._from_us(self._to_us() * other)
        if isinstance(other, float):
            return timedelta._from_us(round(self._to_us() * other))
        return NotImplemented

    __rmul__ = __mul__

    def __floordiv__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() // other._to_us()
        if isinstance(other, int):
            return timedelta._from_us(self._to_us() // other)
        return NotImplemented

    def __truediv__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() / other._to_us()
        if isinstance(other, int):
            return timedelta._from_us(round(self._to_us() / other))
        if isinstance(other, float):
            return timedelta._from_us(round(self._to_us() / other))
        return NotImplemented

    def __mod__(self, other):
        if isinstance(other, timedelta):
            return timedelta._from_us(self._to_us() % other._to_us())
        return NotImplemented

    def __divmod__(self, other):
        if isinstance(other, timedelta):
            q, r = divmod(self._to_us(), other._to_us())
            return q, timedelta._from_us(r)
        return NotImplemented

    def __eq__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() == other._to_us()
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() != other._to_us()
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() < other._to_us()
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() <= other._to_us()
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() > other._to_us()
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() >= other._to_us()
        return NotImplemented

    def __hash__(self):
        return hash((self._days, self._seconds, self._microseconds))

    def __bool__(self):
        return bool(self._days or self._seconds or self._microseconds)

    def __reduce__(self):
        return (self.__class__, (self._days, self._seconds, self._microseconds))


timedelta.min = timedelta(-999999999)
timedelta.max = timedelta(days=999999999, hours=23, minutes=59, seconds=59,
                          microseconds=999999)
timedelta.resolution = timedelta(microseconds=1)


class date(object):
    """A calendar date: year, month, day."""

    def __init__(self, year, month=None, day=None):
        if month is None and _is_state(year, 4, 2, 0xFF, 1, 12):
            # The 4-byte state CPython's pickles carry (see _getstate).
            state = _state_bytes(year)
            self._year, self._month, self._day = state[0] * 256 + state[1], state[2], state[3]
            return
        self._year, self._month, self._day = _check_date_fields(year, month, day)

    @property
    def year(self):
        return self._year

    @property
    def month(self):
        return self._month

    @property
    def day(self):
        return self._day

    @classmethod
    def fromtimestamp(cls, t):
        """The local date of a POSIX timestamp, as time.time() gives."""
        y, m, d, hh, mm, ss, weekday, jday, dst = _time.localtime(t)
        return cls(y, m, d)

    @classmethod
    def today(cls):
        """The current local date."""
        return cls.fromtimestamp(_time.time())

    @classmethod
    def fromordinal(cls, n):
        """The date of a proleptic Gregorian ordinal: 1 is January 1 of year 1."""
        if not 1 <= n <= _MAXORDINAL:
            raise ValueError('ordinal must be >= 1')
        y, m, d = _ord2ymd(n)
        return cls(y, m, d)

    @classmethod
    def fromisoformat(cls, date_string):
        """The date an ISO 8601 string spells, such as '2024-05-17'."""
        if not isinstance(date_string, str):
            raise TypeError('fromisoformat: argument must be str')
        try:
            fields = _parse_isoformat_date(date_string, True)
        except (ValueError, IndexError):
            raise ValueError('Invalid isoformat string: %r' % (date_string,)) from None
        # a well-formed string with a field out of range gets the constructor's error
        return cls(*fields)

    @classmethod
    def fromisocalendar(cls, year, week, day):
        """The date of an ISO calendar year, week number and weekday (Monday is
        1), the inverse of isocalendar().
        """
        if not 1 <= week <= 53:
            raise ValueError('Invalid week: %d' % week)
        if not 1 <= day <= 7:
            raise ValueError('Invalid weekday: %d (range is [1, 7])' % day)
        day_1 = _isoweek1monday(year)
        return cls(*_ord2ymd(day_1 + (week - 1) * 7 + day - 1))

    def __repr__(self):
        return '%s(%d, %d, %d)' % (_repr_name(self),
                                      self._year, self._month, self._day)

    def ctime(self):
        """The date in the form time.ctime() gives, such as
        'Fri May 17 00:00:00 2024'.
        """
        weekday = self.toordinal() % 7 or 7
        return '%s %s %2d 00:00:00 %04d' % (_DAYNAMES[weekday - 1], _MONTHNAMES[self._month],
                                            self._day, self._year)

    def strftime(self, fmt):
        """The date formatted as the format string says, with the directives of
        time.strftime().
        """
        return _wrap_strftime(self, fmt, self.timetuple())

    def __format__(self, fmt):
        if not isinstance(fmt, str):
            raise TypeError('must be str, not %s' % type(fmt).__name__)
        if len(fmt) != 0:
            return self.strftime(fmt)
        return str(self)

    def isoformat(self):
        """The date in ISO 8601 form, 'YYYY-MM-DD'."""
        return '%04d-%02d-%02d' % (self._year, self._month, self._day)

    __str__ = isoformat

    def timetuple(self):
        """The date as a time.struct_time, as time.localtime() gives."""
        return _build_struct_time(self._year, self._month, self._day, 0, 0, 0, -1)

    def toordinal(self):
        """The proleptic Gregorian ordinal of the date: January 1 of year 1 is 1."""
        return _ymd2ord(self._year, self._month, self._day)

    def replace(self, year=None, month=None, day=None):
        """A date with the fields given replaced, the others as they are."""
        return type(self)(self._year if year is None else year,
                          self._month if month is None else month,
                          self._day if day is None else day)

    def _cmp_key(self, other):
        if isinstance(other, datetime) or not isinstance(other, date):
            return None
        return (self._year, self._month, self._day), (other._year, other._month, other._day)

    def __eq__(self, other):
        if isinstance(other, date) and not isinstance(other, datetime):
            return self._cmp_key(other)[0] == self._cmp_key(other)[1]
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def _order(self, other):
        keys = self._cmp_key(other)
        if keys is None:
            return None
        return _cmp(keys[0], keys[1])

    def __lt__(self, other):
        c = self._order(other)
        return NotImplemented if c is None else c < 0

    def __le__(self, other):
        c = self._order(other)
        return NotImplemented if c is None else c <= 0

    def __gt__(self, other):
        c = self._order(other)
        return NotImplemented if c is None else c > 0

    def __ge__(self, other):
        c = self._order(other)
        return NotImplemented if c is None else c >= 0

    def __hash__(self):
        return hash((self._year, self._month, self._day))

    def __add__(self, other):
        if isinstance(other, timedelta):
            o = self.toordinal() + other.days
            if 0 < o <= _MAXORDINAL:
                return type(self).fromordinal(o)
            raise OverflowError('result out of range')
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self + timedelta(-other.days)
        if isinstance(other, date) and not isinstance(other, datetime):
            return timedelta(self.toordinal() - other.toordinal())
        return NotImplemented

    def weekday(self):
        """The day of the week as an integer: Monday is 0 and Sunday 6."""
        return (self.toordinal() + 6) % 7

    def isoweekday(self):
        """The day of the week as an integer: Monday is 1 and Sunday 7."""
        return self.toordinal() % 7 or 7

    def isocalendar(self):
        """The ISO calendar date, a named tuple (year, week, weekday)."""
        return _IsoCalendarDate(*_isocalendar(self._year, self._month, self._day))

    def _getstate(self):
        year_hi, year_lo = divmod(self._year, 256)
        return (bytes([year_hi, year_lo, self._month, self._day]),)

    def __reduce__(self):
        return (self.__class__, self._getstate())


class _IsoCalendarDate(object):
    """The (year, week, weekday) of isocalendar(), also readable by name."""

    def __init__(self, year, week, weekday):
        self.year = year
        self.week = week
        self.weekday = weekday

    def _tuple(self):
        return (self.year, self.week, self.weekday)

    def __iter__(self):
        return iter(self._tuple())

    def __len__(self):
        return 3

    def __getitem__(self, index):
        return self._tuple()[index]

    def __eq__(self, other):
        if isinstance(other, _IsoCalendarDate):
            other = other._tuple()
        return self._tuple() == other

    def __hash__(self):
        return hash(self._tuple())

    def __repr__(self):
        return 'datetime.IsoCalendarDate(year=%d, week=%d, weekday=%d)' % self._tuple()


date.min = date(1, 1, 1)
date.max = date(9999, 12, 31)
date.resolution = timedelta(days=1)


def _repr_name(obj):
    """The name a repr gives `obj`'s class: `datetime.date` for the module's own classes,
    the bare class name for a subclass, as CPython's."""
    cls = type(obj)
    if cls.__module__ == __name__:
        return 'datetime.' + cls.__qualname__
    return cls.__name__


class tzinfo(object):
    """Abstract base class for time zone information."""

    def __reduce__(self):
        getinitargs = getattr(self, '__getinitargs__', None)
        args = getinitargs() if getinitargs else ()
        return (self.__class__, args, getattr(self, '__dict__', None) or None)

    def tzname(self, dt):
        """The name of the time zone at the given datetime, such as 'UTC'."""
        raise NotImplementedError('tzinfo subclass must override tzname()')

    def utcoffset(self, dt):
        """The offset from UTC at the given datetime, as a timedelta positive east
        of UTC.
        """
        raise NotImplementedError('tzinfo subclass must override utcoffset()')

    def dst(self, dt):
        """The daylight saving time adjustment at the given datetime, as a
        timedelta (zero outside daylight saving time).
        """
        raise NotImplementedError('tzinfo subclass must override dst()')

    def fromutc(self, dt):
        """The local time of the given datetime, whose fields hold a UTC time with
        this tzinfo.
        """
        if not isinstance(dt, datetime):
            raise TypeError('fromutc() requires a datetime argument')
        if dt.tzinfo is not self:
            raise ValueError('dt.tzinfo is not self')
        dtoff = dt.utcoffset()
        if dtoff is None:
            raise ValueError('fromutc() requires a non-None utcoffset() result')
        dtdst = dt.dst()
        if dtdst is None:
            raise ValueError('fromutc() requires a non-None dst() result')
        delta = dtoff - dtdst
        if delta:
            dt += delta
            dtdst = dt.dst()
        return dt + dtdst


class time(object):
    """A time of day: hour, minute, second, microsecond and an optional tzinfo."""

    def __init__(self, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0):
        if _is_state(hour, 6, 0, 0x7F, 0, 23):
            # The 6-byte state of a pickle, its tzinfo in the second argument.
            state = _state_bytes(hour)
            self._hour, self._fold = state[0] & 0x7F, state[0] >> 7
            self._minute, self._second = state[1], state[2]
            self._microsecond = _state_microsecond(state, 3)
            self._tzinfo = _state_tzinfo(minute or None)
            return
        self._hour, self._minute, self._second, self._microsecond, self._fold = \
            _check_time_fields(hour, minute, second, microsecond, fold)
        _check_tzinfo(tzinfo)
        self._tzinfo = tzinfo

    hour = property(lambda self: self._hour)
    minute = property(lambda self: self._minute)
    second = property(lambda self: self._second)
    microsecond = property(lambda self: self._microsecond)
    tzinfo = property(lambda self: self._tzinfo)
    fold = property(lambda self: self._fold)

    def _getstate(self, protocol=3):
        hour = self._hour + (128 if self._fold and protocol > 3 else 0)
        state = bytes([hour, self._minute, self._second]) + _microsecond_bytes(self._microsecond)
        return (state,) if self._tzinfo is None else (state, self._tzinfo)

    def __reduce_ex__(self, protocol):
        return (self.__class__, self._getstate(protocol))

    def __reduce__(self):
        return self.__reduce_ex__(2)

    def _key(self):
        return (self._hour, self._minute, self._second, self._microsecond)

    def _compare(self, other, allow_mixed):
        mytz = self._tzinfo
        ottz = other._tzinfo
        myoff = otoff = None
        if mytz is ottz:
            base_compare = True
        else:
            myoff = self.utcoffset()
            otoff = other.utcoffset()
            base_compare = myoff == otoff
        if base_compare:
            return _cmp(self._key(), other._key())
        if myoff is None or otoff is None:
            if allow_mixed:
                return 2
            raise TypeError('cannot compare naive and aware times')
        myhhmm = self._hour * 60 + self._minute - myoff // timedelta(minutes=1)
        othhmm = other._hour * 60 + other._minute - otoff // timedelta(minutes=1)
        return _cmp((myhhmm, self._second, self._microsecond),
                    (othhmm, other._second, other._microsecond))

    def __eq__(self, other):
        if isinstance(other, time):
            return self._compare(other, True) == 0
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, time):
            return self._compare(other, True) != 0
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, time):
            return self._compare(other, False) < 0
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, time):
            return self._compare(other, False) <= 0
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, time):
            return self._compare(other, False) > 0
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, time):
            return self._compare(other, False) >= 0
        return NotImplemented

    def __hash__(self):
        tzoff = self.utcoffset()
        if not tzoff:
            return hash(self._key())
        h, m = divmod(timedelta(hours=self._hour, minutes=self._minute) - tzoff,
                      timedelta(hours=1))
        m //= timedelta(minutes=1)
        if 0 <= h < 24:
            return hash(time(h, m, self._second, self._microsecond))
        return hash((h, m, self._second, self._microsecond))

    def __repr__(self):
        if self._microsecond != 0:
            s = ', %d, %d' % (self._second, self._microsecond)
        elif self._second != 0:
            s = ', %d' % self._second
        else:
            s = ''
        s = '%s(%d, %d%s)' % (_repr_name(self),
                                 self._hour, self._minute, s)
        if self._tzinfo is not None:
            s = s[:-1] + ', tzinfo=%r' % self._tzinfo + ')'
        if self._fold:
            s = s[:-1] + ', fold=1)'
        return s

    def isoformat(self, timespec='auto'):
        """The time in ISO 8601 form, HH:MM:SS[.ffffff][+HH:MM].

        timespec says how many parts to show: 'auto', 'hours', 'minutes',
        'seconds', 'milliseconds' or 'microseconds'.
        """
        s = _format_time(self._hour, self._minute, self._second, self._microsecond, timespec)
        tz = _format_offset(self.utcoffset())
        return s + tz

    __str__ = isoformat

    @classmethod
    def fromisoformat(cls, time_string):
        """The time an ISO 8601 string spells, such as '12:30:05'."""
        if not isinstance(time_string, str):
            raise TypeError('fromisoformat: argument must be str')
        try:
            fields = _parse_isoformat_time(time_string)
        except (ValueError, IndexError):
            raise ValueError('Invalid isoformat string: %r' % (time_string,)) from None
        return cls(*fields)

    def strftime(self, fmt):
        """The time formatted as the format string says, with the directives of
        time.strftime().
        """
        timetuple = (1900, 1, 1, self._hour, self._minute, self._second, 0, 1, -1)
        return _wrap_strftime(self, fmt, timetuple)

    def __format__(self, fmt):
        if len(fmt) != 0:
            return self.strftime(fmt)
        return str(self)

    def utcoffset(self):
        """The offset from UTC of the time's tzinfo (tzinfo.utcoffset(None)), or
        None for a naive time.
        """
        if self._tzinfo is None:
            return None
        return _checked_offset('utcoffset', self._tzinfo.utcoffset(None))

    def tzname(self):
        """The time zone name of the time's tzinfo (tzinfo.tzname(None)), or None
        for a naive time.
        """
        if self._tzinfo is None:
            return None
        return _checked_tzname(self._tzinfo.tzname(None))

    def dst(self):
        """The daylight saving time adjustment of the time's tzinfo
        (tzinfo.dst(None)), or None for a naive time.
        """
        if self._tzinfo is None:
            return None
        return _checked_offset('dst', self._tzinfo.dst(None))

    def replace(self, hour=None, minute=None, second=None, microsecond=None,
                tzinfo=True, *, fold=None):
        """A time with the fields given replaced, the others as they are."""
        return type(self)(self._hour if hour is None else hour,
                          self._minute if minute is None else minute,
                          self._second if second is None else second,
                          self._microsecond if microsecond is None else microsecond,
                          self._tzinfo if tzinfo is True else tzinfo,
                          fold=self._fold if fold is None else fold)

    def __bool__(self):
        return True


time.min = time(0, 0, 0)
time.max = time(23, 59, 59, 999999)
time.resolution = timedelta(microseconds=1)


class datetime(date):
    """A date and a time of day, with an optional tzinfo."""

    def __init__(self, year, month=None, day=None, hour=0, minute=0, second=0,
                 microsecond=0, tzinfo=None, *, fold=0):
        if _is_state(year, 10, 2, 0x7F, 1, 12):
            # The 10-byte state of a pickle, its tzinfo in the second argument.
            state = _state_bytes(year)
            self._year, self._month, self._day = state[0] * 256 + state[1], state[2] & 0x7F, state[3]
            self._fold = state[2] >> 7
            self._hour, self._minute, self._second = state[4], state[5], state[6]
            self._microsecond = _state_microsecond(state, 7)
            self._tzinfo = _state_tzinfo(month)
            return
        date.__init__(self, year, month, day)
        self._hour, self._minute, self._second, self._microsecond, self._fold = \
            _check_time_fields(hour, minute, second, microsecond, fold)
        _check_tzinfo(tzinfo)
        self._tzinfo = tzinfo

    hour = property(lambda self: self._hour)
    minute = property(lambda self: self._minute)
    second = property(lambda self: self._second)
    microsecond = property(lambda self: self._microsecond)
    tzinfo = property(lambda self: self._tzinfo)
    fold = property(lambda self: self._fold)

    @classmethod
    def _fromtimestamp(cls, t, utc, tz):
        frac, t = _math.modf(t)
        us = round(frac * 1e6)
        if us >= 1000000:
            t += 1
            us -= 1000000
        elif us < 0:
            t -= 1
            us += 1000000
        t = int(t)
        if utc:
            days, secs = divmod(t, 86400)
            y, m, d = _ord2ymd(_EPOCH_ORDINAL + days)
            hh, rest = divmod(secs, 3600)
            mm, ss = divmod(rest, 60)
        else:
            y, m, d, hh, mm, ss, weekday, jday, dst = _time.localtime(t)[:9]
        ss = min(ss, 59)
        result = cls(y, m, d, hh, mm, ss, us, tz)
        if tz is not None:
            result = tz.fromutc(result)
        return result

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        """The local date and time of a POSIX timestamp, or the time in the zone
        tz when one is given.
        """
        _check_tzinfo(tz)
        return cls._fromtimestamp(t, tz is not None, tz)

    @classmethod
    def utcfromtimestamp(cls, t):
        """The naive UTC date and time of a POSIX timestamp."""
        return cls._fromtimestamp(t, True, None)

    @classmethod
    def now(cls, tz=None):
        """The current local date and time, or the time in the zone tz when one
        is given.
        """
        return cls.fromtimestamp(_time.time(), tz)

    @classmethod
    def utcnow(cls):
        """The current UTC date and time, as a naive datetime."""
        return cls.utcfromtimestamp(_time.time())

    @classmethod
    def combine(cls, date, time, tzinfo=True):
        """The datetime of a date and a time (with the given tzinfo, else the
        time's).
        """
        if tzinfo is True:
            tzinfo = time.tzinfo
        return cls(date.year, date.month, date.day, time.hour, time.minute, time.second,
                   time.microsecond, tzinfo, fold=time.fold)

    @classmethod
    def fromisoformat(cls, date_string):
        """The datetime an ISO 8601 string spells, such as
        '2024-05-17T12:30:05+02:00'.
        """
        if not isinstance(date_string, str):
            raise TypeError('fromisoformat: argument must be str')
        try:
            if len(date_string) > 10 and date_string[10] in 'T ':
                date_part = date_string[:10]
                time_part = date_string[11:]
            else:
                date_part = date_string
                time_part = ''
            fields = _parse_isoformat_date(date_part, False)
            if time_part:
                fields += _parse_isoformat_time(time_part)
        except (ValueError, IndexError):
            raise ValueError('Invalid isoformat string: %r' % (date_string,)) from None
        return cls(*fields)

    @classmethod
    def strptime(cls, date_string, format):
        """The datetime a string spells, read as the format says (with the
        directives of time.strptime()).
        """
        for index, arg in enumerate((date_string, format), 1):
            if not isinstance(arg, str):
                raise TypeError('strptime() argument %d must be str, not %s'
                                % (index, type(arg).__name__))
        from _strptime import _strptime_datetime
        return _strptime_datetime(cls, date_string, format)

    def timetuple(self):
        """The date and time as a time.struct_time, as time.localtime() gives."""
        dst = self.dst()
        if dst is None:
            dst = -1
        elif dst:
            dst = 1
        else:
            dst = 0
        return _build_struct_time(self._year, self._month, self._day,
                                  self._hour, self._minute, self._second, dst)

    def utctimetuple(self):
        """The date and time in UTC as a time.struct_time, as time.gmtime() gives."""
        offset = self.utcoffset()
        if offset:
            self -= offset
        return _build_struct_time(self._year, self._month, self._day,
                                  self._hour, self._minute, self._second, 0)

    def timestamp(self):
        """The POSIX timestamp of the datetime, a float (a naive datetime is taken
        as local time).
        """
        if self._tzinfo is None:
            local = _time.mktime(_build_struct_time(self._year, self._month, self._day,
                                                    self._hour, self._minute, self._second,
                                                    -1))
            return local + self._microsecond / 1e6
        return (self - _EPOCH).total_seconds()

    def date(self):
        """The date part, as a date."""
        return date(self._year, self._month, self._day)

    def time(self):
        """The time part, as a time without tzinfo."""
        return time(self._hour, self._minute, self._second, self._microsecond, fold=self._fold)

    def timetz(self):
        """The time part, as a time with the same tzinfo."""
        return time(self._hour, self._minute, self._second, self._microsecond,
                    self._tzinfo, fold=self._fold)

    def replace(self, year=None, month=None, day=None, hour=None, minute=None,
                second=None, microsecond=None, tzinfo=True, *, fold=None):
        """A datetime with the fields given replaced, the others as they are."""
        return type(self)(self._year if year is None else year,
                          self._month if month is None else month,
                          self._day if day is None else day,
                          self._hour if hour is None else hour,
                          self._minute if minute is None else minute,
                          self._second if second is None else second,
                          self._microsecond if microsecond is None else microsecond,
                          self._tzinfo if tzinfo is True else tzinfo,
                          fold=self._fold if fold is None else fold)

    def _local_timezone(self):
        if self._tzinfo is None:
            ts = self.timestamp()
        else:
            ts = (self - _EPOCH) // timedelta(seconds=1)
        local = _time.localtime(ts)
        return timezone(timedelta(seconds=local.tm_gmtoff), local.tm_zone)

    def astimezone(self, tz=None):
        """The same moment as a datetime in the zone tz (the local zone when tz is
        None).
        """
        if tz is None:
            tz = self._local_timezone()
        elif not isinstance(tz, tzinfo):
            raise TypeError('tz argument must be an instance of tzinfo')
        mytz = self._tzinfo
        if mytz is None:
            mytz = self._local_timezone()
            myoffset = mytz.utcoffset(self)
        else:
            myoffset = mytz.utcoffset(self)
            if myoffset is None:
                mytz = self.replace(tzinfo=None)._local_timezone()
                myoffset = mytz.utcoffset(self)
        if tz is mytz:
            return self
        utc = (self - myoffset).replace(tzinfo=tz)
        return tz.fromutc(utc)

    def ctime(self):
        """The date and time in the form time.ctime() gives, such as
        'Fri May 17 12:30:05 2024'.
        """
        weekday = self.toordinal() % 7 or 7
        return '%s %s %2d %02d:%02d:%02d %04d' % (
            _DAYNAMES[weekday - 1], _MONTHNAMES[self._month], self._day,
            self._hour, self._minute, self._second, self._year)

    def isoformat(self, sep='T', timespec='auto'):
        """The date and time in ISO 8601 form,
        YYYY-MM-DDTHH:MM:SS[.ffffff][+HH:MM].

        sep goes between the date and the time; timespec says how many parts of
        the time to show: 'auto', 'hours', 'minutes', 'seconds', 'milliseconds'
        or 'microseconds'.
        """
        s = '%04d-%02d-%02d%s' % (self._year, self._month, self._day, sep) + \
            _format_time(self._hour, self._minute, self._second, self._microsecond, timespec)
        return s + _format_offset(self.utcoffset())

    def __repr__(self):
        parts = [self._year, self._month, self._day, self._hour, self._minute,
                 self._second, self._microsecond]
        if parts[-1] == 0:
            del parts[-1]
        if parts[-1] == 0:
            del parts[-1]
        s = '%s(%s)' % (_repr_name(self),
                           ', '.join(map(str, parts)))
        if self._fold:
            s = s[:-1] + ', fold=1)'
        if self._tzinfo is not None:
            s = s[:-1] + ', tzinfo=%r' % self._tzinfo + ')'
        return s

    def __str__(self):
        return self.isoformat(sep=' ')

    def utcoffset(self):
        """The offset from UTC of the datetime's tzinfo (tzinfo.utcoffset(self)),
        or None for a naive datetime.
        """
        if self._tzinfo is None:
            return None
        return _checked_offset('utcoffset', self._tzinfo.utcoffset(self))

    def tzname(self):
        """The time zone name of the datetime's tzinfo (tzinfo.tzname(self)), or
        None for a naive datetime.
        """
        if self._tzinfo is None:
            return None
        return _checked_tzname(self._tzinfo.tzname(self))

    def dst(self):
        """The daylight saving time adjustment of the datetime's tzinfo
        (tzinfo.dst(self)), or None for a naive datetime.
        """
        if self._tzinfo is None:
            return None
        return _checked_offset('dst', self._tzinfo.dst(self))

    def _us(self):
        return ((self.toordinal() * 86400 + self._hour * 3600 + self._minute * 60
                 + self._second) * 1000000 + self._microsecond)

    def _compare(self, other, allow_mixed):
        mytz = self._tzinfo
        ottz = other._tzinfo
        myoff = otoff = None
        if mytz is ottz:
            base_compare = True
        else:
            myoff = self.utcoffset()
            otoff = other.utcoffset()
            base_compare = myoff == otoff
        if base_compare:
            return _cmp(self._us(), other._us())
        if myoff is None or otoff is None:
            if allow_mixed:
                return 2
            raise TypeError("can't compare offset-naive and offset-aware datetimes")
        diff = self - other
        if diff.days < 0:
            return -1
        return 1 if diff else 0

    def __eq__(self, other):
        if isinstance(other, datetime):
            return self._compare(other, True) == 0
        if isinstance(other, date):
            return False
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def _check_order(self, other):
        if isinstance(other, datetime):
            return self._compare(other, False)
        if isinstance(other, date):
            raise TypeError("can't compare %s to %s" % (
                'datetime.datetime', 'datetime.date'))
        return None

    def __lt__(self, other):
        c = self._check_order(other)
        return NotImplemented if c is None else c < 0

    def __le__(self, other):
        c = self._check_order(other)
        return NotImplemented if c is None else c <= 0

    def __gt__(self, other):
        c = self._check_order(other)
        return NotImplemented if c is None else c > 0

    def __ge__(self, other):
        c = self._check_order(other)
        return NotImplemented if c is None else c >= 0

    def __add__(self, other):
        if not isinstance(other, timedelta):
            return NotImplemented
        us = self._us() + other._to_us()
        days, rest = divmod(us, 86400000000)
        if not 0 < days <= _MAXORDINAL:
            raise OverflowError('date value out of range')
        secs, micro = divmod(rest, 1000000)
        hh, rest = divmod(secs, 3600)
        mm, ss = divmod(rest, 60)
        y, m, d = _ord2ymd(days)
        return type(self)(y, m, d, hh, mm, ss, micro, self._tzinfo)

    __radd__ = __add__

    def __sub__(self, other):
        if not isinstance(other, datetime):
            if isinstance(other, timedelta):
                return self + -other
            return NotImplemented
        base = timedelta(microseconds=self._us() - other._us())
        if self._tzinfo is other._tzinfo:
            return base
        myoff = self.utcoffset()
        otoff = other.utcoffset()
        if myoff == otoff:
            return base
        if myoff is None or otoff is None:
            raise TypeError("can't subtract offset-naive and offset-aware datetimes")
        return base + otoff - myoff

    def __hash__(self):
        tzoff = self.utcoffset()
        if tzoff is None:
            return hash(self._us())
        return hash(self._us() - tzoff._to_us())

    def _getstate(self, protocol=3):
        year_hi, year_lo = divmod(self._year, 256)
        month = self._month + (128 if self._fold and protocol > 3 else 0)
        state = bytes([year_hi, year_lo, month, self._day, self._hour, self._minute,
                       self._second]) + _microsecond_bytes(self._microsecond)
        return (state,) if self._tzinfo is None else (state, self._tzinfo)

    def __reduce_ex__(self, protocol):
        return (self.__class__, self._getstate(protocol))

    def __reduce__(self):
        return self.__reduce_ex__(2)


datetime.min = datetime(1, 1, 1)
datetime.max = datetime(9999, 12, 31, 23, 59, 59, 999999)
datetime.resolution = timedelta(microseconds=1)


class timezone(tzinfo):
    """A fixed offset from UTC, with an optional name."""

    def __new__(cls, offset, name=None):
        # As in CPython, a zero offset without a name is the one timezone.utc (which an
        # unpickled UTC datetime then shares).
        utc = getattr(cls, 'utc', None)
        if utc is not None and name is None and isinstance(offset, timedelta) and not offset:
            return utc
        return object.__new__(cls)

    def __init__(self, offset, name=None):
        if not isinstance(offset, timedelta):
            raise TypeError('offset must be a timedelta')
        if name is not None and not isinstance(name, str):
            raise TypeError('name must be a string')
        if not -timedelta(hours=24) < offset < timedelta(hours=24):
            raise ValueError('offset must be a timedelta strictly between '
                             '-timedelta(hours=24) and timedelta(hours=24), not %r.'
                             % (offset,))
        self._offset = offset
        self._name = name

    def __eq__(self, other):
        if isinstance(other, timezone):
            return self._offset == other._offset
        return NotImplemented

    def __hash__(self):
        return hash(self._offset)

    def __getinitargs__(self):
        return (self._offset,) if self._name is None else (self._offset, self._name)

    def __reduce__(self):
        return (self.__class__, self.__getinitargs__(), None)

    def __repr__(self):
        if self is timezone.utc:
            return 'datetime.timezone.utc'
        if self._name is None:
            return '%s(%r)' % (_repr_name(self),
                                  self._offset)
        return '%s(%r, %r)' % (_repr_name(self),
                                  self._offset, self._name)

    def __str__(self):
        return self.tzname(None)

    def utcoffset(self, dt):
        """The fixed offset of the zone from UTC, as a timedelta."""
        if isinstance(dt, datetime) or dt is None:
            return self._offset
        raise TypeError('utcoffset() argument must be a datetime instance or None')

    def tzname(self, dt):
        """The name of the zone: the one it was given, else 'UTC' or
        'UTC+HH:MM'.
        """
        if isinstance(dt, datetime) or dt is None:
            if self._name is None:
                return self._name_from_offset(self._offset)
            return self._name
        raise TypeError('tzname() argument must be a datetime instance or None')

    def dst(self, dt):
        """None: a fixed-offset zone has no daylight saving time."""
        if isinstance(dt, datetime) or dt is None:
            return None
        raise TypeError('dst() argument must be a datetime instance or None')

    def fromutc(self, dt):
        """The datetime dt, a UTC time with this tzinfo, moved by the zone's
        offset.
        """
        if isinstance(dt, datetime):
            if dt.tzinfo is not self:
                raise ValueError('fromutc: dt.tzinfo is not self')
            return dt + self._offset
        raise TypeError('fromutc() argument must be a datetime instance or None')

    @staticmethod
    def _name_from_offset(delta):
        if not delta:
            return 'UTC'
        return 'UTC' + _format_offset(delta)


timezone.utc = timezone(timedelta(0))
timezone.min = timezone(-timedelta(hours=23, minutes=59))
timezone.max = timezone(timedelta(hours=23, minutes=59))
UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _digits(text, start, count):
    part = text[start:start + count]
    if len(part) != count or not part.isdigit() or not part.isascii():
        raise ValueError('not digits')
    return int(part)


def _parse_isoformat_date(text, exact):
    """(year, month, day) from YYYY-MM-DD (or YYYYMMDD, or YYYY-Www-D)."""
    year = _digits(text, 0, 4)
    if len(text) == 10 and text[4] == '-' and text[7] == '-':
        return [year, _digits(text, 5, 2), _digits(text, 8, 2)]
    if len(text) == 8 and 'W' not in text:
        return [year, _digits(text, 4, 2), _digits(text, 6, 2)]
    if text[4:6] == '-W' and len(text) in (8, 10):
        week = _digits(text, 6, 2)
        day = _digits(text, 9, 1) if len(text) == 10 else 1
        d = date.fromisocalendar(year, week, day)
        return [d.year, d.month, d.day]
    raise ValueError('bad date')


def _parse_isoformat_time(text):
    """[hour, minute, second, microsecond, tzinfo] from HH[:MM[:SS[.ffffff]]][+HH:MM|Z]."""
    tz = None
    for i in range(len(text)):
        if text[i] in '+-Z':
            tzpart = text[i:]
            text = text[:i]
            if tzpart == 'Z':
                tz = timezone.utc
            else:
                sign = -1 if tzpart[0] == '-' else 1
                fields = _parse_hms(tzpart[1:])
                offset = timedelta(hours=fields[0], minutes=fields[1], seconds=fields[2],
                                   microseconds=fields[3])
                tz = timezone.utc if not offset else timezone(sign * offset)
            break
    fields = _parse_hms(text)
    return fields + [tz]


def _parse_hms(text):
    hour = _digits(text, 0, 2)
    minute = second = micro = 0
    pos = 2
    sep = ':' in text
    if len(text) > pos:
        if sep:
            if text[pos] != ':':
                raise ValueError('bad time')
            pos += 1
        minute = _digits(text, pos, 2)
        pos += 2
    if len(text) > pos:
        if sep:
            if text[pos] != ':':
                raise ValueError('bad time')
            pos += 1
        second = _digits(text, pos, 2)
        pos += 2
    if len(text) > pos:
        if text[pos] not in '.,':
            raise ValueError('bad time')
        frac = text[pos + 1:]
        if not frac or not frac.isdigit():
            raise ValueError('bad fraction')
        micro = int((frac + '000000')[:6])
    return [hour, minute, second, micro]


