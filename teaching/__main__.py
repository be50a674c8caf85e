"""``python -m teaching``: the teaching presets from the command line (``teaching.presets``)."""

import os
import sys

from experiments.workers import end_fork_server
from teaching.presets import main

status = main()
sys.stdout.flush()
sys.stderr.flush()
end_fork_server()  # the workers are done; the server would otherwise hold our output open while it unloads
# Every file is written and closed, and the workers have stopped: skip the interpreter's teardown of
# the model, Hydra, pandas and matplotlib (a tenth of a teaching preset's time; tools.benchmark --teaching).
os._exit(status)
