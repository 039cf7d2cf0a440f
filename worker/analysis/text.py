"""The analysis's one word pattern: a run of letters or digits, apostrophes inside
("don't", "company’s"). Segmenting, the policy check and evidence ranking count words with it.

Other tokenizers differ on purpose: `tfidf.py` reproduces scikit-learn's token pattern (the
shipped model was trained with it), `language.py` counts letters only (stop words), the
prefilter's trigger index reads `\\w` runs as `re` does, and `run.py`'s reading-time count keeps
"e-mail" and "U.S." whole. Sentences are split once, by `segment.split_sentences`.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
"""A word: letters or digits, with apostrophes inside."""


def _ascii_runs_table(lower: bool) -> bytes:
    """A bytes.translate table that makes every ASCII character but a letter or digit (as
    [^\\W_] reads them) a space, and lower-cases the letters if asked."""
    kept = (c.lower() if lower else c for c in map(chr, range(128)))
    return bytes(ord(k) if k.isalnum() else ord(" ") for k in kept) + bytes(range(128, 256))


_ASCII_RUNS = _ascii_runs_table(lower=False)
_ASCII_LOWER_RUNS = _ascii_runs_table(lower=True)


def ascii_runs(text: str, *, lower: bool = False) -> list[str]:
    """The runs of letters and digits of an ASCII text (what [^\\W_]+ finds), lower-cased if
    asked: one bytes.translate (a table look-up per byte) and a split, faster than the regex,
    than str.translate (a dict look-up per character) and than lower() (another pass)."""
    table = _ASCII_LOWER_RUNS if lower else _ASCII_RUNS
    return text.encode("ascii").translate(table).decode("ascii").split()
