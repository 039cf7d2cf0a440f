"""Train the segment classifier on OPP-115 and write worker/model/classifier.npz.

Run `python -m worker.analysis.train [--data DATA_DIR] [--out worker/model/]`; the result is
deterministic, so the shipped model is reproduced byte for byte from the shared data.

Recipe: word 1-2-gram and char_wb 2-5-gram TF-IDF; one linear SVM per label trained on
OPP-115 train plus ToS;DR quotes whose case names one label (as extra positives of that
label only); each label's score is taken for the whole segment and for its best sentence,
Platt-calibrated on out-of-fold scores, and a per-label logistic regression over all
labels' calibrated scores (also fitted out of fold) gives the confidence; cut at 0.5.
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC

from worker.analysis.labels import OPP_LABELS
from worker.analysis.model import LinearModel, load_model, save_model, sentence_pieces
from worker.analysis.tfidf import FeatureBlock
from worker.settings import data_dir

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
STACK_C = 0.1
"""Inverse regularisation of the per-label logistic regression over calibrated scores."""
CV_FOLDS = 5
SEED = 0
MIN_QUOTE_CHARS = 21
"""ToS;DR quotes shorter than this are too thin to learn from."""

TOSDR_CASE_LABELS: dict[str, tuple[str, ...]] = {
    "Data Retention": (
        "The service's data retention period is kept to the minimum necessary for fulfilling "
        "its purposes",
        "This service may keep personal data after a request for erasure for business "
        "interests or legal obligations",
        "User logs are deleted after a finite period of time",
        "This service keeps user logs for an undefined period of time",
        "This service holds onto content that you've deleted",
        "Only necessary user logs are kept by the service to ensure quality",
        "The service may keep a secure, anonymized record of users' data for analytical "
        "purposes even after the data retention period",
        "The service deletes tracking data after a period of time and allows you to opt out",
    ),
    "Policy Change": (
        "Terms may be changed any time at their discretion, without notice to the user",
        "The service may change its terms at any time, but the user will receive notification "
        "of the changes.",
        "Users should revisit the terms periodically, although in case of material changes, "
        "the service will notify",
        "When the service wants to make a material change to its terms, users are notified at "
        "least 30 days in advance",
        "When the service wants to change its terms, users are notified a week or more in advance.",
        "The service makes critical changes to its terms without user involvement",
        "The service reviews its privacy policy on a regular basis",
        "This service provides archives of their Terms of Service so that changes can be "
        "viewed over time",
    ),
    "Do Not Track": (
        "This service ignores the Do Not Track (DNT) header and tracks users anyway even if "
        "they set this header.",
        "This service respects your browser's Do Not Track (DNT) headers",
    ),
    "International and Specific Audiences": (
        "This service is only available to users over a certain age",
        "Your data may be processed and stored anywhere in the world",
        "If the service shares personal information outside of its jurisdiction, it is "
        "processed according to the original jurisdiction's data protection standards",
    ),
    "Data Security": (
        "The user is informed about security practices",
        "The services will notify users if personal data has been affected by data breaches",
        "The service provides two factor authentification for your account",
        "User-generated content is encrypted, and this service cannot decrypt it",
        "This service assumes no liability for unauthorized access to your personal information",
    ),
    "User Access, Edit and Deletion": (
        "You can request access and deletion of personal data",
        "This service allows you to retrieve an archive of your data",
        "This service provides a way for you to export your data",
        "You can delete your content from this service",
    ),
    "User Choice/Control": (
        "You can opt out of promotional communications",
        "You can opt out of targeted advertising",
        "This service employs third-party cookies, but with opt-out instructions",
        "Blocking first party cookies may limit your ability to use the service",
        "The service allows you to opt out of providing personal information to third parties",
        "You can limit how your information is used by third-parties and the service",
        "Users can access most of the pages on the service's website without revealing any "
        "personal information",
        "Tracking cookies refused will not limit your ability to use the service",
        "Blocking cookies may limit your ability to use the service",
        "The service may sell your data unless you opt out",
    ),
    "Third Party Sharing/Collection": (
        "This service does not sell your personal data",
        "The service can sell or otherwise transfer your personal data as part of a bankruptcy "
        "proceeding or other type of financial transaction.",
        "This service uses third-party cookies for statistics",
        "Third parties may be involved in operating the service",
        "The service uses your personal data to employ targeted third-party advertising",
        "Tracking via third-party cookies for other purposes without your consent.",
        "Your personal data is given to third parties",
        "The service does not share user information with third parties",
        "This service reserves the right to disclose your personal information without "
        "notifying you",
        "Third parties used by the service are bound by confidentiality obligations",
        "The service will not allow third parties to access your personal information without "
        "a legal basis",
        "Many third parties are involved in operating the service",
        "This service can share your personal information to third parties",
        "This service only shares user information with third parties when given specific consent",
        "Only aggregate data is given to third parties",
        "The service uses social media cookies/pixels",
        "The service does not use third-party analytics or tracking platforms",
    ),
    "First Party Collection/Use": (
        "The service may use tracking pixels, web beacons, browser fingerprinting, and/or "
        "device fingerprinting on users.",
        "The service provides details about what kinds of personal information they collect",
        "This service may use your personal information for marketing purposes",
        "The service provides information about how they intend to use your personal data",
        "This service requires first-party cookies",
        "Your personal data is aggregated into statistics",
        "Your personal data is used for limited purposes",
        "This service may collect, use, and share location data",
        "This service collects your IP address for location use",
        "The service collects many different types of personal data",
        "The service provides information about how they collect personal data",
        "This service tracks which web page referred you to it",
        "This service uses your personal information for many different purposes",
        "The cookies used by this service do not contain information that would personally "
        "identify you",
        "Your profile is combined across various products",
        "This service only uses temporary session cookies",
        "This service can view your browser history",
        "Your biometric data is collected",
        "IP addresses of website visitors are not tracked",
        "The service uses your personal data for advertising",
    ),
    "Practice not covered": (
        "The service informs users that its privacy policy does not apply to third party websites",
    ),
}
"""OPP-115 label -> the ToS;DR cases whose quotes are clear examples of it."""


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


def load_tosdr_quotes(data_dir: Path) -> tuple[list[str], np.ndarray]:
    """ToS;DR quotes of the cases in TOSDR_CASE_LABELS, as plain text with their labels."""
    label_of_case = {case: label for label, cases in TOSDR_CASE_LABELS.items() for case in cases}
    labels_of: dict[str, set[str]] = {}
    with (data_dir / "tosdr" / "points.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            label = label_of_case.get(row["case"])
            if label is None:
                continue
            text = html.unescape(re.sub(r"<[^>]+>", " ", row["quote_text"]))
            text = " ".join(text.split())
            if len(text) >= MIN_QUOTE_CHARS:
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


def transform(vectorisers: list[TfidfVectorizer], texts: list[str]) -> sparse.csr_matrix:
    """The concatenated TF-IDF matrix of texts."""
    return sparse.hstack([v.transform(texts) for v in vectorisers]).tocsr()


def fit_scores(
    features: sparse.csr_matrix,
    targets: np.ndarray,
    extra_features: sparse.csr_matrix,
    extra_targets: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """One linear SVM per label, with the extra rows as positives of their labels only."""
    coef = np.zeros((features.shape[1], targets.shape[1]))
    intercept = np.zeros(targets.shape[1])
    for k in range(targets.shape[1]):
        positives = extra_targets[:, k] == 1
        rows = sparse.vstack([features, extra_features[positives]]).tocsr()
        target = np.concatenate([targets[:, k], np.ones(int(positives.sum()), dtype=int)])
        svm = LinearSVC(C=SVM_C, random_state=SEED, max_iter=10000)
        svm.fit(rows, target)
        coef[:, k] = svm.coef_[0]
        intercept[k] = svm.intercept_[0]
    return coef, intercept


def segment_and_sentence_decisions(
    vectorisers: list[TfidfVectorizer], coef: np.ndarray, intercept: np.ndarray, texts: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Decision values of each text and the best of its sentences', as the runtime computes."""
    pieces = [sentence_pieces(text) for text in texts]
    flat = [piece for group in pieces for piece in group]
    segment = transform(vectorisers, texts) @ coef + intercept
    sentences = transform(vectorisers, flat) @ coef + intercept
    owner = np.repeat(np.arange(len(texts)), [len(group) for group in pieces])
    best = np.full(segment.shape, -np.inf)
    np.maximum.at(best, owner, sentences)
    return segment, best


def cross_val_decisions(
    texts: list[str], targets: np.ndarray, extra_texts: list[str], extra_targets: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold segment and best-sentence decision values on train."""
    segment = np.zeros(targets.shape)
    sentence = np.zeros(targets.shape)
    folds = KFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED)
    for fit_rows, held_rows in folds.split(texts):
        vectorisers, features = fit_blocks([texts[i] for i in fit_rows])
        extra = transform(vectorisers, extra_texts)
        coef, intercept = fit_scores(features, targets[fit_rows], extra, extra_targets)
        held = [texts[i] for i in held_rows]
        segment[held_rows], sentence[held_rows] = segment_and_sentence_decisions(
            vectorisers, coef, intercept, held
        )
    return segment, sentence


def fit_platt(decisions: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Per label, [slope, offset] of sigmoid(slope * decision + offset) fitted to targets."""
    platt = np.zeros((2, targets.shape[1]))
    for k in range(targets.shape[1]):
        logistic = LogisticRegression(C=1e4)
        logistic.fit(decisions[:, [k]], targets[:, k])
        platt[:, k] = logistic.coef_[0, 0], logistic.intercept_[0]
    return platt


def fit_stack(calibrated: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per label, a logistic regression over all labels' calibrated scores."""
    coef = np.zeros((calibrated.shape[1], targets.shape[1]))
    intercept = np.zeros(targets.shape[1])
    for k in range(targets.shape[1]):
        logistic = LogisticRegression(C=STACK_C, max_iter=5000)
        logistic.fit(calibrated, targets[:, k])
        coef[:, k] = logistic.coef_[0]
        intercept[k] = logistic.intercept_[0]
    return coef, intercept


def calibrate(calibration: np.ndarray, segment: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    """The stacker's input: calibrated segment and best-sentence scores side by side."""
    return np.hstack(
        [
            calibration[0, 0] * segment + calibration[0, 1],
            calibration[1, 0] * sentence + calibration[1, 1],
        ]
    )


def out_of_fold_figures(calibrated: np.ndarray, targets: np.ndarray) -> dict:
    """Micro/macro F1 of the stacker cross-validated on train: an estimate not tuned on
    validation (the calibration it sees is itself fitted on all of train, so slightly kind)."""
    predicted = np.zeros(targets.shape, dtype=bool)
    folds = KFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED + 1)
    for fit_rows, held_rows in folds.split(calibrated):
        coef, intercept = fit_stack(calibrated[fit_rows], targets[fit_rows])
        confidence = 1.0 / (1.0 + np.exp(-(calibrated[held_rows] @ coef + intercept)))
        predicted[held_rows] = _at_least_one(confidence >= 0.5, confidence)
    return {
        "micro_f1": float(f1_score(targets, predicted, average="micro")),
        "macro_f1": float(f1_score(targets, predicted, average="macro")),
    }


def _at_least_one(chosen: np.ndarray, confidence: np.ndarray) -> np.ndarray:
    """chosen, with the most confident label switched on in rows that have none."""
    chosen = chosen.copy()
    empty = ~chosen.any(axis=1)
    chosen[empty, np.argmax(confidence[empty], axis=1)] = True
    return chosen


def to_linear_model(
    vectorisers: list[TfidfVectorizer],
    coef: np.ndarray,
    intercept: np.ndarray,
    calibration: np.ndarray,
    stack: tuple[np.ndarray, np.ndarray],
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
        calibration=calibration,
        stack_coef=stack[0],
        stack_intercept=stack[1],
        threshold=np.full(len(OPP_LABELS), 0.5),
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
    """Fit on OPP-115 train (+ ToS;DR quotes), write out_dir/classifier.npz, return figures."""
    texts, targets = load_split(data_dir, "train")
    extra_texts, extra_targets = load_tosdr_quotes(data_dir)
    segment, sentence = cross_val_decisions(texts, targets, extra_texts, extra_targets)
    calibration = np.stack([fit_platt(segment, targets), fit_platt(sentence, targets)])
    calibrated = calibrate(calibration, segment, sentence)
    stack = fit_stack(calibrated, targets)
    vectorisers, features = fit_blocks(texts)
    coef, intercept = fit_scores(
        features, targets, transform(vectorisers, extra_texts), extra_targets
    )
    path = out_dir / MODEL_FILE
    save_model(to_linear_model(vectorisers, coef, intercept, calibration, stack), path)
    model = load_model(path)
    valid_texts, valid_targets = load_split(data_dir, "validation")
    reference = transform(vectorisers, valid_texts).toarray()
    mismatch = float(np.abs(model.features(valid_texts).toarray() - reference).max())
    if mismatch > 1e-6:
        raise RuntimeError(f"vectoriser differs from scikit-learn by {mismatch}")
    figures = evaluate(model, valid_texts, valid_targets)
    figures["train_out_of_fold"] = out_of_fold_figures(calibrated, targets)
    figures["model_path"] = str(path)
    figures["model_bytes"] = path.stat().st_size
    figures["n_features"] = int(model.coef.shape[0])
    figures["n_train_texts"] = len(texts)
    figures["n_tosdr_quotes"] = len(extra_texts)
    return figures


def print_figures(figures: dict) -> None:
    """Print validation figures as a small table."""
    print(f"validation micro-F1 {figures['micro_f1']:.4f}  macro-F1 {figures['macro_f1']:.4f}")
    for label, f1 in figures["per_label_f1"].items():
        print(f"  {label:40s} F1 {f1:.4f}")
    oof = figures["train_out_of_fold"]
    print(f"train out-of-fold micro-F1 {oof['micro_f1']:.4f}  macro-F1 {oof['macro_f1']:.4f}")
    print(
        f"trained on {figures['n_train_texts']} OPP-115 segments + "
        f"{figures['n_tosdr_quotes']} ToS;DR quotes; {figures['n_features']} features"
    )
    print(f"model {figures['model_path']}: {figures['model_bytes']} bytes")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=data_dir(), help="shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="model folder")
    args = parser.parse_args(argv)
    print_figures(train(args.data, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
