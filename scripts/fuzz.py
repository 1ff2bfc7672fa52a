#!/usr/bin/env python3
"""Seeded fuzz and robustness suite for the `vitrine` CLI.

Every case runs one (or a few) `vitrine` subprocesses in its own temporary folder, with a
timeout, and classifies what happened:

  ok            exit 0 and the family's oracle agrees with the result
  clean error   exit 1 (or 64, ArgumentParser) with a clear message on stderr
  crash         killed by a signal, exit >= 128, or trap text (Fatal error, Swift runtime failure)
  hang          the timeout expired
  unclean error exit 1/64 whose message is missing or leaks internals (NSCocoaErrorDomain,
                Code=, Optional(, HDF5 error stacks, stack traces), or another exit code
  changed file  a file the command must not change was changed (inputs, a failed run's folder)
  misread       exit 0 but the oracle says the result is wrong, or a defect the oracle names
                (a must-refuse config accepted, a damaged file read silently, ...)

`ok` and `clean error` pass (where the family allows an error); everything else fails.

Families: config, png, checkpoint, retail, cli, kill, concurrent (see FAMILIES and README,
"Fuzz suite"). Case `i` of family `f` draws everything from
random.Random(seed ^ hash(f, i)), so `--family f --case i` with the same seed rebuilds it.

    python3 scripts/fuzz.py --vitrine .build/debug/vitrine --seed 1 --cases 300
    python3 scripts/fuzz.py --vitrine PATH --seed 1 --family config --case 17 --keep
    python3 scripts/fuzz.py --vitrine PATH --seed 7 --cases 10000        # a long session

Needs Python 3.9+, numpy and h5py (checkpoint and kill families), PyYAML (config oracle).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
import random

# The suite's own h5py reads and writes copies it alone owns; HDF5's file locks only get in the
# way of its threads. vitrine itself keeps the caller's setting (see _env).
_USER_LOCKING = os.environ.get("HDF5_USE_FILE_LOCKING")
os.environ["HDF5_USE_FILE_LOCKING"] = "FALSE"
H5_LOCK = threading.Lock()

REPO = Path(__file__).resolve().parent.parent
EXPERIMENTS = REPO / "experiments"

# ---------------------------------------------------------------------------------------------
# Running a command and classifying its ending
# ---------------------------------------------------------------------------------------------

MEMORY_LIMIT = 4 << 30        # address space per vitrine process: absurd sizes crash, not swap
FILE_LIMIT = 1 << 30          # largest file a vitrine process may write

TRAP_TEXT = ["Fatal error", "Swift runtime failure", "Illegal instruction", "Segmentation fault",
             "Current stack trace", "Stack dump", "Program crashed", "Abort trap", "Trace/breakpoint",
             "Thread 0 crashed", "Backtrace"]
LEAK_TEXT = ["NSCocoaErrorDomain", "Code=", "Optional(", "HDF5-DIAG", "#000:", "Error Domain=",
             "The operation could not be completed", "The file isn’t in the correct format",
             "The file isn't in the correct format"]
CLEAN_FIRST_LINE = [
    re.compile(r"^(error|Error): \S"),                       # error: ... / ArgumentParser's Error:
    re.compile(r"^[^\s:][^:]*:\d+: [^\s:]*: \S"),             # FILE:LINE: key.path: what was expected
    re.compile(r"^[^\s:][^:]*: [\w.\[\]-]+: \S"),             # FILE: key.path: ...
]


def _limits():
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass


@dataclass
class Result:
    argv: list
    rc: int | None          # None: timed out
    out: str
    err: str
    seconds: float

    @property
    def text(self):
        return self.out + "\n" + self.err


def start(argv, cwd, env=None):
    return subprocess.Popen([str(a) for a in argv], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_limits,
                            env=env or _env())


def _env():
    env = dict(os.environ)
    if _USER_LOCKING is None:
        env.pop("HDF5_USE_FILE_LOCKING", None)
    else:
        env["HDF5_USE_FILE_LOCKING"] = _USER_LOCKING
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env["TERM"] = "dumb"
    return env


def finish(proc, argv, timeout, started):
    try:
        out, err = proc.communicate(timeout=timeout)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
        rc = None
    return Result([str(a) for a in argv], rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                  time.monotonic() - started)


def run(argv, cwd, timeout):
    t0 = time.monotonic()
    return finish(start(argv, cwd), argv, timeout, t0)


def ending(r: Result):
    """('ok'|'clean'|'crash'|'hang'|'unclean', detail)."""
    if r.rc is None:
        return "hang", f"no exit after {r.seconds:.0f} s"
    trap = next((t for t in TRAP_TEXT if t in r.err or t in r.out), None)
    if r.rc < 0:
        return "crash", f"killed by signal {-r.rc} ({signal.Signals(-r.rc).name})" + (f"; {trap}" if trap else "")
    if r.rc >= 128:
        return "crash", f"exit {r.rc}" + (f"; {trap}" if trap else "")
    if trap:
        return "crash", f"exit {r.rc} with '{trap}'"
    if r.rc == 0:
        return "ok", ""
    first = next((ln for ln in r.err.splitlines() if ln.strip()), "")
    if r.rc not in (1, 64):
        return "unclean", f"exit {r.rc}: {first[:200]!r}"
    leak = next((t for t in LEAK_TEXT if t in r.err), None)
    if leak:
        line = next((ln for ln in r.err.splitlines() if leak in ln), first)
        return "unclean", f"message leaks '{leak}': {line[:240]!r}"
    if not any(p.match(first) for p in CLEAN_FIRST_LINE):
        return "unclean", f"exit {r.rc} without a clear message on stderr: {first[:200]!r}"
    if len(first) > 20000:
        return "unclean", f"message of {len(first)} characters"
    return "clean", first[:200]


class Fail(Exception):
    """A case's failure: category is crash, hang, unclean error, changed file or misread."""

    def __init__(self, category, detail):
        super().__init__(detail)
        self.category = category
        self.detail = detail


def require_end(r: Result, allow_error=True, what=""):
    """Fails on crash, hang and unclean errors (and on errors when not allowed); returns the kind."""
    kind, detail = ending(r)
    label = f"{what}: " if what else ""
    if kind == "hang":
        raise Fail("hang", label + detail)
    if kind == "crash":
        raise Fail("crash", label + detail + _tail(r))
    if kind == "unclean":
        raise Fail("unclean error", label + detail)
    if kind == "clean" and not allow_error:
        raise Fail("misread", label + "refused: " + detail)
    return kind


def _tail(r):
    lines = [ln for ln in r.err.splitlines() if ln.strip()]
    return (" | " + " / ".join(lines[:2])[:240]) if lines else ""


def hash_tree(*paths):
    """{relative path: sha256} of every file under the paths (files or folders)."""
    out = {}
    for p in paths:
        p = Path(p)
        if p.is_file():
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_dir():
            for q in sorted(p.rglob("*")):
                if q.is_file():
                    out[str(q)] = hashlib.sha256(q.read_bytes()).hexdigest()
    return out


def diff_hashes(before, after):
    changed = [k for k in before if after.get(k) != before[k]]
    added = [k for k in after if k not in before]
    return changed, added


def require_unchanged(before, paths, what):
    after = hash_tree(*paths)
    changed, added = diff_hashes(before, after)
    if changed or added:
        names = [os.path.basename(x) for x in changed] + ["+" + os.path.basename(x) for x in added]
        raise Fail("changed file", f"{what}: " + ", ".join(names[:6]))


def case_rng(seed, family, index):
    h = int.from_bytes(hashlib.sha256(f"{family}:{index}".encode()).digest()[:8], "big")
    return random.Random(seed ^ h)


# ---------------------------------------------------------------------------------------------
# Session fixtures: built once per session (lazily, under a lock), copied into cases
# ---------------------------------------------------------------------------------------------

class SetupError(Exception):
    pass


class Session:
    def __init__(self, vitrine, root, seed, timeout_scale=1.0):
        self.vitrine = str(Path(vitrine).resolve())
        self.root = Path(root)
        self.seed = seed
        self.scale = timeout_scale
        self._lock = threading.Lock()
        self._cache = {}

    def t(self, seconds):
        return seconds * self.scale

    def fixture(self, name, build):
        with self._lock:
            if name not in self._cache:
                try:
                    self._cache[name] = ("ok", build())
                except Exception as e:   # noqa: BLE001 - recorded and reported per case
                    self._cache[name] = ("error", f"{type(e).__name__}: {e}")
            state, value = self._cache[name]
        if state == "error":
            raise SetupError(f"fixture {name}: {value}")
        return value

    def setup_run(self, argv, cwd, timeout=120):
        r = run([self.vitrine] + argv, cwd, self.t(timeout))
        if r.rc != 0:
            raise SetupError(f"`vitrine {' '.join(map(str, argv))}` exited {r.rc}: {r.err.strip()[:300]}")
        return r

    # -- schema ------------------------------------------------------------------------------
    def schema(self, task):
        def build():
            r = self.setup_run(["schema", "--task", task], self.root, 60)
            return parse_schema(r.out)
        return self.fixture("schema-" + task, build)

    # -- a finished 5-step shapes run with periodic checkpoints -----------------------------
    def shapes_run(self):
        def build():
            d = self.root / "fx-shapes"
            d.mkdir()
            self.setup_run(["run", EXPERIMENTS / "shapes.yaml"] + SHAPES_CKPT_OVERRIDES + ["train.steps=5"], d)
            ref = self.root / "fx-shapes-ref"
            shutil.copytree(d, ref)
            self.setup_run(["resume", "ck", "train.steps=7"], ref)
            weights = model_weights(ref / "checkpoints" / "ck" / "last.h5")
            shutil.rmtree(ref)
            return {"dir": d, "weights7": weights}
        return self.fixture("shapes-run", build)

    # -- an embedding checkpoint, an index, a query PNG -------------------------------------
    def embedding(self):
        def build():
            d = self.root / "fx-embed"
            d.mkdir()
            self.setup_run(["run", EXPERIMENTS / "embedding_quick.yaml",
                            f"data.manifest={d}/cat/manifest.csv", "data.catalog_products=20",
                            "data.images_per_product=2", "data.train_images_per_product=4", "data.competitors=0",
                            "data.image_size=16", "sampler.p=4", "sampler.k=2", "train.steps=2",
                            "schedule.warmup_steps=0", "model.width=4", "model.embedding_dim=8",
                            "train.threads=1", "run.name=emb"], d, 300)
            ck = d / "checkpoints" / "emb" / "best.h5"
            self.setup_run(["index", "--checkpoint", ck, "--manifest", d / "cat" / "manifest.csv",
                            "--out", d / "own.h5"], d)
            photo = sorted((d / "cat" / "photos").glob("*.png"))[0]
            base = photo.read_bytes()
            r = self.setup_run(search_argv(d / "own.h5", ck, photo), d)
            return {"dir": d, "ckpt": ck, "index": d / "own.h5", "png": base,
                    "baseline": search_hits(r.out)}
        return self.fixture("embedding", build)

    # -- a small simulated retailer and its clean demand run --------------------------------
    def retail(self):
        def build():
            d = self.root / "fx-retail"
            d.mkdir()
            self.setup_run(["datagen", "retail", "--products", "20", "--days", "40", "--seed", "3",
                            "--out", d / "data"], d)
            return {"dir": d, "data": d / "data"}
        return self.fixture("retail", build)

    # -- kill family: an uninterrupted reference per variant ---------------------------------
    def kill_reference(self, variant):
        def build():
            d = self.root / f"fx-kill-{variant}"
            d.mkdir()
            t0 = time.monotonic()
            self.setup_run(["run", EXPERIMENTS / "shapes.yaml"] + kill_overrides(variant), d)
            seconds = time.monotonic() - t0
            return {"weights": model_weights(d / "checkpoints" / "k" / "last.h5"), "seconds": seconds}
        return self.fixture(f"kill-{variant}", build)


SHAPES_CKPT_OVERRIDES = ["data.shapes_train=64", "data.shapes_test=32", "train.batch_size=16",
                         "model.width=4", "train.checkpoint_every=1", "train.keep=3", "train.threads=1",
                         "train.log_every=1", "run.name=ck"]


def model_weights(path):
    import h5py
    import numpy as np
    limit = max(Path(path).stat().st_size, 1) * 4 + 4096
    with h5py.File(path, "r") as f:
        out = {}
        f["model"].visititems(lambda name, obj: out.__setitem__(
            name, np.array(obj[()]) if obj.size * obj.dtype.itemsize <= limit else ("declared", obj.shape))
            if isinstance(obj, h5py.Dataset) else None)
        return out


def same_weights(a, b):
    import numpy as np
    if set(a) != set(b):
        return f"tensors differ: {sorted(set(a) ^ set(b))[:4]}"
    for k in sorted(a):
        x, y = a[k], b[k]
        if x.shape != y.shape or x.dtype != y.dtype:
            return f"{k}: {x.dtype}{x.shape} vs {y.dtype}{y.shape}"
        if x.tobytes() != y.tobytes():
            n = int(np.sum(np.frombuffer(x.tobytes(), np.uint8) != np.frombuffer(y.tobytes(), np.uint8)))
            return f"{k}: not bit-identical ({n} bytes differ)"
    return None


def parse_schema(markdown):
    """{key: {type, default, lo, hi, choices}} from `vitrine schema` tables."""
    keys = {}
    for line in markdown.splitlines():
        m = re.match(r"^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|", line)
        if not m:
            continue
        key, typ, default, rng = (s.strip() for s in m.groups())
        entry = {"type": typ, "default": None, "lo": None, "hi": None, "choices": None, "item_lo": None,
                 "item_hi": None, "min_items": 0}
        if default != "required":
            entry["default"] = parse_default(typ, default.strip("`"))
        if typ == "choice":
            entry["choices"] = [c.strip() for c in rng.split(",")]
        elif typ in ("int", "float"):
            entry["lo"], entry["hi"] = parse_range(rng, typ)
        elif typ.startswith("list"):
            m2 = re.match(r"(?:≥ (\d+) items)?(?: of )?(?:list of )?(.*)", rng)
            if m2:
                entry["min_items"] = int(m2.group(1) or 0)
                if typ == "list of choice":
                    entry["choices"] = [c.strip() for c in m2.group(2).split(",")]
                else:
                    entry["item_lo"], entry["item_hi"] = parse_range(m2.group(2), "int")
        keys[key] = entry
    if not keys:
        raise SetupError("could not parse `vitrine schema` output")
    return keys


def parse_range(text, typ):
    conv = int if typ == "int" else float
    text = text.strip()
    m = re.match(r"^([-\d.e+]+) … ([-\d.e+]+)$", text)
    if m:
        return conv(m.group(1)), conv(m.group(2))
    m = re.match(r"^≥ ([-\d.e+]+)$", text)
    if m:
        return conv(m.group(1)), None
    return None, None


def parse_default(typ, text):
    if typ == "int":
        return int(text)
    if typ == "float":
        return float(text)
    if typ == "bool":
        return text == "true"
    if typ in ("list of string", "list of choice"):
        inner = text.strip()[1:-1].strip()
        return [x.strip() for x in inner.split(",")] if inner else []
    if typ.startswith("list"):
        return [int(x) for x in re.findall(r"-?\d+", text)]
    if text == '""':
        return ""
    return text


# ---------------------------------------------------------------------------------------------
# Family: config — generated from `vitrine schema`, mutated, run as tiny shapes runs
# ---------------------------------------------------------------------------------------------

REFUSE = object()
FIXED_KEYS = {"task", "data.source", "data.directory", "data.train_images", "data.train_labels",
              "data.test_images", "data.test_labels", "run.reports_dir", "run.checkpoints_dir",
              "train.seeds", "metrics.best", "data.train_limit", "data.test_limit", "run.name"}
# Valid values are drawn from these sub-ranges so an accepted config finishes in about a second.
COST_CAPS = {"train.steps": (0, 2), "train.epochs": (0, 1), "train.batch_size": (4, 16),
             "data.shapes_train": (16, 64), "data.shapes_test": (4, 32), "data.image_size": (8, 16),
             "model.width": (1, 8), "train.threads": (1, 2), "train.eval_every": (0, 5),
             "train.checkpoint_every": (0, 3), "train.keep": (0, 3), "train.log_every": (1, 100),
             "optimizer.lr": (0.0, 0.05), "train.clip_grad_norm": (0.0, 10.0),
             "schedule.warmup_steps": (0, 10), "schedule.step_size": (1, 1000), "train.seed": (0, 2**31),
             # cross-key rules the schema's ranges cannot say (refused as config errors when broken):
             # cosine needs min_lr <= lr; Nesterov needs momentum > 0
             "schedule.min_lr": (0.0, 0.0), "schedule.gamma": (0.001, 1.0), "optimizer.momentum": (0.1, 1.0)}


class Cfg:
    def __init__(self):
        self.top = []            # [(key, text)]
        self.sections = []       # [[name, [(key, text)]]]
        self.meaning = {}        # path -> intended value
        self.refuse = []         # reasons the config must be refused
        self.exotic = []         # forms that may be refused (but if accepted, mean `meaning`)
        self.files = {}          # extra files: relative name -> bytes
        self.overrides = []
        self.prefix = b""
        self.suffix = b""
        self.main_includes = []
        self.crlf = False
        self.replace_main = None  # bytes: the main file's whole content

    def section(self, name):
        for s in self.sections:
            if s[0] == name:
                return s[1]
        s = [name, []]
        self.sections.append(s)
        return s[1]

    def set(self, path, text, value):
        sec, key = path.split(".", 1) if "." in path else ("", path)
        if not sec:
            self.top = [(k, t) for k, t in self.top if k != key] + [(key, text)]
        else:
            entries = self.section(sec)
            entries[:] = [(k, t) for k, t in entries if k != key] + [(key, text)]
        # A later mutation of the same key replaces the earlier one, and with it what the
        # earlier one expected (a refusal or an exotic form).
        self.refuse = [r for r in self.refuse if not r.startswith(path + ":")]
        self.exotic = [r for r in self.exotic if not r.startswith(path + ":")]
        if value is REFUSE:
            self.meaning.pop(path, None)
        else:
            self.meaning[path] = value

    def entries(self):
        for k, t in self.top:
            yield k, t
        for name, entries in self.sections:
            for k, t in entries:
                yield f"{name}.{k}", t

    def render(self, includes=None, drop=()):
        lines = []
        if includes:
            if len(includes) == 1:
                lines.append(f"include: {includes[0]}")
            else:
                lines.append("include: [" + ", ".join(includes) + "]")
        for k, t in self.top:
            lines.append(f"{k}: {t}")
        for name, entries in self.sections:
            kept = [(k, t) for k, t in entries if f"{name}.{k}" not in drop]
            if not kept:
                continue
            lines.append(f"{name}:")
            # Keys deeper than section.key (data.select.where) nest one level per dot.
            open_path = []
            # Grouped by parent path so each nested section is written once (a repeated one
            # would be a duplicate key).
            for k, t in sorted(kept, key=lambda e: e[0].split(".")[:-1]):
                *parents, leaf = k.split(".")
                common = 0
                while common < min(len(parents), len(open_path)) and parents[common] == open_path[common]:
                    common += 1
                for depth in range(common, len(parents)):
                    lines.append("  " * (depth + 1) + f"{parents[depth]}:")
                open_path = parents
                lines.append("  " * (len(parents) + 1) + f"{leaf}: {t}")
        text = "\n".join(lines) + "\n"
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return self.prefix + text.encode("utf-8") + self.suffix


def fmt_int(rng, cfg, path, v, exotic_ok=True):
    roll = rng.random()
    if not exotic_ok or roll < 0.75:
        return str(v)
    if roll < 0.85 and v > 0:
        cfg.exotic.append(f"{path}: leading zeros")
        return "0" * rng.randint(1, 3) + str(v)          # decimal with leading zeros means v
    if roll < 0.92:
        cfg.exotic.append(f"{path}: explicit sign")
        return "+" + str(v)
    cfg.exotic.append(f"{path}: quoted-free spacing")
    return str(v) + "   # trailing comment"


def fmt_float(rng, cfg, path, v):
    roll = rng.random()
    if roll < 0.7:
        return repr(float(v))
    if roll < 0.8:
        return f"{v:.16e}"               # 1.0000000000000000e-03: the same number
    if roll < 0.9 and float(v).is_integer():
        return str(int(v))               # an int for a float key means that number
    return f"{v:.17g}"


def valid_value(rng, path, spec):
    typ = spec["type"]
    if typ == "choice":
        return rng.choice(spec["choices"])
    if typ == "bool":
        return rng.random() < 0.5
    if path == "data.image_size":
        return rng.choice([8, 12, 16])      # small_convnet needs a multiple of 4
    if typ == "int":
        lo, hi = COST_CAPS.get(path, (spec["lo"], spec["hi"]))
        lo = 0 if lo is None else lo
        hi = lo + rng.choice([1, 10, 1000, 2**31]) if hi is None else hi
        return rng.randint(lo, hi)
    if typ == "float":
        lo, hi = COST_CAPS.get(path, (spec["lo"], spec["hi"]))
        lo = 0.0 if lo is None else lo
        hi = lo + 10.0 if hi is None else hi
        v = rng.choice([lo, hi, rng.uniform(lo, hi), round(rng.uniform(lo, hi), 3)])
        return float(v)
    if typ == "string":
        return "s" + "".join(rng.choice("abcxyz019_-") for _ in range(rng.randint(0, 8)))
    if typ == "list of choice":
        # Distinct values of the choices (a list of targets names each at most once).
        return rng.sample(spec["choices"], rng.randint(spec["min_items"], len(spec["choices"])))
    if typ == "list of string":
        count = max(spec["min_items"], rng.randint(0, 3))
        # Filters must have their form (column=value) even where the data source ignores them.
        if path == "data.select.where":
            return ["c%d=v%d" % (rng.randint(0, 9), rng.randint(0, 9)) for _ in range(count)]
        return ["s" + "".join(rng.choice("abcxyz019_") for _ in range(rng.randint(1, 6))) for _ in range(count)]
    if typ.startswith("list"):
        return [rng.randint(spec["item_lo"] or 0, min(spec["item_hi"] or 9, 9))
                for _ in range(max(spec["min_items"], rng.randint(0, 3)))]
    raise ValueError(typ)


def value_text(rng, cfg, path, spec, v, exotic_ok=True):
    typ = spec["type"]
    if typ == "bool":
        if exotic_ok and rng.random() < 0.2:
            cfg.exotic.append(f"{path}: YAML 1.1 bool")
            return rng.choice(["yes", "on", "True", "TRUE", "y"] if v else ["no", "off", "False", "FALSE", "n"])
        return "true" if v else "false"
    if typ == "int":
        return fmt_int(rng, cfg, path, v, exotic_ok)
    if typ == "float":
        return fmt_float(rng, cfg, path, v)
    if typ.startswith("list"):
        return "[" + ", ".join(json.dumps(x) if isinstance(x, str) else str(x) for x in v) + "]"
    if typ == "string" and rng.random() < 0.3:
        return json.dumps(v)
    return str(v)


def base_config(rng, schema):
    cfg = Cfg()
    cfg.set("task", "classification", "classification")
    fixed = {"data.source": "shapes", "data.shapes_train": rng.randint(16, 64),
             "data.shapes_test": rng.randint(4, 32), "data.image_size": rng.choice([8, 12, 16]),
             "model.width": rng.randint(1, 8), "train.steps": rng.randint(1, 2),
             "train.batch_size": rng.randint(4, 16), "train.threads": 1, "train.log_every": 1}
    name = "c" + "".join(rng.choice("abcdefghij0123456789") for _ in range(6))
    cfg.set("run.name", name, name)
    for path, v in fixed.items():
        cfg.set(path, str(v), v)
    pool = sorted(k for k in schema if k not in FIXED_KEYS and k not in fixed)
    for path in rng.sample(pool, rng.randint(0, min(12, len(pool)))):
        v = valid_value(rng, path, schema[path])
        cfg.set(path, value_text(rng, cfg, path, schema[path], v), v)
    return cfg


def _rand_key(rng):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(1, 12))) or "k"


def mut_unknown_key(rng, cfg, schema, others):
    roll = rng.random()
    if roll < 0.3:
        path = rng.choice(sorted(schema))
        if "." in path:
            sec, key = path.split(".", 1)
            key = key[:-1] + rng.choice("xyz") if len(key) > 1 else key + "x"
            path = f"{sec}.{key}"
        else:
            path = path + "s"
    elif roll < 0.6:
        foreign = sorted(set(others) - set(schema))
        path = rng.choice(foreign) if foreign else "loss.margin"
    else:
        sec = rng.choice(["train", "data", "model", "optimizer", _rand_key(rng)])
        path = f"{sec}.{_rand_key(rng)}"
    if path in schema:
        path = path + "_x"
    cfg.set(path, str(rng.randint(0, 9)), REFUSE)
    cfg.refuse.append(f"unknown key {path}")


def _pick(rng, schema, types):
    keys = sorted(k for k, s in schema.items() if k not in FIXED_KEYS and any(s["type"].startswith(t) for t in types))
    return rng.choice(keys)


def mut_wrong_type(rng, cfg, schema, others):
    path = _pick(rng, schema, ["int", "float", "bool", "choice", "list"])
    typ = schema[path]["type"]
    bad = {"int": ['"5"', "'3'", "1.5", "true", "abc", "[1]", "{a: 1}", "!!str 5", "2.0", "1e3",
                   "1:30", "!!float 2"],
           "float": ['"0.5"', "true", "abc", "[0.1]", "{x: 1}", "!!str 0.5", "0x1p-3"],
           "bool": ['"true"', "1", "0", "maybe", "[true]", "{}", "!!str true"],
           "choice": ["[adam]", "{a: b}", "42", "'" + _rand_key(rng) + "'"],
           "list": ["5", '"1, 2"', "[a, b]", "{a: 1}", "[[1], [2]]", "[1.5]", '["1"]']}
    text = rng.choice(bad["list" if typ.startswith("list") else typ])
    if typ == "choice" and text.strip("'") in (schema[path]["choices"] or []):
        text = "'zz'"
    cfg.set(path, text, REFUSE)
    cfg.refuse.append(f"{path}: {typ} given {text}")


def mut_out_of_range(rng, cfg, schema, others):
    keys = sorted(k for k, s in schema.items() if k not in FIXED_KEYS and s["type"] in ("int", "float")
                  and (s["lo"] is not None or s["hi"] is not None))
    path = rng.choice(keys)
    s = schema[path]
    cands = []
    if s["type"] == "int":
        if s["lo"] is not None:
            cands += [str(s["lo"] - 1), str(s["lo"] - 10**rng.randint(1, 30)), "-9223372036854775808"]
        if s["hi"] is not None:
            cands += [str(s["hi"] + 1), str(s["hi"] + 10**rng.randint(1, 30))]
        cands += ["9223372036854775808", "99999999999999999999999"] if s["hi"] is not None or True else []
    else:
        if s["lo"] is not None:
            cands += [repr(s["lo"] - abs(s["lo"]) * 0.5 - 1e-3), "-1e308", "-.inf"]
        if s["hi"] is not None:
            cands += [repr(s["hi"] * 2 + 1), "1e999", ".inf"]
        cands += [".nan", ".NaN"]
    text = rng.choice(cands)
    cfg.set(path, text, REFUSE)
    cfg.refuse.append(f"{path}: out of range {text}")


def mut_non_decimal_int(rng, cfg, schema, others):
    path = _pick(rng, schema, ["int"])
    v = rng.randint(1, 7)
    text = rng.choice([f"0o{v:o}", f"0x{v:x}", f"0b{v:b}", f"0:{v}", f"1_{v:03d}"])
    if text.startswith("1_"):
        # decimal with digit grouping: means 1000 + v, or may be refused
        val = 1000 + v
        spec = schema[path]
        if (spec["hi"] is not None and val > spec["hi"]) or path in COST_CAPS:
            cfg.set(path, text, REFUSE)
            cfg.exotic.append(f"{path}: {text} (grouped digits, over the cost cap: must not run)")
            cfg.refuse.append(f"{path}: {text} out of the tested range")
            return
        cfg.set(path, text, val)
        cfg.exotic.append(f"{path}: grouped digits {text}")
        return
    if text[:2] in ("0o", "0x"):
        # YAML 1.2's octal and hexadecimal forms (README, "How values are read"): accepted,
        # they must mean v.
        cfg.set(path, text, v)
        cfg.exotic.append(f"{path}: YAML 1.2 {text} (= {v})")
        return
    cfg.set(path, text, REFUSE)
    cfg.refuse.append(f"{path}: non-decimal int {text}")


def mut_octal_looking(rng, cfg, schema, others):
    """`010` is decimal ten in a config, not YAML 1.1's octal eight."""
    keys = sorted(k for k, s in schema.items() if k not in FIXED_KEYS and s["type"] == "int")
    path = rng.choice(keys)
    s = schema[path]
    lo, hi = COST_CAPS.get(path, (s["lo"] or 0, s["hi"] if s["hi"] is not None else 100))
    cands = [v for v in range(max(lo, 1), min(hi, 77) + 1) if all(c in "01234567" for c in str(v))]
    if not cands:
        return mut_non_decimal_int(rng, cfg, schema, others)
    v = rng.choice(cands)
    text = "0" + str(v)
    cfg.set(path, text, v)
    cfg.exotic.append(f"{path}: {text} (decimal {v})")


def mut_empty_map(rng, cfg, schema, others):
    path = _pick(rng, schema, ["int", "float", "bool", "choice", "string"])
    text = rng.choice(["{}", "{}", "[]", "", "~", "null", "{ }"])
    cfg.set(path, text, REFUSE)
    cfg.refuse.append(f"{path}: scalar key given {text or 'nothing'}")


def mut_duplicate(rng, cfg, schema, others):
    present = [p for p, _ in cfg.entries() if "." in p and p in schema and p != "run.name"]
    if not present:
        cfg.sections.append(["train", [("seed", "1")]])
        cfg.sections.append(["train", [("seed", "2")]])
        cfg.refuse.append("duplicate section train")
        return
    path = rng.choice(present)
    sec, key = path.split(".", 1)
    if rng.random() < 0.5:
        v = valid_value(rng, path, schema[path])
        cfg.section(sec).append((key, value_text(rng, cfg, path, schema[path], v, exotic_ok=False)))
        cfg.refuse.append(f"duplicate key {path}")
    else:
        others_in_sec = [k for k in schema if k.startswith(sec + ".") and k not in FIXED_KEYS]
        other = rng.choice(others_in_sec)
        v = valid_value(rng, other, schema[other])
        cfg.sections.append([sec, [(other.split(".", 1)[1], value_text(rng, cfg, other, schema[other], v, False))]])
        cfg.refuse.append(f"duplicate section {sec}")
    for p in list(cfg.meaning):
        if p.startswith(sec + "."):
            pass


def mut_deep(rng, cfg, schema, others):
    depth = rng.choice([60, 200, 1000, 5000, 20000, 100000])
    roll = rng.random()
    if roll < 0.4:
        text = "{a: " * depth + "1" + "}" * depth
        cfg.set("data.deep", text, REFUSE)
    elif roll < 0.7:
        path = _pick(rng, schema, ["int", "list"])
        cfg.set(path, "[" * depth + "1" + "]" * depth, REFUSE)
    else:
        depth = min(depth, 3000)
        block = "".join("\n" + " " * (2 * (i + 2)) + "n:" for i in range(depth)) + " 1"
        cfg.set("model.deep", block, REFUSE)
    cfg.refuse.append(f"nesting {depth} deep")


def mut_alias_bomb(rng, cfg, schema, others):
    levels = rng.randint(6, 14)
    width = rng.randint(4, 10)
    lines = ["l0: &l0 [lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i-1}"] * width) + "]")
    where = rng.choice(["top", "section"])
    if where == "top":
        cfg.prefix += ("bomb:\n" + "".join("  " + ln + "\n" for ln in lines)).encode()
    else:
        path = _pick(rng, schema, ["int", "list", "string"])
        inner = "{" + ", ".join(lines) + "}"
        # keep it on one line in flow style: anchors inside a flow mapping
        cfg.set(path, inner, REFUSE)
    cfg.refuse.append(f"alias bomb {width}^{levels}")


def mut_alias_ok(rng, cfg, schema, others):
    v = rng.randint(1, 2)
    cfg.set("train.steps", f"&s {v}", v)
    cfg.set("train.log_every", "*s", v)
    cfg.exotic.append("anchor and alias")


def mut_include(rng, cfg, schema, others):
    roll = rng.random()
    levels = rng.randint(1, 12)
    kind = "chain"
    if roll < 0.2:
        kind = "cycle"
    elif roll < 0.3:
        kind = "missing"
    elif roll < 0.45:
        kind = "fanout"
        levels = max(levels, rng.randint(8, 14))
    elif roll < 0.5:
        kind = "bad-child"
    names = [f"inc{i}.yaml" if rng.random() < 0.7 else f"sub{i}/inc{i}.yaml" for i in range(levels)]
    main = "main.yaml"
    # Each entry lives at one level (-1 = main); an included file is overridden by its includer,
    # so a different value for the same key deeper down (a shadow) changes nothing.
    where = {}
    for path, _ in cfg.entries():
        where[path] = -1 if path == "run.name" or rng.random() < 0.5 else rng.randrange(levels)
    texts = dict(cfg.entries())
    per_level = {l: [] for l in range(levels)}
    for path, lvl in where.items():
        if lvl >= 0:
            per_level[lvl].append((path, texts[path]))
    for path in rng.sample(sorted(where), min(3, len(where))):
        if path not in schema or path in FIXED_KEYS or where[path] >= levels - 1:
            continue
        lvl = rng.randint(where[path] + 1, levels - 1)
        v = valid_value(rng, path, schema[path])
        per_level[lvl].append((path, value_text(rng, Cfg(), path, schema[path], v, False)))

    def rel(frm, to):
        return os.path.relpath(to, os.path.dirname(frm) or ".")

    chain = [main] + names
    for lvl, name in enumerate(names):
        sub = Cfg()
        for path, text in per_level[lvl]:
            if "." in path:
                sec, key = path.split(".", 1)
                sub.section(sec).append((key, text))
            else:
                sub.top.append((path, text))
        inc = []
        if lvl + 1 < levels:
            inc = [rel(name, names[lvl + 1])] * (rng.randint(3, 8) if kind == "fanout" else 1)
        elif kind == "cycle":
            inc = [rel(name, rng.choice(chain[: lvl + 2]))]
        elif kind == "missing":
            inc = [rel(name, "nothere.yaml")]
        elif kind == "bad-child":
            sub.section("train").append(("bogus_key", "1"))
        if kind != "fanout" and inc and rng.random() < 0.2:
            inc = ["/ABS/" + os.path.normpath(os.path.join(os.path.dirname(name), inc[0]))]
        cfg.files[name] = sub.render(includes=inc)
    for path, lvl in where.items():
        if lvl < 0:
            continue
        if "." in path:
            sec, key = path.split(".", 1)
            cfg.section(sec)[:] = [(k, t) for k, t in cfg.section(sec) if k != key]
        else:
            cfg.top = [(k, t) for k, t in cfg.top if k != path]
    cfg.sections = [s for s in cfg.sections if s[1]]
    cfg.main_includes = [rel(main, names[0])]
    if kind == "cycle":
        cfg.refuse.append("include cycle")
    elif kind == "missing":
        cfg.refuse.append("include of a missing file")
    elif kind == "bad-child":
        cfg.refuse.append("unknown key in an included file")
    elif kind == "fanout":
        cfg.exotic.append(f"include fan-out over {levels} levels")
    else:
        cfg.exotic.append(f"include chain of {levels}")


def mut_huge(rng, cfg, schema, others):
    if rng.random() < 0.5:
        mb = rng.randint(1, 6)
        line = b"# " + b"x" * 98 + b"\n"
        cfg.suffix += line * (mb * 10000)
        cfg.exotic.append(f"{mb} MB of comments")
    else:
        n = rng.choice([10000, 100000, 300000])
        cfg.suffix += b"".join(b"junk_%d: %d\n" % (i, i) for i in range(n))
        cfg.refuse.append(f"{n} unknown keys")


def mut_non_utf8(rng, cfg, schema, others):
    bad = rng.choice([b"\xff\xfe", b"\xc0\xaf", b"\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"caf\xe9"])
    if rng.random() < 0.5:
        cfg.suffix += b"# comment " + bad + b"\n"
    else:
        cfg.suffix += b"run_note: " + bad + b"\n"
    cfg.refuse.append(f"non-UTF-8 bytes {bad!r}")


def mut_encoding_ok(rng, cfg, schema, others):
    if rng.random() < 0.5:
        cfg.prefix = b"\xef\xbb\xbf" + cfg.prefix
        cfg.exotic.append("UTF-8 byte order mark")
    else:
        cfg.crlf = True
        cfg.exotic.append("CRLF line ends")


def mut_structure(rng, cfg, schema, others):
    choice = rng.choice(["list", "scalar", "empty", "tabs", "dotted", "multidoc", "nul", "utf16"])
    if choice == "list":
        cfg.replace_main = b"- task: classification\n- train: {steps: 1}\n"
    elif choice == "scalar":
        cfg.replace_main = rng.choice([b"classification\n", b"42\n", b"~\n", b"'task: classification'\n"])
    elif choice == "empty":
        cfg.replace_main = rng.choice([b"", b"\n\n", b"# nothing\n", b"---\n"])
    elif choice == "tabs":
        cfg.suffix += b"model:\n\twidth: 4\n"
    elif choice == "dotted":
        cfg.suffix += b"train.steps: 1\n"
    elif choice == "multidoc":
        cfg.suffix += b"---\ntask: classification\ntrain:\n  steps: 2\n"
    elif choice == "nul":
        cfg.suffix += b"# nul \x00 byte\n"
    else:
        cfg.replace_main = "task: classification\n".encode("utf-16")
    cfg.refuse.append(f"structure: {choice}")


def mut_override(rng, cfg, schema, others):
    if rng.random() < 0.5:
        path = rng.choice(sorted(k for k in schema if k not in FIXED_KEYS))
        v = valid_value(rng, path, schema[path])
        text = value_text(rng, cfg, path, schema[path], v, exotic_ok=False)
        if text.startswith('"'):
            text = text.strip('"') if re.fullmatch(r'"[a-z0-9_-]+"', text) and not text[1].isdigit() else text
        cfg.overrides.append(f"{path}={text}")
        cfg.meaning[path] = v
    else:
        path = rng.choice(sorted(k for k in schema if k not in FIXED_KEYS))
        bad = rng.choice([f"{path}={{}}", f"{path}=[1,", f"={rng.randint(0, 9)}", f"{path}", f"{path}x=1",
                          f"{path.split('.')[0]}=5", f"{path}=!!binary AAAA", f"{path}=*alias",
                          f"{path}=&a [*a]", f"..={1}", f"{path}.deeper=1"])
        cfg.overrides.append(bad)
        cfg.refuse.append(f"override {bad}")


def mut_run_name(rng, cfg, schema, others):
    name = rng.choice(["..", ".", "../escape", "a/../../escape", "/tmp/vitrine-fuzz-abs", "a/b", "x" * 300,
                       " ", "-dash", "name with spaces", "é-ünï", "tab\tname", "new\nline", "nul\u0000",
                       "con:colon", "123", "true", "null"])
    if name in ("true", "null", "123"):
        cfg.set("run.name", name, name)
        cfg.exotic.append(f"run.name: plain {name}")
        return
    cfg.set("run.name", json.dumps(name), name)
    cfg.exotic.append(f"run.name {name!r}")


CONFIG_MUTATIONS = [
    (mut_unknown_key, 10), (mut_wrong_type, 10), (mut_out_of_range, 8), (mut_non_decimal_int, 4),
    (mut_octal_looking, 4), (mut_empty_map, 8), (mut_duplicate, 8), (mut_deep, 4), (mut_alias_bomb, 4),
    (mut_alias_ok, 2), (mut_include, 10), (mut_huge, 2), (mut_non_utf8, 4), (mut_encoding_ok, 3),
    (mut_structure, 5), (mut_override, 8), (mut_run_name, 5),
]


def config_case(session, rng, case_dir):
    schema = session.schema("classification")
    others = dict(session.schema("embedding"))
    others.update(session.schema("demand"))
    cfg = base_config(rng, schema)
    canonical = rng.random() < 0.12
    if canonical:
        # Only valid values in plain forms: must run.
        cfg.exotic = []
        for path, _ in list(cfg.entries()):
            if path in cfg.meaning and path in schema and path != "run.name":
                cfg.set(path, value_text(rng, Cfg(), path, schema[path], cfg.meaning[path], exotic_ok=False)
                        if schema[path]["type"] != "string" else json.dumps(cfg.meaning[path]), cfg.meaning[path])
    else:
        muts, weights = zip(*CONFIG_MUTATIONS)
        chosen = rng.choices(muts, weights, k=rng.choice([1, 1, 1, 2, 3]))
        for m in sorted(chosen, key=lambda m: m is not mut_include):   # includes first
            m(rng, cfg, schema, others)
    cfg_dir = case_dir / "cfg"
    cfg_dir.mkdir()
    main = cfg_dir / "main.yaml"
    for name, data in cfg.files.items():
        p = cfg_dir / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.replace(b"/ABS/", (str(cfg_dir) + "/").encode()))
    data = cfg.replace_main if cfg.replace_main is not None else cfg.render(includes=cfg.main_includes)
    main.write_bytes(data)
    before = hash_tree(cfg_dir)
    r = run([session.vitrine, "run", main] + cfg.overrides, case_dir, session.t(30))
    kind = require_end(r, allow_error=not canonical, what="run")
    require_unchanged(before, [cfg_dir], "config files")
    if kind == "clean":
        if cfg.refuse:
            left = [p for p in hash_tree(case_dir / "reports", case_dir / "checkpoints")]
            if left:
                raise Fail("changed file", f"a refused config left {os.path.relpath(left[0], case_dir)}")
        return "clean error"
    if cfg.refuse:
        raise Fail("misread", "accepted: " + "; ".join(cfg.refuse[:3]))
    check_resolved(case_dir, cfg, schema)
    return "ok"


def check_resolved(case_dir, cfg, schema):
    import yaml
    name = cfg.meaning.get("run.name", "")
    reports = (case_dir / "reports").resolve()
    found = [p for p in case_dir.rglob("config.yaml") if "cfg" not in p.relative_to(case_dir).parts[:1]]
    outside = [p for p in case_dir.rglob("*") if p.is_file()
               and p.relative_to(case_dir).parts[0] not in ("cfg", "reports", "checkpoints")]
    if outside:
        raise Fail("misread", f"run.name {name!r}: wrote outside reports/ and checkpoints/: "
                   f"{os.path.relpath(outside[0], case_dir)}")
    if len(found) != 1:
        raise Fail("misread", f"expected one reports/<run>/config.yaml, found {len(found)}")
    resolved = found[0].resolve()
    if name and "/" not in name and resolved.parent != reports / name:
        raise Fail("misread", f"run.name {name!r}: report folder is {os.path.relpath(resolved.parent, case_dir)}")
    if reports not in resolved.parents or resolved.parent == reports:
        raise Fail("misread", f"run.name {name!r}: report folder {resolved.parent} is not inside reports/")
    doc = yaml.load(found[0].read_text(), Loader=yaml.BaseLoader)
    problems = []
    for path, spec in schema.items():
        want = cfg.meaning.get(path, spec["default"])
        node = doc
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            problems.append(f"{path} missing")
            continue
        if not same_value(spec["type"], node, want):
            problems.append(f"{path} = {node!r}, meant {want!r}")
    if problems:
        raise Fail("misread", "config.yaml: " + "; ".join(problems[:4]) +
                   (f" (exotic forms: {'; '.join(cfg.exotic[:3])})" if cfg.exotic else ""))


def same_value(typ, text, want):
    try:
        if typ == "int":
            return isinstance(text, str) and re.fullmatch(r"-?\d+", text) is not None and int(text) == want
        if typ == "float":
            return float(text) == float(want)
        if typ == "bool":
            return text.lower() == ("true" if want else "false")
        if typ in ("list of string", "list of choice"):
            return isinstance(text, list) and [str(x) for x in text] == [str(x) for x in want]
        if typ.startswith("list"):
            return isinstance(text, list) and [int(x) for x in text] == list(want)
        return text == want
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------------------------------
# Family: png — mutated query images fed to `vitrine search`
# ---------------------------------------------------------------------------------------------

PNG_SIG = b"\x89PNG\r\n\x1a\n"
COLOUR_CHUNKS = {b"sRGB", b"gAMA", b"cHRM", b"iCCP", b"sBIT"}


def search_argv(index, ckpt, image, k=3):
    return ["search", "--index", index, "--checkpoint", ckpt, "--image", image, "--k", str(k), "--json"]


def search_hits(out):
    try:
        doc = json.loads(out)
    except json.JSONDecodeError:
        start = out.find("[")
        doc = json.loads(out[start:]) if start >= 0 else None
    if not isinstance(doc, list):
        raise ValueError("search --json did not print a list")
    return [(h.get("item", {}).get("product_id"), h.get("score")) for h in doc]


def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data) & 0xFFFFFFFF)


def split_chunks(d):
    """[(type, data)] of a well-formed PNG (the fixtures), signature dropped."""
    out, i = [], 8
    while i + 12 <= len(d):
        n = struct.unpack(">I", d[i:i + 4])[0]
        out.append((d[i + 4:i + 8], d[i + 8:i + 8 + n]))
        i += 12 + n
        if out[-1][0] == b"IEND":
            break
    return out


def join_chunks(chunks, sig=PNG_SIG):
    return sig + b"".join(chunk(t, d) for t, d in chunks)


def encode_png(rng):
    """A small random PNG of a random colour type and depth (non-interlaced)."""
    ct, bd = rng.choice([(0, 8), (0, 16), (0, 1), (2, 8), (2, 16), (3, 8), (3, 4), (4, 8), (6, 8), (6, 16)])
    w, h = rng.randint(1, 40), rng.randint(1, 40)
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ct]
    row_bytes = (w * channels * bd + 7) // 8
    raw = b"".join(bytes([rng.randint(0, 4)]) + bytes(rng.getrandbits(8) for _ in range(row_bytes))
                   for _ in range(h))
    chunks = [(b"IHDR", struct.pack(">IIBBBBB", w, h, bd, ct, 0, 0, 0))]
    if rng.random() < 0.3:
        chunks.append((b"tEXt", b"Comment\x00fuzz"))
    if ct == 3:
        chunks.append((b"PLTE", bytes(rng.getrandbits(8) for _ in range(3 * (1 << bd)))))
    comp = zlib.compress(raw, rng.randint(0, 9))
    cut = max(1, len(comp) // rng.randint(1, 3))
    chunks.append((b"IDAT", comp[:cut]))
    if cut < len(comp):
        chunks.append((b"IDAT", comp[cut:]))
    chunks.append((b"IEND", b""))
    return join_chunks(chunks)


def _passes(w, h, interlace):
    if not interlace:
        return [(w, h)]
    out = []
    for x0, y0, dx, dy in [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
                           (0, 1, 1, 2)]:
        pw, ph = (w - x0 + dx - 1) // dx, (h - y0 + dy - 1) // dy
        if pw > 0 and ph > 0:
            out.append((pw, ph))
    return out


def png_status(d, original_ancillary=()):
    """('damaged'|'ambiguous'|'valid', detail or pixel key) by the PNG specification."""
    if d[:8] != PNG_SIG:
        return "damaged", "signature"
    i, chunks, trailing, truncated = 8, [], False, None
    while True:
        if i + 8 > len(d):
            truncated = "truncated (no IEND)"
            break
        n, t = struct.unpack(">I", d[i:i + 4])[0], d[i + 4:i + 8]
        if n > 0x7FFFFFFF:
            truncated = "chunk length over 2^31-1"
            break
        if i + 12 + n > len(d):
            truncated = f"truncated {t!r} chunk"
            break
        data = d[i + 8:i + 8 + n]
        crc_ok = zlib.crc32(t + data) & 0xFFFFFFFF == struct.unpack(">I", d[i + 8 + n:i + 12 + n])[0]
        if not all(65 <= c <= 90 or 97 <= c <= 122 for c in t):
            return "damaged", f"invalid chunk type {t!r}"
        chunks.append((t, data, crc_ok))
        i += 12 + n
        if t == b"IEND":
            trailing = i < len(d)
            break
    ambiguous = []
    if not chunks:
        return "damaged", truncated or "no chunks"
    # Damage after the last IDAT leaves the image data whole: a decoder may stop before it.
    last_idat = max((k for k, (t, _, _) in enumerate(chunks) if t == b"IDAT"), default=len(chunks))
    late = []
    for k, (t, data, ok) in enumerate(chunks):
        critical = 65 <= t[0] <= 90
        problem = None
        if critical and not ok:
            problem = f"CRC of {t.decode()}"
        elif critical and t not in (b"IHDR", b"PLTE", b"IDAT", b"IEND"):
            problem = f"unknown critical chunk {t!r}"
        if problem and k > last_idat:
            late.append(problem + " after the image data")
        elif problem:
            return "damaged", problem
        if not critical and (not ok or (t, data) not in original_ancillary):
            ambiguous.append(f"ancillary {t.decode('latin-1')}")
    types = [t for t, _, _ in chunks]
    if types[0] != b"IHDR" or types.count(b"IHDR") != 1 or len(chunks[0][1]) != 13:
        return "damaged", "IHDR not first, repeated or of the wrong length"
    w, h, bd, ct, comp, filt, inter = struct.unpack(">IIBBBBB", chunks[0][1])
    if not (0 < w <= 0x7FFFFFFF and 0 < h <= 0x7FFFFFFF):
        return "damaged", f"dimensions {w}x{h}"
    if bd not in {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}.get(ct, ()):
        return "damaged", f"colour type {ct} with depth {bd}"
    if comp or filt or inter > 1:
        return "damaged", "compression/filter/interlace method"
    if types.count(b"IEND") > 1 or types.count(b"PLTE") > 1:
        return "damaged", "repeated IEND/PLTE"
    if truncated:
        late.append(truncated + " after the image data")
    plte = [dt for t, dt, _ in chunks if t == b"PLTE"]
    if ct == 3 and not plte:
        return "damaged", "palette image without PLTE"
    if plte and (len(plte[0]) % 3 or not 0 < len(plte[0]) // 3 <= min(256, 1 << bd if ct == 3 else 256)):
        return "damaged" if ct == 3 else "ambiguous", "PLTE length"
    if plte and ct in (0, 4):
        return "damaged", "PLTE in a grey image"
    idat_at = [k for k, t in enumerate(types) if t == b"IDAT"]
    if not idat_at:
        return "damaged", "no IDAT"
    if idat_at != list(range(idat_at[0], idat_at[-1] + 1)):
        ambiguous.append("IDAT chunks not consecutive")
    if plte and types.index(b"PLTE") > idat_at[0]:
        return "damaged", "PLTE after IDAT"
    for k, t in enumerate(types):
        if t in COLOUR_CHUNKS and (k > idat_at[0] or (plte and k > types.index(b"PLTE"))):
            ambiguous.append(f"{t.decode()} out of place")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ct]
    expected = sum(ph * (1 + (pw * channels * bd + 7) // 8) for pw, ph in _passes(w, h, inter))
    if expected > 1 << 31:
        return "damaged", f"{w}x{h} with data far too short"   # a fixture never holds 2 GiB of data
    dec = zlib.decompressobj()
    try:
        raw = dec.decompress(b"".join(dt for t, dt, _ in chunks if t == b"IDAT"), expected + 1)
    except zlib.error as e:
        return "damaged", f"zlib: {e}"
    if len(raw) < expected:
        return "damaged", f"{len(raw)} of {expected} image bytes" + (f" ({truncated})" if truncated else "")
    ambiguous += late
    if len(raw) > expected or not dec.eof:
        ambiguous.append("extra or unterminated compressed data")
    pos = 0
    for pw, ph in _passes(w, h, inter):
        rb = 1 + (pw * channels * bd + 7) // 8
        for _ in range(ph):
            if raw[pos] > 4:
                return "damaged", f"filter type {raw[pos]}"
            pos += rb
    if ambiguous:
        return "ambiguous", "; ".join(ambiguous)
    key = hashlib.sha256(chunks[0][1] + b"".join(t + dt for t, dt, _ in chunks if t in (b"PLTE", b"tRNS")
                                                  or t in COLOUR_CHUNKS) + raw[:expected]).hexdigest()
    return "valid", key


def bomb_png():
    """Valid 20000 x 20000 grey PNG (400 MB of pixels in 0.4 MB): absurd dimensions with real data."""
    w = h = 20000
    comp = zlib.compressobj(9)
    row = b"\x00" * (w + 1)
    parts = [comp.compress(row * 500) for _ in range(h // 500)] + [comp.flush()]
    return join_chunks([(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)), (b"IDAT", b"".join(parts)),
                        (b"IEND", b"")])


def mutate_png(rng, base):
    chunks = split_chunks(base)
    op = rng.choice(["flip", "flip", "flip-crc", "flip-crc", "truncate", "truncate", "dims", "dims", "ihdr",
                     "shuffle", "remove", "duplicate", "insert", "split", "trailing", "length", "bomb"])
    if op == "flip":
        d = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            d[rng.randrange(len(d))] ^= 1 << rng.randrange(8)
        return op, bytes(d)
    if op == "flip-crc":
        k = rng.randrange(len(chunks))
        t, data = chunks[k]
        if data:
            data = bytearray(data)
            for _ in range(rng.randint(1, 3)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            chunks[k] = (t, bytes(data))
        return f"{op} {t.decode()}", join_chunks(chunks)
    if op == "truncate":
        return op, base[: rng.randrange(len(base))]
    if op in ("dims", "ihdr"):
        w, h, bd, ct, comp, filt, inter = struct.unpack(">IIBBBBB", chunks[0][1])
        if op == "dims":
            big = [0, 1, 2, 65535, 65536, 100000, 1 << 20, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 46341]
            w = rng.choice(big + [w]) if rng.random() < 0.7 else w
            h = rng.choice(big)
        else:
            bd, ct, inter = rng.choice([1, 2, 4, 8, 16, 3, 0, 255]), rng.choice([0, 2, 3, 4, 6, 1, 7]), rng.choice(
                [0, 1, 2])
            comp, filt = rng.choice([(0, 0), (0, 0), (1, 0), (0, 1)])
        chunks[0] = (b"IHDR", struct.pack(">IIBBBBB", w, h, bd, ct, comp, filt, inter))
        return f"{op} {w}x{h} depth {bd} colour {ct} interlace {inter}", join_chunks(chunks)
    if op == "shuffle":
        rng.shuffle(chunks)
        return op, join_chunks(chunks)
    if op == "remove":
        k = rng.randrange(len(chunks))
        t = chunks.pop(k)[0]
        return f"remove {t.decode()}", join_chunks(chunks)
    if op == "duplicate":
        k = rng.randrange(len(chunks))
        chunks.insert(rng.randrange(len(chunks) + 1), chunks[k])
        return f"duplicate {chunks[k][0].decode()}", join_chunks(chunks)
    if op == "insert":
        t = rng.choice([b"ABCD", b"abCD", b"tEXt", b"zzZz", b"IDAT", b"iCCP"])
        data = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 40)))
        chunks.insert(rng.randint(1, len(chunks) - 1), (t, data))
        return f"insert {t.decode()}", join_chunks(chunks)
    if op == "split":
        idat = b"".join(d for t, d in chunks if t == b"IDAT")
        n = rng.randint(1, max(1, len(idat)))
        pieces = [idat[i:i + n] for i in range(0, len(idat), n)]
        first = next(k for k, (t, _) in enumerate(chunks) if t == b"IDAT")
        rest = [c for c in chunks if c[0] != b"IDAT"]
        return f"split IDAT in {len(pieces)}", join_chunks(rest[:first] + [(b"IDAT", p) for p in pieces] + rest[first:])
    if op == "trailing":
        return op, base + bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 64)))
    if op == "length":
        d = bytearray(base)
        offsets, i = [], 8
        for t, data in chunks:
            offsets.append(i)
            i += 12 + len(data)
        at = rng.choice(offsets)
        d[at:at + 4] = struct.pack(">I", rng.choice([0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1 << 24, 0]))
        return op, bytes(d)
    return "bomb", None


def png_case(session, rng, case_dir):
    emb = session.embedding()
    base = emb["png"] if rng.random() < 0.5 else encode_png(rng)
    op, data = mutate_png(rng, base)
    if data is None:
        data = session.fixture("png-bomb", bomb_png)
    ancillary = {(t, d) for t, d in split_chunks(base) if not 65 <= t[0] <= 90}
    status, detail = png_status(data, ancillary)
    query = case_dir / "query.png"
    query.write_bytes(data)
    before = hash_tree(query, emb["index"], emb["ckpt"])
    r = run([session.vitrine] + search_argv(emb["index"], emb["ckpt"], query), case_dir, session.t(30))
    base_status, base_key = png_status(base, ancillary)
    same = status == "valid" and base_status == "valid" and detail == base_key
    kind = require_end(r, allow_error=not same, what=f"{op} ({status}: {detail[:60] if status != 'valid' else 'valid'})")
    require_unchanged(before, [query, emb["index"], emb["ckpt"]], "search inputs")
    if kind == "clean":
        return "clean error"
    if status == "damaged":
        raise Fail("misread", f"{op}: damaged PNG ({detail}) was read without an error")
    if same:
        (case_dir / "base.png").write_bytes(base)
        r0 = run([session.vitrine] + search_argv(emb["index"], emb["ckpt"], case_dir / "base.png"), case_dir,
                 session.t(30))
        require_end(r0, allow_error=False, what="unmutated query")
        if search_hits(r.out) != search_hits(r0.out):
            raise Fail("misread", f"{op}: the same pixels gave other results than the unmutated PNG")
    else:
        try:
            search_hits(r.out)   # exit 0 must still print well-formed results
        except (ValueError, json.JSONDecodeError) as e:
            raise Fail("misread", f"{op}: exit 0 without well-formed results ({e})")
    return "ok"


# ---------------------------------------------------------------------------------------------
# Family: checkpoint — mutated copies of a 5-step shapes run's checkpoints
# ---------------------------------------------------------------------------------------------

FALLBACK_TEXT = re.compile(r"(?i)corrupt|damaged|checksum|fall(ing|s)? ?back|instead|skipp|mismatch|invalid")


def checkpoint_commands(run_name, file):
    return {"eval-run": ["eval", run_name], "eval-file": ["eval", f"checkpoints/{run_name}/{file}"],
            "inspect": ["inspect", f"checkpoints/{run_name}/{file}"],
            "resume": ["resume", run_name, "train.steps=7"]}


def h5_fingerprint(path):
    """A hash of every object, shape, dtype, value and attribute h5py sees; None if unreadable."""
    import h5py
    import numpy as np
    h = hashlib.sha256()
    try:
        with h5py.File(path, "r") as f:
            def visit(name, obj):
                h.update(name.encode())
                for k in sorted(obj.attrs):
                    h.update(k.encode() + repr(obj.attrs[k]).encode())
                if isinstance(obj, h5py.Dataset):
                    h.update(repr((obj.shape, str(obj.dtype))).encode())
                    # A mutated header may declare a huge shape (the absurd-shape mutation):
                    # the harness must not allocate what the file only claims.
                    if obj.size * obj.dtype.itemsize <= max(path.stat().st_size, 1) * 4 + 4096:
                        h.update(np.asarray(obj[()]).tobytes())
                    else:
                        h.update(b"declared-larger-than-the-file")
            visit("/", f)
            f.visititems(visit)
    except Exception:   # noqa: BLE001 - unreadable is an answer here
        return None
    return h.hexdigest()


def mutate_checkpoint(rng, path):
    import h5py
    import numpy as np
    op = rng.choice(["truncate", "flip", "flip", "flip-data", "flip-data", "delete", "absurd-shape",
                     "wrong-shape", "wrong-dtype", "nan", "attr", "attr", "attr-delete"])
    raw = path.read_bytes()
    if op == "truncate":
        cut = rng.choice([0, 8, rng.randrange(len(raw)), len(raw) - rng.randint(1, 64)])
        path.write_bytes(raw[:cut])
        return f"truncate at {cut} of {len(raw)}"
    if op == "flip" or op == "flip-data":
        d = bytearray(raw)
        where = []
        if op == "flip-data":
            with h5py.File(path, "r") as f:
                spans = []
                f.visititems(lambda n, o: spans.append((n, o.id.get_offset(), o.id.get_storage_size()))
                             if isinstance(o, h5py.Dataset) and o.id.get_offset() is not None
                             and o.id.get_storage_size() > 0 else None)
            name, off, size = rng.choice(spans)
            at = off + rng.randrange(size)
            where = [name]
        else:
            at = rng.randrange(len(d))
        d[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(d))
        return f"{op} byte {at}" + (f" ({where[0]})" if where else "")
    with h5py.File(path, "r+") as f:
        datasets = []
        f.visititems(lambda n, o: datasets.append(n) if isinstance(o, h5py.Dataset) else None)
        model = [n for n in datasets if n.startswith("model/")] or datasets
        name = rng.choice(model if rng.random() < 0.7 else datasets)
        if op == "delete":
            del f[name]
            return f"delete {name}"
        if op == "absurd-shape":
            del f[name]
            shape = rng.choice([(100000, 100000), (1 << 31,), (1, 1, 1, 1 << 40), (0,), (46341, 46341)])
            f.create_dataset(name, shape=shape, dtype="f4",
                             chunks=tuple(min(s, 1000) for s in shape) if all(shape) else None)
            return f"{name} declared {shape}"
        if op == "wrong-shape":
            old = np.asarray(f[name][()])
            new = rng.choice([old.reshape(-1), old.reshape(-1)[:-1] if old.size > 1 else np.zeros(2, "f4"),
                              np.zeros(old.shape + (2,), "f4"), np.zeros((), "f4")])
            del f[name]
            f[name] = new.astype("f4")
            return f"{name} {old.shape} -> {new.shape}"
        if op == "wrong-dtype":
            old = np.asarray(f[name][()])
            dt = rng.choice(["f8", "i4", "f2", "u1"])
            del f[name]
            f[name] = old.astype(dt)
            return f"{name} as {dt}"
        if op == "nan":
            arr = np.array(f[name][()])
            if arr.size == 0 or arr.dtype.kind != "f":
                arr = np.zeros(1, "f4")
            flat = arr.reshape(-1)
            flat[rng.randrange(flat.size)] = rng.choice([np.nan, np.inf, -np.inf, 3.4e38])
            f[name][...] = flat.reshape(arr.shape) if f[name].shape == arr.shape else f[name][()]
            return f"{name} holds a non-finite value"
        meta = f["meta"]
        if op == "attr-delete":
            key = rng.choice(sorted(meta.attrs))
            del meta.attrs[key]
            return f"delete /meta attribute {key}"
        key, value = rng.choice([("position", 10**9), ("position", -1), ("epoch", -3), ("step", -1),
                                 ("step", 2**62), ("step", 10**9), ("generator_state", "[]"),
                                 ("generator_state", "garbage"), ("generator_state", '["1", "2"]'),
                                 ("config", "task: ["), ("config", ""), ("config", "task: demand\n"),
                                 ("config", "task: classification\ntrain: {steps: 1.5}\n"),
                                 ("metrics", "{"), ("best_metric", float("nan")), ("epoch", 2**40)])
        if key in meta.attrs and isinstance(value, str) and not isinstance(meta.attrs[key], (str, bytes)):
            value = value   # a string where a number was: a type error in the file
        meta.attrs[key] = value
        return f"/meta {key} = {value!r}"


def checkpoint_case(session, rng, case_dir):
    fx = session.shapes_run()
    work = case_dir / "run"
    shutil.copytree(fx["dir"], work)
    ck_dir = work / "checkpoints" / "ck"
    command = rng.choice(["eval-run", "eval-run", "eval-file", "inspect", "inspect", "resume", "resume", "resume"])
    files = sorted(p.name for p in ck_dir.glob("*.h5"))
    target = {"eval-run": "best.h5", "resume": "last.h5"}.get(command)
    if target is None or rng.random() < 0.15:
        target = rng.choice(files)
    pristine = case_dir / "pristine"
    shutil.copytree(work, pristine)
    original = h5_fingerprint(ck_dir / target)
    what = mutate_checkpoint(rng, ck_dir / target)
    noop = h5_fingerprint(ck_dir / target) == original
    argv = checkpoint_commands("ck", target)[command]
    before = hash_tree(work)
    r = run([session.vitrine] + argv, work, session.t(60))
    label = f"{command} {target} after {what}"
    kind = require_end(r, allow_error=not noop, what=label)
    if kind == "clean" or command != "resume":
        require_unchanged(before, [work], label)
    if kind == "clean":
        return "clean error"
    fell_back = bool(FALLBACK_TEXT.search(r.text))
    if command == "resume":
        problem = same_weights(model_weights(ck_dir / "last.h5"), fx["weights7"])
        if problem:
            raise Fail("misread", f"{label}: resumed run's weights differ from an uninterrupted one: {problem}")
        affected = target == "last.h5"
        if affected and not noop and not fell_back:
            raise Fail("misread", f"{label}: resumed from a damaged last.h5 without a word")
        return "ok"
    # `vitrine eval RUN` reads best.h5 (last.h5 when there is none): damage to another file
    # of the run must change nothing it prints.
    read_by_eval = "best.h5" if (pristine / "checkpoints" / "ck" / "best.h5").exists() else "last.h5"
    untouched = command == "eval-run" and target != read_by_eval
    if noop or untouched:
        r0 = run([session.vitrine] + argv, pristine, session.t(60))
        require_end(r0, allow_error=False, what="unmutated")
        if strip_timing(r0.out) != strip_timing(r.out):
            raise Fail("misread", f"{label}: same content, other output")
        return "ok"
    if not fell_back:
        raise Fail("misread", f"{label}: exit 0 without detecting the damage")
    return "ok"


def strip_timing(text):
    return re.sub(r"\d+(\.\d+)? ?(ms|s)\b", "T", text)


# ---------------------------------------------------------------------------------------------
# Family: retail — mutated copies of a small simulated retailer, read by the gbdt demand run
# ---------------------------------------------------------------------------------------------

def demand_argv(data_dir):
    return ["run", EXPERIMENTS / "demand_gbdt.yaml", f"data.directory={data_dir}", "data.generate=false",
            "data.products=20", "data.holdout_days=7", "data.validation_days=7", "trees.max_iterations=5",
            "trees.min_samples_leaf=5", "train.threads=1", "run.name=r"]


def _csv_rows(path):
    return path.read_text().split("\n")


def mutate_retail(rng, d):
    csvs = sorted(p for p in d.glob("*.csv"))
    csvs_with_rows = [p for p in csvs if len([ln for ln in _csv_rows(p) if ln]) > 1]
    op = rng.choice(["truncate", "truncate", "drop-column", "rename-column", "bad-value", "bad-value",
                     "bad-value", "delete-file", "dataset-json", "dataset-json", "demand-bin", "swap-rows",
                     "duplicate-row", "subtle", "subtle", "blank-line"])
    if op == "truncate":
        p = rng.choice(csvs + [d / "dataset.json", d / "expected_demand.json"])
        raw = p.read_bytes()
        cut = rng.randrange(len(raw))
        p.write_bytes(raw[:cut])
        return f"truncate {p.name} at {cut} of {len(raw)}"
    if op in ("drop-column", "rename-column", "bad-value", "swap-rows", "duplicate-row", "subtle", "blank-line"):
        p = rng.choice(csvs_with_rows)
        lines = _csv_rows(p)
        body = [i for i in range(1, len(lines)) if lines[i]]
        header = lines[0].split(",")
        if op == "drop-column":
            c = rng.randrange(len(header))
            lines = [",".join(f for j, f in enumerate(ln.split(",")) if j != c) if ln else ln for ln in lines]
            p.write_text("\n".join(lines))
            return f"drop column {header[c]} of {p.name}"
        if op == "rename-column":
            c = rng.randrange(len(header))
            header[c] = header[c] + "_x"
            lines[0] = ",".join(header)
            p.write_text("\n".join(lines))
            return f"rename column {header[c]} of {p.name}"
        if op in ("swap-rows", "duplicate-row") and len(body) > 1:
            i, j = rng.sample(body, 2)
            if op == "swap-rows" and lines[i] != lines[j]:
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(j, lines[i])
                op = "duplicate-row"
            p.write_text("\n".join(lines))
            return f"{op} in {p.name}"
        if op == "blank-line":
            lines.insert(rng.choice(body), rng.choice(["", " ", ",,,"]))
            p.write_text("\n".join(lines))
            return f"blank line in {p.name}"
        i = rng.choice(body)
        fields = lines[i].split(",")
        c = rng.randrange(len(fields))
        old = fields[c]
        if op == "subtle":
            digits = [k for k, ch in enumerate(old) if ch.isdigit()]
            if digits:
                k = rng.choice(digits)
                new = old[:k] + str((int(old[k]) + rng.randint(1, 9)) % 10) + old[k + 1:]
            else:
                new = old + "x"
        else:
            new = rng.choice(["", "-1", "-0.01", "abc", "NaN", "inf", "1e309", "2021-13-45", "9" * 30,
                              "99999999", '"', "0x10", " 1", "1.5.2", "p999999", "\u00e9"])
            if new == old:
                new = "abc"
        fields[c] = new
        lines[i] = ",".join(fields)
        p.write_text("\n".join(lines))
        return f"{p.name} line {i + 1} {header[c] if c < len(header) else c}: {old!r} -> {new!r}"
    if op == "delete-file":
        p = rng.choice(sorted(d.iterdir()))
        p.unlink()
        return f"delete {p.name}"
    if op == "dataset-json":
        p = d / "dataset.json"
        doc = json.loads(p.read_text())
        key = rng.choice(sorted(doc))
        doc[key] = rng.choice([None, -3, 0, 10**12, "x", [], {}, 1.5])
        p.write_text(json.dumps(doc))
        return f"dataset.json {key} = {doc[key]!r}"
    p = d / "expected_demand.bin"
    raw = bytearray(p.read_bytes())
    if rng.random() < 0.5:
        p.write_bytes(bytes(raw[: rng.randrange(len(raw))]))
        return "truncate expected_demand.bin"
    at = rng.randrange(len(raw))
    raw[at] ^= 1 << rng.randrange(8)
    p.write_bytes(bytes(raw))
    return f"flip expected_demand.bin byte {at}"


def retail_case(session, rng, case_dir):
    fx = session.retail()
    data = case_dir / "data"
    shutil.copytree(fx["data"], data)
    control = rng.random() < 0.12
    what = "unmutated control" if control else mutate_retail(rng, data)
    before = hash_tree(data)
    r = run([session.vitrine] + demand_argv(data), case_dir, session.t(60))
    kind = require_end(r, allow_error=not control, what=what)
    require_unchanged(before, [data], "the retail folder")
    if kind == "clean":
        return "clean error"
    if not control:
        raise Fail("misread", f"{what}: the mutated folder was read without an error")
    lines = [json.loads(ln) for ln in (case_dir / "reports" / "r" / "metrics.jsonl").read_text().splitlines() if ln]
    final = lines[-1]
    zero = sorted(k for k, v in final.items() if k.startswith("holdout/") and v == 0
                  and (k.endswith(("/wape", "/rmse", "/bias")) if "seasonal_naive" not in k else k.endswith("/wape")))
    if zero:
        raise Fail("misread", f"metrics 0.0 where undefined (empty subsets): {', '.join(zero[:4])}"
                   + (f" and {len(zero) - 4} more" if len(zero) > 4 else ""))
    return "ok"


# ---------------------------------------------------------------------------------------------
# Family: cli — absurd sizes on the command line
# ---------------------------------------------------------------------------------------------

ABSURD = ["0", "-1", "-5", "1", "1000000000", "2147483648", "9223372036854775807", "-9223372036854775808",
          "99999999999999999999", "1e3", "abc", ""]


def cli_case(session, rng, case_dir):
    value = rng.choice(ABSURD)
    tool = rng.choice(["retail", "retail", "catalog", "catalog", "photoshoots", "search", "index"])
    out = case_dir / "out"
    if tool == "retail":
        opts = {"--products": "3", "--days": "30", "--orders": "20"}
        opt = rng.choice(sorted(opts) + ["--feature-table"])
        opts[opt] = value
        argv = ["datagen", "retail", "--out", out] + [f"{k}={v}" for k, v in opts.items()]
    elif tool == "catalog":
        opts = {"--products": "2", "--images-per-product": "2", "--size": "8", "--competitors": "0"}
        opt = rng.choice(sorted(opts) + ["--train-images-per-product"])
        opts[opt] = value
        argv = ["datagen", "catalog", "--out", out] + [f"{k}={v}" for k, v in opts.items()]
    elif tool == "photoshoots":
        opts = {"--images": "2", "--size": "16"}
        opt = rng.choice(sorted(opts))
        opts[opt] = value
        argv = ["datagen", "photoshoots", "--out", out] + [f"{k}={v}" for k, v in opts.items()]
    else:
        emb = session.embedding()
        query = case_dir / "q.png"
        query.write_bytes(emb["png"])
        if tool == "search":
            opt = "--k"
            argv = ["search", "--index", emb["index"], "--checkpoint", emb["ckpt"], "--image", query, f"--k={value}"]
        else:
            opt = "--batch-size"
            argv = ["index", "--checkpoint", emb["ckpt"], "--manifest", emb["dir"] / "cat" / "manifest.csv",
                    "--out", out / "i.h5", f"--batch-size={value}"]
        inputs = [emb["index"], emb["ckpt"], emb["dir"] / "cat"]
    before = hash_tree(*inputs) if tool in ("search", "index") else {}
    r = run([session.vitrine] + argv, case_dir, session.t(30))
    label = f"{tool} {opt}={value!r}"
    kind = require_end(r, allow_error=True, what=label)
    if before:
        require_unchanged(before, inputs, label)
    if kind == "clean":
        return "clean error"
    if value.startswith("-") or value in ("abc", "", "1e3", "99999999999999999999"):
        raise Fail("misread", f"{label}: accepted (exit 0)")
    if value == "0" and opt in ("--size", "--batch-size", "--days", "--images-per-product"):
        raise Fail("misread", f"{label}: accepted a zero size (exit 0)")
    return "ok"


# ---------------------------------------------------------------------------------------------
# Family: kill — a signal at a random moment (often during a save), then `vitrine resume`
# ---------------------------------------------------------------------------------------------

KILL_VARIANTS = {
    0: ["train.steps=12", "train.checkpoint_every=1", "train.keep=2"],
    1: ["train.steps=20", "train.checkpoint_every=1", "train.keep=1", "train.eval_every=5"],
    2: ["train.steps=10", "train.checkpoint_every=3", "train.keep=3"],
}


def kill_overrides(variant):
    return ["data.shapes_train=128", "data.shapes_test=32", "train.batch_size=16", "model.width=4",
            "train.threads=1", "train.log_every=1", "run.name=k"] + KILL_VARIANTS[variant]


def tmp_files(*dirs):
    return [str(p) for d in dirs if Path(d).exists() for p in Path(d).rglob("*") if ".tmp" in p.name]


def check_jsonl(path):
    if not path.exists():
        return None
    for n, ln in enumerate(path.read_text(errors="replace").splitlines(), 1):
        try:
            if not isinstance(json.loads(ln), dict):
                raise ValueError
        except ValueError:
            return f"{path.name} line {n} is not a JSON object: {ln[:80]!r}"
    return None


def kill_case(session, rng, case_dir):
    variant = rng.choice(sorted(KILL_VARIANTS))
    ref = session.kill_reference(variant)
    sig = rng.choice([signal.SIGKILL, signal.SIGKILL, signal.SIGKILL, signal.SIGTERM, signal.SIGINT, "double"])
    at = rng.uniform(0.02, max(0.1, ref["seconds"]))
    argv = [session.vitrine, "run", EXPERIMENTS / "shapes.yaml"] + kill_overrides(variant)
    t0 = time.monotonic()
    proc = start(argv, case_dir)
    time.sleep(at)
    label = f"variant {variant}, {getattr(sig, 'name', sig)} at {at:.2f} s"
    try:
        if sig == "double":
            os.kill(proc.pid, signal.SIGINT)
            time.sleep(rng.uniform(0, 0.05))
            os.kill(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, sig)
    except ProcessLookupError:
        pass
    r = finish(proc, argv, session.t(60), t0)
    if r.rc is None:
        raise Fail("hang", f"{label}: the signalled run did not exit")
    graceful_ok = {signal.SIGTERM: (0, -signal.SIGTERM), signal.SIGINT: (0, -signal.SIGINT),
                   "double": (0, 1, 130, -signal.SIGINT), signal.SIGKILL: (0, -signal.SIGKILL)}[sig]
    if r.rc not in graceful_ok:
        kind, detail = ending(r)
        if kind != "clean":
            raise Fail("crash" if kind == "crash" else "unclean error", f"{label}: first run: {detail}{_tail(r)}")
    if any(t in r.err for t in TRAP_TEXT):
        raise Fail("crash", f"{label}: first run printed trap text{_tail(r)}")
    ck = case_dir / "checkpoints" / "k"
    had_last = (ck / "last.h5").exists()
    pre_weights = None
    if had_last:
        try:
            pre_weights = model_weights(ck / "last.h5")
        except Exception as e:   # noqa: BLE001
            raise Fail("misread", f"{label}: last.h5 left unreadable after the signal ({type(e).__name__}: {e})")
    rr = run([session.vitrine, "resume", "k"], case_dir, session.t(90))
    kind = require_end(rr, allow_error=True, what=f"{label}: resume")
    if kind == "clean":
        if had_last and same_weights(pre_weights, ref["weights"]) is not None:
            raise Fail("misread", f"{label}: resume refused an interrupted run ({ending(rr)[1]})")
        return "clean error"
    if not (ck / "last.h5").exists():
        raise Fail("misread", f"{label}: resume exited 0 without a last.h5")
    problem = same_weights(model_weights(ck / "last.h5"), ref["weights"])
    if problem:
        raise Fail("misread", f"{label}: resumed weights differ from an uninterrupted run: {problem}")
    left = tmp_files(ck, case_dir / "reports")
    if left:
        raise Fail("misread", f"{label}: temporary files left: {[os.path.basename(x) for x in left][:3]}")
    bad = check_jsonl(case_dir / "reports" / "k" / "metrics.jsonl")
    if bad:
        raise Fail("misread", f"{label}: {bad}")
    return "ok"


# ---------------------------------------------------------------------------------------------
# Family: concurrent — runs with one name started together
# ---------------------------------------------------------------------------------------------

def concurrent_case(session, rng, case_dir):
    n = rng.choice([2, 2, 2, 3])
    every = rng.choice(["0", "1", "5"])
    argv = [session.vitrine, "run", EXPERIMENTS / "shapes.yaml", "run.name=same", "train.steps=30",
            "data.shapes_train=256", "data.shapes_test=64", "model.width=4", "train.threads=1",
            f"train.checkpoint_every={every}"]
    procs = []
    t0 = time.monotonic()
    for i in range(n):
        procs.append(start(argv, case_dir))
        time.sleep(rng.uniform(0, 0.3) if rng.random() < 0.7 else 0)
    results = [finish(p, argv, session.t(90), t0) for p in procs]
    owners = []
    for i, r in enumerate(results):
        kind = require_end(r, allow_error=True, what=f"run {i + 1} of {n}")
        if kind == "ok":
            m = re.search(r"checkpoint: (\S+)/last\.h5", r.out)
            rep = re.search(r"report: (\S+)/report\.html", r.out)
            owners.append(((m.group(1) if m else "checkpoints/same"), (rep.group(1) if rep else "reports/same")))
    label = f"{n} runs named 'same' (checkpoint_every {every})"
    if not owners:
        raise Fail("misread", f"{label}: every run was refused")
    ck_dirs = [o[0] for o in owners]
    if len(set(ck_dirs)) != len(ck_dirs) or len({o[1] for o in owners}) != len(owners):
        raise Fail("misread", f"{label}: {len(owners)} runs exited 0 owning the same folder ({ck_dirs[0]})")
    import h5py
    for ck_dir, rep_dir in owners:
        cfg = (case_dir / rep_dir / "config.yaml").read_text()
        with h5py.File(case_dir / ck_dir / "last.h5", "r") as f:
            meta = f["meta"].attrs["config"]
            meta = meta.decode() if isinstance(meta, bytes) else str(meta)
        if meta.strip() != cfg.strip():
            import yaml
            if yaml.load(meta, Loader=yaml.BaseLoader) != yaml.load(cfg, Loader=yaml.BaseLoader):
                raise Fail("misread", f"{label}: {rep_dir}/config.yaml disagrees with last.h5's /meta config")
        bad = check_jsonl(case_dir / rep_dir / "metrics.jsonl")
        if bad:
            raise Fail("misread", f"{label}: {bad}")
    left = tmp_files(case_dir / "checkpoints", case_dir / "reports")
    if left:
        raise Fail("misread", f"{label}: temporary files left: {[os.path.basename(x) for x in left][:3]}")
    return "ok"


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------

FAMILIES = {   # name: (function, share of --cases)
    "config": (config_case, 40),
    "png": (png_case, 16),
    "checkpoint": (checkpoint_case, 16),
    "retail": (retail_case, 14),
    "cli": (cli_case, 6),
    "kill": (kill_case, 6),
    "concurrent": (concurrent_case, 2),
}
CATEGORIES = ["ok", "clean error", "crash", "hang", "unclean error", "changed file", "misread", "setup",
              "suite error"]


def budgets(args, families):
    if args.budget:
        out = {}
        for part in args.budget.split(","):
            name, _, n = part.partition("=")
            if name not in FAMILIES:
                sys.exit(f"error: --budget: unknown family {name!r}; families: {', '.join(FAMILIES)}")
            out[name] = int(n)
        return {f: out.get(f, 0) for f in families if out.get(f, 0) > 0}
    total = sum(FAMILIES[f][1] for f in families)
    out = {f: max(1, round(args.cases * FAMILIES[f][1] / total)) for f in families}
    return out


def run_case(session, family, index, keep):
    rng = case_rng(session.seed, family, index)
    case_dir = Path(tempfile.mkdtemp(prefix=f"{family}-{index}-", dir=session.root))
    t0 = time.monotonic()
    try:
        outcome, detail = FAMILIES[family][0](session, rng, case_dir), ""
    except Fail as f:
        outcome, detail = f.category, f.detail
    except SetupError as e:
        outcome, detail = "setup", str(e)
    except Exception as e:   # noqa: BLE001 - a bug in the suite is reported, not hidden
        outcome, detail = "suite error", f"{type(e).__name__}: {e} | " + traceback.format_exc().splitlines()[-3].strip()
    seconds = time.monotonic() - t0
    if keep:
        detail += f" [kept {case_dir}]" if detail else ""
    else:
        shutil.rmtree(case_dir, ignore_errors=True)
    return family, index, outcome, detail, seconds, (str(case_dir) if keep else None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vitrine", required=True, help="the vitrine binary under test")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=200, help="total cases, shared by the families' weights")
    ap.add_argument("--budget", help="cases per family instead, e.g. config=100,png=40,kill=5")
    ap.add_argument("--family", action="append", help="only these families (repeat or comma-separate)")
    ap.add_argument("--case", help="run one case: its index (with one --family) or FAMILY:INDEX")
    ap.add_argument("--jobs", type=int, default=1, help="cases run at once (kill timings are looser above 1)")
    ap.add_argument("--timeout-scale", type=float, default=1.0, help="multiply every timeout")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders (of a --case, or all)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every case")
    ap.add_argument("--workdir", help="where temporary folders go (default: the system's temp)")
    args = ap.parse_args()

    families = [f for spec in (args.family or []) for f in spec.split(",") if f] or list(FAMILIES)
    for f in families:
        if f not in FAMILIES:
            sys.exit(f"error: unknown family {f!r}; families: {', '.join(FAMILIES)}")
    if args.case:
        fam, _, idx = args.case.rpartition(":")
        if fam:
            families = [fam]
        if len(families) != 1:
            sys.exit("error: --case needs one --family (or FAMILY:INDEX)")
        plan = [(families[0], int(idx))]
    else:
        plan = [(f, i) for f, n in budgets(args, families).items() for i in range(n)]
    if not Path(args.vitrine).is_file():
        sys.exit(f"error: {args.vitrine}: no such binary")

    root = Path(tempfile.mkdtemp(prefix="vitrine-fuzz-", dir=args.workdir))
    session = Session(args.vitrine, root, args.seed, args.timeout_scale)
    vit_arg = args.vitrine
    print(f"fuzz: seed {args.seed}, {len(plan)} cases ({', '.join(f'{f} {sum(1 for g, _ in plan if g == f)}' for f in dict.fromkeys(f for f, _ in plan))}), "
          f"binary {vit_arg}, work {root}", flush=True)
    t0 = time.monotonic()
    results = []
    # Timing-sensitive families run alone at the end.
    parallel = [c for c in plan if c[0] not in ("kill", "concurrent")]
    serial = [c for c in plan if c[0] in ("kill", "concurrent")]

    def report(res):
        family, index, outcome, detail, seconds, _ = res
        results.append(res)
        failed = outcome not in ("ok", "clean error")
        if failed or args.verbose:
            tag = "FAIL" if failed else "pass"
            print(f"{tag} {family}:{index} {outcome} ({seconds:.1f} s){': ' + detail if detail else ''}", flush=True)
            if failed:
                print(f"  reproduce: python3 scripts/fuzz.py --vitrine {vit_arg} --seed {args.seed} "
                      f"--family {family} --case {index}", flush=True)

    keep = args.keep
    try:
        if args.jobs > 1 and len(parallel) > 1:
            with ThreadPoolExecutor(args.jobs) as pool:
                for res in pool.map(lambda c: run_case(session, c[0], c[1], keep), parallel):
                    report(res)
        else:
            for c in parallel:
                report(run_case(session, c[0], c[1], keep))
        for c in serial:
            report(run_case(session, c[0], c[1], keep))
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.monotonic() - t0

    print()
    width = max(len(c) for c in CATEGORIES)
    fams = list(dict.fromkeys(f for f, _ in plan))
    print(f"{'family':<11} {'cases':>5} {'seconds':>8}  " + "  ".join(f"{c:>{len(c)}}" for c in CATEGORIES))
    for fam in fams:
        rs = [r for r in results if r[0] == fam]
        counts = {c: sum(1 for r in rs if r[2] == c) for c in CATEGORIES}
        print(f"{fam:<11} {len(rs):>5} {sum(r[4] for r in rs):>8.1f}  " +
              "  ".join(f"{counts[c]:>{len(c)}}" for c in CATEGORIES))
    del width
    failed = sum(1 for r in results if r[2] not in ("ok", "clean error"))
    print(f"({elapsed:.0f} s)")
    print(f"fuzz: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
