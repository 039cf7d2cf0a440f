"""Times worker.tracking.diff.diff_texts against naive diff-match-patch and `git diff --word-diff`.

Usage: python bench/diff_bench.py [DATA_DIR] [--repeat N] [--naive-timeout SECONDS]
       [--pairs SUBSTRING ...]

For every successive pair of DATA_DIR/ota/<Service>/*.md (sorted by file name), in one run:
(a) ours: diff_texts, best of N runs, interleaved with (c);
(b) naive: diff_main on the whole texts with no timeout, then diff_cleanupSemantic, run once
    in a child process (stopped after --naive-timeout seconds: its time is then a lower bound);
(c) git: `git diff --no-index --word-diff` on the two files, whole command (process start-up
    included), best of N runs.
Prints per-pair times and ratios naive/ours and ours/git, then sums and medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from worker.settings import data_dir  # noqa: E402
from worker.tracking.diff import diff_texts  # noqa: E402

NAIVE_CHILD = """
import sys, time
from diff_match_patch import diff_match_patch
old = open(sys.argv[1], encoding="utf-8").read()
new = open(sys.argv[2], encoding="utf-8").read()
dmp = diff_match_patch()
dmp.Diff_Timeout = 0
start = time.perf_counter()
ops = dmp.diff_main(old, new)
dmp.diff_cleanupSemantic(ops)
print(time.perf_counter() - start)
"""


SLOW_NAIVE_SECONDS = 0.1
"""A pair whose naive diff takes this long has real work in it; a one-word edit takes ~1 ms
naive, so a 50x gain there would mean a diff of 20 us, less than Python's call overhead."""


def default_data_dir() -> Path:
    """../shared/data next to the project, as the other scripts use."""
    return data_dir()


def successive_pairs(data_dir: Path) -> list[tuple[Path, Path]]:
    """Every (older, newer) pair of successive versions under data_dir/ota/<Service>/."""
    pairs = []
    for service in sorted(p for p in (data_dir / "ota").iterdir() if p.is_dir()):
        versions = sorted(service.glob("*.md"))
        pairs.extend(zip(versions, versions[1:], strict=False))
    return pairs


def pair_name(old: Path, new: Path) -> str:
    """A pair's name as printed: Service/new-version."""
    return f"{new.parent.name}/{new.stem}"


def best_times_interleaved(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Shortest wall time of each command over repeat rounds, in seconds; every round runs
    both, one after the other, so a slow spell of the shared machine hits both alike."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for k, run in enumerate((first, second)):
            start = time.perf_counter()
            run()
            best[k] = min(best[k], time.perf_counter() - start)
    return best[0], best[1]


def naive_time(old: Path, new: Path, timeout: float) -> tuple[float, bool]:
    """Naive diff-match-patch time in a child process, and whether it finished in time."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", NAIVE_CHILD, str(old), str(new)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return timeout, False
    return float(done.stdout), True


def git_word_diff(old: Path, new: Path) -> None:
    """Runs git's word diff on two files (exit status 1 means they differ)."""
    done = subprocess.run(
        ["git", "diff", "--no-index", "--no-color", "--word-diff", str(old), str(new)],
        capture_output=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.decode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=default_data_dir())
    parser.add_argument("--repeat", type=int, default=5, help="runs of ours and git per pair")
    parser.add_argument("--naive-timeout", type=float, default=60.0, help="seconds per pair")
    parser.add_argument(
        "--pairs",
        nargs="+",
        metavar="SUBSTRING",
        help="time only the pairs whose name (Service/new-version) holds one of these",
    )
    args = parser.parse_args()
    if not (args.data_dir / "ota").is_dir():
        parser.error(f"no ota/ folder in {args.data_dir}: pass the shared data folder")

    pairs = successive_pairs(args.data_dir)
    if args.pairs:
        pairs = [p for p in pairs if any(s in pair_name(*p) for s in args.pairs)]
        if not pairs:
            parser.error(f"no pair name holds any of {args.pairs}")
    print(f"{len(pairs)} pairs from {args.data_dir / 'ota'}; times in ms")
    print(
        f"{'pair':34} {'chars':>13} {'naive':>10} {'ours':>7} {'git':>6} {'naive/ours':>11}"
        f" {'ours/git':>8}"
    )
    rows = []
    for old_path, new_path in pairs:
        old = old_path.read_text(encoding="utf-8")
        new = new_path.read_text(encoding="utf-8")
        ours, git = best_times_interleaved(
            lambda old=old, new=new: diff_texts(old, new),
            lambda a=old_path, b=new_path: git_word_diff(a, b),
            args.repeat,
        )
        naive, finished = naive_time(old_path, new_path, args.naive_timeout)
        rows.append((naive, ours, git, finished))
        mark = "" if finished else ">"
        print(
            f"{pair_name(old_path, new_path):34} {len(old):6}>{len(new):6} "
            f"{mark}{naive * 1000:9.1f} {ours * 1000:7.2f} {git * 1000:6.2f} "
            f"{mark}{naive / ours:10.1f} {ours / git:8.2f}"
        )
    naive_sum = sum(r[0] for r in rows)
    ours_sum = sum(r[1] for r in rows)
    git_sum = sum(r[2] for r in rows)
    unfinished = sum(not r[3] for r in rows)
    bound = ">" if unfinished else ""
    print()
    print(
        f"sum: naive {bound}{naive_sum:.2f} s, ours {ours_sum * 1000:.1f} ms, "
        f"git {git_sum * 1000:.1f} ms (git times include process start-up)"
    )
    print(
        f"naive/ours: sum {bound}{naive_sum / ours_sum:.0f}x, "
        f"median per pair {statistics.median(r[0] / r[1] for r in rows):.1f}x, "
        f"pairs >= 50x: {sum(r[0] / r[1] >= 50 for r in rows)}/{len(rows)}"
    )
    slow = [r for r in rows if r[0] >= SLOW_NAIVE_SECONDS]
    print(
        f"            pairs where naive takes >= {SLOW_NAIVE_SECONDS * 1000:.0f} ms: "
        f"{len(slow)}, of them >= 50x: {sum(r[0] / r[1] >= 50 for r in slow)}/{len(slow)}, "
        f"smallest {min((r[0] / r[1] for r in slow), default=float('nan')):.0f}x"
    )
    print(
        f"ours/git:   sum {ours_sum / git_sum:.2f}, "
        f"median per pair {statistics.median(r[1] / r[2] for r in rows):.2f}, "
        f"pairs <= 2: {sum(r[1] / r[2] <= 2 for r in rows)}/{len(rows)}, "
        f"worst {max(r[1] / r[2] for r in rows):.2f}"
    )
    if unfinished:
        print(
            f"{unfinished} naive runs stopped at {args.naive_timeout:.0f} s: "
            "their times and ratios are lower bounds"
        )


if __name__ == "__main__":
    main()
