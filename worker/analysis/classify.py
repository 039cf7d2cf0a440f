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
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
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
"""The shipped model, written by worker.analysis.train."""

MODEL_FORMAT = 2
"""Version of the .npz layout; the loader refuses any other."""

WORD_CACHE_SIZE = 200_000
"""Distinct words given ids (and their columns cached per block) before all are forgotten."""

JSONL_BATCH = 2000
"""Texts classified at once by classify_jsonl, to bound memory on large files."""

MIN_SENTENCE_CHARS = 16
"""Shorter pieces of a segment are not scored as sentences of their own."""

_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z\"(])")
"""Where a segment splits into sentences: after end punctuation, before a capital."""

_WORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default token_pattern."""


@dataclass(frozen=True, slots=True)
class WordBatch:
    """Whitespace words of a batch of texts, split once for every block: each row of the
    feature matrix is a run of consecutive word occurrences (a segment or one sentence)."""

    word_ids: np.ndarray
    """Ids of the batch's distinct lowercased words in generation (see WordIds)."""
    generation: list[str]
    """The words known when the batch was made, by id; blocks cache runs per generation."""
    occurrences: np.ndarray
    """Index into word_ids of each word occurrence, in text order."""
    starts: np.ndarray
    """Row r covers occurrences[starts[r]:ends[r]]."""
    ends: np.ndarray

    @classmethod
    def of_pieces(cls, pieces: Sequence[str], spans: np.ndarray) -> WordBatch:
        """Words of pieces; row r covers pieces[spans[r, 0]:spans[r, 1]], which are separated by
        whitespace in the text they come from (so no word or n-gram crosses them)."""
        split = [piece.lower().split() for piece in pieces]
        flat = list(chain.from_iterable(split))
        ids, generation = WORD_IDS.of(flat)
        word_ids, occurrences = _distinct(ids, len(generation))
        piece_starts = np.zeros(len(pieces) + 1, dtype=np.int64)
        np.cumsum(
            np.fromiter(map(len, split), dtype=np.int64, count=len(split)), out=piece_starts[1:]
        )
        return cls(
            word_ids, generation, occurrences, piece_starts[spans[:, 0]], piece_starts[spans[:, 1]]
        )

    @property
    def words(self) -> list[str]:
        """Distinct lowercased words of the batch."""
        return [self.generation[i] for i in self.word_ids.tolist()]

    @classmethod
    def of_texts(cls, texts: Sequence[str]) -> WordBatch:
        """Words of texts, one row per text."""
        rows = np.arange(len(texts), dtype=np.int64)
        return cls.of_pieces(texts, np.stack([rows, rows + 1], axis=1))

    def row_texts(self) -> list[str]:
        """Each row's words joined by spaces: same n-grams as the row's original text."""
        words = self.words
        return [
            " ".join(words[i] for i in self.occurrences[start:end])
            for start, end in zip(self.starts, self.ends, strict=True)
        ]


def _distinct(ids: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ids, all in range(size), sorted, and the index of each id among
    them: np.unique's, by marking an array of size flags when that is not much longer."""
    if size > 16 * len(ids):
        distinct, inverse = np.unique(ids, return_inverse=True)
        return distinct, inverse.astype(np.int64, copy=False)
    present = np.zeros(size, dtype=bool)
    present[ids] = True
    rank = np.cumsum(present) - 1
    return np.flatnonzero(present), rank[ids]


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The indices arange(start, end) of each slice, concatenated (empty slices allowed)."""
    lengths = np.maximum(ends - starts, 0)
    before = np.cumsum(lengths) - lengths
    return np.repeat(starts - before, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)


Analyser = Callable[[list[str]], tuple[np.ndarray, np.ndarray]]
"""Words -> their column runs concatenated and the length of each run."""


class WordIds:
    """Ids of the lowercased words seen so far, shared by all batches and blocks, so that a
    batch looks each word occurrence up once; past WORD_CACHE_SIZE words a new generation
    starts, and blocks drop the runs they cached for the old one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: dict[str, int] = {}
        self.generation: list[str] = []
        """Words by id; a new list object for each generation."""

    def clear(self) -> None:
        """Start a new generation."""
        with self.lock:
            self.ids, self.generation = {}, []

    def of(self, words: list[str]) -> tuple[np.ndarray, list[str]]:
        """The id of each word (words not seen yet get new ones), and the generation."""
        with self.lock:
            if len(self.ids) > WORD_CACHE_SIZE:
                self.ids, self.generation = {}, []
            ids = np.fromiter(
                map(self.ids.get, words, repeat(-1)), dtype=np.int64, count=len(words)
            )
            missing = np.flatnonzero(ids < 0).tolist()
            if missing:
                new = list(dict.fromkeys(words[i] for i in missing))
                self.ids.update(
                    zip(new, range(len(self.ids), len(self.ids) + len(new)), strict=True)
                )
                self.generation.extend(new)
                ids[missing] = [self.ids[words[i]] for i in missing]
            return ids, self.generation


WORD_IDS = WordIds()
"""The process's word ids (the shipped model is loaded once per process)."""


def clear_word_cache() -> None:
    """Forget every word: the next batch starts a new generation (for cold timings)."""
    WORD_IDS.clear()


class WordColumns:
    """A block's column run per word id of one generation (see WordIds), stored flat so that a
    batch gathers the runs of its words with numpy instead of a Python loop; only the words
    of batches this block saw are analysed. A lock keeps the runs consistent when threads
    share the shipped model."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clear()

    def clear(self) -> None:
        """Forget every word."""
        with self.lock:
            self.generation: list[str] | None = None
            self.count = 0
            self.columns = np.zeros(4096, dtype=np.int64)
            self.used = 0
            """columns[:used] hold runs."""
            self.run_starts = np.zeros(1024, dtype=np.int64)
            self.run_lengths = np.zeros(1024, dtype=np.int64)
            """Word id i's run is columns[run_starts[i]:run_starts[i] + run_lengths[i]]..."""
            self.analysed = np.zeros(1024, dtype=bool)
            """...if analysed[i]."""

    def __len__(self) -> int:
        return self.count

    def runs(self, batch: WordBatch, analyse: Analyser) -> tuple[np.ndarray, np.ndarray]:
        """The runs of a batch's distinct words concatenated, and where each starts (one more
        than words); analyse gives the runs of words not cached yet."""
        ids = batch.word_ids
        with self.lock:
            if batch.generation is not self.generation:
                if batch.generation is not WORD_IDS.generation:
                    # a batch made before the words were forgotten: analyse it on its own
                    runs, lengths = analyse(batch.words)
                    offsets = np.zeros(len(ids) + 1, dtype=np.int64)
                    np.cumsum(lengths, out=offsets[1:])
                    return runs, offsets
                self.clear()
                self.generation = batch.generation
            if len(ids):
                self._reserve(int(ids.max()) + 1)
            missing = ids[~self.analysed[ids]]
            if len(missing):
                self._add(missing, [batch.generation[i] for i in missing.tolist()], analyse)
            starts, lengths = self.run_starts[ids], self.run_lengths[ids]
            columns = self.columns[_ranges(starts, starts + lengths)]
        offsets = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return columns, offsets

    def _reserve(self, size: int) -> None:
        """Room for word ids below size."""
        self.run_starts = _grown(self.run_starts, size)
        self.run_lengths = _grown(self.run_lengths, size)
        self.analysed = _grown(self.analysed, size)

    def _add(self, ids: np.ndarray, words: list[str], analyse: Analyser) -> None:
        """Store the runs of words, whose ids are ids."""
        runs, lengths = analyse(words)
        start, end = self.used, self.used + len(runs)
        self.columns = _grown(self.columns, end)
        self.columns[start:end] = runs
        self.run_starts[ids] = start + np.cumsum(lengths) - lengths
        self.run_lengths[ids] = lengths
        self.analysed[ids] = True
        self.used = end
        self.count += len(ids)


HASH_MULTIPLIER = np.array([0x9E3779B97F4A7C15], dtype=np.uint64)
"""Fibonacci hashing: the top bits of key * this (mod 2**64) pick a key's first slot."""


def _hash_slots(keys: np.ndarray, bits: int) -> np.ndarray:
    """First slot of each non-negative key in a table of 2**bits slots."""
    return ((keys.astype(np.uint64) * HASH_MULTIPLIER) >> np.uint64(64 - bits)).astype(np.int64)


def _hash_table(keys: np.ndarray, values: np.ndarray) -> dict[str, np.ndarray]:
    """An open-addressing (linear probing) table of distinct non-negative keys, at most a
    quarter full, so that a batch of keys is looked up with a few numpy passes."""
    bits = max(4, (4 * len(keys)).bit_length())
    size = 1 << bits
    table_keys = np.full(size, -1, dtype=np.int64)
    table_values = np.full(size, -1, dtype=np.int64)
    for key, value, slot in zip(
        keys.tolist(), values.tolist(), _hash_slots(keys, bits).tolist(), strict=True
    ):
        while table_keys[slot] >= 0:
            slot = (slot + 1) % size
        table_keys[slot] = key
        table_values[slot] = value
    return {"keys": table_keys, "values": table_values, "bits": np.array([bits])}


def _hash_lookup(table: dict[str, np.ndarray], keys: np.ndarray) -> np.ndarray:
    """The value of each key in a _hash_table, -1 where absent; every round moves the keys
    not settled yet to their next slot."""
    table_keys, table_values = table["keys"], table["values"]
    mask = len(table_keys) - 1
    found = np.full(len(keys), -1, dtype=np.int64)
    pending = np.arange(len(keys))
    slots = _hash_slots(keys, int(table["bits"][0]))
    while len(pending):
        stored = table_keys[slots]
        hit = stored == keys
        found[pending[hit]] = table_values[slots[hit]]
        going_on = ~hit & (stored >= 0)
        pending, keys, slots = pending[going_on], keys[going_on], (slots[going_on] + 1) & mask
    return found


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    """array itself if it holds size items, else a copy at least twice as long."""
    if len(array) >= size:
        return array
    bigger = np.zeros(max(size, 2 * len(array)), dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


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
    word_columns: WordColumns = field(default_factory=WordColumns, compare=False, repr=False)
    """Cache of columns per word (see _analyse_words): the same words recur across segments."""
    bigram_index: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    """For word 1-2-grams, a hash table of bigram columns keyed by their two unigram columns
    (built lazily)."""
    idf_squares: list[np.ndarray] = field(default_factory=list, compare=False, repr=False)
    """idf**2, computed once (see _idf_squares)."""

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """This block's l2-normalised TF-IDF rows for texts, as scikit-learn computes them."""
        return self.weighted(WordBatch.of_texts(texts))

    def weighted(self, batch: WordBatch) -> sparse.csr_matrix:
        """This block's l2-normalised TF-IDF rows for the rows of a batch."""
        weighted, factor = self.frequencies(batch)
        weighted.data *= self.idf[weighted.indices]
        weighted.data *= np.repeat(factor, np.diff(weighted.indptr))
        return weighted

    def frequencies(self, batch: WordBatch) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Term frequencies (sublinear if so set) of a batch's rows and the factor per row that
        makes them this block's rows: weighted() = diag(factor) @ frequencies @ diag(idf)."""
        if self.analyzer == "char_wb":
            counts = self._char_counts(batch)
        elif self.ngram_range == (1, 2) and self._bigram_index() is not None:
            counts = self._word_pair_counts(batch)
        else:
            counts = self._counts(batch.row_texts())
        if self.sublinear_tf:
            counts.data = np.log(counts.data) + 1.0
        # the squared frequencies in place of the frequencies for one product, not a new matrix
        frequencies = counts.data
        counts.data = frequencies**2
        norms = np.sqrt(counts @ self._idf_squares())
        counts.data = frequencies
        factor = np.divide(self.scale, norms, out=np.zeros_like(norms), where=norms > 0)
        return counts, factor

    def _idf_squares(self) -> np.ndarray:
        """idf**2 (computed once): the weights of squared frequencies in a row's norm."""
        if not self.idf_squares:
            self.idf_squares.append(self.idf**2)
        return self.idf_squares[0]

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
        """A hash table of the vocabulary's bigrams keyed by first column * width + second
        column; None if a bigram has a word that is not itself in the vocabulary."""
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
                index.update(_hash_table(np.array(keys, dtype=np.int64), np.array(columns)))
                index["valid"] = np.ones(1, dtype=bool)
        return index if index["valid"][0] else None

    def _analyse_words(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The column runs of words, concatenated, and each run's length. char_wb: a word's
        known n-gram columns; word: its tokens' columns, -1 if unknown (kept, since an unknown
        token still separates the bigrams around it)."""
        if self.analyzer == "char_wb":
            low, high = self.ngram_range
            terms = [_char_wb_ngrams(word, low, high) for word in words]
        else:
            terms = [_WORD_TOKEN.findall(word) for word in words]
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        flat = list(chain.from_iterable(terms))
        columns = np.fromiter(
            map(self.vocabulary.get, flat, repeat(-1)), dtype=np.int64, count=len(flat)
        )
        if self.analyzer == "char_wb":
            known = columns >= 0
            owner = np.repeat(np.arange(len(words)), lengths)
            columns = columns[known]
            lengths = np.bincount(owner[known], minlength=len(words))
        return columns, lengths

    def _word_pair_counts(self, batch: WordBatch) -> sparse.csr_matrix:
        """Word 1-2-gram counts with the bigrams looked up as pairs of unigram columns in one
        vectorised search (a bigram can only be in the vocabulary if both its words are)."""
        columns, offsets = self.word_columns.runs(batch, self._analyse_words)
        occurrences = batch.occurrences
        tokens = columns[_ranges(offsets[occurrences], offsets[occurrences + 1])]
        token_starts = np.zeros(len(occurrences) + 1, dtype=np.int64)
        np.cumsum(offsets[occurrences + 1] - offsets[occurrences], out=token_starts[1:])
        first, last = token_starts[batch.starts], token_starts[batch.ends]
        # pairs[j]: the bigram column of tokens j and j + 1, or -1
        width = len(self.idf)
        pairs = np.full(max(len(tokens) - 1, 0), -1, dtype=np.int64)
        usable = np.flatnonzero((tokens[:-1] >= 0) & (tokens[1:] >= 0))
        if len(usable):
            keys = tokens[usable] * width + tokens[usable + 1]
            pairs[usable] = _hash_lookup(self.bigram_index, keys)
        # each row's unigrams then its bigrams, from one stream of tokens followed by pairs:
        # (row x stream position) @ (stream position x column) adds up each row's repeated
        # columns in a dense accumulator, in linear time (sum_duplicates sorts every row)
        stream = np.concatenate([tokens, pairs])
        starts = np.stack([first, first + len(tokens)], axis=1).ravel()
        ends = np.stack([last, last - 1 + len(tokens)], axis=1).ravel()
        row_indptr = np.zeros(len(first) + 1, dtype=np.int64)
        np.cumsum(np.maximum(ends - starts, 0).reshape(-1, 2).sum(axis=1), out=row_indptr[1:])
        positions = sparse.csr_matrix(
            (np.ones(int(row_indptr[-1])), _ranges(starts, ends), row_indptr),
            shape=(len(first), len(stream)),
        )
        known = stream >= 0
        position_indptr = np.zeros(len(stream) + 1, dtype=np.int64)
        np.cumsum(known, out=position_indptr[1:])
        columns = sparse.csr_matrix(
            (np.ones(int(position_indptr[-1])), stream[known], position_indptr),
            shape=(len(stream), width),
        )
        return (positions @ columns).tocsr()

    def _char_counts(self, batch: WordBatch) -> sparse.csr_matrix:
        """char_wb counts as (row x word counts) @ (word x n-gram counts): n-grams never
        cross words, so each distinct word is analysed once and then cached."""
        columns, offsets = self.word_columns.runs(batch, self._analyse_words)
        indptr = np.zeros(len(batch.starts) + 1, dtype=np.int64)
        np.cumsum(batch.ends - batch.starts, out=indptr[1:])
        words = sparse.csr_matrix(
            (
                np.ones(int(indptr[-1])),
                batch.occurrences[_ranges(batch.starts, batch.ends)],
                indptr,
            ),
            shape=(len(batch.starts), len(batch.word_ids)),
        )
        grams = sparse.csr_matrix(
            (np.ones(len(columns)), columns, offsets), shape=(len(batch.word_ids), len(self.idf))
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


def _sentence_parts(text: str) -> list[str]:
    """All pieces of a segment between sentence breaks, however short."""
    return _SENTENCE_BREAK.split(text.strip())


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
    idf_coef: list[np.ndarray] = field(default_factory=list, compare=False, repr=False)
    """Cache of each block's rows of coef times its idf (see batch_decision)."""

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The TF-IDF matrix of texts, identical to scikit-learn's hstack of blocks."""
        batch = WordBatch.of_texts(texts)
        return sparse.hstack([block.weighted(batch) for block in self.blocks], format="csr")

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """Raw one-vs-rest decision values, shape (len(texts), n_labels)."""
        return self.batch_decision(WordBatch.of_texts(texts))

    def batch_decision(self, batch: WordBatch) -> np.ndarray:
        """Raw decision values of a batch's rows: per block, its term frequencies times its
        rows of coef with idf folded in, each row then scaled by its normalising factor."""
        total = np.zeros((len(batch.starts), len(self.labels)))
        for block, weights in zip(self.blocks, self._idf_coef(), strict=True):
            frequencies, factor = block.frequencies(batch)
            total += np.asarray(frequencies @ weights) * factor[:, None]
        return total + self.intercept

    def _idf_coef(self) -> list[np.ndarray]:
        """Each block's rows of coef times its idf (computed once)."""
        if not self.idf_coef:
            offset = 0
            for block in self.blocks:
                width = len(block.idf)
                self.idf_coef.append(block.idf[:, None] * self.coef[offset : offset + width])
                offset += width
        return self.idf_coef

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


def label_scores(texts: Sequence[str]) -> list[dict[str, float]]:
    """Per text, the confidence in [0, 1] of each OPP-115 label."""
    model = shipped_model()
    confidence = model.confidence(list(texts))
    return [dict(zip(model.labels, row, strict=True)) for row in confidence.tolist()]


def classify_texts(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """Per text, the OPP-115 labels it gets (always at least one)."""
    model = shipped_model()
    chosen = model.predict(model.confidence(list(texts)))
    return [
        tuple(label for label, on in zip(model.labels, row, strict=True) if on)
        for row in chosen.tolist()
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
    named: dict[tuple[bool, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    # rows as Python lists: iterating numpy rows would make a numpy scalar per label
    for segment, row, on in zip(segments, confidence.tolist(), chosen.tolist(), strict=True):
        key = tuple(on)
        if key not in named:
            labels = tuple(label for label, keep in zip(model.labels, on, strict=True) if keep)
            named[key] = labels, _categories(labels)
        labels, categories = named[key]
        labelled.append(
            LabelledSegment(
                segment=segment,
                labels=labels,
                categories=categories,
                scores=dict(zip(model.labels, row, strict=True)),
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
