"""Tell the language of a policy from its stop words (en, de, fr, es, it, nl, pt).

A stop-word profile is enough for whole policies and needs no model: each language scores
the share of the text's tokens that are among its most frequent function words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

UNDETERMINED = "und"
"""Returned when no profile matches (no letters, or too few stop words)."""

MIN_STOPWORD_HITS = 3
"""Fewer stop words than this and the language is undetermined."""


def _words(text: str) -> frozenset[str]:
    """The space-separated words of text, as a set."""
    return frozenset(text.split())


MIN_STOPWORD_SHARE = 0.15
"""Real prose in a profiled language is at least this share stop words (about 0.3-0.5);
Czech or Russian text scores far lower on every profile and stays undetermined."""

_PROFILES: dict[str, frozenset[str]] = {
    "en": _words(
        "the and of to a in is that for it with as on be by this are or we you your our "
        "not from at have may will if which can any their us an such these other use"
    ),
    "de": _words(
        "der die das und ist nicht zu den von mit sich des auf für im dem ein eine einer "
        "wir sie ihre ihr ihren uns oder werden wird auch bei nach zur zum durch sind"
    ),
    "fr": _words(
        "le la les de des et est un une du en que qui dans pour pas sur au aux nous vous "
        "votre vos ce ces sont par avec ou être peut leur données nos cette"
    ),
    "es": _words(
        "el la los las de del y en que un una es por con para no su sus se al lo como "
        "nosotros usted sobre datos este esta estos pueden nuestro nuestros"
    ),
    "it": _words(
        "il lo la gli le di del della dei e è in che un una per con non su sono da al "
        "alla ai nel nella questo questa nostro nostri vostri suoi dati possono"
    ),
    "nl": _words(
        "de het een en van in is dat op te voor met zijn niet die er aan ook als wij we "
        "u uw ons onze worden wordt kan door bij deze tot gegevens"
    ),
    "pt": _words(
        "o a os as de do da dos das e em que um uma é para com não por se no na nos "
        "nas ao seu sua seus suas você nós dados este esta pode podem"
    ),
}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def _stopword_hits(text: str) -> tuple[dict[str, int], int]:
    """Per language, how many of the text's tokens are its stop words; and the token count."""
    tokens = _TOKEN.findall(text.lower())
    return _hits(Counter(tokens)), len(tokens)


def _hits(tokens: Mapping[str, int]) -> dict[str, int]:
    """Per language, how many tokens are its stop words, from each token's count.

    Counting the tokens first (in C, by Counter) leaves one look-up per stop word, not one
    per token.
    """
    get = tokens.get
    return {lang: sum([get(word, 0) for word in words]) for lang, words in _PROFILES.items()}


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when it cannot be told."""
    return _language_of(*_stopword_hits(text))


def detect_language_of_words(words: Counter[str]) -> str:
    """detect_language(text), given how often each word of text.lower() occurs.

    Any split into words will do where a word holds whole tokens (runs of letters) and no
    token spans two words, as analysis.word_count's words do: a caller that already counted
    them spares a second pass over the text. Words that are not all letters are re-split.
    """
    tokens = Counter(words)
    count = tokens.total()
    for word in [word for word in words if not word.isalpha()]:
        times = tokens.pop(word)
        pieces = _TOKEN.findall(word)
        count += times * (len(pieces) - 1)
        for piece in pieces:
            tokens[piece] += times
    return _language_of(_hits(tokens), count)


def _language_of(hits: dict[str, int], count: int) -> str:
    """The language whose stop words the tokens hold most, if they hold enough of them."""
    if not count:
        return UNDETERMINED
    best = max(hits, key=lambda lang: hits[lang])
    if hits[best] < min(MIN_STOPWORD_HITS, count):
        return UNDETERMINED
    if hits[best] / count < MIN_STOPWORD_SHARE:
        return UNDETERMINED
    return best
