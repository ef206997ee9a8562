"""Times scipy.stats.ks_2samp on two raw float64 files, for bench/drift.ts.

Usage: python3 bench/reference/scipy_ks.py A.f64 B.f64 RUNS
Prints one JSON line: scipy and numpy versions, the median and every run in ms, and the result.
"""

import json
import sys
import time

import numpy as np
import scipy
from scipy import stats

a = np.fromfile(sys.argv[1], dtype="<f8")
b = np.fromfile(sys.argv[2], dtype="<f8")
runs = int(sys.argv[3])
times = []
result = None
for _ in range(runs):
    t0 = time.perf_counter()
    result = stats.ks_2samp(a, b)
    times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "medianMs": float(np.median(times)),
    "runsMs": times,
    "statistic": float(result.statistic),
    "pValue": float(result.pvalue),
}))
