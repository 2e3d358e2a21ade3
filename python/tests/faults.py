"""A batch runner that kills its own Dask worker, once, mid-sweep: imported
by the workers (conftest puts this folder on their PYTHONPATH)."""

from __future__ import annotations

import os
import signal
import time

from osprey import dask_sweep

# The batch that kills its worker: the third to start, whichever worker runs it.
KILL_AT = 3


def kill_once(marker_dir: str, source, strategy, block, arguments):
    started = os.path.join(marker_dir, f"started-{os.getpid()}-{time.monotonic_ns()}")
    open(started, "w").close()
    if sum(name.startswith("started-") for name in os.listdir(marker_dir)) >= KILL_AT:
        try:
            # Exactly one batch wins this file, so exactly one worker dies.
            os.close(os.open(os.path.join(marker_dir, "killed"), os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            pass
        else:
            os.kill(os.getpid(), signal.SIGKILL)
    return dask_sweep.run_block(source, strategy, block, arguments)
