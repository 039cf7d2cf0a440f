"""The company's own names, read off its policy: "Reddit ("Reddit", "we" or "us")", "the
data controller ... is Anthropic Ireland, Limited", "services offered by Google LLC". With
them, "Google collects ..." in Google's policy is the company's own act, and "Google
Analytics" there is its own product, not a third party's analytics it lets in."""

from __future__ import annotations

import functools
import re

_NAME = r"[A-Z][\w&.'-]*(?: [A-Z][\w&'-]*){0,2}"
"""A name as a policy writes it: up to three capitalised words ("Mistral AI", "GitHub")."""
_MARK = r"[*_]*[\"\u201c\u201d'\u2018\u2019]?[*_]*"
"""Quotes and bold marks around a defined term (\u201c**We**\u201d)."""
_WE = rf"{_MARK}(?:we|us|our){_MARK}"

_QUOTE = "[\"\u201c\u201d'\u2018\u2019]"
_TERM = rf"[*_]*{_QUOTE}[*_]*[\w .&'-]{{1,40}}?,?[*_]*{_QUOTE}[*_]*"
"""A quoted defined term: \u201c**Mistral AI**\u201d, \u201cReddit,\u201c."""
_DEFINES_WE = re.compile(
    rf"\((?:(?:collectively|hereinafter|together|referred to as|also),? ){{0,2}}"
    rf"({_TERM}(?:\s*(?:,|or|and|/)?\s*{_TERM}){{0,4}})\s*\)"
)
"""A parenthesis of quoted terms only ("GitHub Inc. ("GitHub", "we")", "... Paris ("We",
"Us" or "Mistral AI")"): when one of them is "we", the others name the company."""
_OWN = (
    # "We refer to both companies as "Google" below."
    (
        re.compile("refer to "),
        re.compile(rf"\b(?i:we) refer to [^.]{{0,80}}? as {_MARK}({_NAME}){_MARK}"),
    ),
    # "This Privacy Policy applies to all of the services offered by Google LLC"
    (
        re.compile(" applies to "),
        re.compile(
            rf"\b(?:policy|notice|statement) applies to (?:all )?(?:of )?the (?:services|products)"
            rf"[^.]{{0,40}}? (?:offered|provided|operated) by ({_NAME})"
        ),
    ),
    # "the data controller responsible for your personal data is Anthropic Ireland, Limited"
    (
        re.compile("data controller "),
        re.compile(rf"\bdata controller (?:[a-z]+ ){{0,6}}?is ({_NAME})"),
    ),
    # "At Airbnb, we ..."
    (
        re.compile(rf"At {_NAME}, we\b"),
        re.compile(rf"(?:^|\. )At ({_NAME}), we\b", re.MULTILINE),
    ),
)
"""Each pattern that names the company (group 1), after a looser one that every text it matches
in also matches: a literal, or a pattern opening with one, which re finds far faster than the
first, whose opening (a word boundary, a line start) it cannot jump to."""
_QUOTED_TERM = re.compile(rf"{_QUOTE}[*_]*([\w .&'-]+?),?[*_]*{_QUOTE}")
_WHOLE_NAME = re.compile(_NAME)
_WE_WORD = re.compile(r"(?i:we|us|our)")
_NAME_BEFORE = re.compile(rf"({_NAME}),? $")
"""The legal name a parenthesis defines, written just before it ("GitHub Inc. (...)")."""
_LEGAL_SUFFIX = re.compile(
    r"[ ,]+(?:Inc|LLC|L\.L\.C|Ltd|Limited|PBC|Corp|Corporation|GmbH|S\.A\.S|SAS|S\.A|B\.V|AB|"
    r"plc|Pte|Co)\b\.?$"
)
FIRST_WORD_ALONE = 3
"""A name's first word names the company too when the policy writes it alone this often."""
_NOT_NAMES = frozenset(
    [
        *("We", "Us", "Our", "The", "This", "These", "You", "Your", "Services", "Service"),
        *("Company", "Site", "Sites", "Website", "Websites", "Web", "Internet"),
    ]
)


@functools.lru_cache(maxsize=64)
def own_names(text: str) -> frozenset[str]:
    """The names the policy gives its company: each as written ("Mistral AI") and its first
    word ("Mistral"), without a legal suffix ("Google LLC" is "Google")."""
    found: list[str] = []
    for match in _DEFINES_WE.finditer(text):
        quoted = [m.group(1) for m in _QUOTED_TERM.finditer(match.group(1))]
        if not any(_WE_WORD.fullmatch(term) for term in quoted):
            continue
        found += [
            term for term in quoted if _WHOLE_NAME.fullmatch(term) and not _WE_WORD.fullmatch(term)
        ]
        before = _NAME_BEFORE.search(text, max(0, match.start() - 60), match.start())
        if before is not None and _LEGAL_SUFFIX.search(before.group(1)):
            found.append(before.group(1))
    for needs, own in _OWN:
        if needs.search(text):
            found += [match.group(1) for match in own.finditer(text)]
    names: set[str] = set()
    for name in found:
        bare = _LEGAL_SUFFIX.sub("", name.strip(" .,")).strip(" .,")
        if len(bare) < 3 or bare in _NOT_NAMES:
            continue
        names.add(bare)
        first, _, rest = bare.partition(" ")
        alone = re.findall(rf"\b{re.escape(first)}\b(?! {re.escape(rest)})", text) if rest else []
        if len(first) >= 3 and first not in _NOT_NAMES and len(alone) >= FIRST_WORD_ALONE:
            names.add(first)  # "Anthropic" for "Anthropic Ireland, Limited"
    return frozenset(names)


def names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """A pattern that finds any of the names as a word, None when there are none."""
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")
