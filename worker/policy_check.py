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

import math
import re
from collections.abc import Sequence

from worker.classify import CATEGORY_OF_LABEL
from worker.records import LabelledSegment

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

# _VOCABULARY, _VOICE and _SELF_REFERENCE are lower case and searched in the lower-cased
# text: several times faster than re.IGNORECASE on a long policy.
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
)
_VOICE = re.compile(
    r"\b(?:we|our company|the company) (?:may |will |also |do |might |automatically |"
    r"only |never |do not |don't )?(?:collect|use|share|process|disclose|store|retain|"
    r"receive|obtain|keep|sell|transfer|gather|record|delete)\b|\byour (?:personal )?"
    r"(?:data|information|rights|consent|choices|privacy)\b|\byou (?:can|may|have the right)"
    r"\b|\bwir (?:erheben|verarbeiten|speichern|nutzen)\b|\bnous (?:collectons|utilisons|"
    r"traitons|conservons)\b|\b(?:recopilamos|utilizamos|tratamos|raccogliamo|utilizziamo|"
    r"verzamelen|gebruiken|coletamos|utilizamos)\b",
)
_VOICE_THIRD_PERSON = re.compile(
    r"\b[A-Z][\w.&'-]+ (?:may |will |also |does not |do not |never |automatically )?"
    r"(?:collects?|uses|shares?|process(?:es)?|discloses?|stores?|retains?|receives?|"
    r"sells?|gathers?|records?)\b|\b(?:[Ii]nformation|[Dd]ata) (?:that )?(?:is |are |will be |"
    r"may be |we )?(?:collected|used|shared|disclosed|stored|retained|gathered)\b"
)
_SELF_REFERENCE = re.compile(
    r"\b(?:this|the following|the) (?:online )?(?:privacy|data protection|data privacy|"
    r"cookie)(?: (?:&|and) security)? (?:policy|notice|statement|practices)\b"
    r"(?! (?:page|link|at|for details))|"
    r"\bthis (?:policy|notice|statement)\b|\b(?:datenschutzerklärung|politique de "
    r"confidentialité|política de privacidad|informativa sulla privacy|privacyverklaring|"
    r"política de privacidade)\b",
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


def signals(text: str, labelled: Sequence[LabelledSegment]) -> dict[str, float]:
    """The five signals of policy_confidence, each in [0, 1]."""
    words = len(_WORD.findall(text))
    if words == 0:
        return {"vocabulary": 0.0, "voice": 0.0, "coverage": 0.0, "length": 0.0, "self": 0.0}
    lower = text.lower()
    vocabulary = len(_VOCABULARY.findall(lower)) * 100 / words
    voice = (len(_VOICE.findall(lower)) + len(_VOICE_THIRD_PERSON.findall(text))) * 100 / words
    opening = lower[:400]
    title = text.split("\n\n", 1)[0]
    titled = len(_WORD.findall(title)) <= 12 and bool(_TITLE.search(title))
    self_reference = 1.0 if titled or _SELF_REFERENCE.search(opening) else 0.0
    if not self_reference and len(_SELF_REFERENCE.findall(lower)) >= 2:
        self_reference = 0.5
    covered = {c for item in labelled for c in item.categories} & _CORE_CATEGORIES
    return {
        "vocabulary": min(1.0, vocabulary / 4.0),
        "voice": min(1.0, voice / 1.5),
        "coverage": min(1.0, len(covered) / 4),
        "self": self_reference,
        "length": min(1.0, math.log(words / MIN_WORDS) / math.log(FULL_WORDS / MIN_WORDS))
        if words > MIN_WORDS
        else 0.0,
    }


def policy_confidence(text: str, labelled: Sequence[LabelledSegment]) -> float:
    """Confidence in [0, 1] that text is a privacy policy (see the module docstring)."""
    features = signals(text, labelled)
    z = _WEIGHTS["bias"] + sum(_WEIGHTS[name] * value for name, value in features.items())
    return round(1 / (1 + math.exp(-z)), 4)
