inner = "an attribute, not a submodule"
