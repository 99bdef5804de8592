print("imppkg.helpers body runs, __name__ =", __name__, "__package__ =", __package__)


def double(x):
    return 2 * x


def _hidden():
    return "hidden"


visible = "visible"
