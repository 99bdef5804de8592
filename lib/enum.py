"""Enumerations: Enum, IntEnum, StrEnum, Flag, IntFlag, auto and unique (CPython 3.11's enum).

Written on CPython's design: EnumType is the metaclass of every enumeration; its
__new__ turns the class body's plain attributes into members, and the class-level
protocols (iteration, len, `in`, Color['RED'], the class repr) are its methods.
"""

from _enum import _store_simple, SUNDER as _SUNDER, OTHER as _OTHER

__all__ = ['EnumType', 'EnumMeta', 'Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag',
           'ReprEnum', 'auto', 'unique', 'property', 'verify', 'member', 'nonmember',
           'FlagBoundary', 'STRICT', 'CONFORM', 'EJECT', 'KEEP', 'global_flag_repr',
           'global_enum_repr', 'global_str', 'global_enum', 'EnumCheck', 'CONTINUOUS',
           'NAMED_FLAGS', 'UNIQUE', 'pickle_by_global_name', 'pickle_by_enum_name']

# The names used less often (verify and EnumCheck, global_enum and its reprs, the pickling
# helpers, enum.property) are in _enum_more, imported when one is first read.
_MORE = ('property', 'verify', 'global_flag_repr', 'global_enum_repr', 'global_str',
         'global_enum', 'EnumCheck', 'CONTINUOUS', 'NAMED_FLAGS', 'UNIQUE',
         'pickle_by_global_name', 'pickle_by_enum_name')


def __getattr__(name):
    if name in _MORE:
        import _enum_more
        value = getattr(_enum_more, name)
        globals()[name] = value
        return value
    raise AttributeError("module 'enum' has no attribute %r" % (name,))


def __dir__():
    return sorted(set(globals()) | set(_MORE))

class _AutoNull(object):
    def __repr__(self):
        return '_auto_null'


_auto_null = _AutoNull()


class auto(object):
    """Stands for a member value chosen by _generate_next_value_."""

    def __init__(self, value=_auto_null):
        self.value = value

    def __repr__(self):
        return 'auto(%r)' % (self.value,)


class member(object):
    """Makes the wrapped value a member, even a function or descriptor."""

    def __init__(self, value):
        self.value = value


class nonmember(object):
    """Keeps the wrapped value a plain class attribute, not a member."""

    def __init__(self, value):
        self.value = value


def _is_dunder(name):
    return len(name) > 4 and name[:2] == name[-2:] == '__' and name[2] != '_' and name[-3] != '_'


def _is_sunder(name):
    return len(name) > 2 and name[0] == name[-1] == '_' and name[1] != '_' and name[-2] != '_'


def _is_private(cls_name, name):
    # CPython's test: the class name as it is, leading underscores and all.
    prefix = '_' + cls_name + '__'
    return name.startswith(prefix) and not name.endswith('__')


def _is_descriptor(obj):
    if type(obj) is _FunctionType:
        return True
    if isinstance(obj, (classmethod, staticmethod, property)):
        return True
    t = type(obj)
    if hasattr(t, '__get__') or hasattr(t, '__set__') or hasattr(t, '__delete__'):
        return True
    return t.__name__ in ('function', 'builtin_function_or_method', 'method')


_FunctionType = type(_is_descriptor)


def _high_bit(value):
    return value.bit_length() - 1


_SUNDER_NAMES = ('_order_', '_generate_next_value_', '_numeric_repr_', '_missing_', '_ignore_',
                 '_iter_member_', '_iter_member_by_value_', '_iter_member_by_def_')


class _EnumDict(dict):
    """The namespace of an enumeration's body: it knows which names are members, so that a
    name cannot be reused and auto() takes its value when it is assigned (the body may use
    it at once: `RW = R | W`)."""

    def __init__(self, cls_name, gen=None):
        super().__init__()
        self._cls_name = cls_name
        # Names private to this class (`_is_private`'s prefix, made once).
        self._private = '_' + cls_name + '__'
        self._gen = gen
        self._member_names = []
        self._last_values = []
        self._ignore = []

    def _next_value(self, key):
        gen = self._gen
        if isinstance(gen, staticmethod):
            gen = gen.__func__
        return gen(key, 1, len(self._member_names), self._last_values[:])

    def __setitem__(self, key, value):
        # Most names of a body are dunders, methods or members: the native test stores the
        # first two kinds at once, and tells a member's value from a descriptor where it can
        # (else it answers _OTHER, and the tests below decide).
        kind = _store_simple(self, key, value, self._private, self._member_names)
        if kind is None:
            return
        if kind == _SUNDER:
            if key not in _SUNDER_NAMES:
                raise ValueError('_sunder_ names, such as %r, are reserved for future Enum use'
                                 % (key,))
            if key == '_generate_next_value_':
                self._gen = value
            elif key == '_ignore_':
                names = value.replace(',', ' ').split() if isinstance(value, str) else value
                self._ignore = list(names)
            return dict.__setitem__(self, key, value)
        if kind == _OTHER:
            if key in self._member_names:
                raise TypeError('%r already defined as %r' % (key, self[key]))
            if type(value) is _FunctionType or key in self._ignore or _is_descriptor(value):
                return dict.__setitem__(self, key, value)
        elif key in self._ignore:
            return dict.__setitem__(self, key, value)
        if key in self:
            raise TypeError('%r already defined as %r' % (key, self[key]))
        if type(value) is nonmember:
            return dict.__setitem__(self, key, value.value)
        if type(value) is member:
            value = value.value
        if isinstance(value, auto):
            if value.value is _auto_null:
                value.value = self._next_value(key)
            value = value.value
        elif isinstance(value, tuple) and any(isinstance(v, auto) for v in value):
            value = tuple(v if not isinstance(v, auto) else
                          v.value if v.value is not _auto_null else self._next_value(key)
                          for v in value)
        self._member_names.append(key)
        self._last_values.append(value)
        dict.__setitem__(self, key, value)


class EnumType(type):
    """The metaclass of enumerations."""

    @classmethod
    def __prepare__(metacls, cls, bases, **kwds):
        gen = None
        if bases:
            first_enum = metacls._get_mixins_(cls, bases)[1]
            gen = getattr(first_enum, '_generate_next_value_', None)
        return _EnumDict(cls, gen)

    def __new__(metacls, cls, bases, classdict, boundary=None, _simple=False, **kwds):
        member_type, first_enum = metacls._get_mixins_(cls, bases)
        ignore = classdict.get('_ignore_', [])
        if isinstance(ignore, str):
            ignore = ignore.replace(',', ' ').split()
        names = []
        body = {}
        if type(classdict) is _EnumDict:
            # The namespace sorted the names as the body assigned them.
            members = classdict._member_names
            for key, value in classdict.items():
                if key in members:
                    names.append((key, value))
                elif key != '_ignore_' and key not in ignore:
                    body[key] = value
        else:
            for key, value in classdict.items():
                if key in ignore or key == '_ignore_':
                    continue
                if (_is_dunder(key) or _is_sunder(key) or _is_private(cls, key)
                        or _is_descriptor(value)):
                    body[key] = value
                else:
                    names.append((key, value))
        for key, value in names:
            if key in body:
                raise TypeError('%r already defined as %r' % (key, body[key]))
        for base in bases:
            for key, value in names:
                if key in getattr(base, '_member_map_', {}):
                    raise TypeError('%r cannot extend %r' % (cls, base))
        if first_enum is not None and getattr(first_enum, '_member_names_', None):
            raise TypeError('<enum %r> cannot extend %r' % (cls, first_enum))
        body.setdefault('__qualname__', cls)
        body['_member_names_'] = []
        body['_member_map_'] = {}
        body['_value2member_map_'] = {}
        body['_unhashable_values_'] = []
        body['_member_type_'] = member_type
        enum_class = type.__new__(metacls, cls, bases, body, **kwds)
        is_flag = Flag is not None and first_enum is not None and issubclass(first_enum, Flag)
        enum_class._boundary_ = boundary or getattr(first_enum, '_boundary_', None)
        if is_flag:
            enum_class._flag_mask_ = 0
            enum_class._all_bits_ = 0
        gen = body.get('_generate_next_value_') or first_enum._generate_next_value_
        if isinstance(gen, staticmethod):
            gen = gen.__func__
        last_values = []
        # What every member's creation asks of the class, asked once: its own __init__ (one
        # other than Enum's and object's is called for each member), and whether it is a flag.
        init = None
        flag_class = False
        if names:
            for base in enum_class.__mro__:
                if '__init__' in base.__dict__:
                    init = base.__dict__['__init__']
                    break
            if init is Enum.__dict__['__init__'] or init is object.__init__:
                init = None
            flag_class = Flag is not None and issubclass(enum_class, Flag)
        for key, value in names:
            if isinstance(value, auto):
                if value.value is _auto_null:
                    value.value = gen(key, 1, len(last_values), last_values[:])
                value = value.value
            elif isinstance(value, tuple) and any(isinstance(v, auto) for v in value):
                value = tuple(gen(key, 1, len(last_values), last_values[:])
                              if isinstance(v, auto) else v for v in value)
            metacls._add_member_(enum_class, key, value, member_type, init, flag_class)
            last_values.append(value)
        if is_flag:
            mask = 0
            for member in enum_class._member_map_.values():
                mask |= member._value_
            enum_class._flag_mask_ = mask
            enum_class._all_bits_ = 2 ** mask.bit_length() - 1
        # A data type mixed in before Enum (class Color(str, Enum)) would otherwise give the
        # members its repr, str and format: the enum's own come first unless this class
        # defines them.
        if first_enum is not None:
            for name in ('__repr__', '__str__', '__format__', '__reduce_ex__'):
                if name in classdict:
                    continue
                found = getattr(enum_class, name)
                if found in (getattr(member_type, name), getattr(object, name)):
                    setattr(enum_class, name, getattr(first_enum, name))
        return enum_class

    @staticmethod
    def _add_member_(enum_class, name, value, member_type, init, flag_class):
        args = value if isinstance(value, tuple) else (value,)
        if member_type is object:
            member = object.__new__(enum_class)
            member._value_ = value
        else:
            member = member_type.__new__(enum_class, *args)
            member._value_ = member_type(*args)
        member._name_ = name
        member.__objclass__ = enum_class
        member._sort_order_ = len(enum_class._member_names_)
        if init is not None:
            member.__init__(*args)
        canonical = None
        try:
            canonical = enum_class._value2member_map_.get(member._value_)
        except TypeError:
            for other in enum_class._member_map_.values():
                if other._value_ == member._value_:
                    canonical = other
                    break
        if canonical is not None:
            member = canonical
        else:
            # A flag lists only its single-bit members (a multi-bit one is reached by name
            # and value, not by iteration), as CPython 3.11.
            value = member._value_
            if not (flag_class
                    and not (isinstance(value, int) and value > 0 and value & (value - 1) == 0)):
                enum_class._member_names_.append(name)
            try:
                enum_class._value2member_map_[member._value_] = member
            except TypeError:
                enum_class._unhashable_values_.append(member._value_)
        enum_class._member_map_[name] = member
        type.__setattr__(enum_class, name, member)

    @classmethod
    def _get_mixins_(metacls, cls, bases):
        if not bases:
            return object, None
        first_enum = bases[-1]
        if not (isinstance(first_enum, type) and issubclass(first_enum, Enum)) \
                and first_enum is not Enum:
            raise TypeError('new enumerations should be created as '
                            '`EnumName([mixin_type, ...] [data_type,] enum_type)`')
        member_type = object
        for base in bases:
            for klass in base.__mro__:
                if klass is object or klass is Enum or issubclass(klass, Enum):
                    continue
                if klass in (int, str, float):
                    member_type = klass
                    break
                if '__new__' in klass.__dict__:
                    member_type = klass
                    break
            if member_type is not object:
                break
        return member_type, first_enum

    def __call__(cls, value, names=None, *, module=None, qualname=None, type=None,
                 start=1, boundary=None):
        if names is None:
            return Enum.__new__(cls, value)
        return cls._create_(value, names, module=module, qualname=qualname,
                            type=type, start=start, boundary=boundary)

    def _create_(cls, class_name, names, *, module=None, qualname=None, type=None,
                 start=1, boundary=None):
        bases = (cls,) if type is None else (type, cls)
        gen = cls._generate_next_value_
        if isinstance(names, str):
            names = names.replace(',', ' ').split()
        classdict = {}
        if isinstance(names, (tuple, list)) and names and isinstance(names[0], str):
            last_values = []
            pairs = []
            for count, name in enumerate(names):
                value = gen(name, start, count, last_values[:])
                last_values.append(value)
                pairs.append((name, value))
            names = pairs
        for item in names:
            if isinstance(item, str):
                name, value = item, names[item]
            else:
                name, value = item
            classdict[name] = value
        if module is None:
            module = '__main__'
        classdict['__module__'] = module
        if qualname is not None:
            classdict['__qualname__'] = qualname
        return EnumType.__new__(EnumType, class_name, bases, classdict, boundary=boundary)

    def __contains__(cls, member):
        if not isinstance(member, Enum):
            raise TypeError("unsupported operand type(s) for 'in': '%s' and '%s'"
                            % (type(member).__qualname__, cls.__class__.__qualname__))
        return isinstance(member, cls) and member._name_ in cls._member_map_

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __iter__(cls):
        return iter([cls._member_map_[name] for name in cls._member_names_])

    def __reversed__(cls):
        return iter([cls._member_map_[name] for name in reversed(cls._member_names_)])

    def __len__(cls):
        return len(cls._member_names_)

    def __bool__(cls):
        return True

    @property
    def __members__(cls):
        return dict(cls._member_map_)

    def __repr__(cls):
        if Flag is not None and issubclass(cls, Flag):
            return "<flag %r>" % cls.__name__
        return "<enum %r>" % cls.__name__

    def __dir__(cls):
        interesting = set(['__class__', '__contains__', '__doc__', '__getitem__',
                           '__init_subclass__', '__iter__', '__len__', '__members__',
                           '__module__', '__name__', '__qualname__'] + cls._member_names_)
        if cls._member_type_ is object:
            return sorted(interesting)
        return sorted(set(dir(cls._member_type_)) | interesting)

    def __setattr__(cls, name, value):
        if name in cls.__dict__.get('_member_map_', {}):
            raise AttributeError('cannot reassign member %r' % name)
        type.__setattr__(cls, name, value)

    def __delattr__(cls, name):
        if name in cls._member_map_:
            raise AttributeError('%r cannot delete member %r.' % (cls.__name__, name))
        type.__delattr__(cls, name)


EnumMeta = EnumType
Flag = None


class Enum(metaclass=EnumType):
    """A set of symbolic names bound to unique values: members are Color.RED, Color(1), Color['RED']."""

    def __new__(cls, value, names=None, *args, **kwds):
        if names is not None or '_member_map_' not in cls.__dict__:
            # The functional API, Enum('Color', 'RED GREEN'), reaches here when the
            # class call does not go through EnumType.__call__.
            return EnumType._create_(cls, value, names, *args, **kwds)
        if type(value) is cls:
            return value
        try:
            return cls._value2member_map_[value]
        except KeyError:
            pass
        except TypeError:
            for member in cls._member_map_.values():
                if member._value_ == value:
                    return member
        result = cls._missing_(value)
        if isinstance(result, cls):
            return result
        if isinstance(result, int) and cls._boundary_ is EJECT and issubclass(cls, Flag):
            return result
        if result is None:
            raise ValueError('%r is not a valid %s' % (value, cls.__qualname__))
        raise TypeError('error in %s._missing_: returned %r instead of None or a valid member'
                        % (cls.__name__, result))

    def __init__(self, *args, **kwds):
        pass

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not count:
            return start
        for value in reversed(last_values):
            try:
                return value + 1
            except TypeError:
                continue
        return start

    @classmethod
    def _missing_(cls, value):
        return None

    def __repr__(self):
        return '<%s.%s: %r>' % (self.__class__.__name__, self._name_, self._value_)

    def __str__(self):
        return '%s.%s' % (self.__class__.__name__, self._name_)

    def __format__(self, format_spec):
        return format(str(self), format_spec)

    def __dir__(self):
        return ['__class__', '__doc__', '__eq__', '__hash__', '__module__', 'name', 'value']

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return self.__class__, (self._value_,)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    @property
    def name(self):
        """The member's name."""
        return self._name_

    @property
    def value(self):
        """The member's value."""
        return self._value_


class ReprEnum(Enum):
    """An Enum whose str() and format() are those of its data type (int for IntEnum)."""


class IntEnum(int, ReprEnum):
    """An Enum whose members are also ints."""

    __repr__ = Enum.__repr__

    def __str__(self):
        return int.__repr__(self)

    def __format__(self, format_spec):
        return int.__format__(self, format_spec)


class StrEnum(str, ReprEnum):
    """An Enum whose members are also strs; auto() gives the lower-cased name."""

    __repr__ = Enum.__repr__

    def __str__(self):
        return self._value_

    def __format__(self, format_spec):
        return str.__format__(self, format_spec)

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()


def _flag_value(flag, other):
    if isinstance(other, flag.__class__):
        return other._value_
    if flag._member_type_ is int and isinstance(other, int) and not isinstance(other, Enum):
        return other
    return NotImplemented


class FlagBoundary(StrEnum):
    """What a Flag does with a value holding bits none of its members has: STRICT
    raises ValueError, CONFORM drops the bits, EJECT gives a plain int, KEEP keeps them."""

    STRICT = 'strict'
    CONFORM = 'conform'
    EJECT = 'eject'
    KEEP = 'keep'


STRICT, CONFORM, EJECT, KEEP = FlagBoundary


class Flag(Enum, boundary=STRICT):
    """Members that combine with |, & and ~ into composite values."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not count:
            return start if start is not None else 1
        last = max(last_values)
        return 2 ** (_high_bit(last) + 1)

    @classmethod
    def _missing_(cls, value):
        if not isinstance(value, int):
            raise ValueError('%r is not a valid %s' % (value, cls.__qualname__))
        mask = cls._flag_mask_
        boundary = cls._boundary_
        if value < 0:
            value = value & cls._all_bits_ if cls._member_type_ is int else value
        if value & ~mask and boundary is CONFORM:
            value &= mask
        elif value & ~mask and boundary is EJECT:
            return value
        elif value & ~mask and (boundary is STRICT or boundary is None
                                and cls._member_type_ is not int):
            width = max(cls._all_bits_.bit_length(), value.bit_length())
            raise ValueError('%s invalid value %r\n    given %s\n  allowed %s'
                             % (EnumType.__repr__(cls), value,
                                _bin(value, width), _bin(mask, width)))
        if cls._member_type_ is object:
            pseudo = object.__new__(cls)
        else:
            pseudo = cls._member_type_.__new__(cls, value)
        pseudo._value_ = value
        parts = [name for name in cls._member_names_
                 if cls._member_map_[name]._value_ & value == cls._member_map_[name]._value_
                 and cls._member_map_[name]._value_]
        pseudo._name_ = '|'.join(parts) if parts else None
        extra = value & ~mask
        if extra and pseudo._name_:
            pseudo._name_ += '|%d' % extra
        elif extra:
            pseudo._name_ = None
        return cls._value2member_map_.setdefault(value, pseudo)

    def __contains__(self, other):
        if not isinstance(other, self.__class__):
            raise TypeError("unsupported operand type(s) for 'in': %r and %r"
                            % (type(other).__qualname__, self.__class__.__qualname__))
        return other._value_ & self._value_ == other._value_

    def __iter__(self):
        return iter([self.__class__._member_map_[name] for name in self._member_names_
                     if self.__class__._member_map_[name]._value_ & self._value_
                     == self.__class__._member_map_[name]._value_
                     and self.__class__._member_map_[name]._value_])

    def __len__(self):
        return bin(self._value_).count('1')

    def __repr__(self):
        if self._name_ is None:
            return '<%s: %r>' % (self.__class__.__name__, self._value_)
        return '<%s.%s: %r>' % (self.__class__.__name__, self._name_, self._value_)

    def __str__(self):
        if self._name_ is None:
            return '%s(%r)' % (self.__class__.__name__, self._value_)
        return '%s.%s' % (self.__class__.__name__, self._name_)

    def __bool__(self):
        return bool(self._value_)

    def __or__(self, other):
        other = _flag_value(self, other)
        if other is NotImplemented:
            return NotImplemented
        return self.__class__(self._value_ | other)

    def __and__(self, other):
        other = _flag_value(self, other)
        if other is NotImplemented:
            return NotImplemented
        return self.__class__(self._value_ & other)

    def __xor__(self, other):
        other = _flag_value(self, other)
        if other is NotImplemented:
            return NotImplemented
        return self.__class__(self._value_ ^ other)

    def __invert__(self):
        return self.__class__(self.__class__._flag_mask_ & ~self._value_)

    __ror__ = __or__
    __rand__ = __and__
    __rxor__ = __xor__


class IntFlag(int, ReprEnum, Flag, boundary=KEEP):
    """A Flag whose members are also ints."""

    __repr__ = Flag.__repr__
    __or__ = Flag.__or__
    __and__ = Flag.__and__
    __xor__ = Flag.__xor__
    __ror__ = Flag.__or__
    __rand__ = Flag.__and__
    __rxor__ = Flag.__xor__
    __invert__ = Flag.__invert__

    def __str__(self):
        return int.__repr__(self)

    def __format__(self, format_spec):
        return int.__format__(self, format_spec)


def _fill_base(cls):
    # Without metaclass support the base classes above were made by plain `type`:
    # give them the (empty) bookkeeping that EnumType.__new__ would have added.
    if '_member_map_' not in cls.__dict__:
        type.__setattr__(cls, '_member_names_', [])
        type.__setattr__(cls, '_member_map_', {})
        type.__setattr__(cls, '_value2member_map_', {})
        type.__setattr__(cls, '_unhashable_values_', [])
        type.__setattr__(cls, '_member_type_', int if issubclass(cls, int) else object)


for _base in (Enum, ReprEnum, IntEnum, Flag, IntFlag):
    _fill_base(_base)
del _base


def _bin(value, width):
    digits = bin(value)[2:]
    digits = '0' * (width - len(digits)) + digits
    return '0b0 ' + digits


def unique(enumeration):
    """Class decorator: raise ValueError if any two members share a value."""
    duplicates = []
    for name, member in enumeration._member_map_.items():
        if name != member.name:
            duplicates.append((name, member.name))
    if duplicates:
        details = ', '.join('%s -> %s' % (alias, name) for alias, name in duplicates)
        raise ValueError('duplicate values found in %s: %s'
                         % (EnumType.__repr__(enumeration), details))
    return enumeration
