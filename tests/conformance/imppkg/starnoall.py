public_one = "one"
public_two = "two"
_private = "private"
