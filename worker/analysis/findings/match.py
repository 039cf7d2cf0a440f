"""The sentence matcher: reads each sentence of a labelled policy as the rules do (URLs
blanked, negations masked, heading and lead-in as context), tries the rules the prefilter
leaves, ranks evidence and reconciles findings that exclude each other."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from worker.analysis.findings.company import names_pattern, own_names
from worker.analysis.findings.evidence import (
    ITEM_PENALTY,
    POINTER_PENALTY,
    example_penalty,
    invites_contact,
    is_label,
    is_pointer,
    lead_in_span,
    list_lead_in,
    parallel_items,
    pick,
    pointer_penalty,
    quotable,
    quote_penalty,
)
from worker.analysis.findings.prefilter import (
    DIGIT,
    DIGITS,
    FOLD,
    LOOKUPS,
    candidate_rules,
    trigger_bits,
)
from worker.analysis.findings.rules import (
    BREAK_MARK,
    BREAK_WORDS,
    CHANGE_POLICY,
    CLAUSE_BREAK,
    DATA_WORD,
    EXCEPTION,
    FINDINGS,
    FIRST_PERSON,
    GATE_MIN_SCORE,
    GENERIC_DEFINITION,
    GLOSSARY_ENTRY,
    INDEMNITY,
    MAX_EVIDENCE,
    NEGATION_MASKS,
    NEGATION_WINDOW_WORDS,
    NEGATOR,
    NON_SPACE,
    ONE_GROUP,
    OTHER_ACTOR,
    OTHER_PARTY_LEAD_IN,
    OTHER_SUBJECT,
    OTHERS_DISCLOSE,
    OTHERS_PRACTICES,
    OTHERS_RECEIVE,
    POST_NEGATOR,
    QUOTED,
    RUN_IN_HEADING,
    SECURITY_MEANS,
    TABLE_OF_CONTENTS,
    TECHNOLOGY_DEFINITION,
    THAT_DATA,
    TITLE_WORD,
    UNSPECIFIED,
    URL,
    USER_CHOICE_LEAD_IN,
    USER_CONTROL,
    USER_SUBJECT,
    VAGUE_SECURITY,
    FindingSpec,
    Rule,
    rx,
)
from worker.analysis.labels import CATEGORY_OF_LABEL
from worker.analysis.segment import split_sentences
from worker.records import Evidence, Finding, LabelledSegment, Sentence, Verdict

# --- matching ----------------------------------------------------------------------------


def _blank_url(match: re.Match[str]) -> str:
    """A URL blanked out (a Markdown link keeps its text), so "https" is not a finding."""
    if match.group(1) is not None:
        return f"[{match.group(1)}]" + " " * (len(match.group()) - len(match.group(1)) - 2)
    return " " * len(match.group())


def _mask(sentence: str, masks: list[re.Match[str]]) -> str:
    """The sentence with phrases that only look negated (masks: the matches of
    NEGATION_MASKS in it) blanked out, same length."""
    parts, end = [], 0
    for mask in masks:
        parts += [sentence[end : mask.start()], NON_SPACE.sub("_", mask.group())]
        end = mask.end()
    return "".join(parts) + sentence[end:] if parts else sentence


@functools.lru_cache(maxsize=4096)
def _is_negated(masked: str, start: int, end: int, window: int = NEGATION_WINDOW_WORDS) -> bool:
    """Whether the act at [start, end) is negated within its clause (remembered: rules that
    share an act ask it of the same occurrence)."""
    words = masked[clause_start(masked, start) : start].split()[-window:]
    if NEGATOR.search(" ".join(words)):
        return True
    return bool(POST_NEGATOR.match(masked[end : end + 30]))


@functools.lru_cache(maxsize=4096)
def clause_start(masked: str, end: int) -> int:
    """Where the clause that runs to end starts: after the last clause break before end, as
    CLAUSE_BREAK.finditer(masked[:end]) finds them, tried only where a break may start
    (remembered: the rules ask it of the same acts and topics again and again)."""
    start = 0
    for match in _matches_at(CLAUSE_BREAK, masked, _break_starts(masked), 0, end):
        start = match.end()
    return start


@functools.lru_cache(maxsize=1024)
def _break_starts(masked: str) -> list[int]:
    """Where a CLAUSE_BREAK match may start, ascending: at a punctuation mark or comma, or
    where the case-folded text holds one of its words."""
    starts = [match.start() for match in BREAK_MARK.finditer(masked)]
    folded = masked.lower() if masked.isascii() else masked.translate(FOLD).lower()
    for word in BREAK_WORDS:
        at = folded.find(word)
        while at >= 0:
            starts.append(at)
            at = folded.find(word, at + 1)
    return sorted(set(starts))


_DETERMINERS = frozenset(["your", "an", "a", "any"])
"""Words between a negated verb and its topic: "does not send your search terms"."""


def _topic_negated(masked: str, topic: re.Match[str]) -> bool:
    """A topic denied outright: "no unique identifier", "not your location", "does not
    send your search terms"."""
    before = masked[max(0, topic.start() - 24) : topic.start()].split()[-2:]
    if NEGATOR.search(" ".join(before)):
        return True
    if not before or before[-1].lower() not in _DETERMINERS:
        return False
    clause = masked[clause_start(masked, topic.start()) : topic.start()].split()[-5:]
    return bool(NEGATOR.search(" ".join(clause)))


def _rescued(masked: str, act_end: int, topic_start: int) -> bool:
    """Whether an exception ("except", "unless") lies between a negated act and its topic."""
    return topic_start > act_end and bool(EXCEPTION.search(masked, act_end, topic_start))


def _rule_fires(rule: Rule, reading: Reading) -> bool:
    """Whether a rule states its finding in this sentence (its context: heading and lead-in)
    and the sentence holds none of its exclusions (searched last: some cost the most)."""
    if not _rule_states(rule, reading):
        return False
    return rule.exclude is None or reading.sentence.search(rule.exclude) is None


def _rule_states(rule: Rule, reading: Reading) -> bool:
    """Whether the sentence states the rule's topic with its act and polarity."""
    sentence = reading.sentence
    if rule.requires is not None and not sentence.search(rule.requires):
        return False
    topics = sentence.finditer(rule.topic)
    if not topics:
        return False
    if rule.body_topic:
        heading = RUN_IN_HEADING.match(reading.text)
        if heading is not None:
            topics = [t for t in topics if t.start() >= heading.end()]
            if not topics:
                return False
    if rule.others and reading.own is not None:
        text = sentence.text
        topics = [t for t in topics if not _names_company(reading.own, text, t)]
        if not topics:
            return False
    if rule.context_topic is not None and not reading.context.search(rule.context_topic):
        return False
    masked_sentence = reading.masked
    masked = masked_sentence.text
    if rule.polarity == "positive":
        topics = [t for t in topics if not _topic_negated(masked, t)]
        if not topics:
            return False
    if rule.act is None:
        if rule.polarity == "any":
            return True
        negated = all(_is_negated(masked, t.start(), t.end(), rule.window) for t in topics)
        return negated == (rule.polarity == "negative")
    acts = [a for a in sentence.finditer(rule.act) if not _inside(a, topics)]
    if acts and reading.titles:
        acts = [a for a in acts if not _in_span(a, reading.titles)]
    if rule.we_act:
        acts = [
            a for a in acts if not USER_SUBJECT.search(masked[max(0, a.start() - 30) : a.start()])
        ]
    if acts and rule.polarity == "negative" and not rule.near:
        return any(_is_negated(masked, a.start(), a.end(), rule.window) for a in acts)
    if acts:
        for topic in topics:
            act = _governing_act(acts, topic, rule.near, masked)
            if act is not None and _act_ok(rule, masked_sentence, act, topic):
                return True
        return False
    if rule.context and not rule.near and reading.context.text and not reading.negated:
        for act in reading.context.finditer(rule.act):
            negated = _is_negated(reading.context_masked, act.start(), act.end(), rule.window)
            if rule.polarity == "any" or negated == (rule.polarity == "negative"):
                return True
    return False


def _names_company(own: re.Pattern[str], text: str, topic: re.Match[str]) -> bool:
    """Whether a topic names the company itself ("from Google", "Google Analytics") or is its
    own ("Google's ad or analytics services", "Google provides ... Firebase")."""
    if own.search(text, topic.start(), topic.end()):
        return True
    before = text[max(0, topic.start() - OWNER_CHARS) : topic.start()]
    if any(re.match(r"['\u2019]s\b", before[m.end() :]) for m in own.finditer(before)):
        return True
    # what the company provides is its own ("Google provides the option for Canvas apps to
    # store user data persistently in Firebase")
    return any(_OFFERS.match(text, m.end()) for m in own.finditer(text, 0, topic.start()))


def _clause_negated(masked_sentence: Searchable, rule: Rule, topic: re.Match[str]) -> bool:
    """Whether an earlier act of the topic's clause is negated ("we do not collect data
    such as ..., the processing of biometric data")."""
    if rule.act is None:
        return False
    masked = masked_sentence.text
    start_of_clause = clause_start(masked, topic.start())
    for act in masked_sentence.finditer_between(rule.act, start_of_clause, topic.start()):
        if _is_negated(masked, act.start(), act.end(), rule.window):
            return True
    return False


def _governing_act(
    acts: list[re.Match[str]], topic: re.Match[str], near: int, masked: str
) -> re.Match[str] | None:
    """The act that governs a topic: the closest one before it in the same clause, else the
    closest one after it; within near characters when near is set."""
    before = [
        a for a in acts if a.end() <= topic.start() and ";" not in masked[a.end() : topic.start()]
    ]
    after = [
        a for a in acts if a.start() >= topic.end() and ";" not in masked[topic.end() : a.start()]
    ]
    overlapping = [a for a in acts if a not in before and a not in after]
    candidates = [max(before, key=lambda a: a.end())] if before else []
    if after:
        candidates.append(min(after, key=lambda a: a.start()))
    candidates.extend(overlapping)
    if near:
        candidates = [a for a in candidates if _distance(a, topic) <= near]
    return candidates[0] if candidates else None


def _inside(act: re.Match[str], topics: list[re.Match[str]]) -> bool:
    """An act that is merely part of a topic match (e.g. "access" in "access controls")."""
    return any(t.start() <= act.start() and act.end() <= t.end() for t in topics)


def _in_span(match: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    """Whether the match lies inside one of the spans."""
    return any(start <= match.start() and match.end() <= end for start, end in spans)


def _quoted_titles(sentence: str) -> list[tuple[int, int]]:
    """The spans of quoted titles ("Information We Collect"): a verb there is a name, not
    a statement of the act."""
    spans = []
    for quoted in QUOTED.finditer(sentence):
        words = TITLE_WORD.findall(quoted.group(1))
        if words and all(word[0].isupper() for word in words):
            spans.append(quoted.span(1))
    return spans


def _distance(a: re.Match[str], b: re.Match[str]) -> int:
    """Characters between two matches (0 when they overlap)."""
    return max(0, max(a.start(), b.start()) - min(a.end(), b.end()))


def _act_ok(
    rule: Rule, masked_sentence: Searchable, act: re.Match[str], topic: re.Match[str]
) -> bool:
    """Whether this act occurrence has the polarity the rule asks for."""
    if rule.polarity == "any":
        return True
    masked = masked_sentence.text
    negated = _is_negated(masked, act.start(), act.end(), rule.window)
    if not negated and rule.polarity == "positive" and act.end() <= topic.start():
        negated = _clause_negated(masked_sentence, rule, topic)
    if negated and rule.rescue and _rescued(masked, act.end(), topic.start()):
        negated = False
    return negated == (rule.polarity == "negative")


# --- the sentence as the rules read it ---------------------------------------------------


class Searchable:
    """A text and the trigger bits of its words: a pattern is searched in it only when the
    text holds the pattern's triggers, and only where one of its leads occurs."""

    __slots__ = ("text", "bits", "_folded", "_found", "_occurring")

    def __init__(self, text: str, bits: int) -> None:
        """bits: trigger_bits(text), or the OR of those of the parts it joins."""
        self.text = text
        self.bits = bits
        self._folded: str | None = None
        self._found: dict[int, list[re.Match[str]]] = {}
        self._occurring: dict[str, list[int]] = {}

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """pattern.search(text): the first of its finditer matches."""
        matches = self.finditer(pattern)
        return matches[0] if matches else None

    def finditer(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """The matches of pattern.finditer(text), each pattern searched once."""
        key = id(pattern)
        found = self._found.get(key)
        if found is None:
            starts = self._starts(pattern)
            if starts is None:
                found = list(pattern.finditer(self.text))
            elif starts:
                found = _matches_at(pattern, self.text, starts, 0, len(self.text))
            else:
                found = []
            self._found[key] = found
        return found

    def finditer_between(
        self, pattern: re.Pattern[str], pos: int, endpos: int
    ) -> list[re.Match[str]]:
        """The matches of pattern.finditer(text, pos, endpos): the first match where a lead
        occurs, then the first at a lead after its end, and so on."""
        starts = self._starts(pattern)
        if starts is None:
            return list(pattern.finditer(self.text, pos, endpos))
        return _matches_at(pattern, self.text, starts, pos, endpos)

    def _starts(self, pattern: re.Pattern[str]) -> list[int] | None:
        """Where a match of pattern may start, ascending: nowhere when the text lacks the
        pattern's triggers or leads, None when anywhere (the pattern has no leads)."""
        lookup = LOOKUPS.get(id(pattern))
        if lookup is None:
            return None
        bits, needs = self.bits, lookup.needs
        if needs & bits != needs:
            return []
        leads = lookup.lead_bits & bits
        if not leads:
            return [0] if lookup.anchored else (None if not lookup.lead_bits else [])
        occurring = self._occurring
        lead_texts = lookup.lead_texts
        starts: list[int] = [0] if lookup.anchored else []
        lists = int(lookup.anchored)
        while leads:
            bit = leads & -leads
            leads ^= bit
            for lead in lead_texts[bit.bit_length()]:
                found = occurring.get(lead)
                if found is None:
                    found = occurring[lead] = self._occurrences(lead)
                if found:
                    starts += found
                    lists += 1
        return starts if lists < 2 else sorted(set(starts))

    def _occurrences(self, lead: str) -> list[int]:
        """Where a lead text occurs in the case-folded text (for DIGITS: each digit)."""
        if lead == DIGITS:
            return [match.start() for match in DIGIT.finditer(self.text)]
        folded = self._folded
        if folded is None:
            text = self.text
            folded = self._folded = text.lower() if text.isascii() else text.translate(FOLD).lower()
        at = folded.find(lead)
        if at < 0:
            return []
        found = [at]
        at = folded.find(lead, at + 1)
        while at >= 0:
            found.append(at)
            at = folded.find(lead, at + 1)
        return found


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: list[int], pos: int, endpos: int
) -> list[re.Match[str]]:
    """The matches of pattern.finditer(text, pos, endpos) when every one starts at one of
    starts (ascending): the first match at a start, then the first at a start after its end.
    A start may be endpos (an empty text's start). After an empty match finditer goes on
    from it, since it may find a longer one there ("^|cookies" in "cookies")."""
    matches: list[re.Match[str]] = []
    match_at = pattern.match
    for start in starts:
        if pos <= start <= endpos:
            match = match_at(text, start, endpos)
            if match:
                if match.end() == start:
                    rest = pattern.finditer(text, start, endpos)
                    next(rest)  # this empty match again
                    return [*matches, match, *rest]
                matches.append(match)
                pos = match.end()
    return matches


class Reading:
    """A sentence as the rules read it: URLs blanked, then on first use its negation-masked
    form, its context (heading and lead-in) and whether it is about someone else."""

    __slots__ = (
        "text",
        "sentence",
        "context_bits",
        "_item",
        "_sentences",
        "_index",
        "_masked",
        "_context",
        "_context_masked",
        "_negated",
        "_titles",
        "_other_actor",
        "_users_act",
        "_policy",
        "_previous_bits",
        "own",
    )

    def __init__(
        self,
        text: str,
        bits: int,
        context_bits: int,
        item: LabelledSegment,
        sentences: Sequence[Sentence],
        index: int,
        policy: str = "",
        previous_bits: int | None = None,
        own: re.Pattern[str] | None = None,
    ) -> None:
        """text: sentences[index].text; bits: trigger_bits(text); context_bits: those of
        its context; policy: the whole policy text; previous_bits: trigger_bits of the
        sentence before (found when needed if not given); own: the company's own names
        (company.names_pattern), which speak for it as "we" does."""
        self.text = text
        blanked = _blank_urls(text)
        self.sentence = Searchable(blanked, bits if blanked is text else trigger_bits(blanked))
        self.context_bits = context_bits
        self._item, self._sentences, self._index = item, sentences, index
        self._masked: Searchable | None = None
        self._context: Searchable | None = None
        self._context_masked: str | None = None
        self._negated: bool | None = None
        self._titles: list[tuple[int, int]] | None = None
        self._other_actor: bool | None = None
        self._users_act: bool | None = None
        self._policy = policy
        self._previous_bits = previous_bits
        self.own = own

    @property
    def masked(self) -> Searchable:
        """The blanked sentence with the phrases that only look negated masked."""
        if self._masked is None:
            sentence = self.sentence
            masked = _mask(sentence.text, sentence.finditer(NEGATION_MASKS))
            if masked is sentence.text:
                self._masked = sentence  # nothing masked: share what was found in it
            else:
                self._masked = Searchable(masked, trigger_bits(masked))
        return self._masked

    @property
    def context(self) -> Searchable:
        """The heading and lead-in that govern the sentence (as written)."""
        if self._context is None:
            context = _context(self._item, self._sentences, self._index, self._policy)
            self._context = Searchable(context, self.context_bits)
        return self._context

    @property
    def context_masked(self) -> str:
        """The context with the phrases that only look negated masked."""
        if self._context_masked is None:
            context = self.context
            self._context_masked = _mask(context.text, context.finditer(NEGATION_MASKS))
        return self._context_masked

    @property
    def negated(self) -> bool:
        """The sentence holds a negator ("cannot be tied to you"): an act of its lead-in
        does not carry over to it."""
        if self._negated is None:
            self._negated = self.masked.search(NEGATOR) is not None
        return self._negated

    @property
    def titles(self) -> list[tuple[int, int]]:
        """The spans of the sentence's quoted titles (see _quoted_titles)."""
        if self._titles is None:
            text = self.sentence.text
            quoted = '"' in text or "\u201c" in text
            self._titles = _quoted_titles(text) if quoted else []
        return self._titles

    @property
    def indemnity(self) -> bool:
        """The sentence is about indemnity, copyright claims or liability for onward transfers,
        never a finding."""
        return self._search_as_written(INDEMNITY)

    @property
    def not_a_statement(self) -> bool:
        """A table of contents, or a definition of a technology with no first person ("A web
        beacon is an electronic image ..."): never the company's practice."""
        if self._search_as_written(TABLE_OF_CONTENTS):
            return True
        # FIRST_PERSON first: most sentences hold it, and it is the cheaper search
        return not self._first_person() and self._search_as_written(TECHNOLOGY_DEFINITION)

    @property
    def definition(self) -> bool:
        """The sentence defines a word or a thing in general: a glossary entry, or "an IP address
        is associated with ..." with no first person."""
        if self._search_as_written(GLOSSARY_ENTRY):
            return True
        return not self._first_person() and self._search_as_written(GENERIC_DEFINITION)

    @property
    def other_actor(self) -> bool:
        """The sentence describes what others do ("search engines ...", "they do the same"),
        not the service; so does one without a first person after such a sentence."""
        if self._other_actor is None:
            self._other_actor = self._about_others()
        return self._other_actor

    @property
    def users_act(self) -> bool:
        """The sentence is a control the user works ("You can opt out of ...") or an item of a
        list of what the user can do ("For example, you can: - Edit information in your
        profile"): the user's act, no admission of the practice it names."""
        if self._users_act is None:
            self._users_act = self._search_as_written(USER_CONTROL) or self._under_choice_lead_in()
        return self._users_act

    def _under_choice_lead_in(self) -> bool:
        """Whether the sentence is a list item whose lead-in says what the user can do."""
        lead_in = list_lead_in(self._policy, self._sentences[self._index].start)
        return lead_in is not None and USER_CHOICE_LEAD_IN.search(lead_in) is not None

    def _about_others(self) -> bool:
        """See other_actor; also an item of a list whose lead-in says what another party may
        do ("Your domain administrator may be able to: - receive your account information")."""
        if (
            self._search_as_written(OTHER_SUBJECT)
            or self._search_as_written(OTHERS_DISCLOSE)
            or self._search_as_written(OTHERS_PRACTICES)
        ):
            return True
        if self._first_person():
            return False
        if self._search_as_written(OTHER_ACTOR):
            return True
        if self._other_party_lead_in():
            return True
        if OTHERS_HEADING.search(self._item.segment.heading or ""):
            return True  # "Information they receive with your permission": theirs
        if self._index == 0:
            return False
        text = self._sentences[self._index - 1].text
        bits = self._previous_bits
        previous = Searchable(text, trigger_bits(text) if bits is None else bits)
        return previous.search(OTHER_ACTOR) is not None and previous.search(FIRST_PERSON) is None

    def _other_party_lead_in(self) -> bool:
        """Whether the sentence is an item of a list led in by what another party may do."""
        lead_in = list_lead_in(self._policy, self._sentences[self._index].start)
        if lead_in is None:
            return False
        last = _LAST_SENTENCE.split(lead_in.strip())[-1]  # "... Your administrator may:"
        return bool(OTHER_PARTY_LEAD_IN.search(last)) and not FIRST_PERSON.search(last)

    @property
    def for_one_group(self) -> bool:
        """Whether the sentence speaks of data only by reference ("We delete the information as
        soon as practical") after sentences about one group ("educational content to children
        under 13"): its promise is for that group's data, not everyone's."""
        if self._search_as_written(ONE_GROUP):
            return False
        anaphor, first = THAT_DATA.search(self.text), DATA_WORD.search(self.text)
        if anaphor is None or first is None or first.start() < anaphor.start():
            return False  # "the information we hold about you ... delete it": its own data
        start = self._sentences[self._index].start
        before = split_sentences(self._policy[max(0, start - SCOPE_CHARS) : start])
        statements = [
            s.text for s in before[1:] if not is_label(s.text) and not is_pointer(s.text)
        ][-SCOPE_SENTENCES:]
        return any(ONE_GROUP.search(statement) for statement in statements)

    @property
    def others_receive(self) -> bool:
        """Whether another party is who receives the data in the sentence (OTHERS_RECEIVE)."""
        return self._search_as_written(OTHERS_RECEIVE)

    @property
    def first_person(self) -> bool:
        """Whether the company speaks in the sentence (see _first_person)."""
        return self._first_person()

    def _first_person(self) -> bool:
        """Whether the company speaks in the sentence: "we", or one of its own names
        ("Anthropic may disclose personal data with service providers")."""
        if self._search_as_written(FIRST_PERSON):
            return True
        return self.own is not None and self.own.search(self.text) is not None

    def _search_as_written(self, pattern: re.Pattern[str]) -> bool:
        """Whether pattern matches the sentence as written (URLs not blanked)."""
        if self.sentence.text is self.text:
            return self.sentence.search(pattern) is not None
        return pattern.search(self.text) is not None


OTHERS_HEADING = re.compile(
    r"\b(?:they|partners|third parties|advertisers|(?:other )?(?:companies|apps|websites)) "
    r"(?:\w+ )?(?:receive|collect|get|access|see|use)\b",
    re.IGNORECASE,
)
"""A heading that says another party acts ("Information they receive with your permission"):
a sentence under it in which the company does not speak is that party's act."""

_LAST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
"""Where a sentence of a lead-in paragraph ends and the next begins."""


def _blank_urls(sentence: str) -> str:
    """The sentence with its URLs blanked (the same string when it has none)."""
    if "](" in sentence or "http" in sentence or "www." in sentence:
        return URL.sub(_blank_url, sentence)
    return sentence


# --- finding the findings ----------------------------------------------------------------

LENGTH_PENALTY = 0.00005
"""Per character of the sentence: of two sentences naming as much, the shorter ranks first, but
200 more characters weigh only as much as one more kind named (NAMED_BONUS). At twice this, a
short aside ("We also collect information about how you use features like our camera") ranked
above the full statement it adds to ("We collect information about how you use our Products,
such as ...") in a third of the findings whose first sentence a reader judged weak."""

NAMED_BONUS = 0.01
"""Per further kind of its topic a sentence names (up to four): "your first name, last name,
phone number, postal address, email address" says it more directly than "your full name"."""

_OFFERS = re.compile(r"\s+(?:also )?(?:provides|offers|operates|develops)\b")
"""The company as the maker of what follows."""

OWNER_CHARS = 30
"""How far before a third-party topic the company's possessive ("Google's ad or analytics
services") makes the topic its own."""

IMPERSONAL_PENALTY = 0.02
"""A sentence in which the company does not speak ("Persistent cookies store information on
your computer", "Retaining billing information to comply with financial requirements.") ranks
below one in which it states its own practice ("The Library uses persistent cookies to improve
our web metrics")."""

CAVEAT_PENALTY = 0.1
"""A sentence that states a practice with a negation in it is a caveat ("Log files are used
internally only, and are not associated with any particular user"): it ranks below one that
states the practice plainly ("We also may collect information about your download activity")."""

COLLECTION = frozenset(spec_id for spec_id in FINDINGS if spec_id.startswith("collects_"))
"""The findings that say the company collects a kind of data."""

PROMISES = frozenset(
    spec_id
    for spec_id, spec in FINDINGS.items()
    if spec.verdict is Verdict.GOOD and spec_id != "protects_children"
)
"""The findings that promise users something: a promise for one group is not one for all."""

SCOPE_CHARS = 600
"""How far back the sentences whose data "the information" refers to are read."""

SCOPE_SENTENCES = 2
"""How many statements before a sentence (headings and labels skipped) its "the information"
may refer to."""

_QUESTION_END = re.compile(r"\?[\s*_#]*$")
"""A question states nothing, bold or not ("How do we respond to legal requests?**")."""


def find_findings(
    text: str, labelled: Sequence[LabelledSegment], *, every: bool = False
) -> list[Finding]:
    """The findings the policy text supports, each with up to MAX_EVIDENCE exact sentences,
    in the order of FINDINGS; silence findings (retention_unspecified) with no evidence.
    With every, each finding carries every sentence that raises it, strongest first, as
    the change reader needs (which sentence states what), not as a reader is shown."""
    candidates: dict[str, list[tuple[float, Sentence]]] = {spec_id: [] for spec_id in FINDINGS}
    own = names_pattern(own_names(text))
    bits_of_heading: dict[str, int] = {}  # the segments under a heading share it
    for item in labelled:
        sentences = _sentences_of(text, item)
        gates = _Gates(item)
        heading = item.segment.heading or ""
        heading_bits = bits_of_heading.get(heading)
        if heading_bits is None:
            heading_bits = bits_of_heading[heading] = trigger_bits(heading)
        context_bits = lead_in_bits = heading_bits
        previous_bits = 0
        for index, sentence in enumerate(sentences):
            bits = trigger_bits(sentence.text)
            exact = sentence.end - sentence.start == len(sentence.text) and text.startswith(
                sentence.text, sentence.start
            )  # text[sentence.start : sentence.end] == sentence.text, without the copy
            if exact and not _QUESTION_END.search(sentence.text):
                reading = Reading(
                    sentence.text,
                    *(bits, context_bits, item, sentences, index, text, previous_bits, own),
                )
                strengths = _strengths(reading, gates)
                quoted = quotable(text, sentences, index) if strengths else None
                penalty = 0.0
                if quoted is not None:
                    penalty = (
                        quote_penalty(sentence, quoted)
                        + pointer_penalty(quoted.text)
                        + example_penalty(quoted.text)
                    )
                for spec_id, strength in strengths.items():
                    if strength > 0 and quoted is not None:
                        own_penalty = _impersonal_penalty(spec_id, reading)
                        if _invites_questions_about(spec_id, quoted.text):
                            own_penalty += POINTER_PENALTY
                        candidates[spec_id].append((strength - penalty - own_penalty, quoted))
            if sentence.text.rstrip().endswith(":"):
                lead_in_bits |= bits
            context_bits = lead_in_bits | bits
            previous_bits = bits
    _reconcile(candidates)
    for found in candidates.values():
        _items_below_their_lead_in(text, found)
    findings: list[Finding] = []
    for spec in FINDINGS.values():
        found = candidates[spec.id]
        if spec.id in UNSPECIFIED:
            if not candidates[UNSPECIFIED[spec.id]]:
                findings.append(Finding(spec.id, spec.title, spec.verdict, ()))
            continue
        if not found:
            continue
        evidence = _every(found) if every else pick(_stated(spec.id, found), MAX_EVIDENCE)
        findings.append(Finding(spec.id, spec.title, spec.verdict, evidence))
    return findings


def _items_below_their_lead_in(text: str, found: list[tuple[float, Sentence]]) -> None:
    """An item of a list whose lead-in states the same finding ("We access, preserve and share
    your information with regulators, law enforcement or others:" over "- In response to a legal
    request ...") is one case of it: the item ranks ITEM_PENALTY below the lead-in."""
    if len(found) < 2:
        return
    for at, (score, sentence) in enumerate(found):
        span = lead_in_span(text, sentence.start)
        if span is None:
            continue
        lead_scores = [s for s, other in found if span[0] <= other.start < span[1]]
        if lead_scores and score > max(lead_scores) - ITEM_PENALTY:
            found[at] = (max(lead_scores) - ITEM_PENALTY, sentence)


def _impersonal_penalty(spec_id: str, reading: Reading) -> float:
    """IMPERSONAL_PENALTY for a sentence stating a practice of the company (a finding that is
    not a right or choice of the user's: "You can delete ..." is how those read) in which the
    company does not speak, else 0."""
    if FINDINGS[spec_id].verdict is Verdict.GOOD or reading.first_person:
        return 0.0
    return IMPERSONAL_PENALTY


def _stated(spec_id: str, found: list[tuple[float, Sentence]]) -> list[tuple[float, Sentence]]:
    """The sentences that state the practice, when any do: one that only points elsewhere ("You
    can find information about the third parties we engage here") or invites questions about it
    (but for privacy_contact, which it states) is shown only when nothing else says it."""
    stating = [
        pair
        for pair in found
        if not is_pointer(pair[1].text) and not _invites_questions_about(spec_id, pair[1].text)
    ]
    return stating or found


def _invites_questions_about(spec_id: str, text: str) -> bool:
    """Whether the sentence only invites questions about the finding's practice (it ranks as a
    pointer, POINTER_PENALTY lower); for privacy_contact it states the contact itself."""
    return spec_id != "privacy_contact" and invites_contact(text)


def _every(found: Sequence[tuple[float, Sentence]]) -> tuple[Evidence, ...]:
    """Every distinct sentence that raised a finding, strongest first."""
    ordered = sorted(found, key=lambda pair: (-pair[0], pair[1].start))
    spans = dict.fromkeys((s.text, s.start, s.end) for _, s in ordered)
    return tuple(Evidence(*span) for span in spans)


def _strengths(reading: Reading, gates: _Gates) -> dict[str, float]:
    """How strongly the sentence supports each finding it supports at all. A rule weighing
    no more than one of its finding that already counted cannot raise the strength: skipped."""
    strengths: dict[str, float] = {}
    counted: dict[str, float] = {}
    for indexed in candidate_rules(reading):
        spec, rule = indexed.spec, indexed.rule
        if spec.id in counted and rule.weight <= counted[spec.id]:
            continue
        if (rule.gated or spec.gated) and not gates.open(spec, reading.sentence):
            continue
        if not reading.sentence.finditer(rule.topic):
            continue  # most candidates: _rule_fires would find no topic either
        if not _rule_fires(rule, reading):
            continue
        if reading.indemnity or reading.not_a_statement:
            return {}
        if reading.other_actor or reading.definition:
            continue
        if spec.verdict is not Verdict.GOOD and reading.users_act:
            continue  # a practice is not admitted by the user's control over it
        if spec.id in COLLECTION and reading.others_receive:
            continue  # another party receiving the data is not the company collecting it
        if spec.id in PROMISES and reading.for_one_group:
            continue  # a promise for children's data is no promise for all users
        gate = gates.score(spec)
        prior = 0.5 if gate is None else gate
        named = min(len({t.group().lower() for t in reading.sentence.finditer(rule.topic)}), 5)
        strength = (
            rule.weight
            + 0.5 * prior
            - len(reading.text) * LENGTH_PENALTY
            + NAMED_BONUS * (named - 1)
        )
        if spec.verdict is not Verdict.GOOD and rule.polarity != "negative" and reading.negated:
            strength -= CAVEAT_PENALTY  # "any recorded IP addresses are not linked to ..."
        strengths[spec.id] = max(strengths.get(spec.id, 0.0), strength)
        counted[spec.id] = max(counted.get(spec.id, rule.weight), rule.weight)
    return strengths


class _Gates:
    """The classifier's gates on one segment, per finding, each computed once."""

    __slots__ = ("labelled", "_scores", "_best", "_segment_open")

    def __init__(self, labelled: LabelledSegment) -> None:
        self.labelled = labelled
        self._scores: dict[str, float | None] = {}
        self._best: dict[str, float] | None = None
        self._segment_open: dict[str, bool] = {}

    def score(self, spec: FindingSpec) -> float | None:
        """The segment's gate score for the spec (see _gate_score)."""
        scores = self._scores
        if spec.id not in scores:
            if self._best is None:
                self._best = _best_scores(self.labelled)
            scores[spec.id] = _gate_score(spec, self.labelled, self._best)
        return scores[spec.id]

    def open(self, spec: FindingSpec, sentence: Searchable | None = None) -> bool:
        """Whether the spec's gated rules may fire here: the classifier agrees enough, gives
        no output, the heading names the spec's topic, or the sentence itself states it ("If
        we decide to change our Privacy Policy, we'll post the changes here" in a segment the
        classifier read as another category)."""
        segment_open = self._segment_open.get(spec.id)
        if segment_open is None:
            segment_open = self._segment_open[spec.id] = self._opens_segment(spec)
        if segment_open:
            return True
        return sentence is not None and any(
            sentence.search(hint) is not None
            for category, hint in _SENTENCE_HINTS.items()
            if category in spec.categories
        )

    def _opens_segment(self, spec: FindingSpec) -> bool:
        """Whether the spec's gated rules may fire in every sentence of the segment: the
        classifier agrees enough or gives no output, or the heading names the spec's topic."""
        gate = self.score(spec)
        if gate is None or gate >= GATE_MIN_SCORE:
            return True
        return _heading_mentions(spec, self.labelled.segment.heading)


def _best_scores(labelled: LabelledSegment) -> dict[str, float]:
    """The classifier's highest label score per category, for the segment."""
    category_of_label = CATEGORY_OF_LABEL
    best: dict[str, float] = {}
    for label, score in labelled.scores.items():
        category = category_of_label.get(label)
        if category is not None:
            best[category] = max(best[category], score) if category in best else score
    return best


def _gate_score(
    spec: FindingSpec, labelled: LabelledSegment, best: dict[str, float]
) -> float | None:
    """The classifier's confidence that the segment is in one of the spec's categories
    (None when the segment carries no classifier output); best: _best_scores(labelled)."""
    if not labelled.labels and not labelled.scores:
        return None
    if set(spec.categories) & set(labelled.categories):
        return 1.0
    return max((best[c] for c in spec.categories if c in best), default=0.0)


def _context(
    labelled: LabelledSegment, sentences: Sequence[Sentence], index: int, policy: str = ""
) -> str:
    """The heading and lead-in that govern sentence index: heading + preceding sentence(s);
    not an earlier item of the same list ("The potential risk of harm from unauthorized use or
    disclosure;" does not lead into "Any legal requirements that we are subject to.")."""
    parts = [labelled.segment.heading or ""]
    if index > 0:
        previous = sentences[index - 1].text
        if not parallel_items(policy, sentences[index - 1], sentences[index]):
            parts.append(previous)
        for earlier in sentences[:index]:
            if earlier.text.rstrip().endswith(":"):
                parts.append(earlier.text)
    return "\n".join(part for part in parts if part)


def _sentences_of(text: str, labelled: LabelledSegment) -> tuple[Sentence, ...]:
    """The segment's sentences, split here when the segment carries none."""
    segment = labelled.segment
    if segment.sentences:
        return segment.sentences
    return split_sentences(text[segment.start : segment.end], segment.start)


_HEADING_HINTS = {
    "policy_change": rx(r"\b(?:chang\w*|updat\w*|modif\w*|revis\w*|amend\w*)\b"),
}


_SENTENCE_HINTS = {"policy_change": CHANGE_POLICY}
"""What a sentence says that opens a gate by itself: changing the policy itself."""


def _heading_mentions(spec: FindingSpec, heading: str | None) -> bool:
    """Whether the segment's heading names the spec's topic (a gate the classifier missed)."""
    if not heading:
        return False
    return any(
        hint.search(heading)
        for category, hint in _HEADING_HINTS.items()
        if category in spec.categories
    )


def _reconcile(candidates: dict[str, list[tuple[float, Sentence]]]) -> None:
    """Policy-level consistency: a notice promise outweighs "by posting" without "no notice";
    of honouring and ignoring Do Not Track, only what the policy commits to is shown."""
    _reconcile_do_not_track(candidates)
    _reconcile_security(candidates)
    if candidates["change_notice"] and candidates["change_without_notice"]:
        explicit = rx(r"without (?:any |further |prior |advance )?(?:notice|notif)")
        candidates["change_without_notice"] = [
            pair for pair in candidates["change_without_notice"] if explicit.search(pair[1].text)
        ]


def _reconcile_security(candidates: dict[str, list[tuple[float, Sentence]]]) -> None:
    """Where a policy names a security measure, "reasonable measures" naming none is not shown
    beside it; where it only ever says "appropriate safeguards", it describes no measure and
    raises no finding (issue 11, the reader's rule: a reader does not accept it; Time Inc.)."""
    found = candidates["security_measures"]
    if found and all(_vague_only(sentence.text) for _, sentence in found):
        candidates["security_measures"] = []
    elif any(SECURITY_MEANS.search(sentence.text) for _, sentence in found):
        candidates["security_measures"] = [
            pair
            for pair in found
            if SECURITY_MEANS.search(pair[1].text) or not VAGUE_SECURITY.search(pair[1].text)
        ]


def _vague_only(sentence: str) -> bool:
    """Security in words that name no measure ("appropriate administrative, technical, and
    physical safeguards") and no measure named beside them."""
    return VAGUE_SECURITY.search(sentence) is not None and SECURITY_MEANS.search(sentence) is None


def _reconcile_do_not_track(candidates: dict[str, list[tuple[float, Sentence]]]) -> None:
    """Honouring and ignoring Do Not Track exclude each other and a Finding has no place for a
    contradicting sentence, so only the one the policy commits to more strongly stays (its best
    sentence scores higher); on a tie the plain "we do not respond" wins, since a policy that
    honours the signal for one feature or partner still ignores it elsewhere."""
    honors, ignores = candidates["honors_do_not_track"], candidates["ignores_do_not_track"]
    if not honors or not ignores:
        return
    if max(score for score, _ in honors) > max(score for score, _ in ignores):
        candidates["ignores_do_not_track"] = []
    else:
        candidates["honors_do_not_track"] = []
