"""The linear model: linear scores over TF-IDF on the segment and its best sentence, stacked
per label by a logistic regression; kept as a numpy .npz (see model/README.md), not a pickle,
so it loads under any numpy/scipy version."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from worker.analysis.tfidf import FeatureBlock, StackedWeights, WordBatch, linear_scores

MODEL_PATH = Path(__file__).parent / "model" / "classifier.npz"
"""The shipped model, written by worker.analysis.train."""

MODEL_FORMAT = 2
"""Version of the .npz layout; the loader refuses any other."""


MIN_SENTENCE_CHARS = 16
"""Shorter pieces of a segment are not scored as sentences of their own."""

_SENTENCE_BREAK = re.compile(r"[.!?;:]\s+(?=[A-Z\"(])")
"""Where a segment splits into sentences: the whitespace after end punctuation, before a
capital (the punctuation is matched, not looked back at: re then skips to the few candidate
characters instead of trying a look back at every space)."""


def _sentence_parts(text: str) -> list[str]:
    """All pieces of a segment between sentence breaks, however short (each keeps its end
    punctuation; the whitespace after it goes)."""
    text = text.strip()
    parts = []
    start = 0
    for found in _SENTENCE_BREAK.finditer(text):
        parts.append(text[start : found.start() + 1])
        start = found.end()
    parts.append(text[start:])
    return parts


def sentence_pieces(text: str) -> list[str]:
    """The sentences of a segment the model scores on their own (the segment if none)."""
    pieces = [p for p in _sentence_parts(text) if len(p) >= MIN_SENTENCE_CHARS]
    return pieces or [text]


@dataclass(frozen=True, slots=True)
class LinearModel:
    """One-vs-rest linear scores of a segment and of its best sentence, stacked per label.

    A label's confidence is a logistic regression over the calibrated scores of all labels,
    for the whole segment and for its highest-scoring sentence: one sentence about
    retention in a long paragraph still counts, and labels inform each other.
    """

    labels: tuple[str, ...]
    blocks: tuple[FeatureBlock, ...]
    coef: np.ndarray
    """(n_features, n_labels) weights over the concatenated blocks."""
    intercept: np.ndarray
    calibration: np.ndarray
    """(2, 2, n_labels): for [segment, best sentence], Platt [slope, offset] per label."""
    stack_coef: np.ndarray
    """(2 * n_labels, n_labels): weights of the calibrated scores in each label's logit."""
    stack_intercept: np.ndarray
    threshold: np.ndarray
    """A label is given when its confidence is >= its threshold."""
    stacked_weights: list[StackedWeights] = field(default_factory=list, compare=False, repr=False)
    """Cache of the blocks' rows of coef times their idf, and their idf**2, side by side (see
    batch_decision)."""

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The TF-IDF matrix of texts, identical to scikit-learn's hstack of blocks."""
        batch = WordBatch.of_texts(texts)
        return sparse.hstack([block.weighted(batch) for block in self.blocks], format="csr")

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """Raw one-vs-rest decision values, shape (len(texts), n_labels)."""
        return self.batch_decision(WordBatch.of_texts(texts))

    def batch_decision(self, batch: WordBatch) -> np.ndarray:
        """Raw decision values of a batch's rows: per block, its term frequencies times its
        rows of coef with idf folded in, each row then scaled by its normalising factor (all
        blocks at once when they can, see linear_scores)."""
        total = linear_scores(self.blocks, self._stacked_weights(), batch)
        if total is None:
            total = np.zeros((len(batch.starts), len(self.labels)))
            for block, weights in zip(self.blocks, self._idf_coef(), strict=True):
                frequencies, factor = block.frequencies(batch)
                total += np.asarray(frequencies @ weights) * factor[:, None]
        return total + self.intercept

    def _idf_coef(self) -> list[np.ndarray]:
        """Each block's rows of coef times its idf: its rows of the stacked weights (views)."""
        weights, offset, rows = self._stacked_weights().weights, 0, []
        for block in self.blocks:
            rows.append(weights[offset : offset + len(block.idf)])
            offset += len(block.idf)
        return rows

    def _stacked_weights(self) -> StackedWeights:
        """The blocks' idf_coef and idf**2 side by side (computed once; threads that race
        here append equal values, and the first is used)."""
        if not self.stacked_weights:
            idf = np.concatenate([block.idf for block in self.blocks])
            self.stacked_weights.append(
                StackedWeights(weights=idf[:, None] * self.coef, idf_squares=idf**2)
            )
        return self.stacked_weights[0]

    def segment_scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Decision values of each text and the best of its sentences', label by label.

        One batch holds the segments and their sentences: a segment's row spans the pieces
        its sentences' rows cover one by one, so each text is split into words only once.
        """
        pieces: list[str] = []
        spans: list[tuple[int, int]] = []
        sentence_spans: list[tuple[int, int]] = []
        owners: list[int] = []
        for i, text in enumerate(texts):
            parts = _sentence_parts(text)
            kept = [j for j, part in enumerate(parts) if len(part) >= MIN_SENTENCE_CHARS]
            start = len(pieces)
            # a segment that is one sentence is its own best sentence: score it once
            if len(parts) > 1 and kept:
                pieces.extend(parts)
                sentence_spans.extend((start + j, start + j + 1) for j in kept)
                owners.extend([i] * len(kept))
            else:
                pieces.append(text)
            spans.append((start, len(pieces)))
        rows = np.array(spans + sentence_spans, dtype=np.int64).reshape(-1, 2)
        decisions = self.batch_decision(WordBatch.of_pieces(pieces, rows))
        segment = decisions[: len(texts)]
        best = segment.copy()
        if owners:
            owner = np.array(owners)
            firsts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            best[owner[firsts]] = np.maximum.reduceat(decisions[len(texts) :], firsts, axis=0)
        return segment, best

    def confidence(self, texts: Sequence[str]) -> np.ndarray:
        """Confidences in [0, 1], shape (len(texts), n_labels)."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        segment, sentence = self.segment_scores(texts)
        return self.stacked(segment, sentence)

    def stacked(self, segment: np.ndarray, sentence: np.ndarray) -> np.ndarray:
        """Confidences from segment and best-sentence decision values."""
        calibrated = np.hstack(
            [
                self.calibration[0, 0] * segment + self.calibration[0, 1],
                self.calibration[1, 0] * sentence + self.calibration[1, 1],
            ]
        )
        return _sigmoid(calibrated @ self.stack_coef + self.stack_intercept)

    def predict(self, confidence: np.ndarray) -> np.ndarray:
        """Boolean label matrix: confidence over threshold, else the best label alone."""
        chosen = confidence >= self.threshold
        best = np.argmax(confidence - self.threshold, axis=1)
        empty = ~chosen.any(axis=1)
        chosen[empty, best[empty]] = True
        return chosen


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, without overflow warnings for large negative x."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def save_model(model: LinearModel, path: Path) -> None:
    """Write model as a compressed .npz with no pickled objects and fixed timestamps."""
    config = {
        "format": MODEL_FORMAT,
        "labels": list(model.labels),
        "blocks": [
            {
                "analyzer": b.analyzer,
                "ngram_range": list(b.ngram_range),
                "sublinear_tf": b.sublinear_tf,
                "scale": b.scale,
            }
            for b in model.blocks
        ],
    }
    arrays: dict[str, np.ndarray] = {"config": _utf8(json.dumps(config, sort_keys=True))}
    for i, block in enumerate(model.blocks):
        ordered = sorted(block.vocabulary, key=block.vocabulary.__getitem__)
        arrays[f"vocabulary_{i}"] = _utf8("\n".join(ordered))
        arrays[f"idf_{i}"] = block.idf.astype(np.float32)
    arrays["coef"] = model.coef.astype(np.float32)
    for name in ("intercept", "calibration", "stack_coef", "stack_intercept", "threshold"):
        arrays[name] = getattr(model, name).astype(np.float64)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(entry, buffer.getvalue(), compress_type=zipfile.ZIP_DEFLATED)


def load_model(path: Path = MODEL_PATH) -> LinearModel:
    """Read a model written by save_model."""
    with np.load(path, allow_pickle=False) as data:
        config = json.loads(bytes(data["config"]).decode("utf-8"))
        if config.get("format") != MODEL_FORMAT:
            raise ValueError(f"{path}: model format {config.get('format')}, need {MODEL_FORMAT}")
        blocks = []
        for i, spec in enumerate(config["blocks"]):
            terms = bytes(data[f"vocabulary_{i}"]).decode("utf-8").split("\n")
            blocks.append(
                FeatureBlock(
                    analyzer=spec["analyzer"],
                    ngram_range=(spec["ngram_range"][0], spec["ngram_range"][1]),
                    vocabulary={term: column for column, term in enumerate(terms)},
                    idf=data[f"idf_{i}"].astype(np.float64),
                    sublinear_tf=spec["sublinear_tf"],
                    scale=spec["scale"],
                )
            )
        return LinearModel(
            labels=tuple(config["labels"]),
            blocks=tuple(blocks),
            coef=data["coef"].astype(np.float64),
            intercept=data["intercept"],
            calibration=data["calibration"],
            stack_coef=data["stack_coef"],
            stack_intercept=data["stack_intercept"],
            threshold=data["threshold"],
        )


def _utf8(text: str) -> np.ndarray:
    """A string as a uint8 array, the npz-safe way to store text."""
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


_model: LinearModel | None = None


def shipped_model() -> LinearModel:
    """The shipped model, loaded once per process (read-only afterwards)."""
    global _model
    if _model is None:
        _model = load_model()
    return _model
