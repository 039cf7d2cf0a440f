"""Evidence a reader accepts: a label or list item is quoted with its lead-in (or not at
all), the same sentence is never quoted twice, and the clearest sentence comes first."""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from worker.analysis.segment import split_sentences, table_column
from worker.analysis.text import WORD, ascii_runs
from worker.records import Evidence, Sentence

LABEL_PENALTY = 0.3
"""A label quoted with its lead-in ranks below a sentence that states the practice itself."""

ITEM_PENALTY = 0.05
"""A list item quoted with its lead-in ranks just below a sentence of its own."""

MAX_QUOTE_CHARS = 500
"""A label is quoted with its lead-in only when the two lie this close together."""

MAX_LIST_QUOTE_CHARS = 1000
"""A list item whose lead-in is further than MAX_QUOTE_CHARS is quoted with the list down to
it up to this length; further still, it is not quoted."""

MAX_LIST_LINES = 40
"""How many lines back a list item's lead-in is looked for."""

RESTATE_SHARE = 0.9
"""A passage holding this share of another's words, in order, restates it: not quoted twice."""

RESTATE_MIN_WORDS = 6
"""Passages shorter than this are compared word for word only."""

EXAMPLE_PENALTY = 0.02
"""A sentence that gives an example of a practice ("For example, we provide general
demographic information to advertisers") ranks below one that states it."""

_EXAMPLE = re.compile(r"^\W*(?:for (?:example|instance)|e\.g\.|as an example)\b", re.IGNORECASE)

POINTER_PENALTY = 0.25
"""A sentence that only points elsewhere ranks below one that states the practice."""

_CONTACT_INVITATION = re.compile(
    r"^\W*(?:if you (?:have|want|would like)|for) (?:any )?(?:more |further |additional )?"
    r"(?:questions?|information|concerns?|queries|inquiries)\b[^.]{0,150}?\b(?:contact|e-?mail|"
    r"write to|reach) (?:us|our)\b",
    re.IGNORECASE,
)
"""An invitation to ask about a practice ("If you have questions about ..., contact us")."""

_POINTER = re.compile(
    r"^\W*(?:for (?:more )?(?:information|details)|(?:to )?learn more|read|see|please (?:see|"
    r"read|refer|visit|review)|to find out|you can (?:find|check|consult|visit|read)|more "
    r"information)\b",
    re.IGNORECASE,
)
"""How pointers open: "Learn more about how OpenAI uses content ...", "For information on
how to exercise your rights ..., please see this notice"."""
_BULLET_ONLY = re.compile(r"[ \t]*(?:[-*+\u2022]|\d{1,2}[.)]|\([a-z0-9]{1,3}\))[ \t]+")
_ITEM_LINE = re.compile(r"[ \t]|[-*+\u2022][ \t]|\d{1,2}[.)][ \t]|\([a-z0-9]{1,3}\)[ \t]")
"""A line of a list: an item, or an item's indented continuation."""
_MARKUP = re.compile(r"[\[*_#`>|](?:(?<=\[)\]\(#[^)]*\)|(?<!\[)[*_#`>|]*)")
"""Markdown emphasis, quote and table marks, and empty anchor links ("[](#cookies)Cookies"):
the two branches of an empty link or a run of marks, behind the class of their first
characters, so that re jumps from one to the next instead of trying both everywhere."""
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
"""A Markdown link, read as its text: "[Compliance & cooperation with regulators](https://...)"
is a heading."""
_FINAL_STOP = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
_ALL_BOLD = re.compile(r"\s*(?:\*\*|__)[^*_]+(?:\*\*|__)\s*[.:;,]?\s*")
_STATEMENT = re.compile(
    r"\b(?:we|you|they|it|he|she|i|our|us|this|these|that|is|are|was|were|be|been|will|may|"
    r"can|might|must|should|would|could|do|does|did|has|have|had|includ\w*|collect\w*|"
    r"use[sd]?|shares?|sells?)\b",
    re.IGNORECASE,
)
"""Words that make a short line a statement ("This information includes log files.")
rather than a label ("Law enforcement agencies or government agencies.")."""
_SUBJECT = re.compile(r"\b(?:we|you|they|it|i)\b \w", re.IGNORECASE)
"""A subject and its verb: "We never sell your data" is a statement, list item or not."""
_WE_ACT = re.compile(r"\bwe\b", re.IGNORECASE)
"""A list item that names the company as its actor ("(e) any competent law enforcement body
... where we believe disclosure is necessary") reads on its own."""
_EXAMPLE_VALUE = re.compile(r"(?:(?:\S*\d\S*|\S*://\S*|[A-Z][\w.]*);? ){1,6}is the\b")
"""A sentence whose subject is a literal value: a number, a date, a URL, a product version."""
_DIGIT_OR_URL = re.compile(r"\d|://")
_HEADING_OPENER = re.compile(r"(?:when|how|why|what|where|information|data)\b", re.I)
"""How short headings and fragments open ("When we respond to legal requests")."""
_DATA_HEADING = re.compile(
    r"(?:(?:personal )?information|(?:personal )?data) (?:that )?(?:we|you) (?!(?:may|might|will|"
    r"can|do|does|is|are)\b)\w+(?: (?!(?:is|are|includ\w*|may)\b)\w+){0,4}\.?",
    re.IGNORECASE,
)
"""A section title naming a kind of data by who gives or gets it, as a sentence."""
_MINOR = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)
_NORMALISE = re.compile(r"[\W_]+")
_LEGAL_BASIS = re.compile(
    r"(?:our |the )?(?:consent|contract(?:ual necessity)?|performance of (?:a|the|our) contract|"
    r"legitimate interests?|(?:compliance with (?:a |an |our )?)?legal (?:obligations?|"
    r"requirements?)|vital interests?|public (?:interest|task))\b(?![ -]based)",
    re.IGNORECASE,
)
"""How a cell of a legal-basis column opens: the name of a basis of the GDPR's Article 6."""
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|will|may|might|must|can|could|should|would|do|does|did|has|have|"
    r"had|requires?|permits?|allows?)\b",
    re.IGNORECASE,
)
"""A verb that makes a line opening with a basis's name a statement ("Legal requirements may
require us to disclose ...")."""
_LEGAL_BASIS_COLUMN = re.compile(
    r"\b(?:legal|lawful)\s+(?:basis|bases|grounds?)\b|\bbasis (?:for|of) processing\b", re.I
)
"""The column of a purposes table that gives each purpose's legal basis ("Lawful basis for
processing"): its cells ("Legitimate interests", "Performance of a contract with you") say
why processing is lawful, not what is done."""
_ANAPHOR = re.compile(
    r"^\W*(?:this|these|that|those|such|it|they)\b(?: (?:information|data|details|records?))?"
    r" (?:\w+ )?(?:includes?|contains?|consists? of|comprises?|covers?|is|are)\b",
    re.IGNORECASE,
)
"""A sentence that says what "this information" is: it names no data of its own."""
ANAPHOR_WORDS = 8
"""An anaphoric sentence this short ("This information includes log files.") says nothing
without the sentence before it."""
LABEL_WORDS = 15
"""The most words is_label counts: a longer passage is a label only if title-cased."""
NAVIGATION_LINKS = 3
"""A line of at least this many links and next to no other words is a menu, never a quote."""


@functools.lru_cache(maxsize=1024)
def is_label(text: str) -> bool:
    """A heading, bold label or list item that names a kind of data or a recipient without
    saying who does what with it ("**Location information**", "IP address;"); remembered:
    quoting a sentence asks it of the sentence and of its neighbours again."""
    stripped = _LINK.sub(r"\1", text).strip()
    bare = _MARKUP.sub("", stripped).strip()
    found = WORD.finditer(bare)
    # the checks below measure up to LABEL_WORDS words: the rest are read only if needed
    words = [match.group() for match in itertools.islice(found, LABEL_WORDS + 1)]
    if not words:
        return True
    if _ALL_BOLD.fullmatch(stripped) and len(words) <= LABEL_WORDS:
        return True
    if ": " in bare.rstrip(":"):
        return False  # "E-mail address: privacy@example.com" gives the value too
    colon_heading = len(words) <= 14 and bare.endswith(":") and not _SUBJECT.search(bare)
    if colon_heading and not _STATEMENT.search(bare):
        return True  # "Third-party access and notifying registered users when ...:"
    if len(words) <= 14 and not _FINAL_STOP.search(bare) and _HEADING_OPENER.match(bare):
        return True  # "How personal information is used at each stage of training our models"
    if len(words) <= 8 and not _FINAL_STOP.search(bare):
        # "Other Information You Provide": a subject in a title is no statement
        return bare.endswith(":") or not _SUBJECT.search(bare) or _title_cased(words)
    if len(words) <= 6 and not _STATEMENT.search(bare):
        return True
    if len(words) <= 7 and _DATA_HEADING.fullmatch(bare):
        return True  # "Information we get from third parties."
    return _title_cased(itertools.chain(words, (match.group() for match in found)))


def _title_cased(words: Iterable[str]) -> bool:
    """Whether 2 to 8 of the words are content words (not minor, opening with a letter) and
    at least 80 % of those open with a capital ("Law Enforcement Agencies"). Two content words
    in lower case already rule it out (at most one of eight may be): reading stops there."""
    content = capitalised = 0
    for word in words:
        if word.lower() in _MINOR or not word[0].isalpha():
            continue
        content += 1
        capitalised += word[0].isupper()
        if content > 8 or content - capitalised >= 2:
            return False
    return content >= 2 and capitalised / content >= 0.8


def is_navigation(text: str) -> bool:
    """A menu or table of contents: a run of links with next to no words of its own."""
    links = _LINK.findall(text)
    return len(links) >= NAVIGATION_LINKS and len(WORD.findall(_LINK.sub(" ", text))) <= 3


def example_penalty(text: str) -> float:
    """EXAMPLE_PENALTY for a sentence that gives an example, else 0."""
    return EXAMPLE_PENALTY if _EXAMPLE.match(text) else 0.0


def invites_contact(text: str) -> bool:
    """Whether the sentence only invites questions ("If you have questions about our
    international data transfers and the standard contractual clauses, you can contact us"):
    it points to a contact for a practice, it does not state the practice (it may state the
    contact: privacy_contact reads it as such)."""
    return _CONTACT_INVITATION.match(text) is not None


def is_pointer(text: str) -> bool:
    """Whether the sentence only points elsewhere ("Learn more about ...")."""
    return _POINTER.match(text) is not None


def pointer_penalty(text: str) -> float:
    """POINTER_PENALTY for a sentence that points elsewhere, else 0."""
    return POINTER_PENALTY if is_pointer(text) else 0.0


def quote_penalty(sentence: Sentence, quoted: Sentence) -> float:
    """How much lower quoted (what quotable gave for sentence) ranks than a plain sentence: a
    label or list item with its lead-in, a row of a table (its cells run together)."""
    table = LABEL_PENALTY if quoted.text.count("|") >= 3 or "<br>" in quoted.text else 0.0
    if quoted is sentence:
        return table
    return table + (LABEL_PENALTY if is_label(sentence.text) else ITEM_PENALTY)


def quotable(text: str, sentences: Sequence[Sentence], index: int) -> Sentence | None:
    """What to quote for sentences[index]: itself when it is a statement; a label with its
    lead-in ("We collect: ... IP address;"), a lead-in with its first item ("To delete your
    information, you can: ..."), a bold title with the sentence it heads; else None."""
    sentence = sentences[index]
    if (
        is_navigation(sentence.text)
        or _in_legal_basis_column(text, sentence.start)
        or explains_example_value(sentence.text)
        or names_legal_basis(sentence.text)
    ):
        return None
    if not is_label(sentence.text):
        if _fragment_item(text, sentence):  # "- pages viewed before or after ...;"
            quoted = _with_lead_in(text, sentences, index)
            if quoted is not None:
                return quoted
            above = _lead_in_above(text, sentence.start) or _list_lead_in_sentence(text, sentence)
            if above is None:
                return sentence
            # the whole list down to the item; alone only when it says itself who acts
            spanned = _span(text, above, sentence, MAX_LIST_QUOTE_CHARS)
            return spanned or (sentence if _WE_ACT.search(sentence.text) else None)
        if is_anaphoric_fragment(sentence.text):
            return _span(text, sentences[index - 1], sentence) if index > 0 else None
        return sentence
    if sentence.text.rstrip().endswith(":"):
        return _span(text, sentence, _next(sentences, index))
    quoted = _with_lead_in(text, sentences, index)
    if quoted is not None:
        return quoted
    following = _next(sentences, index)
    if following is not None and not is_label(following.text):
        return _span(text, sentence, following)
    return None


def is_anaphoric_fragment(text: str) -> bool:
    """A short sentence that only says what the data of the sentence before is ("This
    information includes log files."): whose data and who collects it are in that sentence, so
    it is quoted with it or not at all (issue 11, the reader's rule on fragments)."""
    return _ANAPHOR.match(text) is not None and len(WORD.findall(text)) <= ANAPHOR_WORDS


def explains_example_value(sentence: str) -> bool:
    """Whether the sentence explains one value of an example ("123.45.67.89 is the Internet
    Protocol address assigned to the user", under "A typical log entry looks like this:"):
    it describes what a record holds, not what the company does."""
    match = _EXAMPLE_VALUE.match(sentence)
    return match is not None and _DIGIT_OR_URL.search(sentence, 0, match.end() - 6) is not None


def names_legal_basis(sentence: str) -> bool:
    """Whether the sentence only names a legal basis for processing ("Consent (for example for
    precise device location)", "Our legal obligation to reply to your requests."), as the cells
    of a purposes table's legal-basis column read once the table is split into cells: a basis
    for processing the data, not a statement that the company does it."""
    return _LEGAL_BASIS.match(sentence) is not None and _FINITE_VERB.search(sentence) is None


def _in_legal_basis_column(text: str, start: int) -> bool:
    """Whether text[start] lies in a table cell under a legal-basis column."""
    column = table_column(text, start)
    return column is not None and _LEGAL_BASIS_COLUMN.search(column) is not None


def is_list_item(text: str, start: int) -> bool:
    """Whether a bulleted or numbered list item opens at start."""
    line_start = text.rfind("\n", 0, start) + 1
    return start > line_start and _BULLET_ONLY.fullmatch(text, line_start, start) is not None


def parallel_items(text: str, earlier: Sentence, sentence: Sentence) -> bool:
    """Whether sentence is an item of a list after earlier, an item with no subject of its own
    ("- The potential risk of harm from unauthorized use or disclosure;"): parallel items, the
    earlier no lead-in of the later (an item "We use analytics providers ..." may be one)."""
    return (
        is_list_item(text, sentence.start)
        and is_list_item(text, earlier.start)
        and not _SUBJECT.match(earlier.text)
    )


def list_lead_in(text: str, start: int) -> str | None:
    """The line that leads into the list whose item opens at start ("For example, you can:"),
    walking back over the list's earlier items; None when start opens no list item."""
    found = _list_lead_in_line(text, start)
    return None if found is None else found[1]


def lead_in_span(text: str, start: int) -> tuple[int, int] | None:
    """Where the lead-in line of the list whose item opens at start lies, if any."""
    found = _list_lead_in_line(text, start)
    return None if found is None else (found[0], found[0] + len(found[1]))


def _list_lead_in_sentence(text: str, sentence: Sentence) -> Sentence | None:
    """The last sentence of the line that leads into the bulleted list holding sentence, when
    it ends in ":" (a lead-in the segmenter made the segment's heading: "Information about
    your network and connection includes:" over "- Wi-Fi hotspots you connect to")."""
    found = _list_lead_in_line(text, sentence.start)
    if found is None or not found[1].rstrip().endswith(":"):
        return None
    sentences = split_sentences(found[1], found[0])
    return sentences[-1] if sentences else None


def _list_lead_in_line(text: str, start: int) -> tuple[int, str] | None:
    """Where the lead-in line of list_lead_in starts, and the line."""
    line_start = text.rfind("\n", 0, start) + 1
    if start == line_start or not _BULLET_ONLY.fullmatch(text, line_start, start):
        return None
    depth = _depth(text[line_start:start])
    for _ in range(MAX_LIST_LINES):
        if line_start == 0:
            return None
        previous = text.rfind("\n", 0, line_start - 1) + 1
        line = text[previous : line_start - 1]
        if line.strip() and not _ITEM_LINE.match(line):
            return previous, line
        if line.strip() and _depth(line) <= depth and not _ITEM_LINE.match(line.lstrip(" \t")):
            # the indented paragraph of an outer item that leads into a nested list
            return previous, line
        line_start = previous
    return None


def _depth(line: str) -> int:
    """How far a line is indented."""
    return len(line) - len(line.lstrip(" \t"))


def _fragment_item(text: str, sentence: Sentence) -> bool:
    """A list item that is no sentence of its own: it opens in lower case or ends without a
    full stop, after a bullet; or, without a bullet, a line that ends without a full stop
    under a line that runs on into it (ends in ":", "," or ";"), as HTML list items read."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    if line_start == sentence.start and line_start > 0:
        above = text[: line_start - 1].rstrip()
        return above.endswith((":", ",", ";")) and not _FINAL_STOP.search(sentence.text.rstrip())
    if not _BULLET_ONLY.fullmatch(text, line_start, sentence.start):
        return False
    if _SUBJECT.match(sentence.text):  # "- We use encryption to keep your data private"
        return False
    return sentence.text[:1].islower() or not _FINAL_STOP.search(sentence.text.rstrip())


def _lead_in_above(text: str, start: int) -> Sentence | None:
    """The sentence ending in ":" that leads into the unbulleted list whose item opens the line
    at start, walking back over the items above it (lines ending in "," or ";")."""
    line_start = start
    for _ in range(MAX_LIST_LINES):
        line_end = len(text[:line_start].rstrip())
        if line_end == 0:
            return None
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end]
        if line.endswith(":"):
            sentences = split_sentences(line, line_start)
            return sentences[-1] if sentences else None
        if not line.endswith((",", ";")):
            return None
    return None


def _with_lead_in(text: str, sentences: Sequence[Sentence], index: int) -> Sentence | None:
    """sentences[index] quoted from the lead-in (a sentence ending in ":") above it, when
    close enough; a bare lead-in ("This information may include:") with the one before it."""
    sentence = sentences[index]
    for at in range(index - 1, max(-1, index - 13), -1):
        earlier = sentences[at]
        if sentence.end - earlier.start > MAX_QUOTE_CHARS:
            break
        if earlier.text.rstrip().endswith(":"):
            if is_label(earlier.text) and at > 0:  # "This information may include:"
                return _span(text, sentences[at - 1], sentence) or _span(text, earlier, sentence)
            return _span(text, earlier, sentence)
    return None


def _next(sentences: Sequence[Sentence], index: int) -> Sentence | None:
    """The sentence after index in the segment, if any."""
    return sentences[index + 1] if index + 1 < len(sentences) else None


def _span(
    text: str, first: Sentence, last: Sentence | None, limit: int = MAX_QUOTE_CHARS
) -> Sentence | None:
    """The exact text from first to last, when short enough (limit) to read as one quote and
    within one table cell."""
    if last is None or last.end - first.start > limit:
        return None
    if "|" in text[first.end : last.start] and table_column(text, first.start) is not None:
        return None  # never across table cells: "**Sources of personal data** | * Provided ..."
    return Sentence(text[first.start : last.end], first.start, last.end)


def pick(found: Sequence[tuple[float, Sentence]], limit: int) -> tuple[Evidence, ...]:
    """The strongest sentences first (earlier first among equals), at most limit, never the
    same passage twice: no overlapping spans, no repeat of the same words elsewhere (nor of
    nearly the same: "GitHub may also collect ..." after "GitHub may collect ...")."""
    chosen: list[Evidence] = []
    seen: list[list[str]] = []
    for _, sentence in sorted(found, key=lambda pair: (-pair[0], pair[1].start)):
        if any(e.start < sentence.end and sentence.start < e.end for e in chosen):
            continue
        words = _passage_words(sentence.text)
        if any(_restates(words, earlier) for earlier in seen):
            continue
        seen.append(words)
        chosen.append(Evidence(sentence.text, sentence.start, sentence.end))
        if len(chosen) == limit:
            break
    return tuple(chosen)


def _passage_words(text: str) -> list[str]:
    """The lower-cased words of a passage between runs of _NORMALISE (punctuation, "_"); for
    ASCII text one translate, several times faster than the regex substitution."""
    if text.isascii():
        return ascii_runs(text, lower=True)
    return _NORMALISE.sub(" ", text).lower().split()


def _restates(words: list[str], earlier: list[str]) -> bool:
    """Whether one passage repeats the other: the same words, or all but a few of the shorter
    one's words in the same order in the longer."""
    if words == earlier:
        return True
    shorter = min(len(words), len(earlier))
    if shorter < RESTATE_MIN_WORDS:
        return False
    # The words matched in order are at most those the two share (counted with repeats):
    # when even these fall short, the slow in-order comparison cannot find more.
    if _shared_words(words, earlier) < RESTATE_SHARE * shorter:
        return False
    matcher = difflib.SequenceMatcher(None, words, earlier, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return common >= RESTATE_SHARE * shorter


def _shared_words(words: list[str], other: list[str]) -> int:
    """How many words the two lists share, a word counted as often as both hold it."""
    return (Counter(words) & Counter(other)).total()
