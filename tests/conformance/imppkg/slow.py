# A module whose body takes a while: threads importing it at once must all wait for the one
# run of its body and see it complete.
import time

from . import tally

tally.runs += 1
start = True
time.sleep(0.2)
for i in range(2000):
    pass
finished = True
