def fail_inside():
    return {}["missing"]
