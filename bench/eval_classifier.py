"""Validation F1 of the shipped classifier and its speed on a 100-segment policy.

Usage: python bench/eval_classifier.py [DATA_DIR]   (default: ../shared/data)
The speed is reported next to a plain word TF-IDF + LinearSVC trained here, as a ratio.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.svm import LinearSVC

PROJECT_ROOT = Path(__file__).resolve().parent.parent

from worker.analysis.labels import OPP_LABELS  # noqa: E402
from worker.analysis.model import MODEL_PATH, shipped_model  # noqa: E402
from worker.analysis.tfidf import clear_word_cache  # noqa: E402
from worker.analysis.train import load_split  # noqa: E402
from worker.settings import data_dir  # noqa: E402

POLICY_SEGMENTS = 100
REPEATS = 30


def report_f1(name: str, targets: np.ndarray, predicted: np.ndarray) -> None:
    """Print micro, macro and per-label F1."""
    micro = f1_score(targets, predicted, average="micro")
    macro = f1_score(targets, predicted, average="macro")
    print(f"{name}: validation micro-F1 {micro:.4f}  macro-F1 {macro:.4f}")
    for label, f1 in zip(OPP_LABELS, f1_score(targets, predicted, average=None), strict=True):
        print(f"  {label:40s} {f1:.4f}")


def median_ms(run: Callable[[Sequence[str]], object], texts: Sequence[str]) -> float:
    """Median wall time of run(texts) in milliseconds, after one warm-up call."""
    run(texts)
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run(texts)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    """Evaluate the shipped model and the in-run baseline, print figures."""
    data = Path(argv[1]) if len(argv) > 1 else data_dir()
    train_texts, train_targets = load_split(data, "train")
    texts, targets = load_split(data, "validation")

    model = shipped_model()
    report_f1("shipped", targets, model.predict(model.confidence(texts)).astype(int))
    print(f"model file {MODEL_PATH.name}: {MODEL_PATH.stat().st_size / 1e6:.2f} MB")

    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    baseline = OneVsRestClassifier(LinearSVC(C=1.0, random_state=0))
    baseline.fit(vectoriser.fit_transform(train_texts), train_targets)

    def baseline_predict(batch: Sequence[str]) -> np.ndarray:
        scores = baseline.decision_function(vectoriser.transform(batch))
        chosen = scores > 0
        chosen[np.arange(len(batch)), scores.argmax(axis=1)] = True
        return chosen

    report_f1("baseline word TF-IDF + LinearSVC", targets, baseline_predict(texts).astype(int))

    policy = [texts[i % len(texts)] for i in range(POLICY_SEGMENTS)]
    shipped_ms = median_ms(lambda batch: model.predict(model.confidence(batch)), policy)
    baseline_ms = median_ms(baseline_predict, policy)

    def cold_predict(batch: Sequence[str]) -> np.ndarray:
        clear_word_cache()
        for block in model.blocks:
            block.word_columns.clear()
        return model.predict(model.confidence(batch))

    cold_ms = median_ms(cold_predict, policy)
    print(
        f"{POLICY_SEGMENTS}-segment policy: shipped {shipped_ms:.1f} ms, "
        f"baseline {baseline_ms:.1f} ms, ratio {shipped_ms / baseline_ms:.2f}x "
        f"(median of {REPEATS})"
    )
    print(
        f"  with an empty word cache: shipped {cold_ms:.1f} ms, ratio {cold_ms / baseline_ms:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
