ok = 1
def broken(:
    pass
