"""Label policy segments with OPP-115 categories: linear scores over TF-IDF, stacked.

Each label is scored by a linear SVM on the segment and on its best sentence; a per-label
logistic regression over all these calibrated scores gives the confidence. The model is a
numpy .npz (see worker/model/README.md), not a pickle, so it loads under any numpy/scipy
version; the vectoriser below reproduces scikit-learn's TfidfVectorizer exactly.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from worker.records import LabelledSegment, Segment

OPP_LABELS: tuple[str, ...] = (
    "First Party Collection/Use",
    "Third Party Sharing/Collection",
    "User Choice/Control",
    "User Access, Edit and Deletion",
    "Data Retention",
    "Data Security",
    "Policy Change",
    "Do Not Track",
    "International and Specific Audiences",
    "Introductory/Generic",
    "Practice not covered",
    "Privacy contact information",
)

CATEGORY_OF_LABEL: dict[str, str] = {
    "First Party Collection/Use": "first_party_collection",
    "Third Party Sharing/Collection": "third_party_sharing",
    "User Choice/Control": "user_choice",
    "User Access, Edit and Deletion": "user_access",
    "Data Retention": "data_retention",
    "Data Security": "data_security",
    "Policy Change": "policy_change",
    "Do Not Track": "do_not_track",
    "International and Specific Audiences": "specific_audiences",
    "Introductory/Generic": "other",
    "Practice not covered": "other",
    "Privacy contact information": "other",
}

MODEL_PATH = Path(__file__).parent / "model" / "classifier.npz"
"""The shipped model, written by worker.train."""

MODEL_FORMAT = 2
"""Version of the .npz layout; the loader refuses any other."""

WORD_CACHE_SIZE = 200_000
"""Distinct words whose char n-gram columns are cached before the cache is emptied."""

JSONL_BATCH = 2000
"""Texts classified at once by classify_jsonl, to bound memory on large files."""

MIN_SENTENCE_CHARS = 16
"""Shorter pieces of a segment are not scored as sentences of their own."""

_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z\"(])")
"""Where a segment splits into sentences: after end punctuation, before a capital."""

_WORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default token_pattern."""


@dataclass(frozen=True, slots=True)
class FeatureBlock:
    """One TF-IDF vectoriser: its analyzer settings, vocabulary and idf weights."""

    analyzer: str
    """"word" or "char_wb", as in scikit-learn."""
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: np.ndarray
    sublinear_tf: bool = True
    scale: float = 1.0
    """Factor applied to this block's l2-normalised vector before concatenation."""
    word_columns: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    """Cache of char_wb columns per word: the same words recur across segments."""
    bigram_index: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    """For word 1-2-grams, bigram columns keyed by their two unigram columns (built lazily)."""

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """This block's l2-normalised TF-IDF rows for texts, as scikit-learn computes them."""
        if self.analyzer == "char_wb":
            counts = self._char_counts(texts)
        elif self.ngram_range == (1, 2) and self._bigram_index() is not None:
            counts = self._word_pair_counts(texts)
        else:
            counts = self._counts(texts)
        if self.sublinear_tf:
            counts.data = np.log(counts.data) + 1.0
        counts.data *= self.idf[counts.indices]
        lengths = np.diff(counts.indptr)
        rows = np.repeat(np.arange(len(texts)), lengths)
        norms = np.sqrt(np.bincount(rows, weights=counts.data**2, minlength=len(texts)))
        counts.data *= self.scale / norms[rows]
        return counts

    def _counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Term counts of texts (rows without duplicate columns)."""
        vocabulary = self.vocabulary
        columns: list[int] = []
        indptr = [0]
        for text in texts:
            columns.extend(c for c in map(vocabulary.get, self.terms(text)) if c is not None)
            indptr.append(len(columns))
        counts = sparse.csr_matrix(
            (np.ones(len(columns)), np.array(columns, dtype=np.int64), np.array(indptr)),
            shape=(len(texts), len(self.idf)),
        )
        # A round trip through CSC sorts each row's columns in linear time (a stable
        # counting sort), so summing the duplicates needs no comparison sort.
        counts = counts.tocsc().tocsr()
        counts.has_sorted_indices = True
        counts.sum_duplicates()
        return counts

    def _bigram_index(self) -> dict[str, np.ndarray] | None:
        """Sorted keys (first column * width + second column) of the vocabulary's bigrams and
        their columns; None if a bigram has a word that is not itself in the vocabulary."""
        index = self.bigram_index
        if not index:
            width = len(self.idf)
            keys, columns = [], []
            for term, column in self.vocabulary.items():
                first, space, second = term.partition(" ")
                if not space:
                    continue
                pair = self.vocabulary.get(first), self.vocabulary.get(second)
                if pair[0] is None or pair[1] is None or " " in second:
                    index["valid"] = np.zeros(1, dtype=bool)
                    break
                keys.append(pair[0] * width + pair[1])
                columns.append(column)
            else:
                order = np.argsort(np.array(keys, dtype=np.int64))
                index["keys"] = np.array(keys, dtype=np.int64)[order]
                index["columns"] = np.array(columns, dtype=np.int64)[order]
                index["valid"] = np.ones(1, dtype=bool)
        return index if index["valid"][0] else None

    def _word_pair_counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Word 1-2-gram counts with the bigrams looked up as pairs of unigram columns in one
        vectorised search (a bigram can only be in the vocabulary if both its words are)."""
        index = self.bigram_index
        vocabulary = self.vocabulary
        unigrams: list[int] = []
        lengths = []
        for text in texts:
            tokens = _WORD_TOKEN.findall(text.lower())
            unigrams.extend([vocabulary.get(token, -1) for token in tokens])
            lengths.append(len(tokens))
        columns = np.array(unigrams, dtype=np.int64)
        rows = np.repeat(np.arange(len(texts)), lengths)
        first, second = columns[:-1], columns[1:]
        pair_rows = rows[:-1]
        usable = (first >= 0) & (second >= 0) & (pair_rows == rows[1:])
        keys = first[usable] * len(self.idf) + second[usable]
        where = np.minimum(np.searchsorted(index["keys"], keys), max(len(index["keys"]) - 1, 0))
        found = index["keys"][where] == keys if len(index["keys"]) else np.zeros(0, dtype=bool)
        known = columns >= 0
        counts = sparse.csr_matrix(
            (
                np.ones(int(known.sum()) + int(found.sum())),
                (
                    np.concatenate([rows[known], pair_rows[usable][found]]),
                    np.concatenate([columns[known], index["columns"][where[found]]]),
                ),
            ),
            shape=(len(texts), len(self.idf)),
        )
        counts.sum_duplicates()
        return counts

    def _char_counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """char_wb counts as (text x word counts) @ (word x n-gram counts): n-grams never
        cross words, so each distinct word is analysed once and then cached."""
        cache = self.word_columns
        if len(cache) > WORD_CACHE_SIZE:
            cache.clear()
        low, high = self.ngram_range
        vocabulary = self.vocabulary
        word_row: dict[str, int] = {}
        occurrences: list[int] = []
        indptr = [0]
        for text in texts:
            for word in text.lower().split():
                row = word_row.get(word)
                if row is None:
                    row = word_row[word] = len(word_row)
                occurrences.append(row)
            indptr.append(len(occurrences))
        word_columns = []
        for word in word_row:
            hit = cache.get(word)
            if hit is None:
                grams = _char_wb_ngrams(word, low, high)
                found = [c for c in map(vocabulary.get, grams) if c is not None]
                hit = cache[word] = np.array(found, dtype=np.int64)
            word_columns.append(hit)
        words = sparse.csr_matrix(
            (np.ones(len(occurrences)), np.array(occurrences, dtype=np.int64), np.array(indptr)),
            shape=(len(texts), len(word_row)),
        )
        lengths = np.array([len(columns) for columns in word_columns], dtype=np.int64)
        grams = sparse.csr_matrix(
            (
                np.ones(int(lengths.sum())),
                np.concatenate([np.zeros(0, dtype=np.int64), *word_columns]),
                np.concatenate([[0], np.cumsum(lengths)]),
            ),
            shape=(len(word_row), len(self.idf)),
        )
        return (words @ grams).tocsr()

    def terms(self, text: str) -> list[str]:
        """The n-grams scikit-learn's analyzer yields for text (lowercased)."""
        text = text.lower()
        low, high = self.ngram_range
        if self.analyzer == "word":
            return _word_ngrams(_WORD_TOKEN.findall(text), low, high)
        if self.analyzer == "char_wb":
            return _char_wb_ngrams(text, low, high)
        raise ValueError(f"unknown analyzer {self.analyzer!r}")


def _word_ngrams(tokens: list[str], low: int, high: int) -> list[str]:
    """Word n-grams in scikit-learn's order (order does not matter for counts)."""
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def _char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams within space-padded words, as scikit-learn's char_wb."""
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            if length <= n:
                grams.append(padded[:n])
                break
            grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return grams


def sentence_pieces(text: str) -> list[str]:
    """The sentences of a segment the model scores on their own (the segment if none)."""
    pieces = [p for p in _SENTENCE_BREAK.split(text.strip()) if len(p) >= MIN_SENTENCE_CHARS]
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

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The TF-IDF matrix of texts, identical to scikit-learn's hstack of blocks."""
        return sparse.hstack([block.transform(texts) for block in self.blocks], format="csr")

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """Raw one-vs-rest decision values, shape (len(texts), n_labels)."""
        return np.asarray(self.features(texts) @ self.coef) + self.intercept

    def segment_scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Decision values of each text and the best of its sentences', label by label."""
        pieces = [sentence_pieces(text) for text in texts]
        # a segment that is one sentence is its own best sentence: score it once
        split = [
            i
            for i, group in enumerate(pieces)
            if len(group) > 1 or group[0].strip() != texts[i].strip()
        ]
        flat = [piece for i in split for piece in pieces[i]]
        decisions = self.decision([*texts, *flat])
        segment = decisions[: len(texts)]
        best = segment.copy()
        if split:
            owner = np.repeat(np.array(split), [len(pieces[i]) for i in split])
            best[split] = -np.inf
            np.maximum.at(best, owner, decisions[len(texts) :])
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


def label_scores(texts: Sequence[str]) -> list[dict[str, float]]:
    """Per text, the confidence in [0, 1] of each OPP-115 label."""
    model = shipped_model()
    confidence = model.confidence(list(texts))
    return [dict(zip(model.labels, map(float, row), strict=True)) for row in confidence]


def classify_texts(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """Per text, the OPP-115 labels it gets (always at least one)."""
    model = shipped_model()
    chosen = model.predict(model.confidence(list(texts)))
    return [
        tuple(label for label, on in zip(model.labels, row, strict=True) if on) for row in chosen
    ]


def classifier_texts(segments: Sequence[Segment]) -> list[str]:
    """The texts the classifier sees: as in OPP-115, the first segment under a heading starts
    with that heading and the segments after it do not (measured on validation: the heading
    helps the first segment and hurts the others)."""
    texts = []
    previous: str | None = None
    for segment in segments:
        heading = (segment.heading or "").strip()
        text = segment.text
        starts_with_heading = text.lstrip().lower().startswith(heading.lower())
        if heading and heading != previous and not starts_with_heading:
            text = f"{heading} {text}"
        texts.append(text)
        previous = heading
    return texts


def classify(segments: Sequence[Segment]) -> list[LabelledSegment]:
    """Label each segment with OPP-115 labels, their API categories and confidences."""
    model = shipped_model()
    confidence = model.confidence(classifier_texts(segments))
    chosen = model.predict(confidence)
    labelled = []
    for segment, row, on in zip(segments, confidence, chosen, strict=True):
        labels = tuple(label for label, keep in zip(model.labels, on, strict=True) if keep)
        labelled.append(
            LabelledSegment(
                segment=segment,
                labels=labels,
                categories=_categories(labels),
                scores=dict(zip(model.labels, map(float, row), strict=True)),
            )
        )
    return labelled


def _categories(labels: Iterable[str]) -> tuple[str, ...]:
    """API category ids of labels, each once, in label order."""
    return tuple(dict.fromkeys(CATEGORY_OF_LABEL[label] for label in labels))


def classify_jsonl(input_path: Path, output_path: Path) -> int:
    """Read {"text": ...} lines, write {"labels": [...]} lines one for one; return the count.

    A blank line, or a record without a string "text", is classified as empty text so the
    output stays aligned with the input; a line that is not JSON raises ValueError.
    """
    texts = []
    with input_path.open(encoding="utf-8", newline="\n") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                record = json.loads(line) if line.strip() else {}
            except json.JSONDecodeError as error:
                raise ValueError(f"{input_path}:{number}: not JSON: {error}") from error
            text = record.get("text") if isinstance(record, dict) else None
            texts.append(text if isinstance(text, str) else "")
    with output_path.open("w", encoding="utf-8", newline="\n") as out:
        for start in range(0, len(texts), JSONL_BATCH):
            for labels in classify_texts(texts[start : start + JSONL_BATCH]):
                out.write(json.dumps({"labels": list(labels)}, ensure_ascii=False) + "\n")
    return len(texts)
