"""Parser for command line options, as CPython's getopt: `getopt` (stops at the first
argument that is not an option), `gnu_getopt` (options and arguments may mix) and
`GetoptError`."""

import os

__all__ = ["GetoptError", "error", "getopt", "gnu_getopt"]


class GetoptError(Exception):
    opt = ''
    msg = ''

    def __init__(self, msg, opt=''):
        self.msg = msg
        self.opt = opt
        Exception.__init__(self, msg, opt)

    def __str__(self):
        return self.msg


error = GetoptError


def getopt(args, shortopts, longopts=[]):
    """getopt(args, options[, long_options]) -> opts, args

    Parses command line options and parameter list.  Options come first: parsing
    stops at the first argument that is not an option (or at '--')."""
    opts = []
    longopts = [longopts] if isinstance(longopts, str) else list(longopts)
    while args and args[0].startswith('-') and args[0] != '-':
        if args[0] == '--':
            args = args[1:]
            break
        if args[0].startswith('--'):
            opts, args = _long_option(opts, args[0][2:], longopts, args[1:])
        else:
            opts, args = _short_options(opts, args[0][1:], shortopts, args[1:])
    return opts, args


def gnu_getopt(args, shortopts, longopts=[]):
    """getopt(args, options[, long_options]) -> opts, args

    As getopt(), but options and other arguments may be intermixed, unless the
    option string starts with '+' or POSIXLY_CORRECT is set."""
    opts = []
    rest = []
    longopts = [longopts] if isinstance(longopts, str) else list(longopts)
    if shortopts.startswith('+'):
        shortopts = shortopts[1:]
        options_first = True
    else:
        options_first = bool(os.environ.get("POSIXLY_CORRECT"))
    while args:
        if args[0] == '--':
            rest += args[1:]
            break
        if args[0][:2] == '--':
            opts, args = _long_option(opts, args[0][2:], longopts, args[1:])
        elif args[0][:1] == '-' and args[0] != '-':
            opts, args = _short_options(opts, args[0][1:], shortopts, args[1:])
        elif options_first:
            rest += args
            break
        else:
            rest.append(args[0])
            args = args[1:]
    return opts, rest


def _long_option(opts, opt, longopts, args):
    if '=' in opt:
        opt, value = opt.split('=', 1)
    else:
        value = None
    takes_value, opt = _match_long(opt, longopts)
    if takes_value:
        if value is None:
            if not args:
                raise GetoptError('option --%s requires argument' % opt, opt)
            value, args = args[0], args[1:]
    elif value is not None:
        raise GetoptError('option --%s must not have an argument' % opt, opt)
    opts.append(('--' + opt, value or ''))
    return opts, args


def _match_long(opt, longopts):
    # An exact name wins; otherwise the option may be any unique prefix.
    candidates = [name for name in longopts if name.startswith(opt)]
    if not candidates:
        raise GetoptError('option --%s not recognized' % opt, opt)
    if opt in candidates:
        return False, opt
    if opt + '=' in candidates:
        return True, opt
    if len(candidates) > 1:
        raise GetoptError('option --%s not a unique prefix' % opt, opt)
    match = candidates[0]
    if match.endswith('='):
        return True, match[:-1]
    return False, match


def _short_options(opts, letters, shortopts, args):
    while letters != '':
        opt, letters = letters[0], letters[1:]
        if _short_takes_value(opt, shortopts):
            if letters == '':
                if not args:
                    raise GetoptError('option -%s requires argument' % opt, opt)
                letters, args = args[0], args[1:]
            value, letters = letters, ''
        else:
            value = ''
        opts.append(('-' + opt, value))
    return opts, args


def _short_takes_value(opt, shortopts):
    for i in range(len(shortopts)):
        if opt == shortopts[i] != ':':
            return shortopts.startswith(':', i + 1)
    raise GetoptError('option -%s not recognized' % opt, opt)
