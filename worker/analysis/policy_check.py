"""How confident we are that a text is a privacy policy at all.

A shop's home page, a cookie banner, a login page or a news article about privacy are not.
Five signals, each saturating in [0, 1], combined by a logistic function:
- vocabulary: privacy terms per 100 words (personal data, third parties, cookies, ...);
- voice: the first-person statements of a policy ("we collect", "your information");
- coverage: how many OPP-115 categories the classifier finds (collection, sharing, ...);
- length: policies run to hundreds of words, banners and login pages to a few dozen;
- self-reference: the text calls itself a privacy policy ("This Privacy Policy explains"),
  in its opening or repeatedly, rather than linking to one ("our Privacy Policy").
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

from worker.analysis.labels import CATEGORY_OF_LABEL
from worker.analysis.text import WORD
from worker.records import LabelledSegment

_JOINS = (re.compile(r"\.(?<=[^\W_].)(?=[^\W_])"), re.compile(r"-(?<=[^\W_].)(?=[^\W_])"))
"""A "." and a "-" between two letters or digits: analysis.word_count's words join there,
ours do not (so ours = its count + these joins). One pattern per character: re finds a
literal first character far faster than one of a class."""


def _word_start_alternation(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    r"""One pattern matching any of the alternatives at a word start, in a text that starts
    with a space (so the first word has a non-word character before it too).

    As many matches as \b(?:alternative|...), each with the character before it: every
    alternative ends a word, so consuming that character never hides the next match. The
    leading \W lets re jump between non-word characters instead of trying every position,
    and grouping by first letter leaves each word start a handful of branches to try, not
    all of them. Every alternative starts with a letter; within a letter they keep their
    order, so the same one wins.
    """
    by_letter: dict[str, list[str]] = {}
    for alternative in alternatives:
        by_letter.setdefault(alternative[0], []).append(alternative[1:])
    branches = "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in by_letter.items())
    return re.compile(rf"\W(?:{branches})")


# _VOCABULARY, _VOICE and _SELF_REFERENCE are lower case and searched in the lower-cased
# text: several times faster than re.IGNORECASE on a long policy.
_VOCABULARY = _word_start_alternation(
    tuple(
        rf"{term}\b"
        for term in (
            "personal (?:data|information)",
            "personally identifiable",
            "privacy",
            "data protection",
            "third[- ]part(?:y|ies)",
            r"cookies?",
            r"collect\w*",
            r"disclos\w+",
            r"retain\w*",
            "retention",
            "consent",
            "opt[- ]?out",
            "gdpr",
            "ccpa",
            "controller",
            "processor",
            "process(?:ing)? (?:of )?(?:your|personal)",
            "ip address(?:es)?",
            "identifiers?",
            "analytics",
            r"advertis\w+",
            "access, correct",
            "delete your",
            "erasure",
            "rectification",
            "portability",
            "lawful basis",
            "legitimate interests?",
            "children under",
            "do not track",
            "safeguards?",
            r"encrypt\w*",
            "service providers?",
            # German, French, Spanish, Italian, Dutch, Portuguese policy vocabulary
            r"datenschutz\w*",
            r"personenbezogen\w*",
            "einwilligung",
            "verarbeitung",
            "données personnelles",
            "données à caractère personnel",
            "confidentialité",
            "traitement",
            "datos personales",
            "privacidad",
            "tratamiento",
            "dati personali",
            "trattamento",
            "persoonsgegevens",
            "verwerking",
            "dados pessoais",
            "privacidade",
            "tratamento",
        )
    )
)
_FIRST_PERSON_ACTS = (
    "(?:may |will |also |do |might |automatically |only |never |do not |don't )?"
    r"(?:collect|use|share|process|disclose|store|retain|receive|obtain|keep|sell|transfer|"
    r"gather|record|delete)\b"
)
_VOICE = _word_start_alternation(
    (
        f"we {_FIRST_PERSON_ACTS}",
        f"our company {_FIRST_PERSON_ACTS}",
        f"the company {_FIRST_PERSON_ACTS}",
        r"your (?:personal )?(?:data|information|rights|consent|choices|privacy)\b",
        r"you (?:can|may|have the right)\b",
        r"wir (?:erheben|verarbeiten|speichern|nutzen)\b",
        r"nous (?:collectons|utilisons|traitons|conservons)\b",
        *(
            rf"{verb}\b"
            for verb in (
                "recopilamos",
                "utilizamos",
                "tratamos",
                "raccogliamo",
                "utilizziamo",
                "verzamelen",
                "gebruiken",
                "coletamos",
            )
        ),
    )
)
_PASSIVE_ACTS = (
    "(?:that )?(?:is |are |will be |may be |we )?"
    r"(?:collected|used|shared|disclosed|stored|retained|gathered)\b"
)
# Searched in the text as written (capitals matter). It starts with one character class, so
# re jumps from capital to capital (and "i", "d"); (?<!\w.) is the \b before that letter.
_VOICE_THIRD_PERSON = re.compile(
    r"[A-Zid](?<!\w.)(?:(?<=[A-Z])[\w.&'-]+ "
    "(?:may |will |also |does not |do not |never |automatically )?"
    r"(?:collects?|uses|shares?|process(?:es)?|discloses?|stores?|retains?|receives?|"
    r"sells?|gathers?|records?)\b"
    f"|(?<=[Ii])nformation {_PASSIVE_ACTS}|(?<=[Dd])ata {_PASSIVE_ACTS})"
)
_POLICY_NAME = (
    "(?:online )?(?:privacy|data protection|data privacy|cookie)(?: (?:&|and) security)? "
    r"(?:policy|notice|statement|practices)\b(?! (?:page|link|at|for details))"
)
_SELF_REFERENCE = _word_start_alternation(
    (
        f"this {_POLICY_NAME}",
        f"the following {_POLICY_NAME}",
        f"the {_POLICY_NAME}",
        r"this (?:policy|notice|statement)\b",
        *(
            rf"{name}\b"
            for name in (
                "datenschutzerklärung",
                "politique de confidentialité",
                "política de privacidad",
                "informativa sulla privacy",
                "privacyverklaring",
                "política de privacidade",
            )
        ),
    )
)
_TITLE = re.compile(
    r"\b(?:privacy|data protection|data privacy|cookie)\b.{0,20}\b(?:policy|notice|statement|"
    r"charter|practices)\b|datenschutzerklärung|datenschutzhinweise|politique de "
    r"confidentialité|política de privacidad|informativa (?:sulla )?privacy|privacyverklaring|"
    r"política de privacidade",
    re.IGNORECASE,
)
_CORE_CATEGORIES = frozenset(CATEGORY_OF_LABEL.values()) - {"other"}
"""The API categories that are policy practices (all but "other")."""
_WEIGHTS = {
    "bias": -9.0,
    "vocabulary": 2.5,
    "voice": 3.0,
    "coverage": 2.0,
    "length": 4.0,
    "self": 2.5,
}
MIN_WORDS = 80
"""Texts this short get no length credit; FULL_WORDS and longer get full credit."""
FULL_WORDS = 600


def signals(
    text: str, labelled: Sequence[LabelledSegment], *, dotted_words: int | None = None
) -> dict[str, float]:
    """The five signals of policy_confidence, each in [0, 1].

    dotted_words is analysis.word_count(text) when the caller has it: the word count here
    then needs only the joins it does not split at, not another pass over every word.
    """
    words = _word_count(text, dotted_words)
    if words == 0:
        return {"vocabulary": 0.0, "voice": 0.0, "coverage": 0.0, "length": 0.0, "self": 0.0}
    lower = f" {text.lower()}"  # the space: see _word_start_alternation
    vocabulary = _count_to_saturation(_VOCABULARY, lower, words, _VOCABULARY_FULL)
    voice = _count_to_saturation(_VOICE, lower, words, _VOICE_FULL)
    voice = _count_to_saturation(_VOICE_THIRD_PERSON, text, words, _VOICE_FULL, voice)
    title_end = text.find("\n\n")
    title = text if title_end < 0 else text[:title_end]
    titled = _matches_up_to(WORD, title, 13) <= 12 and bool(_TITLE.search(title))
    self_reference = 1.0 if titled or _SELF_REFERENCE.search(lower[:401]) else 0.0
    if not self_reference and _matches_up_to(_SELF_REFERENCE, lower, 2) >= 2:
        self_reference = 0.5
    covered = {c for item in labelled for c in item.categories} & _CORE_CATEGORIES
    return {
        "vocabulary": _saturated(vocabulary, words, _VOCABULARY_FULL),
        "voice": _saturated(voice, words, _VOICE_FULL),
        "coverage": min(1.0, len(covered) / 4),
        "self": self_reference,
        "length": min(1.0, math.log(words / MIN_WORDS) / math.log(FULL_WORDS / MIN_WORDS))
        if words > MIN_WORDS
        else 0.0,
    }


_VOCABULARY_FULL = 4.0
"""Privacy terms per 100 words at which the vocabulary signal is full."""
_VOICE_FULL = 1.5
"""Policy-voice statements per 100 words at which the voice signal is full."""


def _word_count(text: str, dotted_words: int | None) -> int:
    """Words as WORD counts them, from analysis.word_count's count when given."""
    if dotted_words is None:
        return len(WORD.findall(text))
    return dotted_words + sum(len(join.findall(text)) for join in _JOINS)


def _saturated(count: int, words: int, full: float) -> float:
    """A signal from its matches: their number per 100 words over full, at most 1."""
    return min(1.0, count * 100 / words / full)


def _count_to_saturation(
    pattern: re.Pattern[str], text: str, words: int, full: float, count: int = 0
) -> int:
    """count plus the matches of pattern in text, no further than the signal is full.

    Most policies fill the vocabulary signal early on: the rest of the text changes nothing.
    """
    enough = _full_count(words, full)
    if count >= enough:
        return count
    return count + _matches_up_to(pattern, text, enough - count)


def _full_count(words: int, full: float) -> int:
    """The fewest matches that fill a signal (_saturated is 1.0 from there on)."""
    count = max(0, math.ceil(words * full / 100))
    while count > 0 and _saturated(count - 1, words, full) >= 1.0:
        count -= 1
    while _saturated(count, words, full) < 1.0:
        count += 1
    return count


def _matches_up_to(pattern: re.Pattern[str], text: str, limit: int) -> int:
    """The number of matches of pattern in text, counted no further than limit."""
    return len(list(itertools.islice(pattern.finditer(text), limit)))


def policy_confidence(
    text: str, labelled: Sequence[LabelledSegment], *, dotted_words: int | None = None
) -> float:
    """Confidence in [0, 1] that text is a privacy policy (see the module docstring).

    dotted_words: analysis.word_count(text), when the caller has it (see signals).
    """
    features = signals(text, labelled, dotted_words=dotted_words)
    z = _WEIGHTS["bias"] + sum(_WEIGHTS[name] * value for name, value in features.items())
    return round(1 / (1 + math.exp(-z)), 4)
