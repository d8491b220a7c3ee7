"""The suite's process runs numba's parallel kernels on numba's own ``workqueue`` threads.

NEST's wheel brings its own copy of GNU OpenMP; in a process where numba's OpenMP layer (the
system's libgomp) has started, NEST's ``ResetKernel`` crashes the process, and
``nest_engine.import_nest`` refuses to run (``NestConflictError``). The NEST tests share the
process with every other test, so numba uses ``workqueue`` here, the remedy the error names.
The kernels' results do not depend on the layer (``tests/test_network.py`` compares threads
and serial runs bit for bit). Set before anything imports numba, which reads it once.
"""

import os

os.environ["NUMBA_THREADING_LAYER"] = "workqueue"
