"""TF-IDF features exactly as scikit-learn's TfidfVectorizer makes them, in numpy: word ids
and n-gram columns cached across batches, so a policy's segments are vectorised at once."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat

import numpy as np
from scipy import sparse
from scipy.sparse import _sparsetools

WORD_CACHE_SIZE = 200_000
"""Distinct words given ids (and their columns cached per block) before all are forgotten."""


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
    distinct = np.flatnonzero(present)
    rank = np.empty(size, dtype=np.int64)  # only the entries of distinct ids are read
    rank[distinct] = np.arange(len(distinct))
    return distinct, rank[ids]


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
            # 32-bit: half the memory a batch's gathers touch (vocabularies and the cache stay
            # far below 2**31 columns and entries)
            self.columns = np.zeros(4096, dtype=np.int32)
            self.used = 0
            """columns[:used] hold runs."""
            self.run_starts = np.zeros(1024, dtype=np.int32)
            self.run_lengths = np.zeros(1024, dtype=np.int32)
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


HASH_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F], dtype=np.uint64)
"""Fibonacci hashing: the top bits of key * each of these (mod 2**64) are a key's two slots."""

MAX_KICKS = 500
"""Keys moved aside for one insertion before a _hash_table grows instead."""


def _hash_slots(keys: np.ndarray, bits: int, choice: int) -> np.ndarray:
    """Slot choice (0 or 1) of each non-negative key in a table of 2**bits slots."""
    product = keys.astype(np.uint64) * HASH_MULTIPLIERS[choice]
    return (product >> np.uint64(64 - bits)).astype(np.int64)


def _hash_table(keys: np.ndarray, values: np.ndarray) -> dict[str, np.ndarray]:
    """A cuckoo table of distinct non-negative keys, at most a quarter full: each key is in
    one of its two slots, so a batch of keys is looked up with a fixed few numpy passes (no
    probing loop whose rounds depend on the longest chain)."""
    bits = max(4, (4 * len(keys)).bit_length())
    while (slots := _cuckoo_slots(keys, bits)) is None:
        bits += 1
    # 32-bit when they fit: half the memory the random look-ups touch
    small = max(int(keys.max(initial=0)), int(values.max(initial=0))) < 2**31
    table_keys = np.full(1 << bits, -1, dtype=np.int32 if small else np.int64)
    table_values = np.full(1 << bits, -1, dtype=table_keys.dtype)
    table_keys[slots] = keys
    table_values[slots] = values
    return {"keys": table_keys, "values": table_values, "bits": np.array([bits])}


def _cuckoo_slots(keys: np.ndarray, bits: int) -> list[int] | None:
    """The slot of each key in a cuckoo table of 2**bits slots, or None if some key found no
    place: a key takes its first slot, moving the key there to that one's other slot, and so
    on."""
    choices = [_hash_slots(keys, bits, choice).tolist() for choice in (0, 1)]
    holder = [-1] * (1 << bits)
    """Which key holds each slot."""
    for key in range(len(keys)):
        slot = choices[0][key]
        for _ in range(MAX_KICKS):
            key, holder[slot] = holder[slot], key
            if key < 0:
                break
            slot = choices[1][key] if slot == choices[0][key] else choices[0][key]
        else:
            return None
    slots = [0] * len(keys)
    for slot, key in enumerate(holder):
        if key >= 0:
            slots[key] = slot
    return slots


def _hash_lookup(table: dict[str, np.ndarray], keys: np.ndarray) -> np.ndarray:
    """The value of each key in a _hash_table, -1 where absent (empty slots hold -1)."""
    table_keys, table_values = table["keys"], table["values"]
    bits = int(table["bits"][0])
    first, second = _hash_slots(keys, bits, 0), _hash_slots(keys, bits, 1)
    found = np.where(table_keys[second] == keys, table_values[second], -1)
    in_first = table_keys[first] == keys
    found[in_first] = table_values[first[in_first]]
    return found


Operand = tuple[np.ndarray, np.ndarray]
"""A 0/1 matrix in CSR form, (indptr, indices); an index may repeat in a row (it counts twice)."""


def _product_arrays(
    left: Operand, right: Operand, shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """left @ right as CSR (indptr, indices, data), as scipy's @ computes it (the same entries in
    the same order), but by its csr_matmat alone: the output is sized by the count of products,
    which bounds its entries, instead of by a first pass that counts them (csr_matmat_maxnnz),
    and no scipy matrix is made (each costs a check of its arrays)."""
    (left_indptr, left_indices), (right_indptr, right_indices) = left, right
    bound = int(np.diff(right_indptr)[left_indices].sum())
    index = np.int32 if max(bound, *shape, len(right_indptr)) < 2**31 else np.int64
    indptr = np.empty(shape[0] + 1, dtype=index)
    indices = np.empty(bound, dtype=index)
    data = np.empty(bound)
    _sparsetools.csr_matmat(
        *shape,
        left_indptr.astype(index, copy=False),
        left_indices.astype(index, copy=False),
        np.ones(len(left_indices)),
        right_indptr.astype(index, copy=False),
        right_indices.astype(index, copy=False),
        np.ones(len(right_indices)),
        indptr,
        indices,
        data,
    )
    size = int(indptr[-1])
    return indptr, indices[:size], data[:size]


def _product(left: Operand, right: Operand, shape: tuple[int, int]) -> sparse.csr_matrix:
    """left @ right for 0/1 matrices (see _product_arrays), as a scipy matrix."""
    indptr, indices, data = _product_arrays(left, right, shape)
    return sparse.csr_matrix((data, indices, indptr), shape=shape)


def _block_diagonal(products: Sequence[tuple[Operand, Operand, int]]) -> tuple[Operand, Operand]:
    """Operands whose product stacks the products (left, right, width of right) one under the
    other: the lefts one under the other, the rights block-diagonally (each one's rows and
    columns after the previous ones'), so one csr_matmat makes every row exactly as alone."""
    left_indptr, left_indices, right_indptr, right_indices = [], [], [], []
    left_end = right_rows = right_end = columns = 0
    for (indptr, indices), (r_indptr, r_indices), width in products:
        left_indptr.append(indptr[:-1] + left_end)
        left_indices.append(indices + right_rows)
        right_indptr.append(r_indptr[:-1] + right_end)
        right_indices.append(r_indices + columns)
        left_end += int(indptr[-1])
        right_rows += len(r_indptr) - 1
        right_end += int(r_indptr[-1])
        columns += width
    left_indptr.append(np.array([left_end]))
    right_indptr.append(np.array([right_end]))
    return (
        (np.concatenate(left_indptr), np.concatenate(left_indices)),
        (np.concatenate(right_indptr), np.concatenate(right_indices)),
    )


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
        operands = self.count_operands(batch)
        if operands is None:
            counts = self._counts(batch.row_texts())
        else:
            counts = _product(*operands, (len(batch.starts), len(self.idf)))
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

    def count_operands(self, batch: WordBatch) -> tuple[Operand, Operand] | None:
        """Two 0/1 matrices whose product is the term counts of a batch's rows (columns in
        the order scipy's product gives them), or None if this block counts terms from text."""
        if self.analyzer == "char_wb":
            return self._char_operands(batch)
        if self.ngram_range == (1, 2) and self._bigram_index() is not None:
            return self._word_pair_operands(batch)
        return None

    def _word_pair_operands(self, batch: WordBatch) -> tuple[Operand, Operand]:
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
            keys = tokens[usable].astype(np.int64) * width + tokens[usable + 1]
            pairs[usable] = _hash_lookup(self.bigram_index, keys)
        # each row's unigrams then its bigrams, from one stream of tokens followed by pairs:
        # (row x stream position) @ (stream position x column) adds up each row's repeated
        # columns in a dense accumulator, in linear time (sum_duplicates sorts every row)
        stream = np.concatenate([tokens, pairs])
        starts = np.stack([first, first + len(tokens)], axis=1).ravel()
        ends = np.stack([last, last - 1 + len(tokens)], axis=1).ravel()
        row_indptr = np.zeros(len(first) + 1, dtype=np.int64)
        np.cumsum(np.maximum(ends - starts, 0).reshape(-1, 2).sum(axis=1), out=row_indptr[1:])
        known = stream >= 0
        position_indptr = np.zeros(len(stream) + 1, dtype=np.int64)
        np.cumsum(known, out=position_indptr[1:])
        return (row_indptr, _ranges(starts, ends)), (position_indptr, stream[known])

    def _char_operands(self, batch: WordBatch) -> tuple[Operand, Operand]:
        """char_wb counts as (row x word counts) @ (word x n-gram counts): n-grams never
        cross words, so each distinct word is analysed once and then cached."""
        columns, offsets = self.word_columns.runs(batch, self._analyse_words)
        indptr = np.zeros(len(batch.starts) + 1, dtype=np.int64)
        np.cumsum(batch.ends - batch.starts, out=indptr[1:])
        return (indptr, batch.occurrences[_ranges(batch.starts, batch.ends)]), (offsets, columns)

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


@dataclass(frozen=True, slots=True)
class StackedWeights:
    """Weights over the columns of several blocks side by side, for linear_scores."""

    weights: np.ndarray
    """(total width, k): per block, its rows of a linear model's coef times its idf."""
    idf_squares: np.ndarray
    """Each block's idf**2, side by side: the weights of squared frequencies in row norms."""


def linear_scores(
    blocks: Sequence[FeatureBlock], stacked: StackedWeights, batch: WordBatch
) -> np.ndarray | None:
    """Sum over blocks of frequencies @ weights * factor (see FeatureBlock.frequencies), the
    linear scores of a batch's rows; None if a block counts terms from text.

    The same float operations in the same order as block by block, but one csr_matmat,
    csr_matvec and csr_matvecs do every block's rows, stacked: per block, numpy and scipy
    calls cost more than the arithmetic of a policy's few hundred rows.
    """
    rows = len(batch.starts)
    products = []
    for block in blocks:
        operands = block.count_operands(batch)
        if operands is None:
            return None
        products.append((*operands, len(block.idf)))
    shape = (rows * len(blocks), len(stacked.idf_squares))
    indptr, indices, frequencies = _product_arrays(*_block_diagonal(products), shape)
    for i, block in enumerate(blocks):
        if block.sublinear_tf:
            part = frequencies[indptr[i * rows] : indptr[(i + 1) * rows]]
            np.log(part, out=part)
            part += 1.0
    squares = np.zeros(shape[0])
    _sparsetools.csr_matvec(*shape, indptr, indices, frequencies**2, stacked.idf_squares, squares)
    norms = np.sqrt(squares)
    scales = np.repeat(np.array([block.scale for block in blocks]), rows)
    factor = np.divide(scales, norms, out=np.zeros_like(norms), where=norms > 0)
    width = stacked.weights.shape[1]
    sums = np.zeros((shape[0], width))
    _sparsetools.csr_matvecs(
        *shape, width, indptr, indices, frequencies, stacked.weights.ravel(), sums.ravel()
    )
    total = np.zeros((rows, width))
    for i in range(len(blocks)):
        part_rows = slice(i * rows, (i + 1) * rows)
        total += sums[part_rows] * factor[part_rows, None]
    return total
