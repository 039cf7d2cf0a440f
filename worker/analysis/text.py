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
