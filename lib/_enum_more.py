"""The parts of `enum` programs use less often, imported by `enum.__getattr__` when one is
first read: `verify` with the checks of `EnumCheck`, `global_enum` and the reprs and str it
installs, the pickling helpers and `enum.property`."""

import sys
from enum import StrEnum, Flag, ReprEnum, KEEP, EnumType
from types import DynamicClassAttribute


class property(DynamicClassAttribute):
    """A property of enum members (as name and value are): read through a member, it
    runs its getter; read through the class, it is missing (a member of that name wins)."""

    def __set_name__(self, ownerclass, name):
        self.name = name

    def __get__(self, instance, ownerclass=None):
        if instance is None:
            raise AttributeError('%r has no attribute %r'
                                 % (ownerclass, getattr(self, 'name', '?')))
        return super().__get__(instance, ownerclass)


class EnumCheck(StrEnum):
    """The checks verify() can make of an enumeration."""

    CONTINUOUS = 'no skipped integer values'
    NAMED_FLAGS = 'multi-flag aliases may not contain unnamed flags'
    UNIQUE = 'one name per value'


CONTINUOUS, NAMED_FLAGS, UNIQUE = EnumCheck


def _bits(value):
    # The single bits of a non-negative int, lowest first.
    while value:
        low = value & -value
        yield low
        value ^= low


class verify:
    """Class decorator: checks the enumeration (UNIQUE, CONTINUOUS, NAMED_FLAGS) and
    raises ValueError naming what is wrong."""

    def __init__(self, *checks):
        self.checks = checks

    def __call__(self, enumeration):
        name = enumeration.__name__
        kind = 'flag' if issubclass(enumeration, Flag) else 'enum'
        for check in self.checks:
            if check is UNIQUE:
                aliases = ['%s -> %s' % (alias, member.name)
                           for alias, member in enumeration.__members__.items()
                           if alias != member.name]
                if aliases:
                    raise ValueError('aliases found in %r: %s'
                                     % (enumeration, ', '.join(aliases)))
            elif check is CONTINUOUS:
                values = set(member.value for member in enumeration)
                if len(values) < 2:
                    continue
                low, high = min(values), max(values)
                if kind == 'flag':
                    wanted = (2 ** i for i in range(low.bit_length(), high.bit_length() - 1))
                else:
                    wanted = range(low + 1, high)
                missing = [str(v) for v in wanted if v not in values]
                if missing:
                    raise ValueError(('invalid %s %r: missing values %s'
                                      % (kind, name, ', '.join(missing)))[:256])
            elif check is NAMED_FLAGS:
                named = [member.value for member in enumeration]
                missing_names, missing_value = [], 0
                for alias, member in enumeration._member_map_.items():
                    if alias in enumeration._member_names_ or member.value < 0:
                        continue
                    missed = [bit for bit in _bits(member.value) if bit not in named]
                    if missed:
                        missing_names.append(alias)
                        for bit in missed:
                            missing_value |= bit
                if missing_names:
                    if len(missing_names) == 1:
                        alias = 'alias %s is missing' % missing_names[0]
                    else:
                        alias = 'aliases %s and %s are missing' % (
                            ', '.join(missing_names[:-1]), missing_names[-1])
                    if missing_value & (missing_value - 1) == 0:
                        value = 'value 0x%x' % missing_value
                    else:
                        value = 'combined values of 0x%x' % missing_value
                    raise ValueError('invalid Flag %r: %s %s [use enum.show_flag_values'
                                     '(value) for details]' % (name, alias, value))
        return enumeration


def global_enum_repr(self):
    """The repr of a global enum's member: module.NAME."""
    module = self.__class__.__module__.split('.')[-1]
    return '%s.%s' % (module, self._name_)


def global_flag_repr(self):
    """The repr of a global flag's member: module.A|module.B (module.Class(value) when
    it has no name)."""
    module = self.__class__.__module__.split('.')[-1]
    if self._name_ is None:
        return '%s.%s(%r)' % (module, self.__class__.__name__, self._value_)
    names = self._name_.split('|')
    if self._boundary_ is KEEP:
        return '|'.join(n if n[0].isdigit() else '%s.%s' % (module, n) for n in names)
    return '|'.join('%s.%s' % (module, n) for n in names)


def global_str(self):
    """The str of a global enum's member: its bare name."""
    if self._name_ is None:
        return '%s(%r)' % (self.__class__.__name__, self._value_)
    return self._name_


def global_enum(cls, update_str=False):
    """Class decorator: puts the members in their module's namespace and gives them the
    reprs (and, unless the enum keeps its data type's str, the str) of module globals."""
    if issubclass(cls, Flag):
        type.__setattr__(cls, '__repr__', global_flag_repr)
    else:
        type.__setattr__(cls, '__repr__', global_enum_repr)
    if not issubclass(cls, ReprEnum) or update_str:
        type.__setattr__(cls, '__str__', global_str)
    sys.modules[cls.__module__].__dict__.update(cls.__members__)
    return cls


def pickle_by_global_name(self, proto):
    """A member's __reduce_ex__ that pickles it as its global name."""
    return self.name


def pickle_by_enum_name(self, proto):
    """A member's __reduce_ex__ that pickles it as getattr(its enum, its name)."""
    return getattr, (self.__class__, self._name_)


del EnumType
