"""Command-line parsing: ArgumentParser, Namespace and the common actions (a subset of
CPython 3.11's argparse with its usage, help and error texts)."""

import sys as _sys

__all__ = ['ArgumentParser', 'Namespace', 'ArgumentError', 'ArgumentTypeError',
           'HelpFormatter', 'SUPPRESS', 'OPTIONAL', 'ZERO_OR_MORE', 'ONE_OR_MORE',
           'REMAINDER', 'PARSER', 'FileType', 'RawDescriptionHelpFormatter',
           'RawTextHelpFormatter', 'ArgumentDefaultsHelpFormatter',
           'MetavarTypeHelpFormatter', 'Action', 'BooleanOptionalAction']

from _argparse_help import SUPPRESS, OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE, REMAINDER, PARSER

_UNRECOGNIZED_ARGS_ATTR = '_unrecognized_args'


class Namespace(object):
    """A plain object holding the parsed values as attributes."""

    def __init__(self, **kwargs):
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __repr__(self):
        parts = []
        for name, value in vars(self).items():
            if name.isidentifier():
                parts.append('%s=%r' % (name, value))
            else:
                parts.append('**{%r: %r}' % (name, value))
        return 'Namespace(%s)' % ', '.join(parts)

    def __eq__(self, other):
        if not isinstance(other, Namespace):
            return NotImplemented
        return vars(self) == vars(other)

    def __contains__(self, key):
        return key in vars(self)


class ArgumentError(Exception):
    """An error from one argument: its name and the message."""

    def __init__(self, argument, message):
        self.argument_name = _action_name(argument)
        self.message = message

    def __str__(self):
        if self.argument_name is None:
            return self.message
        return 'argument %s: %s' % (self.argument_name, self.message)


class ArgumentTypeError(Exception):
    """Raise from a type= function to report an invalid value."""


def _action_name(action):
    if action is None:
        return None
    if action.option_strings:
        return '/'.join(action.option_strings)
    if action.metavar not in (None, SUPPRESS):
        return action.metavar
    if action.dest not in (None, SUPPRESS):
        return action.dest
    if action.choices:
        return '{' + ','.join(action.choices) + '}'
    return None


class Action(object):
    """What the parser does with an argument it meets: a subclass's __call__(parser,
    namespace, values, option_string) receives the converted values (action=TheClass in
    add_argument); the built-in actions are named by strings ('store', 'count', ...)."""

    def __init__(self, option_strings, dest, nargs=None, const=None, default=None,
                 type=None, choices=None, required=False, help=None, metavar=None,
                 kind='store', version=None):
        self.option_strings = option_strings
        self.dest = dest
        self.nargs = nargs
        self.const = const
        self.default = default
        self.type = type
        self.choices = choices
        self.required = required
        self.help = help
        self.metavar = metavar
        self.kind = kind
        self.version = version

    def format_usage(self):
        return self.option_strings[0]

    def __call__(self, parser, namespace, values, option_string=None):
        raise NotImplementedError('.__call__() not defined')

    def __repr__(self):
        names = ['option_strings', 'dest', 'nargs', 'const', 'default', 'type',
                 'choices', 'required', 'help', 'metavar']
        if self.kind == 'custom':
            return '%s(%s)' % (type(self).__name__,
                               ', '.join('%s=%r' % (n, getattr(self, n)) for n in names))
        kind = {'store': '_StoreAction', 'store_const': '_StoreConstAction',
                'store_true': '_StoreTrueAction', 'store_false': '_StoreFalseAction',
                'append': '_AppendAction', 'count': '_CountAction', 'help': '_HelpAction',
                'version': '_VersionAction', 'append_const': '_AppendConstAction',
                'extend': '_ExtendAction', 'parsers': '_SubParsersAction'}[self.kind]
        return '%s(%s)' % (kind, ', '.join('%s=%r' % (n, getattr(self, n)) for n in names))


class BooleanOptionalAction(Action):
    """An option given as --name or --no-name, storing True or False."""

    def __init__(self, option_strings, dest, default=None, type=None, choices=None,
                 required=False, help=None, metavar=None):
        both = []
        for option in option_strings:
            both.append(option)
            if option.startswith('--'):
                both.append('--no-' + option[2:])
        super().__init__(option_strings=both, dest=dest, nargs=0, default=default,
                         type=type, choices=choices, required=required, help=help,
                         metavar=metavar)

    def __call__(self, parser, namespace, values, option_string=None):
        if option_string in self.option_strings:
            setattr(namespace, self.dest, not option_string.startswith('--no-'))

    def format_usage(self):
        return ' | '.join(self.option_strings)


from _argparse_help import (HelpFormatter, RawDescriptionHelpFormatter,  # noqa: E402
                            RawTextHelpFormatter, ArgumentDefaultsHelpFormatter,
                            MetavarTypeHelpFormatter, _HelpMixin)


class _ArgumentGroup(object):
    """A titled section of the help; its arguments belong to the parser."""

    def __init__(self, parser, title=None, description=None):
        self._parser = parser
        self.title = title
        self.description = description
        self._group_actions = []

    def add_argument(self, *args, **kwargs):
        action = self._parser.add_argument(*args, **kwargs)
        self._group_actions.append(action)
        return action

    def add_mutually_exclusive_group(self, required=False):
        group = _MutuallyExclusiveGroup(self, required)
        self._parser._mutex_groups.append(group)
        return group

    def set_defaults(self, **kwargs):
        self._parser.set_defaults(**kwargs)


class _MutuallyExclusiveGroup(object):
    """Arguments of which at most one (exactly one if required) may be given."""

    def __init__(self, container, required=False):
        self._container = container
        self.required = required
        self._group_actions = []

    def add_argument(self, *args, **kwargs):
        action = self._container.add_argument(*args, **kwargs)
        if action.required:
            raise ValueError('mutually exclusive arguments must be optional')
        self._group_actions.append(action)
        return action


class _ChoicesPseudoAction(Action):
    def __init__(self, name, aliases, help):
        metavar = name
        if aliases:
            metavar += ' (%s)' % ', '.join(aliases)
        Action.__init__(self, [], name, help=help, metavar=metavar)


class _SubParsersAction(Action):
    """The sub-command positional: its first value names a parser that parses the rest."""

    def __init__(self, option_strings, prog, parser_class, dest=SUPPRESS, required=False,
                 help=None, metavar=None):
        self._prog_prefix = prog
        self._parser_class = parser_class
        self._name_parser_map = {}
        self._choices_actions = []
        Action.__init__(self, option_strings, dest, nargs=PARSER, choices=self._name_parser_map,
                        required=required, help=help, metavar=metavar, kind='parsers')

    def add_parser(self, name, **kwargs):
        if kwargs.get('prog') is None:
            kwargs['prog'] = '%s %s' % (self._prog_prefix, name)
        aliases = kwargs.pop('aliases', ())
        if name in self._name_parser_map:
            raise ArgumentError(self, 'conflicting subparser: %s' % name)
        for alias in aliases:
            if alias in self._name_parser_map:
                raise ArgumentError(self, 'conflicting subparser alias: %s' % alias)
        if 'help' in kwargs:
            self._choices_actions.append(_ChoicesPseudoAction(name, aliases, kwargs.pop('help')))
        parser = self._parser_class(**kwargs)
        self._name_parser_map[name] = parser
        for alias in aliases:
            self._name_parser_map[alias] = parser
        return parser

    def _get_subactions(self):
        return self._choices_actions


class ArgumentParser(_HelpMixin):
    """Parses command-line arguments into a Namespace."""

    def __init__(self, prog=None, usage=None, description=None, epilog=None,
                 parents=(), formatter_class=HelpFormatter, prefix_chars='-',
                 fromfile_prefix_chars=None, argument_default=None,
                 conflict_handler='error', add_help=True, allow_abbrev=True,
                 exit_on_error=True):
        if prog is None:
            prog = _sys.argv[0].replace('\\', '/').split('/')[-1] if _sys.argv else ''
        self.prog = prog
        self.usage = usage
        self.description = description
        self.epilog = epilog
        self.formatter_class = formatter_class
        self.prefix_chars = prefix_chars
        self.argument_default = argument_default
        self.allow_abbrev = allow_abbrev
        self.exit_on_error = exit_on_error
        self._groups = []
        self._mutex_groups = []
        self._subparsers = None
        self._actions = []
        self._option_map = {}
        self._defaults = {}
        if add_help:
            self.add_argument('-h', '--help', action='help', default=SUPPRESS,
                              help='show this help message and exit')
        for parent in parents:
            for action in parent._actions:
                if action.kind != 'help':
                    self._add_action(action)

    # Building.

    def add_argument(self, *args, **kwargs):
        """add_argument(dest, ..., name=value, ...)
        add_argument(option_string, option_string, ..., name=value, ...)

        Say how one command-line argument is read: a positional one by its
        destination name, an optional one by its option strings ('-f', '--foo'),
        with action, nargs, const, default, type, choices, required, help,
        metavar and dest as keywords. Gives the Action made.
        """
        chars = self.prefix_chars
        if not args or (len(args) == 1 and args[0][:1] not in chars):
            if args and 'dest' in kwargs:
                raise ValueError('dest supplied twice for positional argument')
            dest = args[0] if args else kwargs.pop('dest')
            option_strings = []
            if 'required' in kwargs:
                raise TypeError("'required' is an invalid argument for positionals")
            nargs = kwargs.get('nargs')
            required = nargs not in (OPTIONAL, ZERO_OR_MORE, REMAINDER)
            if nargs == ZERO_OR_MORE and 'default' not in kwargs:
                required = True
        else:
            option_strings = list(args)
            for option in option_strings:
                if option[:1] not in chars:
                    raise ValueError('invalid option string %r: must start with a character %r'
                                     % (option, chars))
            dest = kwargs.pop('dest', None)
            if dest is None:
                long_options = [o for o in option_strings if o[1:2] in chars]
                dest = (long_options or option_strings)[0].lstrip(chars).replace('-', '_')
            required = kwargs.pop('required', False)
        action = kwargs.pop('action', 'store')
        if not isinstance(action, str):
            return self._add_custom_action(action, option_strings, dest, required, kwargs)
        kind = action
        nargs = kwargs.pop('nargs', None)
        const = kwargs.pop('const', None)
        default = kwargs.pop('default', self.argument_default)
        if kind == 'store_true':
            nargs, const = 0, True
            default = False if default is None else default
        elif kind == 'store_false':
            nargs, const = 0, False
            default = True if default is None else default
        elif kind in ('store_const', 'append_const', 'count', 'help', 'version'):
            nargs = 0
        if kind == 'help' and default is None:
            default = SUPPRESS
        if kind == 'version' and default is None:
            default = SUPPRESS
        if kind == 'version' and 'help' not in kwargs:
            kwargs['help'] = "show program's version number and exit"
        if nargs == 0 and kind in ('store', 'append', 'extend'):
            raise ValueError('nargs for store actions must be != 0; if you have nothing to '
                             'store, actions such as store true or store const may be more '
                             'appropriate')
        act = Action(option_strings, dest, nargs=nargs, const=const, default=default,
                     type=kwargs.pop('type', None), choices=kwargs.pop('choices', None),
                     required=required, help=kwargs.pop('help', None),
                     metavar=kwargs.pop('metavar', None), kind=kind,
                     version=kwargs.pop('version', None))
        if kwargs:
            raise TypeError('unexpected keyword arguments: %s' % ', '.join(kwargs))
        return self._add_action(act)

    def _add_custom_action(self, action_class, option_strings, dest, required, kwargs):
        # An Action subclass (or any callable making an action) given as action=.
        if not callable(action_class):
            raise ValueError('unknown action "%s"' % (action_class,))
        kwargs = dict(kwargs, option_strings=option_strings, dest=dest)
        if required or not option_strings:
            kwargs['required'] = required
        if 'default' not in kwargs and self.argument_default is not None:
            kwargs['default'] = self.argument_default
        action = action_class(**kwargs)
        action.kind = 'custom'
        if action.type is not None and not callable(action.type):
            raise ValueError('%r is not callable' % (action.type,))
        return self._add_action(action)

    def _add_action(self, action):
        for option in action.option_strings:
            if option in self._option_map:
                raise ArgumentError(action, 'conflicting option string: %s' % option)
        for option in action.option_strings:
            self._option_map[option] = action
        self._actions.append(action)
        return action

    def add_argument_group(self, title=None, description=None):
        """A new group of arguments, shown under its own title (and description)
        in the help.
        """
        group = _ArgumentGroup(self, title, description)
        self._groups.append(group)
        return group

    def add_mutually_exclusive_group(self, required=False):
        """A new group whose arguments cannot be given together; with required,
        one of them must be given.
        """
        group = _MutuallyExclusiveGroup(self, required)
        self._mutex_groups.append(group)
        return group

    def add_subparsers(self, title=None, description=None, prog=None, parser_class=None,
                       dest=SUPPRESS, required=False, help=None, metavar=None, **kwargs):
        """A sub-command argument; its add_parser() makes a parser for each command."""
        if self._subparsers is not None:
            self.error('cannot have multiple subparser arguments')
        if prog is None:
            positionals = [self._format_args(a) for a in self._actions
                           if not a.option_strings and a.help != SUPPRESS]
            prog = ' '.join([self.prog] + positionals)
        action = _SubParsersAction([], prog, parser_class or type(self), dest=dest,
                                   required=required, help=help, metavar=metavar)
        if title is not None or description is not None:
            group = self.add_argument_group(title or 'subcommands', description)
            group._group_actions.append(action)
        self._subparsers = action
        self._add_action(action)
        return action

    def set_defaults(self, **kwargs):
        """Set the values attributes get when their arguments are not given, by
        destination name; these win over the defaults of the arguments.
        """
        self._defaults.update(kwargs)
        for action in self._actions:
            if action.dest in kwargs:
                action.default = kwargs[action.dest]

    def get_default(self, dest):
        """The default value of the destination dest."""
        for action in self._actions:
            if action.dest == dest and action.default is not None:
                return action.default
        return self._defaults.get(dest, None)

    def exit(self, status=0, message=None):
        """Print message (if any) to stderr and leave with the given status."""
        if message:
            _sys.stderr.write(message)
        _sys.exit(status)

    def error(self, message):
        """error(message: string)

        Print the usage and the message to stderr, and leave with status 2.

        Subclasses that override it should either leave or raise an exception.
        """
        self.print_usage(_sys.stderr)
        self.exit(2, '%s: error: %s\n' % (self.prog, message))

    # Parsing.

    def parse_args(self, args=None, namespace=None):
        """Read the command-line arguments (sys.argv[1:] when args is None) into a
        namespace and give it; arguments it does not know are an error.
        """
        args, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error('unrecognized arguments: %s' % ' '.join(extras))
        return args

    def parse_known_args(self, args=None, namespace=None):
        """Read the command-line arguments (sys.argv[1:] when args is None) into a
        namespace, and give it with the list of the arguments it did not know.
        """
        if args is None:
            args = _sys.argv[1:]
        else:
            args = list(args)
        if namespace is None:
            namespace = Namespace()
        try:
            namespace, extras = self._parse(args, namespace)
            if hasattr(namespace, _UNRECOGNIZED_ARGS_ATTR):
                extras.extend(getattr(namespace, _UNRECOGNIZED_ARGS_ATTR))
                delattr(namespace, _UNRECOGNIZED_ARGS_ATTR)
            return namespace, extras
        except ArgumentError as err:
            if not self.exit_on_error:
                raise
            self.error(str(err))

    def _looks_negative(self, arg):
        try:
            float(arg)
        except ValueError:
            return False
        return not any(option[1:2].isdigit() for option in self._option_map)

    def _find_option(self, arg):
        if arg in self._option_map:
            return self._option_map[arg], None
        if '=' in arg and arg.startswith('--'):
            name, value = arg.split('=', 1)
            if name in self._option_map:
                return self._option_map[name], value
        if arg.startswith('--') and self.allow_abbrev:
            name = arg.split('=', 1)[0]
            matches = [o for o in self._option_map if o.startswith(name)]
            if len(matches) > 1:
                raise ArgumentError(None, 'ambiguous option: %s could match %s'
                                    % (name, ', '.join(matches)))
            if matches:
                value = arg.split('=', 1)[1] if '=' in arg else None
                return self._option_map[matches[0]], value
        if not arg.startswith('--') and len(arg) > 2:
            short = arg[:2]
            if short in self._option_map:
                action = self._option_map[short]
                if arg[2] == '=':
                    return action, arg[3:]
                if action.nargs == 0:
                    return action, ('-' + arg[2:], 'flags')
                return action, arg[2:]
        return None, None

    def _convert(self, action, text):
        func = action.type
        if func is None:
            value = text
        else:
            try:
                value = func(text)
            except ArgumentTypeError as err:
                raise ArgumentError(action, str(err))
            except (TypeError, ValueError):
                name = getattr(func, '__name__', repr(func))
                raise ArgumentError(action, 'invalid %s value: %r' % (name, text))
        if action.choices is not None and value not in action.choices:
            raise ArgumentError(action, 'invalid choice: %r (choose from %s)' % (
                value, ', '.join(repr(c) for c in action.choices)))
        return value

    def _take(self, action, values, namespace, option=None):
        kind = action.kind
        self._check_conflicts(action, values)
        if kind == 'custom':
            self._take_custom(action, values, namespace, option)
            return
        if kind == 'parsers':
            self._take_parser(action, values, namespace)
            return
        if kind == 'help':
            self.print_help()
            self.exit()
        if kind == 'version':
            _sys.stdout.write(action.version.replace('%(prog)s', self.prog) + '\n')
            self.exit()
        if kind in ('store_true', 'store_false', 'store_const'):
            setattr(namespace, action.dest, action.const)
        elif kind == 'count':
            setattr(namespace, action.dest, (getattr(namespace, action.dest, None) or 0) + 1)
        elif kind == 'append_const':
            items = list(getattr(namespace, action.dest, None) or [])
            items.append(action.const)
            setattr(namespace, action.dest, items)
        else:
            if action.nargs is None:
                value = self._convert(action, values[0])
            elif action.nargs == OPTIONAL:
                if values:
                    value = self._convert(action, values[0])
                elif option is not None:
                    value = action.const
                else:
                    value = action.default
            elif action.nargs == REMAINDER:
                value = list(values)
            else:
                value = [self._convert(action, v) for v in values]
            if kind == 'append':
                items = list(getattr(namespace, action.dest, None) or [])
                items.append(value)
                value = items
            elif kind == 'extend':
                items = list(getattr(namespace, action.dest, None) or [])
                items.extend(value)
                value = items
            setattr(namespace, action.dest, value)

    def _take_custom(self, action, values, namespace, option):
        # The values converted as for 'store', handed to the action's __call__ with the
        # option string that named it (without an attached '=value').
        if action.nargs is None:
            value = self._convert(action, values[0])
        elif action.nargs == OPTIONAL:
            if values:
                value = self._convert(action, values[0])
            else:
                value = action.const if option is not None else action.default
        elif action.nargs == REMAINDER:
            value = list(values)
        else:
            value = [self._convert(action, v) for v in values]
        if option is not None and option not in action.option_strings:
            named = [o for o in action.option_strings if option.startswith(o)]
            option = max(named, key=len) if named else option
        action(self, namespace, value, option)

    def _check_conflicts(self, action, values):
        # an argument given with a value other than its default excludes the rest of its
        # mutually exclusive groups
        if action.nargs == OPTIONAL and not values and action.const is None:
            return
        for group in self._mutex_groups:
            if action not in group._group_actions:
                continue
            for other in group._group_actions:
                if other is not action and other in self._seen_non_default:
                    raise ArgumentError(action, 'not allowed with argument %s'
                                        % _action_name(other))
        self._seen_non_default.append(action)

    def _take_parser(self, action, values, namespace):
        name, arg_strings = values[0], values[1:]
        if action.dest is not SUPPRESS:
            setattr(namespace, action.dest, name)
        try:
            parser = action._name_parser_map[name]
        except KeyError:
            raise ArgumentError(action, 'invalid choice: %r (choose from %s)' % (
                name, ', '.join(map(repr, action._name_parser_map)))) from None
        subnamespace, arg_strings = parser.parse_known_args(arg_strings, None)
        for key, value in vars(subnamespace).items():
            setattr(namespace, key, value)
        if arg_strings:
            items = getattr(namespace, _UNRECOGNIZED_ARGS_ATTR, [])
            setattr(namespace, _UNRECOGNIZED_ARGS_ATTR, items + arg_strings)

    def _is_option(self, arg):
        if not arg or arg[:1] not in self.prefix_chars:
            return False
        if arg in self._option_map:
            return True
        if len(arg) == 1:
            return False
        if '=' in arg and arg.split('=', 1)[0] in self._option_map:
            return True
        if self._looks_negative(arg):
            return False
        if ' ' in arg:
            return False
        return True

    def _parse(self, args, namespace):
        for action in self._actions:
            if action.dest is not SUPPRESS and action.default is not SUPPRESS \
                    and not hasattr(namespace, action.dest):
                setattr(namespace, action.dest, action.default)
        for dest, value in self._defaults.items():
            if not hasattr(namespace, dest):
                setattr(namespace, dest, value)
        # One letter per argument: 'O' an option, 'A' a value, '-' the '--' marker.
        pattern = []
        after_dashes = False
        for arg in args:
            if after_dashes:
                pattern.append('A')
            elif arg == '--':
                pattern.append('-')
                after_dashes = True
            elif self._is_option(arg):
                pattern.append('O')
            else:
                pattern.append('A')
        self._pattern = pattern
        self._seen = []
        self._seen_non_default = []
        self._positionals = [a for a in self._actions if not a.option_strings]
        extras = []
        n = len(args)
        start = 0
        while start < n:
            if pattern[start] != 'O':
                end = self._consume_positionals(args, start, namespace)
                if end > start:
                    start = end
                    continue
                stop = start
                while stop < n and pattern[stop] != 'O':
                    stop += 1
                extras.extend(args[start:stop])
                start = stop
                continue
            start = self._consume_optional(args, start, namespace, extras)
        required = []
        for action in self._actions:
            if action in self._seen:
                continue
            if action.required:
                required.append(_action_name(action))
            elif action.kind == 'custom' and not action.option_strings \
                    and action.nargs in (OPTIONAL, ZERO_OR_MORE):
                # A positional that may be absent still has its action called, with
                # the default (a string default converted as a given value would be).
                value = action.default
                if isinstance(value, str):
                    value = self._convert(action, value)
                elif value is None and action.nargs == ZERO_OR_MORE:
                    value = []
                action(self, namespace, value, None)
            elif isinstance(action.default, str) and action.type is not None \
                    and action.kind == 'store' \
                    and getattr(namespace, action.dest, None) is action.default:
                setattr(namespace, action.dest, self._convert(action, action.default))
        if required:
            raise ArgumentError(None, 'the following arguments are required: %s'
                                % ', '.join(required))
        for group in self._mutex_groups:
            if group.required and not any(a in self._seen for a in group._group_actions):
                names = [_action_name(a) for a in group._group_actions if a.help != SUPPRESS]
                raise ArgumentError(None, 'one of the arguments %s is required'
                                    % ' '.join(names))
        return namespace, extras

    def _match_counts(self, actions, region):
        """The numbers of arguments each action takes from the start of region, or None."""
        if not actions:
            return []
        action = actions[0]
        nargs = action.nargs
        limit = len(region)
        for count in range(limit, -1, -1):
            chunk = region[:count]
            a_count = chunk.count('A')
            if nargs is None:
                ok = a_count == 1
            elif nargs == OPTIONAL:
                ok = a_count <= 1
            elif nargs == ZERO_OR_MORE or nargs == REMAINDER:
                ok = True
            elif nargs == ONE_OR_MORE:
                ok = a_count >= 1
            elif nargs == PARSER:
                ok = a_count >= 1 and count == limit
            else:
                ok = a_count == nargs
            if not ok:
                continue
            rest = self._match_counts(actions[1:], region[count:])
            if rest is not None:
                return [count] + rest
        return None

    def _consume_positionals(self, args, start, namespace):
        stop = start
        while stop < len(args) and self._pattern[stop] != 'O':
            stop += 1
        region = ''.join(self._pattern[start:stop])
        positionals = self._positionals
        counts = None
        for i in range(len(positionals), 0, -1):
            counts = self._match_counts(positionals[:i], region)
            if counts is not None:
                break
        if not counts:
            return start
        for action, count in zip(list(positionals), counts):
            if action.nargs == PARSER:
                # the sub-command takes everything after it, options included
                count = len(args) - start
            values = list(args[start:start + count])
            start += count
            if '--' in values and action.nargs != REMAINDER:
                values.remove('--')
            self._seen.append(action)
            nargs = action.nargs
            if nargs == OPTIONAL and not values:
                value = action.default
                if isinstance(value, str) and action.type is not None:
                    value = self._convert(action, value)
                setattr(namespace, action.dest, value)
            elif nargs == ZERO_OR_MORE and not values:
                setattr(namespace, action.dest,
                        action.default if action.default is not None else [])
            else:
                self._take(action, values, namespace)
        del positionals[:len(counts)]
        return start

    def _consume_optional(self, args, start, namespace, extras):
        arg = args[start]
        action, attached = self._find_option(arg)
        if action is None:
            extras.append(arg)
            return start + 1
        while True:
            self._seen.append(action)
            if isinstance(attached, tuple):
                # Combined short flags: -vq
                self._take(action, [], namespace, arg[:2])
                rest = attached[0]
                if len(rest) < 2:
                    return start + 1
                arg = rest
                action, attached = self._find_option(rest)
                if action is None:
                    raise ArgumentError(self._seen[-1],
                                        'ignored explicit argument %r' % rest[1:])
                continue
            break
        nargs = action.nargs
        if attached is not None:
            if nargs == 0:
                raise ArgumentError(action, 'ignored explicit argument %r' % attached)
            self._take(action, [attached], namespace, arg)
            return start + 1
        start += 1
        if nargs == 0:
            self._take(action, [], namespace, arg)
            return start
        available = 0
        while start + available < len(args) and self._pattern[start + available] == 'A':
            available += 1
        if nargs is None:
            count = 1 if available >= 1 else -1
        elif nargs == OPTIONAL:
            count = min(available, 1)
        elif nargs == ZERO_OR_MORE:
            count = available
        elif nargs == ONE_OR_MORE:
            count = available if available >= 1 else -1
        elif nargs == REMAINDER:
            count = len(args) - start
        else:
            count = nargs if available >= nargs else -1
        if count < 0:
            if nargs is None:
                message = 'expected one argument'
            elif nargs == ONE_OR_MORE:
                message = 'expected at least one argument'
            elif nargs == 1:
                message = 'expected 1 argument'
            else:
                message = 'expected %s arguments' % nargs
            raise ArgumentError(action, message)
        self._take(action, args[start:start + count], namespace, arg)
        return start + count


class FileType(object):
    """A factory of file objects, for the type= of add_argument().

    FileType('w') makes a type that opens its string argument for writing;
    '-' stands for sys.stdin or sys.stdout, as the mode says. mode, bufsize,
    encoding and errors are those of open().
    """
    def __init__(self, mode='r', bufsize=-1, encoding=None, errors=None):
        self._mode = mode

    def __call__(self, string):
        if string == '-':
            return _sys.stdin if 'r' in self._mode else _sys.stdout
        return open(string, self._mode)
