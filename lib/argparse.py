"""Command-line parsing: ArgumentParser, Namespace and the common actions (a subset of
CPython 3.11's argparse with its usage, help and error texts)."""

import sys as _sys

__all__ = ['ArgumentParser', 'Namespace', 'ArgumentError', 'ArgumentTypeError',
           'HelpFormatter', 'SUPPRESS', 'OPTIONAL', 'ZERO_OR_MORE', 'ONE_OR_MORE',
           'REMAINDER', 'FileType']

SUPPRESS = '==SUPPRESS=='
OPTIONAL = '?'
ZERO_OR_MORE = '*'
ONE_OR_MORE = '+'
REMAINDER = '...'


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
    return None


class Action(object):
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

    def __repr__(self):
        names = ['option_strings', 'dest', 'nargs', 'const', 'default', 'type',
                 'choices', 'required', 'help', 'metavar']
        kind = {'store': '_StoreAction', 'store_const': '_StoreConstAction',
                'store_true': '_StoreTrueAction', 'store_false': '_StoreFalseAction',
                'append': '_AppendAction', 'count': '_CountAction', 'help': '_HelpAction',
                'version': '_VersionAction', 'append_const': '_AppendConstAction',
                'extend': '_ExtendAction'}[self.kind]
        return '%s(%s)' % (kind, ', '.join('%s=%r' % (n, getattr(self, n)) for n in names))


class HelpFormatter(object):
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            width = 80 - 2
        self.prog = prog
        self.width = width
        self.max_help_position = min(max_help_position, max(width - 20, indent_increment * 2))


class RawDescriptionHelpFormatter(HelpFormatter):
    pass


class ArgumentDefaultsHelpFormatter(HelpFormatter):
    pass


def _wrap(text, width):
    words = text.split()
    lines = []
    current = ''
    for word in words:
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += ' ' + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


class ArgumentParser(object):
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
        kind = action if isinstance(action, str) else 'store'
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

    def _add_action(self, action):
        for option in action.option_strings:
            if option in self._option_map:
                raise ArgumentError(action, 'conflicting option string: %s' % option)
        for option in action.option_strings:
            self._option_map[option] = action
        self._actions.append(action)
        return action

    def add_argument_group(self, title=None, description=None):
        return self

    def add_mutually_exclusive_group(self, required=False):
        return self

    def set_defaults(self, **kwargs):
        self._defaults.update(kwargs)
        for action in self._actions:
            if action.dest in kwargs:
                action.default = kwargs[action.dest]

    def get_default(self, dest):
        for action in self._actions:
            if action.dest == dest and action.default is not None:
                return action.default
        return self._defaults.get(dest, None)

    # Formatting.

    def _metavar(self, action):
        if action.metavar is not None:
            return action.metavar
        if action.choices is not None:
            return '{%s}' % ','.join(str(c) for c in action.choices)
        return action.dest.upper() if action.option_strings else action.dest

    def _format_args(self, action):
        metavar = self._metavar(action)
        if isinstance(metavar, tuple):
            parts = list(metavar)
        else:
            parts = None
        nargs = action.nargs
        if nargs is None:
            return metavar if parts is None else parts[0]
        if nargs == OPTIONAL:
            return '[%s]' % metavar
        if nargs == ZERO_OR_MORE:
            return '[%s ...]' % metavar
        if nargs == ONE_OR_MORE:
            return '%s [%s ...]' % (metavar, metavar)
        if nargs == REMAINDER:
            return '...'
        if parts is not None:
            return ' '.join(parts)
        return ' '.join([metavar] * nargs)

    def _usage_parts(self):
        optionals = []
        positionals = []
        for action in self._actions:
            if action.help == SUPPRESS:
                continue
            if action.option_strings:
                text = action.option_strings[0]
                if action.nargs != 0:
                    text += ' ' + self._format_args(action)
                if not action.required:
                    text = '[%s]' % text
                optionals.append(text)
            else:
                positionals.append(self._format_args(action))
        return optionals, positionals

    def format_usage(self):
        prefix = 'usage: '
        if self.usage is not None:
            return prefix + self.usage.replace('%(prog)s', self.prog) + '\n'
        optionals, positionals = self._usage_parts()
        usage = ' '.join([self.prog] + optionals + positionals)
        text_width = 78
        if len(prefix) + len(usage) > text_width:
            def get_lines(parts, indent, prefix=None):
                lines = []
                line = []
                line_len = len(prefix) - 1 if prefix is not None else len(indent) - 1
                for part in parts:
                    if line_len + 1 + len(part) > text_width and line:
                        lines.append(indent + ' '.join(line))
                        line = []
                        line_len = len(indent) - 1
                    line.append(part)
                    line_len += len(part) + 1
                if line:
                    lines.append(indent + ' '.join(line))
                if prefix is not None:
                    lines[0] = lines[0][len(indent):]
                return lines

            if len(prefix) + len(self.prog) <= 0.75 * text_width:
                indent = ' ' * (len(prefix) + len(self.prog) + 1)
                if optionals:
                    lines = get_lines([self.prog] + optionals, indent, prefix)
                    lines.extend(get_lines(positionals, indent))
                else:
                    lines = get_lines([self.prog] + positionals, indent, prefix)
            else:
                indent = ' ' * len(prefix)
                lines = get_lines(optionals + positionals, indent)
                lines = [self.prog] + lines
            usage = '\n'.join(lines)
        return prefix + usage + '\n'

    def _invocation(self, action):
        if not action.option_strings:
            return self._metavar(action)
        if action.nargs == 0:
            return ', '.join(action.option_strings)
        args = self._format_args(action)
        return ', '.join('%s %s' % (option, args) for option in action.option_strings)

    def format_help(self):
        width = 78
        out = [self.format_usage()]
        if self.description:
            out.append('\n' + '\n'.join(_wrap(self.description, width)) + '\n')
        shown = [a for a in self._actions if a.help != SUPPRESS]
        max_len = 0
        for action in shown:
            max_len = max(max_len, len(self._invocation(action)) + 2)
        help_position = min(max_len + 2, 24)
        sections = [('positional arguments', [a for a in shown if not a.option_strings]),
                    ('options', [a for a in shown if a.option_strings])]
        for title, actions in sections:
            if not actions:
                continue
            out.append('\n%s:\n' % title)
            for action in actions:
                invocation = self._invocation(action)
                help_text = action.help
                if help_text is not None:
                    params = dict(vars(action), prog=self.prog)
                    for name in list(params):
                        if params[name] is SUPPRESS:
                            del params[name]
                    if params.get('choices') is not None:
                        params['choices'] = ', '.join(str(c) for c in params['choices'])
                    help_text = help_text % params if '%' in help_text else help_text
                if not help_text:
                    out.append('  %s\n' % invocation)
                    continue
                help_lines = _wrap(help_text, max(width - help_position, 11))
                if len(invocation) + 2 <= help_position - 2:
                    out.append('  %-*s%s\n' % (help_position - 2, invocation, help_lines[0]))
                else:
                    out.append('  %s\n' % invocation)
                    out.append('%s%s\n' % (' ' * help_position, help_lines[0]))
                for line in help_lines[1:]:
                    out.append('%s%s\n' % (' ' * help_position, line))
        if self.epilog:
            out.append('\n' + '\n'.join(_wrap(self.epilog, width)) + '\n')
        return ''.join(out)

    def print_usage(self, file=None):
        (file or _sys.stdout).write(self.format_usage())

    def print_help(self, file=None):
        (file or _sys.stdout).write(self.format_help())

    def exit(self, status=0, message=None):
        if message:
            _sys.stderr.write(message)
        _sys.exit(status)

    def error(self, message):
        self.print_usage(_sys.stderr)
        self.exit(2, '%s: error: %s\n' % (self.prog, message))

    # Parsing.

    def parse_args(self, args=None, namespace=None):
        args, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error('unrecognized arguments: %s' % ' '.join(extras))
        return args

    def parse_known_args(self, args=None, namespace=None):
        if args is None:
            args = _sys.argv[1:]
        else:
            args = list(args)
        if namespace is None:
            namespace = Namespace()
        try:
            return self._parse(args, namespace)
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
            elif isinstance(action.default, str) and action.type is not None \
                    and action.kind == 'store' \
                    and getattr(namespace, action.dest, None) is action.default:
                setattr(namespace, action.dest, self._convert(action, action.default))
        if required:
            raise ArgumentError(None, 'the following arguments are required: %s'
                                % ', '.join(required))
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
    def __init__(self, mode='r', bufsize=-1, encoding=None, errors=None):
        self._mode = mode

    def __call__(self, string):
        if string == '-':
            return _sys.stdin if 'r' in self._mode else _sys.stdout
        return open(string, self._mode)
