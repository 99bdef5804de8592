# A module whose body loops and calls before it ends (its code is freed once it has run).
from .. import tally

total = 0
for k in range(500):
    total += abs(-k)
value = 5
