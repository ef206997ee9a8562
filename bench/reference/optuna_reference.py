"""Optuna reference for bench/hpo.ts (issue 7).

Runs Optuna's default TPESampler and its RandomSampler on the benchmark functions of bench/hpo.ts
(same domains, 100 trials, seeds 0..9) and times TPE's per-trial overhead with a free objective
over 1,000 trials (Branin and Hartmann6). Writes bench/reference/optuna_reference.json.

Run with Debian's Python and python3-optuna (apt-get install -y python3-optuna):
    /usr/bin/python3 bench/reference/optuna_reference.py [--parts quality,overhead] [--out FILE] [--update]
With --parts overhead alone (and no --update) it prints the overhead as one JSON line instead: bench/hpo.ts
runs it that way to measure Optuna in the same run. Format a written JSON for the linter afterwards:
    npx biome format --write bench/reference/
"""

import argparse
import json
import math
import os
import platform
import statistics
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

HARTMANN_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
HARTMANN_P = [
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
]
HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
MIXED_ACTIVATION = {"relu": 0.0, "tanh": 0.6, "sigmoid": 1.2}


def branin(trial):
    x = trial.suggest_float("x", -5, 10)
    y = trial.suggest_float("y", 0, 15)
    b = 5.1 / (4 * math.pi**2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * math.cos(x) + 10


def hartmann6(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - 1e-4 * HARTMANN_P[i][j]) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock4(trial):
    x = [trial.suggest_float(f"x{i}", -5, 10) for i in range(4)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(3))


def ackley5(trial):
    x = [trial.suggest_float(f"x{i}", -32.768, 32.768) for i in range(5)]
    n = len(x)
    s1 = sum(v * v for v in x) / n
    s2 = sum(math.cos(2 * math.pi * v) for v in x) / n
    return -20 * math.exp(-0.2 * math.sqrt(s1)) - math.exp(s2) + 20 + math.e


def mixed(trial):
    x = trial.suggest_float("x", -5, 5)
    lr = trial.suggest_float("lr", 1e-5, 1, log=True)
    units = trial.suggest_int("units", 1, 10)
    activation = trial.suggest_categorical("activation", ["relu", "tanh", "sigmoid"])
    return (x - 1.5) ** 2 + (math.log10(lr) + 2.5) ** 2 + 0.25 * (units - 6) ** 2 + MIXED_ACTIVATION[activation]


FUNCTIONS = {
    "branin": branin,
    "hartmann6": hartmann6,
    "rosenbrock4": rosenbrock4,
    "ackley5": ackley5,
    "mixed": mixed,
}


def best_of(sampler, objective, n_trials):
    study = optuna.create_study(direction="minimize", sampler=sampler)
    study.optimize(objective, n_trials=n_trials)
    return study.best_value


def quality(seeds, n_trials):
    out = {}
    for name, objective in FUNCTIONS.items():
        tpe = [best_of(optuna.samplers.TPESampler(seed=s), objective, n_trials) for s in seeds]
        rnd = [best_of(optuna.samplers.RandomSampler(seed=s), objective, n_trials) for s in seeds]
        out[name] = {"tpe": tpe, "random": rnd}
        print(f"{name}: TPE mean {statistics.mean(tpe):.4f}, random mean {statistics.mean(rnd):.4f}", flush=True)
    return out


def overhead(n_trials):
    out = {}
    for name in ("branin", "hartmann6"):
        objective = FUNCTIONS[name]
        marks = []
        cpu_marks = []

        def mark(study, trial):
            marks.append(time.perf_counter())
            cpu_marks.append(time.process_time())

        study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=0))
        start, cpu_start = time.perf_counter(), time.process_time()
        study.optimize(objective, n_trials=n_trials, callbacks=[mark])
        per_trial = [(b - a) * 1000 for a, b in zip([start] + marks[:-1], marks)]
        cpu_per_trial = [(b - a) * 1000 for a, b in zip([cpu_start] + cpu_marks[:-1], cpu_marks)]
        out[name] = {
            "trials": n_trials,
            "meanMs": statistics.mean(per_trial),
            "first100Ms": statistics.mean(per_trial[:100]),
            "last100Ms": statistics.mean(per_trial[-100:]),
            "cpuMeanMs": statistics.mean(cpu_per_trial),
            "cpuFirst100Ms": statistics.mean(cpu_per_trial[:100]),
            "cpuLast100Ms": statistics.mean(cpu_per_trial[-100:]),
        }
        print(f"{name}: {out[name]}", flush=True)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", default="quality,overhead")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "optuna_reference.json"))
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seeds", default="0-9", help="an inclusive range, e.g. 10-39")
    parser.add_argument("--overhead-trials", type=int, default=1000)
    parser.add_argument("--update", action="store_true", help="replace only the parts run in the existing --out file")
    args = parser.parse_args()
    parts = args.parts.split(",")
    result = {
        "optuna": optuna.__version__,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
        "trials": args.trials,
        "seeds": list(range(int(args.seeds.split("-")[0]), int(args.seeds.split("-")[1]) + 1)),
    }
    if "quality" in parts:
        result["quality"] = quality(result["seeds"], args.trials)
    if "overhead" in parts:
        result["overhead"] = overhead(args.overhead_trials)
    if args.update:
        with open(args.out) as f:
            previous = json.load(f)
        previous.update({k: v for k, v in result.items() if k in parts or k in ("optuna", "python", "machine")})
        previous.setdefault("dates", {}).update({part: result["date"] for part in parts})
        result = previous
    elif "overhead" in parts and "quality" not in parts:
        print(json.dumps(result["overhead"]))
        return
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
