"""Train the segment classifier on OPP-115 and write worker/model/classifier.npz.

Run `python -m worker.train [--data DATA_DIR] [--out worker/model/]`; the result is
deterministic, so the shipped model is reproduced byte for byte from the shared data.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC

from worker.classify import OPP_LABELS, FeatureBlock, LinearModel, load_model, save_model

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
DEFAULT_OUT_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "classifier.npz"
DAMAGED_TEXTS = frozenset({"#NAME?"})
"""Cells a spreadsheet overwrote with an error; they carry no text."""

BLOCKS = (
    {"analyzer": "word", "ngram_range": (1, 2), "min_df": 2},
    {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 2},
)
"""The TF-IDF vectorisers whose outputs are concatenated."""
SVM_C = 1.0
CV_FOLDS = 5
SEED = 0
TUNE_THRESHOLDS = False
"""Per-label cuts tuned on out-of-fold train scores; off: a calibrated 0.5 does better."""


def load_split(data_dir: Path, split: str, kind: str = "majority") -> tuple[list[str], np.ndarray]:
    """Texts of an OPP-115 split and their multi-label targets (rows grouped by text)."""
    labels_of: dict[str, set[str]] = {}
    with (data_dir / "opp115" / kind / f"{split}.csv").open(encoding="utf-8", newline="") as f:
        for text, label in csv.reader(f):
            if text.strip() in DAMAGED_TEXTS:
                continue
            labels_of.setdefault(text, set()).add(label)
    texts = list(labels_of)
    targets = np.array([[label in labels_of[t] for label in OPP_LABELS] for t in texts], dtype=int)
    return texts, targets


def fit_blocks(texts: list[str]) -> tuple[list[TfidfVectorizer], sparse.csr_matrix]:
    """Fit the TF-IDF vectorisers on texts; return them and the training matrix."""
    vectorisers = [
        TfidfVectorizer(
            analyzer=spec["analyzer"],
            ngram_range=spec["ngram_range"],
            min_df=spec["min_df"],
            sublinear_tf=True,
            dtype=np.float64,
        )
        for spec in BLOCKS
    ]
    matrix = sparse.hstack([v.fit_transform(texts) for v in vectorisers]).tocsr()
    return vectorisers, matrix


def fit_scores(features: sparse.csr_matrix, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest linear SVMs; return coef (n_features, n_labels) and intercepts."""
    coef = np.zeros((features.shape[1], targets.shape[1]))
    intercept = np.zeros(targets.shape[1])
    for k in range(targets.shape[1]):
        svm = LinearSVC(C=SVM_C, random_state=SEED, max_iter=10000)
        svm.fit(features, targets[:, k])
        coef[:, k] = svm.coef_[0]
        intercept[k] = svm.intercept_[0]
    return coef, intercept


def cross_val_decisions(texts: list[str], targets: np.ndarray) -> np.ndarray:
    """Out-of-fold decision values on train, for calibration and thresholds."""
    decisions = np.zeros(targets.shape, dtype=np.float64)
    folds = KFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED)
    for fit_rows, held_rows in folds.split(texts):
        vectorisers, features = fit_blocks([texts[i] for i in fit_rows])
        coef, intercept = fit_scores(features, targets[fit_rows])
        held = sparse.hstack([v.transform([texts[i] for i in held_rows]) for v in vectorisers])
        decisions[held_rows] = held @ coef + intercept
    return decisions


def fit_platt(decisions: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per label, sigmoid(a * decision + b) fitted to out-of-fold decisions."""
    a = np.ones(targets.shape[1])
    b = np.zeros(targets.shape[1])
    for k in range(targets.shape[1]):
        logistic = LogisticRegression(C=1e4)
        logistic.fit(decisions[:, [k]], targets[:, k])
        a[k] = logistic.coef_[0, 0]
        b[k] = logistic.intercept_[0]
    return a, b


def best_thresholds(confidence: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Per label, the confidence cut that maximises out-of-fold F1 (ties: nearest 0.5)."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    thresholds = np.full(targets.shape[1], 0.5)
    for k in range(targets.shape[1]):
        f1s = [f1_score(targets[:, k], confidence[:, k] >= t, zero_division=0) for t in grid]
        best = max(f1s)
        candidates = [t for t, f in zip(grid, f1s, strict=True) if f >= best - 1e-9]
        thresholds[k] = min(candidates, key=lambda t: abs(t - 0.5))
    return thresholds


def to_linear_model(
    vectorisers: list[TfidfVectorizer],
    coef: np.ndarray,
    intercept: np.ndarray,
    platt: tuple[np.ndarray, np.ndarray],
    thresholds: np.ndarray,
) -> LinearModel:
    """Package fitted sklearn parts as the pickle-free LinearModel."""
    blocks = tuple(
        FeatureBlock(
            analyzer=v.analyzer,
            ngram_range=v.ngram_range,
            vocabulary={term: int(column) for term, column in v.vocabulary_.items()},
            idf=v.idf_.astype(np.float32).astype(np.float64),
        )
        for v in vectorisers
    )
    return LinearModel(
        labels=OPP_LABELS,
        blocks=blocks,
        coef=coef.astype(np.float32).astype(np.float64),
        intercept=intercept,
        platt_a=platt[0],
        platt_b=platt[1],
        threshold=thresholds,
    )


def evaluate(model: LinearModel, texts: list[str], targets: np.ndarray) -> dict:
    """Micro, macro and per-label F1 of model on texts."""
    predicted = model.predict(model.confidence(texts)).astype(int)
    per_label = f1_score(targets, predicted, average=None, zero_division=0)
    return {
        "micro_f1": float(f1_score(targets, predicted, average="micro")),
        "macro_f1": float(f1_score(targets, predicted, average="macro")),
        "per_label_f1": {label: float(f) for label, f in zip(OPP_LABELS, per_label, strict=True)},
    }


def train(data_dir: Path, out_dir: Path) -> dict:
    """Fit on OPP-115 train, write out_dir/classifier.npz, return validation figures."""
    texts, targets = load_split(data_dir, "train")
    decisions = cross_val_decisions(texts, targets)
    platt = fit_platt(decisions, targets)
    if TUNE_THRESHOLDS:
        confidence = 1.0 / (1.0 + np.exp(-(platt[0] * decisions + platt[1])))
        thresholds = best_thresholds(confidence, targets)
    else:
        thresholds = np.full(len(OPP_LABELS), 0.5)
    vectorisers, features = fit_blocks(texts)
    coef, intercept = fit_scores(features, targets)
    path = out_dir / MODEL_FILE
    save_model(to_linear_model(vectorisers, coef, intercept, platt, thresholds), path)
    model = load_model(path)
    valid_texts, valid_targets = load_split(data_dir, "validation")
    reference = sparse.hstack([v.transform(valid_texts) for v in vectorisers]).toarray()
    mismatch = float(np.abs(model.features(valid_texts).toarray() - reference).max())
    if mismatch > 1e-6:
        raise RuntimeError(f"vectoriser differs from scikit-learn by {mismatch}")
    figures = evaluate(model, valid_texts, valid_targets)
    figures["model_path"] = str(path)
    figures["model_bytes"] = path.stat().st_size
    figures["n_features"] = int(model.coef.shape[0])
    figures["thresholds"] = dict(zip(OPP_LABELS, map(float, thresholds), strict=True))
    return figures


def print_figures(figures: dict) -> None:
    """Print validation figures as a small table."""
    print(f"validation micro-F1 {figures['micro_f1']:.4f}  macro-F1 {figures['macro_f1']:.4f}")
    for label, f1 in figures["per_label_f1"].items():
        print(f"  {label:40s} F1 {f1:.4f}")
    print(f"model {figures['model_path']}: {figures['model_bytes']} bytes")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="model folder")
    args = parser.parse_args(argv)
    print_figures(train(args.data, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
