# Fails half way: the module must not stay in sys.modules.
partial = True
raise ValueError("failing on purpose")
