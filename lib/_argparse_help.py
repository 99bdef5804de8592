"""argparse's usage and help text: the formatter classes, and the formatting methods of
ArgumentParser (usage line wrapping, mutually exclusive groups in the usage, argument
groups and sub-commands in the help)."""

import sys as _sys

SUPPRESS = '==SUPPRESS=='
OPTIONAL = '?'
ZERO_OR_MORE = '*'
ONE_OR_MORE = '+'
REMAINDER = '...'
PARSER = 'A...'


class HelpFormatter(object):
    """The default help layout (descriptions and help texts are re-wrapped)."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            width = 80 - 2
        self.prog = prog
        self.width = width
        self.max_help_position = min(max_help_position, max(width - 20, indent_increment * 2))


class RawDescriptionHelpFormatter(HelpFormatter):
    """Keeps the description's and epilog's line breaks."""


class RawTextHelpFormatter(RawDescriptionHelpFormatter):
    """Keeps the line breaks of every help text too."""


class ArgumentDefaultsHelpFormatter(HelpFormatter):
    """Adds ' (default: ...)' to each help text."""


class MetavarTypeHelpFormatter(HelpFormatter):
    """Names each argument by its type= function."""


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


class _HelpMixin(object):
    """The formatting methods of ArgumentParser."""

    def _formatter_is(self, cls):
        fc = self.formatter_class
        return isinstance(fc, type) and issubclass(fc, cls)

    def _metavar(self, action):
        if action.metavar is not None:
            return action.metavar
        if self._formatter_is(MetavarTypeHelpFormatter) and action.type is not None:
            return action.type.__name__
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
        if nargs == PARSER:
            return '%s ...' % metavar
        if parts is not None:
            return ' '.join(parts)
        return ' '.join([metavar] * nargs)

    def _usage_part(self, action, in_group):
        if not action.option_strings:
            return self._format_args(action)
        text = action.format_usage()
        if action.nargs != 0:
            text += ' ' + self._format_args(action)
        if not action.required and not in_group:
            text = '[%s]' % text
        return text

    def _usage_parts(self):
        optionals = []
        positionals = []
        shown = [a for a in self._actions if a.help != SUPPRESS]
        done = set()
        for action in shown:
            if id(action) in done:
                continue
            group = self._mutex_group_of(action, shown)
            if group is not None:
                members = [a for a in group._group_actions if a.help != SUPPRESS]
                for member in members:
                    done.add(id(member))
                inner = ' | '.join(self._usage_part(a, True) for a in members)
                text = ('(%s)' if group.required else '[%s]') % inner
                if len(members) == 1 and not group.required:
                    text = '[%s]' % self._usage_part(members[0], True)
                elif len(members) == 1:
                    text = self._usage_part(members[0], True)
                (optionals if action.option_strings else positionals).append(text)
                continue
            if action.option_strings:
                optionals.append(self._usage_part(action, False))
            else:
                positionals.append(self._usage_part(action, False))
        return optionals, positionals

    def _mutex_group_of(self, action, shown):
        # A group is drawn as one (a | b) part when its actions are next to each other.
        for group in self._mutex_groups:
            members = [a for a in group._group_actions if a.help != SUPPRESS]
            if action is not (members[0] if members else None):
                continue
            start = shown.index(action)
            if shown[start:start + len(members)] == members:
                return group
        return None

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

    def _help_text(self, action):
        help_text = action.help
        if help_text is None:
            return None
        if self._formatter_is(ArgumentDefaultsHelpFormatter) and '%(default)' not in help_text \
                and action.default is not SUPPRESS \
                and (action.option_strings or action.nargs in (OPTIONAL, ZERO_OR_MORE)):
            help_text += ' (default: %(default)s)'
        if '%' in help_text:
            params = dict(vars(action), prog=self.prog)
            for name in list(params):
                if params[name] is SUPPRESS:
                    del params[name]
            for name in list(params):
                if hasattr(params[name], '__name__'):
                    params[name] = params[name].__name__
            if params.get('choices') is not None:
                params['choices'] = ', '.join(str(c) for c in params['choices'])
            help_text = help_text % params
        return help_text

    def _text_block(self, text, width, indent=''):
        if self._formatter_is(RawDescriptionHelpFormatter):
            return ''.join(indent + line for line in text.splitlines(keepends=True)) + '\n'
        return '\n'.join(indent + line for line in _wrap(text, width - len(indent))) + '\n'

    def _sections(self, shown):
        grouped = set()
        for group in self._groups:
            for action in group._group_actions:
                grouped.add(id(action))
        sections = [('positional arguments', None,
                     [a for a in shown if not a.option_strings and id(a) not in grouped]),
                    ('options', None,
                     [a for a in shown if a.option_strings and id(a) not in grouped])]
        for group in self._groups:
            sections.append((group.title, group.description,
                             [a for a in group._group_actions if a.help != SUPPRESS]))
        return sections

    def format_help(self):
        width = 78
        out = [self.format_usage()]
        if self.description:
            out.append('\n' + self._text_block(self.description, width))
        shown = [a for a in self._actions if a.help != SUPPRESS]
        max_len = 0
        for action in shown:
            max_len = max(max_len, len(self._invocation(action)) + 2)
            for sub in getattr(action, '_choices_actions', ()):
                max_len = max(max_len, len(sub.metavar) + 4)
        help_position = min(max_len + 2, 24)
        for title, description, actions in self._sections(shown):
            if not actions and not description:
                continue
            out.append('\n%s:\n' % title if title is not None else '\n')
            if description:
                out.append(self._text_block(description, width, '  ') + '\n')
            for action in actions:
                self._format_action(out, action, self._invocation(action), self._help_text(action),
                                    help_position, width, 2)
                for sub in getattr(action, '_choices_actions', ()):
                    self._format_action(out, sub, sub.metavar, sub.help, help_position, width, 4)
        if self.epilog:
            out.append('\n' + self._text_block(self.epilog, width))
        return ''.join(out)

    def _format_action(self, out, action, invocation, help_text, help_position, width, indent):
        if not help_text:
            out.append('%s%s\n' % (' ' * indent, invocation))
            return
        if self._formatter_is(RawTextHelpFormatter):
            help_lines = help_text.splitlines()
        else:
            help_lines = _wrap(help_text, max(width - help_position, 11))
        if len(invocation) + indent <= help_position - 2:
            out.append('%s%-*s%s\n' % (' ' * indent, help_position - indent, invocation,
                                       help_lines[0]))
        else:
            out.append('%s%s\n' % (' ' * indent, invocation))
            out.append('%s%s\n' % (' ' * help_position, help_lines[0]))
        for line in help_lines[1:]:
            out.append('%s%s\n' % (' ' * help_position, line))

    def print_usage(self, file=None):
        (file or _sys.stdout).write(self.format_usage())

    def print_help(self, file=None):
        (file or _sys.stdout).write(self.format_help())
