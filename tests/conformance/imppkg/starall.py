__all__ = ["shown", "also_shown"]
shown = 1
also_shown = 2
not_listed = 3
_private = 4
