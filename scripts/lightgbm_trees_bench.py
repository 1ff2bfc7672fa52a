#!/usr/bin/env python3
"""LightGBM on a table like `vitrine-bench trees`'s, for a same-machine reference figure.

The table has the same shape and distribution as TreesBenchmark.syntheticPoissonTable (1,000,000
rows x 60 features: uniform, normal with 5 % missing, small integers; a Poisson target whose
log-mean mixes a few of them), drawn by numpy, so the figures compare speed, not accuracy.
Run it right after `.build/release/vitrine-bench trees` (the machine's load drifts) and compare
processor seconds per tree. OMP_WAIT_POLICY=passive keeps idle OpenMP threads from spinning,
which would count as processor time.

    OMP_WAIT_POLICY=passive python3 scripts/lightgbm_trees_bench.py   # writes reports/bench/trees_lightgbm.json
"""
import json
import os
import resource
import time

import lightgbm as lgb
import numpy as np


def processor_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def table(rows=1_000_000, features=60, seed=2026):
    rng = np.random.default_rng(seed)
    X = np.empty((rows, features), dtype=np.float32)
    for j in range(features):
        if j % 3 == 0:
            X[:, j] = rng.random(rows)
        elif j % 3 == 1:
            column = rng.standard_normal(rows).astype(np.float32)
            column[rng.random(rows) < 0.05] = np.nan
            X[:, j] = column
        else:
            X[:, j] = rng.integers(0, 2 + j % 11, rows)
    x = lambda k: np.nan_to_num(X[:, k])
    log_mean = -0.3 + 0.8 * np.sin(6 * x(0)) + 0.4 * x(1) * x(3) + 0.15 * x(2) - 0.5 * x(4) ** 2 + 0.3 * (x(5) > 1)
    return X, rng.poisson(np.exp(np.minimum(log_mean, 3)))


def main():
    X, y = table()
    trees = 20
    start, cpu = time.time(), processor_seconds()
    data = lgb.Dataset(X, y, params={"max_bin": 255, "verbose": -1}).construct()
    binning = time.time() - start
    params = dict(objective="poisson", num_leaves=31, learning_rate=0.1, min_data_in_leaf=20,
                  min_sum_hessian_in_leaf=1e-3, lambda_l2=0.0, max_bin=255, num_threads=2, verbose=-1)
    start, cpu = time.time(), processor_seconds()
    lgb.train(params, data, num_boost_round=trees)
    wall, processor = (time.time() - start) / trees, (processor_seconds() - cpu) / trees
    print(f"lightgbm {lgb.__version__}: binning {binning:.2f} s; {wall:.3f} s per tree, "
          f"{processor:.3f} processor-s per tree, {len(y) / wall:.0f} rows/s per tree")
    os.makedirs("reports/bench", exist_ok=True)
    with open("reports/bench/trees_lightgbm.json", "w") as out:
        json.dump({"lightgbm": lgb.__version__, "rows": len(y), "features": X.shape[1], "trees": trees,
                   "binning_seconds": binning, "seconds_per_tree": wall, "cpu_seconds_per_tree": processor,
                   "rows_per_second_per_tree": len(y) / wall}, out, indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
