"""How confident we are that a text is a privacy policy at all.

A shop's home page, a cookie banner, a login page or a news article about privacy are not.
Four signals, each saturating in [0, 1], combined by a logistic function:
- vocabulary: privacy terms per 100 words (personal data, third parties, cookies, ...);
- voice: the first-person statements of a policy ("we collect", "your information");
- coverage: how many OPP-115 categories the classifier finds (collection, sharing, ...);
- length: policies run to hundreds of words, banners and login pages to a few dozen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from worker.records import LabelledSegment

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

_VOCABULARY = re.compile(
    r"\b(?:personal (?:data|information)|personally identifiable|privacy|data protection|"
    r"third[- ]part(?:y|ies)|cookies?|collect\w*|disclos\w+|retain\w*|retention|consent|"
    r"opt[- ]?out|gdpr|ccpa|controller|processor|process(?:ing)? (?:of )?(?:your|personal)|"
    r"ip address(?:es)?|identifiers?|analytics|advertis\w+|access, correct|delete your|"
    r"erasure|rectification|portability|lawful basis|legitimate interests?|children under|"
    r"do not track|safeguards?|encrypt\w*|service providers?|"
    # German, French, Spanish, Italian, Dutch, Portuguese policy vocabulary
    r"datenschutz\w*|personenbezogen\w*|einwilligung|verarbeitung|données personnelles|"
    r"données à caractère personnel|confidentialité|traitement|datos personales|privacidad|"
    r"tratamiento|dati personali|trattamento|persoonsgegevens|verwerking|dados pessoais|"
    r"privacidade|tratamento)\b",
    re.IGNORECASE,
)
_VOICE = re.compile(
    r"\b(?:we|our company|the company) (?:may |will |also |do |might |automatically |"
    r"only |never |do not |don't )?(?:collect|use|share|process|disclose|store|retain|"
    r"receive|obtain|keep|sell|transfer|gather|record|delete)\b|\byour (?:personal )?"
    r"(?:data|information|rights|consent|choices|privacy)\b|\byou (?:can|may|have the right)"
    r"\b|\bwir (?:erheben|verarbeiten|speichern|nutzen)\b|\bnous (?:collectons|utilisons|"
    r"traitons|conservons)\b|\b(?:recopilamos|utilizamos|tratamos|raccogliamo|utilizziamo|"
    r"verzamelen|gebruiken|coletamos|utilizamos)\b",
    re.IGNORECASE,
)
_CORE_CATEGORIES = frozenset(
    {
        "first_party_collection",
        "third_party_sharing",
        "user_choice",
        "user_access",
        "data_retention",
        "data_security",
        "policy_change",
        "do_not_track",
        "specific_audiences",
    }
)
_WEIGHTS = {"bias": -8.0, "vocabulary": 2.5, "voice": 4.0, "coverage": 2.0, "length": 4.0}
MIN_WORDS = 50
"""Texts this short get no length credit; FULL_WORDS and longer get full credit."""
FULL_WORDS = 800


def signals(text: str, labelled: Sequence[LabelledSegment]) -> dict[str, float]:
    """The four signals of policy_confidence, each in [0, 1]."""
    words = len(_WORD.findall(text))
    if words == 0:
        return {"vocabulary": 0.0, "voice": 0.0, "coverage": 0.0, "length": 0.0}
    vocabulary = len(_VOCABULARY.findall(text)) * 100 / words
    voice = len(_VOICE.findall(text)) * 100 / words
    covered = {c for item in labelled for c in item.categories} & _CORE_CATEGORIES
    return {
        "vocabulary": min(1.0, vocabulary / 4.0),
        "voice": min(1.0, voice / 1.5),
        "coverage": min(1.0, len(covered) / 4),
        "length": min(1.0, math.log(words / MIN_WORDS) / math.log(FULL_WORDS / MIN_WORDS))
        if words > MIN_WORDS
        else 0.0,
    }


def policy_confidence(text: str, labelled: Sequence[LabelledSegment]) -> float:
    """Confidence in [0, 1] that text is a privacy policy (see the module docstring)."""
    features = signals(text, labelled)
    z = _WEIGHTS["bias"] + sum(_WEIGHTS[name] * value for name, value in features.items())
    return round(1 / (1 + math.exp(-z)), 4)
