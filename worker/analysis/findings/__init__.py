"""Findings: what a policy says, each backed by the exact sentences that say it.

Each finding id of the API has a FindingSpec with one or more Rules. A rule fires on a
sentence when its topic matches, its act (the verb that carries the claim) matches in the
sentence or, for list items, in the heading or lead-in, and the act's polarity is right:
"we do not sell your data" fires does_not_sell_data and never sells_data. The classifier's
categories rank the evidence and gate the rules marked gated (precision before recall).
For speed, the rules are tried only on sentences holding their trigger words, which are read
off the patterns themselves (last section): the findings are those of trying every rule.
"""

from __future__ import annotations

import functools
import itertools
import operator
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from re import _constants as _sre
from re import _parser as _sre_parser
from typing import Any

from worker.analysis.segment import split_sentences
from worker.analysis.labels import CATEGORY_OF_LABEL
from worker.records import Evidence, Finding, LabelledSegment, Sentence, Verdict

MAX_EVIDENCE = 3
"""At most this many evidence sentences per finding, best first."""

NEGATION_WINDOW_WORDS = 6
"""A negator this many words before the act (in the same clause) negates it."""

GATE_MIN_SCORE = 0.15
"""A gated rule fires in a segment the classifier labelled otherwise only above this score."""


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a case-insensitive verbose-free pattern."""
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Rule:
    """One way a policy states a finding: a topic, an act with a polarity, exclusions."""

    topic: re.Pattern[str]
    act: re.Pattern[str] | None = None
    polarity: str = "positive"
    """"positive": the act must not be negated; "negative": it must be; "any": either."""
    exclude: re.Pattern[str] | None = None
    context: bool = False
    """The act may be found in the heading or the lead-in sentences of the segment."""
    near: int = 0
    """When > 0, the topic must lie within this many characters of the act."""
    rescue: bool = False
    """A negated act still counts when an exception ("except", "unless") precedes the topic."""
    gated: bool = False
    """Fire only in segments whose classifier categories include the spec's categories."""
    weight: float = 1.0
    window: int = NEGATION_WINDOW_WORDS
    """How many words before the act a negator may stand and still negate it."""
    we_act: bool = False
    """The act must not have "you" as its subject ("you can give anonymous feedback")."""
    requires: re.Pattern[str] | None = None
    """A pattern the sentence must also contain (e.g. a first-person subject)."""
    context_topic: re.Pattern[str] | None = None
    """A pattern the heading or lead-in must contain ("those signals" after a DNT sentence)."""


@dataclass(frozen=True, slots=True)
class FindingSpec:
    """A finding of the API: id, plain-words title, verdict and the rules that raise it."""

    id: str
    title: str
    verdict: Verdict
    categories: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    gated: bool = False
    """Every rule needs the classifier to agree (GATE_MIN_SCORE) on the segment's category."""


# --- shared vocabulary -------------------------------------------------------------------

_COLLECT = (
    r"\b(?:collect\w*|gather\w*|obtain\w*|receiv\w*|record\w*|log|logs|logged|logging|store[sd]?|"
    r"storing|save[sd]?|saving|track\w*|ask\w* (?:you )?for|request\w*|acquir\w*|captur\w*|"
    r"process\w*|keep\w*|kept|retain\w*|maintain\w*|hold|holds|use[sd]?|using|access\w*|"
    r"includ\w*|provid\w*|submit\w*|give us|enter\w*|register\w*|get|gets|automatically|"
    r"(?:we|you) (?:may )?share)\b"
)
_DATA = (
    r"(?:\b(?:personal(?:ly)?(?: identifiable| identifying)?|your|users?'?|customers?'?|members?'?|"
    r"visitors?'?|subscribers?'?|clients?'?|account|contact|private|identifiable)\s+"
    r"(?:[\w'-]+\s+){0,3}?(?:data|information|info|details|e-?mail address(?:es)?|lists?|records|"
    r"profiles?)\b|\b(?:data|information|info) (?:about|of|from|on|concerning|relating to) "
    r"(?:you|our users|users|individuals|customers|visitors)\b|\be-?mail addresses\b|"
    r"\bmailing lists?\b|\bpersonal data\b|\byour data\b)"
)
_SHARE = (
    r"\b(?:shar\w+|disclos\w+|provid\w+ (?!you\b)(?:[\w'-]+ ){0,5}?to\b(?! (?:you|us)\b)|"
    r"transfer\w*|"
    r"transmit\w*|giv(?:e|es|en|ing)|releas\w+|"
    r"mak\w+ (?:\w+ )?available|send\w*|pass\w*|report\w*|communicat\w+|furnish\w*|"
    r"distribut\w+|reveal\w*)\b"
)
_WE = r"\b(?:we|our|us)\b"
_CHANGE = r"\b(?:chang\w*|updat\w*|modif\w*|revis\w*|amend\w*|alter\w*|replac\w*|edit\w*)\b"
_POLICY = (
    r"\b(?:polic(?:y|ies)|statement|notice|terms|agreement|conditions|document|this page|tos)\b"
)
_CHANGE_POLICY = (
    r"\b(?:chang|modif|updat|revis|amend|alter|replac)\w*(?:,? (?:or |and )?\S+){0,6}? "
    r"(?:(?:this|these|the|our|its|any|such|all)\s)?(?:\w+\s)?(?:polic(?:y|ies)|statement|"
    r"terms|tos|agreement|conditions|(?:privacy|this|our) notice|document)\b|\b(?:polic(?:y|ies)|"
    r"statement|terms|"
    r"agreement|conditions|document)\b(?: \S+){0,5}? (?:be |are |is )?(?:changed|modified|"
    r"updated|revised|amended|altered)\b|\bsujet à modification"
)
_DNT = r"(?:do[ _-]+not[ _-]+track|\bDNT\b|global privacy control|\bGPC\b)"
_CLAUSE_START = r"(?<!\w )(?<!\w)(?<!, )"
"""Where a clause starts: not after a word, a word and a space, or a comma and a space (the
imperative "to delete your account, visit ...", not "the right to delete your account")."""

# Words that look like negators but do not negate the act that follows them.
_NEGATION_MASKS = _rx(
    r"do[ -]not[ -]track|do not sell my|not limited to|not only|whether or not|no longer|"
    r"no later|no matter|not yet|or not|no more than|not less than|no less than"
)
_NEGATOR = _rx(
    r"\b(?:not|never|no|neither|nor|without|cannot|none|nothing|nobody|unable to)\b|n['\u2019]t\b"
)
_POST_NEGATOR = _rx(
    r"^[\s,:]*(?:(?:to|with|of|for) )?(?:no|none|nothing|no one|nobody|neither)\b|^ not\b"
)
_CLAUSE_BREAK = _rx(
    r"[.;:!?\u2013\u2014]|\b(?:but|however|except|unless|although|though|whereas|while|"
    r"other than|apart from|if|when|which|that|because)\b|,\s*(?:and |but |or )?"
    r"(?:we|they|you|it|he|she|these|this|such(?! as))\b"
)
_BREAK_MARK = re.compile(r"[.;:!?,\u2013\u2014]")
_BREAK_WORDS = (
    *("but", "however", "except", "unless", "although", "though", "whereas", "while"),
    *("other", "apart", "if", "when", "which", "that", "because"),
)
"""Where a _CLAUSE_BREAK match starts: one of its marks or a comma, or the first word of one
of its words."""
_USER_SUBJECT = _rx(
    r"\byou(?:r)?\b(?: \w+)?(?: (?:can|may|could|also|choose to|will|must|should|need to|"
    r"have to|usually|always|simply|easily|then|still))* ?$"
)
_OTHER_ACTOR = _rx(
    r"^\W*(?:\w+,? )?(?:(?:why|how) (?:would|do|does|did) )?(?:other|many|most|some|these|"
    r"those|typical|traditional|the major)? ?"
    r"(?:search engines|(?:other|many|most|some) (?:companies|websites|sites|services|apps))\b|"
    r"\bsearch engines (?:\w+ )?(?:have|save|keep|store|can|could|use|track|give|collect|log|"
    r"record|do|are)\b|"
    r"\bthey (?:\S+ ){0,2}?(?:do|did|release[sd]?|give|gave|save|saved|sell|sold|were sued|"
    r"anonymi[sz]e)\b"
)
"""A sentence about what others do: other search engines or companies, or "they" doing it
(with no first person in the sentence: see _Reading.other_actor)."""
_TO_US = _rx(
    r"\bshar\w+ (?:[\w'-]+ ){0,5}?with us\b|\b(?:provid\w*|send\w*|giv\w+|disclos\w+|pass\w*|"
    r"transfer\w*) us\b|\b(?:shared|provided|sent|given|disclosed|passed|transferred) "
    r"(?:[\w'-]+ ){0,2}?to us\b|\b(?:shar|provid|sen[dt]|giv|disclos|pass|transfer)\w* "
    r"(?:your |the |such |any )?(?:[\w'-]+ ){0,2}?(?:data|information) to us\b"
)
"""Data shared with the service (by partners, identity providers), not by it."""
_INDEMNITY = _rx(
    r"\bindemnif\w*|\bhold (?:\w+ )?harmless|\bcopyright agent|\bDMCA\b|\bcomplaining party|"
    r"\binfringing material|\ballegedly infring\w*"
)
_FIRST_PERSON = _rx(r"\b(?:we|our|us)\b")
_CONTACTING_YOU = _rx(
    r"\b(?:contact|reach|call|e-?mail|write to) (?:you|the (?:person|user|individual)s?)\b|"
    r"\bsend(?:s|ing)? you\b"
)
"""The service writing to you (or to a complainant), not collecting contact details."""
_URL = re.compile(r"\[([^\]]*)\]\([^)]*\)|\bhttps?://\S+|\bwww\.\S+")
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{3,120})[\"\u201d]")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'\u2019]{3,}")
"""A quoted passage, and its words of four letters or more (all capitalised in a title)."""
_SOCIAL_FEATURE = _rx(
    r"\bsocial (?:sharing|media|network\w*) (?:features?|buttons?|plug-?ins?|widgets?|tools?)\b"
)
"""A sharing feature the user works (its provider works for the user, not the service)."""
_NON_SPACE = re.compile(r"[^\s]")
_FROM_THEM = (
    r"\b(?:we|us) (?:may )?(?:also )?(?:collect|receive|obtain)\w* (?:[\w'-]+ ){0,5}?from\b"
)
"""Data the service gets from others ("we may also collect information about you from ...
advertisers"), not data it gives them."""
_VENDOR_ACT = (
    r"|\b(?:use|uses|employ\w*|engag\w+|(?<!\bwho )(?<!\bthat )work with|rely on|"
    r"(?<!\bwith )access|process(?:es|ed)?|handl(?:e|es|ed|ing))\b"
)
"""Using a vendor ("we use service providers", "contractors process data on our behalf"): not
"partners who work with us", not "provide you with access"."""
_EXCEPTION = _rx(
    r"\b(?:except|unless|other than|apart from|save|but only|only (?:to|with|when|if|for|as))\b"
)


# --- the specs ---------------------------------------------------------------------------


def _specs() -> tuple[FindingSpec, ...]:
    """Every finding id of API.md with its verdict and rules."""
    sell_act = (
        r"\b(?:sell|sells|selling|sold|rent|rents|renting|rented|lease|leases|leasing|leased|"
        r"monetiz\w+|monetis\w+|trade|trades|traded)\b(?! (?:secrets?|names?|marks?|shows?|"
        r"dress|associations?|unions?|partners?)\b)"
    )
    sell_exclude = (
        r"merger|acqui(?:sition|red|re)|bankrupt|reorgani[sz]|insolven|divest|"
        r"sale of (?:all|some|substantially|part|our|the|a|its|any)\b|"
        r"(?:sell|sold)\w* (?:\w+ ){0,3}(?:business|company|companies|assets|stock|products?|goods|"
        r"services|tickets|items|merchandise)\b|opt[- ]?out|right to|do not sell my|"
        r"\brequest\w*|direct (?:us|a business|businesses)|as defined|may be considered|"
        r"deemed|definition|\bsales? (?:of|tax)|trading (?:data|history|activity|account)|"
        r"\bif (?:we|the company|you)\b|in the event|third[- ]part(?:y|ies) (?:may )?sell|"
        r"\byou (?:may|must|shall|will|agree|are not)\b|\bdo not use|\bdon't use|"
        r"\byou (?:\w+ )?sell|"
        r"\b(?:business|company|assets|stock|division|unit|entity)(?:es|s)? (?:\w+ ){0,3}(?:is |"
        r"are |be |being |was |were )?(?:sold|transferred)|corporate transaction|change (?:of|in) "
        r"control|\b(?:no|not have|without) (?:actual )?knowledge|\bamong the (?:\w+ )?(?:items|"
        r"assets)|(?:items|assets) (?:\w+ ){0,2}(?:sold|transferred)"
    )
    delete_exclude = (
        r"\b(?:we|the company|\w+ reserves the right) (?:may|can|will|might) "
        r"(?:\w+ )?(?:delete|remove|terminate|suspend) (?:your )?(?:account|"
        r"content|posts)|without (?:prior )?notice|violat\w+|cookies"
    )
    security_exclude = (
        r"\byou are responsible|\byour (?:own )?password|\bchoose (?:a )?"
        r"(?:strong|complex)|\bunencrypted\b(?!.*\bnot)|\b(?:sites?|websites?|"
        r"pages?|links?) (?:that|which) (?:also )?(?:use|support|offer)|"
        r"contractual clauses|adequate (?:level of )?protection"
    )
    # "We do not share your personal information with anyone": no one gets it, so no one buys
    # it. Only data in general, only a blanket recipient ("none of the information ... is ever
    # shared" names none), and no exception or condition.
    no_share_data = (
        r"\b(?:(?:your|any|all|users?'?|our users'?|the)(?: user| personal(?:ly identifiable)?)? "
        r"(?:information|data)|personal(?:ly identifiable)? (?:information|data)|user data|"
        r"(?:information|data) about (?:you|our users|users))\b"
    )
    no_share_act = r"\b(?:shar(?:e|es|ed|ing)|disclos(?:e|es|ed|ing)|giv(?:e|es|en|ing))\b"
    no_share_anyone = (
        r"\b(?:with|to) (?:anyone|anybody|any(?: other)? (?:third[- ])?(?:party|parties|company|"
        r"companies|organi[sz]ations?|one)|third[- ]parties|other (?:companies|organi[sz]ations|"
        r"parties)|outside (?:parties|companies|organi[sz]ations))\b|"
        r"\bnone of (?:the|your) (?:personal )?(?:information|data)\b(?![^.]*\b(?:with|to)\b)"
    )
    no_share_limits = (
        r"\b(?:except\w*|unless|other than|apart from|save|but|only|without|outside of|beyond|"
        r"if|when|until|for (?:their|its|his|her|any) |affiliat\w*|service providers|vendors|"
        r"partners|as (?:described|set out|stated|outlined|explained|permitted|required)|"
        r"describ\w+ (?:below|above|in)|following|allow\w*|permit\w*|lets?|enabl\w*|"
        r"you (?:\w+ )?(?:should|must|shall|agree|may|will|can|cannot))\b|"
        + _CLAUSE_START
        + r"(?:please )?(?:do not|don't|never) (?:share|disclose|give)"
    )
    return (
        FindingSpec(
            "collects_contact_info",
            "Collects your contact details (name, email, phone or address)",
            Verdict.NEUTRAL,
            ("first_party_collection",),
            (
                Rule(
                    _rx(
                        r"\b(?:(?:your|full|first|last|real|legal) names?|e-?mail addresse?s?|"
                        r"(?:tele)?phone numbers?|mobile (?:phone )?numbers?|(?:postal|mailing|"
                        r"home|"
                        r"street|billing|shipping) address(?:es)?|contact (?:information|details|"
                        r"info|data)|zip codes?|postcodes?|postal codes?)"
                    ),
                    _rx(_COLLECT),
                    context=True,
                    exclude=_CONTACTING_YOU,
                ),
                Rule(
                    _rx(
                        r"\b(?:names?|e-?mails?|(?:tele)?phone|address(?:es)?)\b[^.;:]{0,40}?"
                        r"\b(?:names?|e-?mails?|(?:tele)?phone(?: numbers?)?|address(?:es)?)\b"
                    ),
                    _rx(_COLLECT),
                    context=True,
                    exclude=_CONTACTING_YOU,
                ),
            ),
        ),
        FindingSpec(
            "collects_payment_info",
            "Collects your card or other payment details",
            Verdict.NEUTRAL,
            ("first_party_collection",),
            (
                Rule(
                    _rx(
                        r"\b(?:credit(?: or debit)? cards?|debit cards?|card (?:numbers?|details|"
                        r"information)|payment (?:information|details|data|card|method|"
                        r"instrument)s?|"
                        r"billing (?:information|details|data)|bank account|financial "
                        r"(?:information|details|data)|cvv|expiration date)"
                    ),
                    _rx(_COLLECT),
                    context=True,
                    exclude=_rx(r"\bnever (?:ask|send|request)|via e-?mail|by e-?mail"),
                ),
            ),
        ),
        FindingSpec(
            "collects_location",
            "Collects where you are (GPS, Wi-Fi or cell location)",
            Verdict.BAD,
            ("first_party_collection", "third_party_sharing"),
            (
                Rule(
                    _rx(
                        r"\b(?:geo-?locations?|geo-?location(?:al)? (?:data|information)|GPS|GNSS|"
                        r"(?:precise|exact|physical|current|real[- ]time|approximate|general|"
                        r"device'?s?|mobile device'?s?|phone'?s?) locations?|location (?:data|"
                        r"information|services|history|signals|tracking|coordinates)|latitude|"
                        r"longitude|cell(?:ular)? towers?|wi-?fi (?:access points|hotspots|"
                        r"networks)|bluetooth (?:beacons|signals)|location-based|location of "
                        r"(?:your|the) (?:device|phone|computer)|(?:information|data) (?:about|on|"
                        r"regarding) (?:your|the user's|users') locations?)\b"
                    ),
                    _rx(_COLLECT + r"|\bderive\w*|\binfer\w*|\bdetermin\w*|\bdetect\w*|\bshare\w*"),
                    context=True,
                    exclude=_rx(
                        r"\b(?:our|office|business|store) locations?\b(?!-)|"
                        r"^(?!.*\b(?:GPS|GNSS|precise|exact|latitude|longitude|wi-?fi|bluetooth|"
                        r"cell(?:ular)? towers?|mobile devices?)\b).*(?:\b(?:from|using|based on|"
                        r"via|through|by) (?:[\w'-]+ ){0,2}?(?:IP|internet protocol)[- ]address|"
                        r"\bIP[- ]address to (?:determine|infer|derive|estimate)\b)"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "collects_device_identifiers",
            "Collects your device's identifiers and IP address",
            Verdict.BAD,
            ("first_party_collection",),
            (
                Rule(
                    _rx(
                        r"\b(?:IP[- ]address(?:es)?|internet protocol address|"
                        r"device (?:identifiers?|"
                        r"ids?|information|type|model|data)|(?<!\bwith a )(?<!\banonymous )"
                        r"(?:unique|mobile|advertising|hardware) "
                        r"(?:device )?(?:identifiers?|ids?)|hardware (?:model|version|settings)|"
                        r"operating system(?! settings)|browser (?:type|version|information)|"
                        r"MAC address|IMEI|"
                        r"UDID|IDFA|user[- ]agent|device fingerprint\w*)"
                    ),
                    _rx(
                        _COLLECT + r"|\b(?:deriv|infer|determin|estimat)\w* (?:[\w',-]+ ){0,4}?"
                        r"(?:from|based on|using)\b"
                    ),
                    context=True,
                ),
            ),
        ),
        FindingSpec(
            "collects_usage_data",
            "Records how you use the service (pages viewed, clicks)",
            Verdict.NEUTRAL,
            ("first_party_collection",),
            (
                Rule(
                    _rx(
                        r"\b(?:brows(?:ing|er) (?:history|activity|behaviou?r|data)|"
                        r"pages? (?:you )?"
                        r"(?:visit|view)\w*|(?:visit|view)\w* (?:\w+ ){0,2}pages|"
                        r"(?<!you )clicks?(?! here\b)|"
                        r"clickstream|"
                        r"navigation(?:al)? (?:information|data)|usage (?:data|information|details|"
                        r"statistics)|log (?:data|files|information)|how you (?:use|interact)|"
                        r"(?:time|duration) (?:you )?(?:spend|spent)|referring (?:url|page|site|"
                        r"website)s?|search (?:queries|terms|history)|call (?:records|logs|"
                        r"history)|interactions? with|(?<!depend on the )(?<!depends on the )"
                        r"(?<!depending on the )features you use|products you view|where "
                        r"you go|date and time)"
                    ),
                    _rx(_COLLECT),
                    context=True,
                ),
            ),
        ),
        FindingSpec(
            "collects_biometric_data",
            "Collects biometric data (face, fingerprint or voice)",
            Verdict.BAD,
            ("first_party_collection",),
            (
                Rule(
                    _rx(
                        r"\b(?:biometric\w*|face ?prints?|facial (?:recognition|geometry|features|"
                        r"data|scans?|templates?)|face (?:geometry|scans?|templates?|recognition|"
                        r"data)|fingerprints?(?! ?ing)|voice ?prints?|voice (?:recordings?|data|"
                        r"samples?)|iris scans?|retina\w*|palm ?prints?|images? of (?:your|"
                        r"people'?s?|"
                        r"individuals'?) ?fac\w*)"
                    ),
                    _rx(_COLLECT + r"|\bscan\w*|\banaly[sz]\w*"),
                    context=True,
                    exclude=_rx(r"browser fingerprint|device fingerprint|fingerprinting"),
                ),
            ),
        ),
        FindingSpec(
            "obtains_data_from_third_parties",
            "Gets data about you from other companies or social networks",
            Verdict.BAD,
            ("first_party_collection", "third_party_sharing"),
            (
                Rule(
                    _rx(
                        r"\b(?:from|through|via|by) (?:\w+ ){0,4}?(?:third[- ]part(?:y|ies)|other "
                        r"(?:sources|companies|users|organi[sz]ations|services|businesses)|"
                        r"(?:outside|external|public(?:ly available)?|commercial(?:ly available)?) "
                        r"(?:sources|databases|records|information)|data (?:brokers|providers|"
                        r"licensors|suppliers)|social (?:media|networks?|networking)|facebook|"
                        r"google|twitter|linkedin|apple|(?:business|marketing|advertising|"
                        r"commercial) partners|partners|affiliates|advertisers|resellers)\b"
                    ),
                    _rx(
                        r"\b(?:obtain\w*|receiv\w*|collect\w*|acquir\w*|(?<!your )purchas\w*|buy|"
                        r"buys|bought|"
                        r"get|gets|gather\w*|supplement\w*|combin\w*|come|comes|sources|"
                        r"enhance|append\w*|provided to us|shared with us)\b"
                    ),
                    near=160,
                    exclude=_rx(
                        r"\b(?:links?|websites? (?:linked|operated)|not responsible|your "
                        r"(?:use|access) of|third[- ]party (?:sites|websites))\b|"
                        r"\b(?:collect|gather)(?:ed|ion) (?:[\w-]+ ){0,4}?by\b|"
                        r"\bby (?:visiting|using|going|"
                        r"clicking)\b|^\W*(?:our |these |such )?(?:partners|advertisers|they) "
                        r"(?:may |can |also )?(?:receiv|collect|get|obtain)\w*|"
                        r"\b(?:receiv\w*|get\w*) (?:an? |any )?(?:e-?mails?|messages?|calls?) "
                        r"from\b"
                    ),
                ),
                Rule(
                    _rx(
                        r"\b(?:third[- ]party sources|sources of (?:personal )?(?:data|"
                        r"information)|"
                        r"information from other sources|(?:from|through|via|by) (?:[\w-]+ ){0,3}?"
                        r"data brokers)\b"
                    ),
                    None,
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "uses_tracking_cookies",
            "Uses cookies or similar to track you across visits or sites",
            Verdict.BAD,
            ("first_party_collection", "third_party_sharing", "user_choice"),
            (
                Rule(
                    _rx(
                        r"\b(?:web ?beacons?|pixel tags?|tracking (?:pixels?|technolog\w+|tools|"
                        r"cookies|tags|codes?)|pixels?|clear gifs?|tracking gifs?|"
                        r"(?:browser|device) fingerprint\w*|fingerprinting|persistent cookies|"
                        r"third[- ]party cookies|advertising cookies|targeting cookies|flash "
                        r"cookies|local shared objects|SDKs?)\b"
                    ),
                    _rx(
                        r"\b(?:use[sd]?|using|place[sd]?|placing|set|sets|employ\w*|deploy\w*|"
                        r"serve[sd]?|contain\w*|include[sd]?|utili[sz]\w*|allow\w*|rely|collect\w*|"
                        r"track\w*|work with|may)\b"
                    ),
                    context=True,
                    exclude=_rx(
                        r"\b(?:disable|refuse|block|reject|delete|remove)\w* (?:[\w-]+ ){0,3}"
                        r"(?:[\w-]+ )?cookies"
                    ),
                ),
                Rule(
                    _rx(r"\bcookies?\b"),
                    _rx(
                        r"\b(?:track\w*|recogni[sz]\w*|identif\w*|remember\w*|across|over time|"
                        r"collect\w*|gather\w*|record\w*|brows\w+ (?:habits|activit\w+|behaviou?r)|"
                        r"advertis\w+|analy\w+|unique identifi\w+|previous(?:ly)? visit\w*|"
                        r"return visits?|each visit|measur\w+)\b"
                    ),
                    exclude=_rx(
                        r"\b(?:a cookie is|cookies are (?:small|tiny|text|data|pieces|files|"
                        r"information)|only (?:use )?(?:strictly necessary|essential|session|"
                        r"temporary))|"
                        r"\bdo(?:es)? not (?:use|set|place) (?:any )?cookies|is not linked|"
                        r"(?:disable|refuse|block|reject|delete)\w* (?:\w+ ){0,3}cookies"
                    ),
                    weight=0.8,
                ),
            ),
        ),
        FindingSpec(
            "uses_third_party_analytics",
            "Lets analytics or mailing companies collect data about you",
            Verdict.BAD,
            ("third_party_sharing", "first_party_collection"),
            (
                Rule(
                    _rx(
                        r"\b(?:google analytics|mixpanel|mailchimp|hotjar|adobe analytics|"
                        r"amplitude|quantcast|comscore|crazy ?egg|kissmetrics|heap analytics|"
                        r"firebase|yandex\.?metri[ck]a|chartbeat|new relic|optimizely|sendgrid|"
                        r"campaign monitor|constant contact|hubspot|intercom|segment\.(?:io|com)|"
                        r"appsflyer|branch\.io|flurry|fullstory|matomo|piwik|"
                        r"google tag manager|clicky|statcounter|nielsen|mouseflow)\b"
                    ),
                    _rx(
                        r"\b(?:use[sd]?|using|employ\w*|utili[sz]\w*|work with|partner\w*|rely|"
                        r"relies|provided by|through|via|includ\w*|such as|collect\w*|set|"
                        r"place|stores?|tool|service|cookie|which)\b"
                    ),
                ),
                Rule(
                    _rx(
                        r"\b(?:third[- ]party cookies (?:\w+ ){0,4}(?:analytics|statistics)|"
                        r"(?:third[- ]party|external|outside|other) (?:web )?(?:analytics|"
                        r"analysis|statistics|measurement)|analytics (?:providers?|services?|"
                        r"partners?|companies|vendors?|tools?|cookies|software|platforms?|"
                        r"firms)|(?:web|site|traffic) analy(?:tics|sis) (?:services?|tools?|"
                        r"firms?|providers?))\b"
                    ),
                    _rx(
                        r"\b(?:use[sd]?|using|employ\w*|utili[sz]\w*|work with|partner\w*|engag\w+|"
                        r"rely|allow\w*|permit\w*|through|collect\w*|set|place|may)\b"
                    ),
                    context=True,
                ),
            ),
        ),
        FindingSpec(
            "sells_data",
            "Sells or rents your personal data",
            Verdict.BLOCKER,
            ("third_party_sharing",),
            (
                Rule(
                    _rx(_DATA),
                    _rx(sell_act),
                    near=90,
                    exclude=_rx(sell_exclude),
                    window=30,
                ),
            ),
        ),
        FindingSpec(
            "does_not_sell_data",
            "Says it does not sell your personal data",
            Verdict.GOOD,
            ("third_party_sharing",),
            (
                Rule(
                    _rx(
                        _DATA + r"|\b(?:anything|it|them|any (?:of )?(?:this|that|such))\b|"
                        r"\b(?:this|such|the|that|any|all|your) (?:personal )?(?:information|"
                        r"data)\b"
                    ),
                    _rx(sell_act),
                    polarity="negative",
                    near=90,
                    window=12,
                    exclude=_rx(
                        r"opt[- ]?out|right to|do not sell my|direct (?:us|a business|businesses)|"
                        r"\bask(?:s|ed)? (?:us|that)|request(?:s|ed)? (?:that|us)|instruct|"
                        r"\byou (?:may|must|shall|agree)|\bdo not use|\bdon't use|"
                        r"\byou (?:\w+ )?sell"
                    ),
                ),
                Rule(
                    _rx(no_share_data),
                    _rx(no_share_act),
                    polarity="negative",
                    near=90,
                    window=12,
                    requires=_rx(no_share_anyone),
                    exclude=_rx(no_share_limits),
                    we_act=True,
                ),
            ),
        ),
        FindingSpec(
            "shares_for_advertising",
            "Shares your data with advertisers or uses it for targeted ads",
            Verdict.BAD,
            ("third_party_sharing", "first_party_collection"),
            (
                Rule(
                    _rx(
                        r"\b(?:advertisers|advertising (?:(?:and|&) \w+ )?(?:partners|networks?|"
                        r"companies|providers|services|vendors)|ad (?:networks?|partners|servers|"
                        r"exchanges|tech)|marketing "
                        r"partners|third[- ]party advertis\w+|ad(?:vertising)? platforms)\b"
                    ),
                    _rx(
                        _SHARE
                        + r"|\b(?:(?:allow|permit)\w*(?! you\b)|sell\w*|collect\w*|work with|"
                        r"partner\w* with|use\w*|place|set)\b"
                    ),
                    near=200,
                    we_act=True,
                    exclude=_rx(_TO_US.pattern + "|" + _FROM_THEM),
                ),
                Rule(
                    _rx(
                        r"\b(?:(?:targeted|interest[- ]based|behaviou?ral|personali[sz]ed|tailored|"
                        r"relevant|customi[sz]ed|retargeted|cross[- ]context) (?:\w+ )?"
                        r"(?:ads|advertising|advertisements|adverts|marketing)|retargeting|"
                        r"remarketing|re-targeting|re-marketing|online behaviou?ral advertising|"
                        r"(?:ads|advertising|advertisements|adverts) (?:\w+ ){0,4}(?:based "
                        r"(?:up)?on|tailored to|relevant to) (?:your|their) (?:interests|"
                        r"browsing|activit|visits?))|(?:ads|advertising|advertisements|adverts) "
                        r"(?:\w+ ){0,6}"
                        r"(?:(?:on|across) (?:other|third[- ]party) (?:sites|websites|services|"
                        r"platforms)|on and off (?:of )?(?:the|our)\b)|"
                        r"(?:advertising|targeting|marketing) cookies"
                    ),
                    _rx(
                        r"\b(?:use[sd]?|using|serv\w+|show\w*|display\w*|deliver\w*|provid\w+|"
                        r"present\w*|enabl\w+|allow\w*|help\w*|involv\w+|engag\w+|for|to)\b"
                    ),
                ),
                Rule(
                    _rx(
                        r"\bfor (?:(?:their|its) own )?(?:[\w-]+ ){0,2}?(?:advertising|marketing|"
                        r"ad targeting)(?: (?:and|or|and/or) [\w-]+)? purposes\b"
                    ),
                    _rx(
                        r"\b(?:shar\w+|disclos\w+|sell\w*|provid\w+|transfer\w*|allow\w*|"
                        r"permit\w*|enabl\w+) (?:[\w,'-]+ ){0,8}?(?:with |to )?(?:[\w,-]+ ){0,3}?"
                        r"(?:partners|third[- ]part(?:y|ies)|companies|advertisers|(?:ad|"
                        r"advertising) networks)\b"
                    ),
                    near=120,
                    we_act=True,
                    exclude=_rx(_TO_US.pattern + "|" + _FROM_THEM),
                ),
            ),
        ),
        FindingSpec(
            "shares_with_service_providers",
            "Shares data with companies that work for it",
            Verdict.NEUTRAL,
            ("third_party_sharing",),
            (
                Rule(
                    _rx(
                        r"\b(?:service providers?|vendors?|contractors?|(?:data )?processors|"
                        r"sub-?processors|suppliers|agents|third[- ]part(?:y|ies)(?: \w+)?|"
                        r"companies|partners|businesses|organi[sz]ations)\b(?:[^.;]{0,80}?)\b"
                        r"(?:on (?:our|its) behalf|who (?:help|assist|perform|provide|process|"
                        r"work)|that (?:help|assist|perform|provide|process|work)|to help us|"
                        r"help(?:s|ing)? us|assist(?:s|ing)? us|perform\w* (?:services|functions|"
                        r"tasks)|(?:bound|obligated|required) (?:by|to)|confidential\w*|"
                        r"such as (?:fulfilling|processing|hosting|payment|shipping|delivering|"
                        r"sending)|under contract|acting (?:for|on))"
                    ),
                    _rx(_SHARE + _VENDOR_ACT),
                    rescue=True,
                    we_act=True,
                    exclude=_rx(
                        _TO_US.pattern
                        + r"|\b(?:law enforcement|public authorit\w+|government)|"
                        + _SOCIAL_FEATURE.pattern
                    ),
                ),
                Rule(
                    _rx(
                        r"\b(?<!internet )(?<!identity )(?:service providers?|sub-?processors|data "
                        r"processors)\b"
                    ),
                    _rx(_SHARE + _VENDOR_ACT),
                    rescue=True,
                    we_act=True,
                    weight=0.8,
                    exclude=_rx(_TO_US.pattern + "|" + _SOCIAL_FEATURE.pattern),
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "shares_aggregated_data",
            "Shares data in aggregated or de-identified form",
            Verdict.NEUTRAL,
            ("third_party_sharing",),
            (
                Rule(
                    _rx(
                        r"\b(?:aggregat(?!ors?\b)\w+|de-?identifi\w+|anonymi[sz]\w+|anonymous|"
                        r"non-?personal(?:ly)?"
                        r"(?: identifiable| identifying)? (?:information|data)|statistic\w*|"
                        r"pseudonymi[sz]\w+|does not (?:personally )?identify you)\b"
                    ),
                    _rx(
                        _SHARE + r"|\b(?:sell\w*|publish\w*|with (?:third|partners|advertisers|"
                        r"others|(?:[\w-]+ (?:or |and )?){0,3}?researchers)|for any purpose|"
                        r"use\w* (?:\w+ ){0,3}(?:in the aggregate|to understand|for (?:research|"
                        r"analy\w+|statistic\w*))|provid\w* (?:\w+ ){0,2}?(?:aggregat\w+|"
                        r"de-?identified|anonymi[sz]ed) (?:data|information|statistics|reports|"
                        r"insights))\b"
                    ),
                    rescue=True,
                    we_act=True,
                    exclude=_rx(
                        _TO_US.pattern + r"|\bgiv(?:e|es|ing) you\b|\bliabilit\w+|\b(?:that|who) "
                        r"aggregates?\b|\breceiv\w* (?:\w+ ){0,3}?reports?\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "discloses_to_authorities",
            "Hands data to authorities when the law requires it",
            Verdict.NEUTRAL,
            ("third_party_sharing",),
            (
                Rule(
                    _rx(
                        r"\b(?:law enforcement|government(?:al)? (?:authorit\w+|agenc\w+|"
                        r"requests?|officials|bodies|entities)|public (?:authorit\w+|agenc\w+)|"
                        r"regulators?|court orders?|subpoenas?|search warrants?|warrants?|legal "
                        r"(?:process|processes|requests?|obligations?|requirements?|proceedings?|"
                        r"claims?)|judicial|(?:comply|conform|compliance) with (?:the |any |all |"
                        r"applicable |relevant )?(?:\w+ )?(?:laws?|legal|court|regulations?|"
                        r"rules)|required (?:to do so )?by (?:applicable )?law|requires? us to|"
                        r"required to do so|protect (?:the |our )?(?:\w+ )?(?:rights|property|"
                        r"safety)|national security|good faith belief)\b"
                    ),
                    _rx(
                        _SHARE + r"|\b(?:access\w*|preserv\w+|cooperat\w+|respond\w*|sell\w*|"
                        r"requests?)\b"
                    ),
                    context=True,
                    rescue=True,
                    we_act=True,
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "marketing_opt_out",
            "Lets you stop marketing messages",
            Verdict.GOOD,
            ("user_choice",),
            (
                Rule(
                    _rx(
                        r"\b(?:marketing|promotional|promotions?|newsletters?|"
                        r"e-?mails?(?! address)|communications|offers|messages|mailings?|"
                        r"mailing lists?|sms|text "
                        r"messages|push notifications|notifications|advertising e-?mails)\b"
                    ),
                    _rx(
                        r"\b(?:unsubscrib\w*|opt(?:[- ]?out|ing out|s out)|opt out|stop (?:\w+ )?"
                        r"receiving|no longer (?:wish to |want to )?receive|not (?:wish|want) to "
                        r"receive|withdraw\w* (?:your )?consent|(?:manage|change|update|adjust) "
                        r"(?:your )?(?:\w+ )?(?:preferences|settings)|de-?select\w*|decline\w* "
                        r"to receive|remove (?:yourself|your (?:name|e-?mail))|choose (?:not|"
                        r"whether) to receive)\b"
                    ),
                    near=160,
                    polarity="any",
                    exclude=_rx(
                        r"\b(?:cannot|can ?not|can't|will not be able to|unable to) "
                        r"(?:opt|unsubscribe)|(?:transactional|service-related|administrative)"
                        r" (?:\w+ ){0,2}(?:cannot|can't|may not)"
                    ),
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "can_access_or_correct",
            "Lets you see or correct your data",
            Verdict.GOOD,
            ("user_access",),
            (
                Rule(
                    _rx(
                        r"\b(?:access\w*|correct\w*|rectif\w+|updat\w+|modif\w+|edit\w*|"
                        r"review\w*|amend\w*|download\w*|export\w*|view\w*|change|see|"
                        r"(?:a |an )?(?<!\bits )(?<!\bour )(?<!\btheir )(?:copy|copies|export|"
                        r"archive) of)(?:(?:,|,? and|,? or|,? and/or) \w+){0,4} "
                        r"(?:(?:to|of|and) )?(?:(?:all |any |the |your |such |their |this |that |"
                        r"some )?(?:\w+ ){0,2}?(?:data|information|info|details|profile|records?|"
                        r"account information)|(?:all (?:of )?)?(?:your|their) (?:own )?(?:\w+ )"
                        r"{0,2}?content)\b|\bright (?:of|to) (?:\w+ ){0,2}"
                        r"(?:access|rectification|correction|portability)|\bdata portability|"
                        r"\bcorrect (?:any|the|such) (?:\w+ ){0,3}?information"
                    ),
                    _rx(
                        r"\b(?:you|users?|individuals?|data subjects?|customers?|members?|"
                        r"residents?|everyone|anyone)\b(?:(?!\b(?:they|it|third[- ]part\w*|"
                        r"partners)\b)[^.;]){0,60}?\b(?:can|may|could|are able "
                        r"to|have (?:the|a) right|has (?:the|a) right|right|entitled|opportunity|"
                        r"able|request|ask|contact us|write to)\b|\bright (?:of|to) (?:\w+ ){0,2}"
                        r"(?:access|rectif|correct|portab)|\b(?:we will|we'll) (?:promptly )?"
                        r"(?:correct|provide you|give you)|\bby logging in|\bupon (?:your )?"
                        r"request|\byour (?:account )?settings|\bprovide you with (?:the "
                        r"opportunity|access)|\bplease (?:write|email|contact)|\b(?:allows?|"
                        r"enables?|lets?|permits?) (?:you|users)\b|\b(?:can|may) be used to "
                        r"(?:download|export)\b"
                    ),
                    exclude=_rx(
                        r"\b(?:we|our \w+) (?:may|can|will) (?:also )?access your|password|"
                        r"terms of (?:service|use)|these terms|\bother users\b|\bwill have access|"
                        r"\bwe (?:get|have|gain|obtain) (?:an )?access to|\bwho (?:can|may|could) "
                        r"(?:access|see|view)\b|\bright to (?:access|use) (?:the|our) (?:sites?|"
                        r"services?|websites?|platforms?|apps?|software)\b"
                    ),
                    gated=False,
                ),
            ),
        ),
        FindingSpec(
            "can_delete_data",
            "Lets you have your data deleted",
            Verdict.GOOD,
            ("user_access", "data_retention"),
            (
                Rule(
                    _rx(
                        r"\b(?:delet\w+|eras\w+|remov\w+|be forgotten|clos\w+ your account|"
                        r"deactivat\w+|cancel\w* your account|destroy\w*)\b"
                    ),
                    _rx(
                        r"\b(?:you|users?|individuals?|data subjects?|customers?|members?|"
                        r"residents?|anyone)\b(?:(?!\b(?:they|third[- ]part\w*|partners)\b)[^.;])"
                        r"{0,60}?\b(?:can|may|could|are able to|have "
                        r"(?:the|a) right|has (?:the|a) right|right|entitled|request|ask|"
                        r"contact us|choose|wish|want|would like)\b|\bright (?:of|to) (?:\w+ ){0,2}"
                        r"(?:eras|delet|be forgotten)|\bupon (?:your )?request|\bat your request|"
                        r"\bif you (?:ask|request|wish|want|would like|choose)|\bdelete my "
                        r"account|\brequest (?:the )?(?:deletion|erasure|removal)|\bdeletion "
                        r"requests?|" + _CLAUSE_START + r"request that (?:we|your|the|any|all)\b"
                    ),
                    exclude=_rx(delete_exclude),
                ),
                Rule(
                    _rx(
                        r"\b(?:when|if|once|after) you (?:\w+ )?(?:delete|close|deactivate|cancel|"
                        r"terminate) your (?:[\w-]+ ){0,2}?account\b"
                        r"(?:(?!\b(?:not|cannot|never|may|might)\b|n't)[^.;]){0,80}?"
                        r"\b(?:delet(?:e|es|ed)|eras(?:e|es|ed)|remov(?:e|es|ed)|destroy(?:s|ed)?|"
                        r"purg(?:e|es|ed)|unrecoverable)\b"
                    ),
                    None,
                    polarity="any",
                    exclude=_rx(delete_exclude),
                ),
                Rule(
                    _rx(
                        _CLAUSE_START + r"to (?:permanently )?(?:delete|erase|remove|close) "
                        r"your (?:[\w-]+ )"
                        r"{0,3}?(?:account|data|information|profile)\b"
                    ),
                    _rx(
                        r"\b(?:visit|go to|contact|e-?mail|write to|send|click|follow|use|see|"
                        r"open|navigate|log ?in)\b"
                    ),
                    near=120,
                    exclude=_rx(delete_exclude),
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "cookie_controls",
            "Lets you refuse or turn off cookies",
            Verdict.GOOD,
            ("user_choice",),
            (
                Rule(
                    _rx(r"\bcookies?\b"),
                    _rx(
                        r"\b(?:refus\w+|disabl\w+|block\w*|reject\w*|delet(?:e|es|ed|ing)|remov\w+|"
                        r"declin\w+|deny|turn\w* off|manag\w+|control\w*|clear\w*|opt\w*[- ]out|"
                        r"not to accept|stop accepting|withdraw\w*|(?:change|adjust|modify|set)\w* "
                        r"(?:\w+ ){0,3}(?:(?:browser|cookie|privacy|device) "
                        r"(?:settings|preferences)|"
                        r"browser)|notif\w+ you when|accept or (?:decline|reject|refuse))\b"
                    ),
                    polarity="any",
                    exclude=_rx(
                        r"\bcannot (?:refuse|disable|block|reject|opt)|\b(?:last|lasts|expire\w*|"
                        r"remain\w*|stay\w*|persist\w*) until\b|\bcookies (?:are|is) used to "
                        r"(?:store|remember|save|keep)"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "retention_limited",
            "Keeps your data only for a stated time or purpose",
            Verdict.GOOD,
            ("data_retention",),
            (
                Rule(
                    _rx(
                        r"\b(?:(?:for|within|after|up to|of|than|maximum of|minimum of|beyond) "
                        r"(?:\w+ )?(?:\(?\d+\)? |one |two |three |six |twelve |thirty |ninety |a )"
                        r"(?:\w+ )?(?:hours?|days?|weeks?|months?|years?)|"
                        r"(?:\d+|one|two|three|six|twelve|thirty|ninety) "
                        r"(?:hours?|days?|weeks?|months?|years?) (?:after|following|from)|"
                        r"as long as (?:is |it is |"
                        r"reasonably )?(?:necessary|needed|required|you|your account|we need|"
                        r"there is)|(?:no|not) longer than|for the (?:period|duration|time)|"
                        r"only (?:for )?as long|retention (?:period|schedule|polic\w+)|"
                        r"(?:period|time) (?:necessary|needed|required)|(?:necessary|needed|"
                        r"required) (?:to|for) (?:fulfil|fulfill|achieve|provide|comply|the "
                        r"purposes?)|until (?:you|your|the|we|such)|(?:legal|legitimate|"
                        r"business|statutory|regulatory|contractual|tax|accounting)(?:,? (?:and |"
                        r"or )?\w+){0,2} (?:obligations?|requirements?|purposes?|needs?|"
                        r"reasons?)|required by law|limited (?:time )?period|longer than (?:is |"
                        r"it is |strictly )?(?:necessary|needed|required)|(?:never|not|n't) "
                        r"(?:keep|store|retain|log)\w* (?:any )?(?:logs|records|data|"
                        r"information)|minimum "
                        r"(?:period|necessary)|after (?:the |your )?(?:account|termination|"
                        r"deletion|closure))"
                    ),
                    _rx(
                        r"\b(?:retain\w*|retention|keep\w*|kept|stor\w+|hold|holds|held|"
                        r"maintain\w*|"
                        r"preserv\w+|delet\w+|destroy\w*|eras\w+|anonymi[sz]\w+|purg\w+|remov\w+|"
                        r"remain\w*|discard\w*)\b"
                    ),
                    polarity="any",
                    near=200,
                    gated=True,
                    exclude=_rx(r"\b(?:cookies?|session|terms of (?:service|use))\b"),
                ),
                Rule(
                    _rx(
                        r"\b(?:never|not|n't) (?:\w+ )?(?:keep|store|retain|log|save)\w*"
                        r"(?: \(\w+\))? (?:\w+ ){0,3}?(?:it|them|any \w+) at all\b"
                    ),
                    None,
                    polarity="any",
                ),
                Rule(
                    _rx(
                        r"(?:\bnever|\bnot|n't) (?:\w+ )?(?:keep|store|retain|save|log)(?:s|ed)? "
                        r"(?:[\w'-]+ ){0,4}?(?:permanently|indefinitely|forever)\b|"
                        r"(?:\bnever|\bnot|n't) (?:\w+ )?(?:keep|store|retain|save)(?:s|ed)? "
                        r"(?:any )?logs\b"
                    ),
                    None,
                    polarity="any",
                ),
                Rule(
                    _rx(
                        r"\b(?:despite|notwithstanding|even after|after) (?:your |a |any |such )?"
                        r"(?:requests? (?:for|of|to) (?:erasure|deletion|delete|erase)|"
                        r"(?:erasure|deletion) requests?)\b"
                    ),
                    _rx(r"\b(?:retain\w*|keep\w*|kept|stor(?:e|es|ed|ing)|hold|holds|held)\b"),
                    near=120,
                    requires=_rx(
                        r"\b(?:laws?|legal\w*|legitimate|tax|regulat\w+|complian\w+|obligat\w+|"
                        r"disputes?|fraud)\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "retention_unspecified",
            "Does not say how long it keeps your data",
            Verdict.BAD,
            ("data_retention",),
        ),
        FindingSpec(
            "security_measures",
            "Describes how it protects your data (encryption, access controls)",
            Verdict.GOOD,
            ("data_security",),
            (
                Rule(
                    _rx(
                        r"\b(?:encrypt\w*|ssl|tls|https|secure socket|firewalls?|access controls?|"
                        r"safeguards?|security (?:measures|procedures|controls|practices|"
                        r"technolog\w+|protocols|standards|precautions)|(?:physical|technical|"
                        r"administrative|organi[sz]ational|electronic|managerial|procedural)"
                        r"(?:,? (?:and |or )?(?:physical|technical|administrative|"
                        r"organi[sz]ational|"
                        r"electronic|managerial|procedural))* (?:\w+ )?(?:measures|procedures|"
                        r"safeguards|controls|security|precautions)|hash\w* (?:passwords?)|"
                        r"two[- ]factor|2fa|multi[- ]factor|penetration test\w*|iso 27001|"
                        r"soc ?2|pseudonymi[sz]ation)\b"
                    ),
                    None,
                    polarity="any",
                    exclude=_rx(security_exclude),
                ),
                Rule(
                    _rx(
                        r"\b(?:take|takes|taken|taking|use|uses|implement\w*|maintain\w*|employ\w*|"
                        r"put in place|have in place) (?:all |a (?:variety|range|number) of )?"
                        r"(?:[\w-]+ ){0,2}?(?:measures|steps|precautions) (?:[\w-]+ ){0,3}?to "
                        r"(?:help )?(?:protect|safeguard|secure)\b|"
                        r"\bprotect\w* (?:[\w'-]+ ){0,6}?(?:from|against) (?:[\w-]+ ){0,2}?"
                        r"(?:unauthori[sz]ed|loss|theft|misuse|accidental|malicious)\b|"
                        r"\b(?:restrict|limit)\w* access to (?:[\w-]+ ){0,3}?(?:information|data) "
                        r"to (?:[\w-]+ ){0,2}?(?:employees|personnel|staff)\b"
                    ),
                    None,
                    polarity="any",
                    exclude=_rx(
                        security_exclude + r"|\byou (?:\w+ )?(?:should|must|can|may|need to|"
                        r"have to|are (?:encouraged|advised))\b"
                    ),
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "breach_notification",
            "Promises to tell you about a data breach",
            Verdict.GOOD,
            ("data_security",),
            (
                Rule(
                    _rx(
                        r"\b(?:(?:data|security|personal data|privacy) (?:breach|incident)\w*|"
                        r"breach\w* (?:of|in) (?:the )?(?:security|(?:your |personal )?data|our "
                        r"systems)|"
                        r"unauthori[sz]ed (?:access|disclosure|acquisition)|compromis\w+)\b"
                    ),
                    _rx(
                        r"\b(?:notify|notifies|notified|notification|inform(?:s|ed|ing)?|tell|"
                        r"alert|"
                        r"let (?:you|affected \w+) know|contact you)\b(?:[^.;]{0,40}?)"
                        r"\b(?:you|users?|customers?|individuals?|members?|affected|"
                        r"data subjects?)\b|\bnotif\w+ (?:to )?(?:you|affected|users|individuals)"
                    ),
                    exclude=_rx(
                        r"\b(?:you (?:must|should|agree to|shall) (?:immediately )?notify|"
                        r"notify us|inform us|let us know|breach of (?:these|this|the) "
                        r"(?:terms|agreement|contract))\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "change_notice",
            "Tells you before or when the policy changes",
            Verdict.GOOD,
            ("policy_change",),
            (
                Rule(
                    _rx(
                        r"\b(?:notify|notifies|notified|notification|notice to you|notice of "
                        r"(?:the |any |such )?(?:changes?|modifications?|updates?|revisions?)|"
                        r"notice (?:will|shall|would) be (?:posted|sent|displayed|provided|given)|"
                        r"inform(?:s|ed|ing)?|alert(?:s|ed|ing)?|announc(?:e|es|ed|ing)\b|"
                        r"tell you|let you "
                        r"know|e-?mail (?:you|to)|send (?:you )?(?:an )?(?:e-?mail|notice|"
                        r"message)|(?:advance|prior|reasonable|prominent|written) notice|"
                        r"(?:post|place|display|provide|give)\w* (?:you )?(?:a |an )?(?:notice|"
                        r"banner|notification)|beforehand|in advance|(?:\d+|thirty|seven|"
                        r"fourteen|fifteen|sixty) (?:\(\d+\) )?days?(?:'|\u2019)? (?:prior |"
                        r"advance )?notice|ask (?:for )?your consent|seek your consent|bring it "
                        r"to your attention|opportunity to review)\b"
                    ),
                    _rx(_CHANGE),
                    context=True,
                    exclude=_rx(
                        r"\b(?:without (?:any |further |prior |advance )?(?:notice|notif\w+)|"
                        r"cookie|breach|notify us|you (?:must|should|agree to) notify|"
                        r"(?:stay|keep (?:yourself )?|remain) informed|push notifications?|"
                        r"marketing|"
                        r"your (?:account )?(?:information|details|settings|preferences|"
                        r"password|e-?mail address))\b"
                    ),
                    gated=True,
                ),
            ),
        ),
        FindingSpec(
            "change_without_notice",
            "May change the policy just by editing the page, without telling you",
            Verdict.BAD,
            ("policy_change",),
            (
                Rule(
                    _rx(
                        r"\b(?:without (?:any |further |prior |advance |direct |individual )?"
                        r"(?:notice|notif\w+|informing|telling)|sans préavis)"
                    ),
                    _rx(_CHANGE_POLICY),
                    polarity="any",
                    weight=1.5,
                ),
                Rule(
                    _rx(
                        r"\b(?:(?:reserves?|retains?|has|have) the right to (?:\w+ ){0,4}?|"
                        r"(?:may|can|will|might) (?:\w+ ){0,2}?)(?:chang|modif|updat|revis|amend|"
                        r"alter|replac)\w*(?: or \w+)?(?:,? (?:\w+,? ){0,4}?)? (?:this|these|the|"
                        r"our|its|any (?:part|portion) of (?:this|these|"
                        r"the))(?: \w+)? (?:polic(?:y|"
                        r"ies)|statement|notice|terms|agreement|document|conditions)\b"
                    ),
                    None,
                    polarity="any",
                    weight=0.7,
                    exclude=_rx(
                        r"\b(?:notify|notified|notification|inform(?:s|ed|ing)? you|e-?mail you|"
                        r"let you know|notice to you|advance notice|prior notice|your consent)\b"
                    ),
                ),
                Rule(
                    _rx(
                        r"\b(?:(?:by )?(?:post|publish|updat|upload)\w* (?:\w+ ){0,8}(?:on|to|at) "
                        r"(?:this|our|the) (?:page|site|website|web site|platform|services?)|"
                        r"(?:effective|in effect|take effect|apply) (?:immediately )?(?:upon|"
                        r"when|as soon as|after) (?:\w+ ){0,3}post\w*|(?:check|review|revisit|"
                        r"visit|consult) (?:\w+ ){0,4}(?:periodically|regularly|frequently|"
                        r"from time to time|often|for (?:any )?(?:changes|updates))|(?:at any "
                        r"time|from time to time)(?: and)? (?:in|at) (?:its|our) (?:sole )?"
                        r"discretion|(?:sole|absolute) discretion|continued use|(?:revise|update|"
                        r"change)\w* the (?:\"?last updated\"?|effective|revision) date|"
                        r"updated date|your responsibility to (?:check|review))"
                    ),
                    _rx(_CHANGE),
                    context=True,
                    polarity="any",
                    gated=True,
                ),
            ),
        ),
        FindingSpec(
            "protects_children",
            "Does not knowingly collect data from children",
            Verdict.GOOD,
            ("specific_audiences",),
            (
                Rule(
                    _rx(
                        r"\b(?:children|child|minors?|kids|under (?:the age of )?(?:\d+|thirteen|"
                        r"sixteen|eighteen)|younger than|coppa|(?:persons|individuals|users|"
                        r"anyone|people) under)\b"
                    ),
                    _rx(
                        r"\b(?:knowingly|intend\w*|direct\w*|target\w*|designed|permit\w*|allow\w*|"
                        r"eligible|authori[sz]ed|collect\w*|solicit\w*|maintain\w*|use|register\w*|"
                        r"provide|create|should|may|must|open|sign up)\b"
                    ),
                    polarity="negative",
                    window=10,
                ),
                Rule(
                    _rx(
                        r"\b(?:children|child|minors?|kids|under (?:the age of )?(?:\d+|thirteen|"
                        r"sixteen|eighteen)|younger than|(?:persons|individuals|users|anyone|"
                        r"people) under)\b"
                    ),
                    _rx(
                        r"\b(?:prohibit\w*|forbid\w*|not (?:permitted|allowed|authori[sz]ed|"
                        r"eligible|intended|directed)|unauthori[sz]ed|(?:delete|remove|erase)\w* "
                        r"(?:\w+ ){0,4}(?:information|data|account))\b"
                    ),
                    polarity="any",
                ),
                Rule(
                    _rx(
                        r"\b(?:must be|are|be|you're|you are|aged?|only (?:available|open|"
                        r"intended) (?:to|for) (?:\w+ ){0,3}|users?|individuals?|persons?|people)"
                        r" (?:\(\w+\) )?(?:not )?(?:at least |over |older than |aged? )?(?:the age "
                        r"of )?(?:\(?\d{2}\)?|"
                        r"thirteen|sixteen|eighteen)(?: \(\d{2}\))?(?: years?(?: of age| old)?)?"
                        r"(?: or (?:older|over|above))?\b|\bage (?:restriction|requirement|limit)"
                        r"|\b(?:delete|remove|erase)\w* (?:\w+ ){0,4}(?:information|data)\b[^.]*"
                        r"\b(?:child|children|minor|under \d+)"
                    ),
                    None,
                    polarity="any",
                    exclude=_rx(
                        r"\b(?:contract|account holder|store|credit card|purchase|"
                        r"(?:and|if you) choose to (?!(?:open|create|register|sign up)\b))\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "records_communications",
            "Monitors or records your calls or messages",
            Verdict.BAD,
            ("first_party_collection",),
            (
                Rule(
                    _rx(
                        r"\b(?:(?:private|direct|personal|in-app) messages|your (?:\w+ )?"
                        r"(?:messages|communications|conversations|chats|calls|voice|e-?mails)|"
                        r"(?:phone|telephone|customer service|support|voice|video) calls?|"
                        r"calls? (?:with|to|from) (?:us|our)|conversations? (?:with|between)|"
                        r"communications? (?:with|between|through|on|via|sent)|content of "
                        r"(?:your |the )?(?:messages|communications|calls|emails)|"
                        r"(?:audio|voice|call) recordings?|chat (?:logs|transcripts|messages))\b"
                    ),
                    _rx(
                        r"\b(?:monitor\w*|record(?:s|ed|ing)?|listen\w*|read(?:s|ing)?|scan\w*|"
                        r"review\w*|analy[sz]\w*|intercept\w*|inspect\w*|transcrib\w*|access\w*|"
                        r"examin\w*)\b"
                    ),
                    near=120,
                    exclude=_rx(
                        r"\b(?:keep (?:a )?records? of|call (?:records|logs|history)|responsible "
                        r"for|you may "
                        r"(?:record|read)|marketing|unsubscribe|opt[- ]out|phone numbers?)\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "international_transfers",
            "Moves your data to other countries",
            Verdict.NEUTRAL,
            ("specific_audiences", "third_party_sharing", "first_party_collection"),
            (
                Rule(
                    _rx(
                        r"\b(?:outside (?:of )?(?:your|the|their) (?:country|state|province|"
                        r"jurisdiction|region|EEA|EU|European|UK)|outside (?:of )?(?:the )?(?:EEA|"
                        r"EU|European|UK|United Kingdom|Switzerland)|other countries|another "
                        r"country|(?:the )?united states|\bU\.S\.|\bUSA\b|countries (?:other than|"
                        r"outside|where)|around the world|worldwide|anywhere in the world|"
                        r"across (?:national )?borders|cross-border|international(?:ly)?|third "
                        r"countries|(?:standard )?contractual clauses|privacy shield|adequacy "
                        r"decision)\b"
                    ),
                    _rx(
                        r"\b(?:transfer\w*|stor\w+|process\w*|maintain\w*|host\w*|located|locat\w+|"
                        r"mov\w+|transmit\w*|sent|send|access\w*|kept|held|"
                        r"(?<!you )(?<!who )resid(?:e|es|ing))\b"
                    ),
                    near=200,
                    exclude=_rx(
                        r"\b(?:laws? of the state|governing law|jurisdiction of the courts)\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "ignores_do_not_track",
            "Ignores your browser's Do Not Track signal",
            Verdict.BAD,
            ("do_not_track",),
            (
                Rule(
                    _rx(_DNT),
                    _rx(
                        r"\b(?:respond\w*|honou?r\w*|recogni[sz]\w*|support\w*|alter\w*|chang\w+|"
                        r"act\w* on|process\w*|compl(?:y|ies)|obey\w*|observe\w*|follow\w*|"
                        r"treat\w*|react\w*|accommodat\w+|take (?:any )?action|adhere\w*|"
                        r"interpret\w*|configured to respond)\b"
                    ),
                    polarity="negative",
                ),
                Rule(
                    _rx(_DNT),
                    _rx(r"\b(?:regardless of|irrespective of|even if|even when)\b"),
                    polarity="any",
                ),
                Rule(
                    _rx(r"\b(?:those|these|such|the) (?:signals|requests|headers|settings)\b"),
                    _rx(r"\b(?:respond\w*|honou?r\w*|recogni[sz]\w*|support\w*|alter\w*)\b"),
                    polarity="negative",
                    context_topic=_rx(_DNT),
                ),
            ),
        ),
        FindingSpec(
            "honors_do_not_track",
            "Respects your browser's Do Not Track signal",
            Verdict.GOOD,
            ("do_not_track",),
            (
                Rule(
                    _rx(_DNT),
                    _rx(
                        r"\b(?:respond\w*|honou?r\w*|recogni[sz]\w*|support\w*|respect\w*|"
                        r"compl(?:y|ies)|obey\w*|observe\w*|follow\w*|process\w*|stop\w*|"
                        r"disabl\w*|turn\w* off)\b"
                    ),
                    exclude=_rx(
                        r"\b(?:no|not yet an?|lack of|absence of)\b[^.]{0,60}\b(?:standard|"
                        r"consensus|understanding|agreement)|\bunable\b"
                    ),
                    requires=re.compile(
                        r"\b(?:[Ww]e|[Oo]ur|us|website|site|service|platform|app)\b|"
                        r"\b[A-Z][a-zA-Z]+ "
                        r"(?:respects|responds|honou?rs|supports|recogni[sz]es)\b"
                    ),
                    window=10,
                ),
                Rule(
                    _rx(_DNT),
                    _rx(
                        r"\b(?:track\w*|log\w*|utili[sz]e|use|collect\w*|count\w*|record\w*|"
                        r"set\w* (?:any )?cookies|load\w*)\b"
                    ),
                    polarity="negative",
                    requires=_rx(
                        r"\b(?:if|when|whenever)\b[^.]{0,60}(?:do[ _-]+not[ _-]+track|dnt)|"
                        r"(?:do[ _-]+not[ _-]+track|dnt)\b[^.]{0,40}\b(?:enabled|turned on|set|"
                        r"activated)"
                    ),
                    exclude=_rx(r"\b(?:tell|ask) (?:a )?(?:website|site|sites|services?) not to"),
                ),
            ),
        ),
        FindingSpec(
            "privacy_contact",
            "Gives a way to contact it about privacy",
            Verdict.GOOD,
            ("other",),
            (
                Rule(
                    _rx(
                        r"\b(?:contact(?:ing)?|e-?mail(?:ing)?|writ(?:e|ing) to|reach(?:ing)?|"
                        r"call(?:ing)?|get in touch with|send (?:us )?(?:an? )?(?:e-?mail|letter|"
                        r"message|request)s? to|address (?:your |any )?(?:questions|requests))"
                        r"(?: or \w+)? (?:us|our|the|at|him|her|them|them)\b|"
                        r"[\w.+-]+@[\w-]+\.[\w.]+"
                    ),
                    _rx(
                        r"\b(?:privacy|data protection|personal (?:data|information)|this "
                        r"(?:policy|statement|notice)|our (?:policy|practices)|your (?:rights|"
                        r"personal)|complain\w*|concerns?|questions?|exercise|comments?|"
                        r"inquir\w+|enquir\w+)\b"
                    ),
                    near=200,
                    exclude=_rx(
                        _CONTACTING_YOU.pattern + r"|\b(?:copyright|proprietary rights|"
                        r"intellectual property|trademarks?)\b|\bby (?:using|accessing|visiting) "
                        r"(?:[\w-]+ ){0,4}?(?:or|and) contacting us\b"
                    ),
                ),
                Rule(
                    _rx(
                        r"\b(?:data protection officer|privacy officer|\bDPO\b|privacy team|"
                        r"privacy@|dpo@|data-?protection@|privacy office|privacy department)"
                    ),
                    None,
                    polarity="any",
                ),
            ),
            gated=True,
        ),
    )


FINDINGS: dict[str, FindingSpec] = {spec.id: spec for spec in _specs()}
"""Every finding id of the API, in the API's order."""

_UNSPECIFIED = {"retention_unspecified": "retention_limited"}
"""Silence findings: raised with empty evidence when the finding they complement is absent."""


# --- matching ----------------------------------------------------------------------------


def _blank_url(match: re.Match[str]) -> str:
    """A URL blanked out (a Markdown link keeps its text), so "https" is not a finding."""
    if match.group(1) is not None:
        return f"[{match.group(1)}]" + " " * (len(match.group()) - len(match.group(1)) - 2)
    return " " * len(match.group())


def _mask(sentence: str, masks: list[re.Match[str]]) -> str:
    """The sentence with phrases that only look negated (masks: the matches of
    _NEGATION_MASKS in it) blanked out, same length."""
    parts, end = [], 0
    for mask in masks:
        parts += [sentence[end : mask.start()], _NON_SPACE.sub("_", mask.group())]
        end = mask.end()
    return "".join(parts) + sentence[end:] if parts else sentence


@functools.lru_cache(maxsize=4096)
def _is_negated(masked: str, start: int, end: int, window: int = NEGATION_WINDOW_WORDS) -> bool:
    """Whether the act at [start, end) is negated within its clause (remembered: rules that
    share an act ask it of the same occurrence)."""
    words = masked[_clause_start(masked, start) : start].split()[-window:]
    if _NEGATOR.search(" ".join(words)):
        return True
    return bool(_POST_NEGATOR.match(masked[end : end + 30]))


@functools.lru_cache(maxsize=4096)
def _clause_start(masked: str, end: int) -> int:
    """Where the clause that runs to end starts: after the last clause break before end, as
    _CLAUSE_BREAK.finditer(masked[:end]) finds them, tried only where a break may start
    (remembered: the rules ask it of the same acts and topics again and again)."""
    start = 0
    for match in _matches_at(_CLAUSE_BREAK, masked, _break_starts(masked), 0, end):
        start = match.end()
    return start


@functools.lru_cache(maxsize=1024)
def _break_starts(masked: str) -> list[int]:
    """Where a _CLAUSE_BREAK match may start, ascending: at a punctuation mark or comma, or
    where the case-folded text holds one of its words."""
    starts = [match.start() for match in _BREAK_MARK.finditer(masked)]
    folded = masked.lower() if masked.isascii() else masked.translate(_FOLD).lower()
    for word in _BREAK_WORDS:
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
    if _NEGATOR.search(" ".join(before)):
        return True
    if not before or before[-1].lower() not in _DETERMINERS:
        return False
    clause = masked[_clause_start(masked, topic.start()) : topic.start()].split()[-5:]
    return bool(_NEGATOR.search(" ".join(clause)))


def _rescued(masked: str, act_end: int, topic_start: int) -> bool:
    """Whether an exception ("except", "unless") lies between a negated act and its topic."""
    return topic_start > act_end and bool(_EXCEPTION.search(masked, act_end, topic_start))


def _rule_fires(rule: Rule, reading: _Reading) -> bool:
    """Whether a rule states its finding in this sentence (its context: heading and lead-in)."""
    sentence = reading.sentence
    if rule.requires is not None and not sentence.search(rule.requires):
        return False
    topics = sentence.finditer(rule.topic)
    if not topics:
        return False
    if rule.exclude is not None and sentence.search(rule.exclude):
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
            a for a in acts if not _USER_SUBJECT.search(masked[max(0, a.start() - 30) : a.start()])
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


def _clause_negated(masked_sentence: _Searchable, rule: Rule, topic: re.Match[str]) -> bool:
    """Whether an earlier act of the topic's clause is negated ("we do not collect data
    such as ..., the processing of biometric data")."""
    if rule.act is None:
        return False
    masked = masked_sentence.text
    clause_start = _clause_start(masked, topic.start())
    for act in masked_sentence.finditer_between(rule.act, clause_start, topic.start()):
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
    for quoted in _QUOTED.finditer(sentence):
        words = _TITLE_WORD.findall(quoted.group(1))
        if words and all(word[0].isupper() for word in words):
            spans.append(quoted.span(1))
    return spans


def _distance(a: re.Match[str], b: re.Match[str]) -> int:
    """Characters between two matches (0 when they overlap)."""
    return max(0, max(a.start(), b.start()) - min(a.end(), b.end()))


def _act_ok(
    rule: Rule, masked_sentence: _Searchable, act: re.Match[str], topic: re.Match[str]
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


class _Searchable:
    """A text and the trigger bits of its words: a pattern is searched in it only when the
    text holds the pattern's triggers, and only where one of its leads occurs."""

    __slots__ = ("text", "bits", "_folded", "_found", "_occurring")

    def __init__(self, text: str, bits: int) -> None:
        """bits: _trigger_bits(text), or the OR of those of the parts it joins."""
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
            else:
                found = _matches_at(pattern, self.text, starts, 0, len(self.text))
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
        lookup = _LOOKUPS.get(id(pattern))
        if lookup is None:
            return None
        bits = self.bits
        if lookup.needs & bits != lookup.needs:
            return []
        if not lookup.lead_bits:
            return None
        leads = lookup.lead_bits & bits
        occurring = self._occurring
        starts: list[int] = []
        lists = 0
        while leads:
            bit = leads & -leads
            leads ^= bit
            for lead in lookup.lead_texts[bit]:
                found = occurring.get(lead)
                if found is None:
                    found = occurring[lead] = self._occurrences(lead)
                if found:
                    starts += found
                    lists += 1
        return starts if lists < 2 else sorted(set(starts))

    def _occurrences(self, lead: str) -> list[int]:
        """Where a lead text occurs in the case-folded text (for _DIGITS: each digit)."""
        if lead == _DIGITS:
            return [match.start() for match in _DIGIT.finditer(self.text)]
        if self._folded is None:
            text = self.text
            self._folded = text.lower() if text.isascii() else text.translate(_FOLD).lower()
        found = []
        at = self._folded.find(lead)
        while at >= 0:
            found.append(at)
            at = self._folded.find(lead, at + 1)
        return found


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: list[int], pos: int, endpos: int
) -> list[re.Match[str]]:
    """The matches of pattern.finditer(text, pos, endpos) when every one starts at one of
    starts (ascending): the first match at a start, then the first at a start after its end."""
    matches = []
    match_at = pattern.match
    for start in starts:
        if pos <= start < endpos:
            match = match_at(text, start, endpos)
            if match:
                matches.append(match)
                pos = match.end()
    return matches


class _Reading:
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
    )

    def __init__(
        self,
        text: str,
        bits: int,
        context_bits: int,
        item: LabelledSegment,
        sentences: Sequence[Sentence],
        index: int,
    ) -> None:
        """text: sentences[index].text; bits: _trigger_bits(text); context_bits: those of
        its context."""
        self.text = text
        blanked = _blank_urls(text)
        self.sentence = _Searchable(blanked, bits if blanked is text else _trigger_bits(blanked))
        self.context_bits = context_bits
        self._item, self._sentences, self._index = item, sentences, index
        self._masked: _Searchable | None = None
        self._context: _Searchable | None = None
        self._context_masked: str | None = None
        self._negated: bool | None = None
        self._titles: list[tuple[int, int]] | None = None
        self._other_actor: bool | None = None

    @property
    def masked(self) -> _Searchable:
        """The blanked sentence with the phrases that only look negated masked."""
        if self._masked is None:
            sentence = self.sentence
            masked = _mask(sentence.text, sentence.finditer(_NEGATION_MASKS))
            if masked is sentence.text:
                self._masked = sentence  # nothing masked: share what was found in it
            else:
                self._masked = _Searchable(masked, _trigger_bits(masked))
        return self._masked

    @property
    def context(self) -> _Searchable:
        """The heading and lead-in that govern the sentence (as written)."""
        if self._context is None:
            context = _context(self._item, self._sentences, self._index)
            self._context = _Searchable(context, self.context_bits)
        return self._context

    @property
    def context_masked(self) -> str:
        """The context with the phrases that only look negated masked."""
        if self._context_masked is None:
            context = self.context
            self._context_masked = _mask(context.text, context.finditer(_NEGATION_MASKS))
        return self._context_masked

    @property
    def negated(self) -> bool:
        """The sentence holds a negator ("cannot be tied to you"): an act of its lead-in
        does not carry over to it."""
        if self._negated is None:
            self._negated = self.masked.search(_NEGATOR) is not None
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
        """The sentence is about indemnity or copyright claims, never a finding."""
        return self._search_as_written(_INDEMNITY)

    @property
    def other_actor(self) -> bool:
        """The sentence describes what others do ("search engines ...", "they do the same"),
        not the service; so does one without a first person after such a sentence."""
        if self._other_actor is None:
            self._other_actor = self._about_others()
        return self._other_actor

    def _about_others(self) -> bool:
        """See other_actor."""
        if self._search_as_written(_FIRST_PERSON):
            return False
        if self._search_as_written(_OTHER_ACTOR):
            return True
        if self._index == 0:
            return False
        previous = self._sentences[self._index - 1].text
        return bool(_OTHER_ACTOR.search(previous)) and not _FIRST_PERSON.search(previous)

    def _search_as_written(self, pattern: re.Pattern[str]) -> bool:
        """Whether pattern matches the sentence as written (URLs not blanked)."""
        if self.sentence.text is self.text:
            return self.sentence.search(pattern) is not None
        return pattern.search(self.text) is not None


def _blank_urls(sentence: str) -> str:
    """The sentence with its URLs blanked (the same string when it has none)."""
    if "](" in sentence or "http" in sentence or "www." in sentence:
        return _URL.sub(_blank_url, sentence)
    return sentence


# --- finding the findings ----------------------------------------------------------------


def find_findings(text: str, labelled: Sequence[LabelledSegment]) -> list[Finding]:
    """The findings the policy text supports, each with up to MAX_EVIDENCE exact sentences,
    in the order of FINDINGS; silence findings (retention_unspecified) with no evidence."""
    candidates: dict[str, list[tuple[float, Sentence]]] = {spec_id: [] for spec_id in FINDINGS}
    for item in labelled:
        sentences = _sentences_of(text, item)
        gates = _Gates(item)
        heading_bits = _trigger_bits(item.segment.heading or "")
        context_bits = lead_in_bits = heading_bits
        for index, sentence in enumerate(sentences):
            bits = _trigger_bits(sentence.text)
            exact = text[sentence.start : sentence.end] == sentence.text
            if exact and not sentence.text.rstrip().endswith("?"):
                reading = _Reading(sentence.text, bits, context_bits, item, sentences, index)
                for spec_id, strength in _strengths(reading, gates).items():
                    if strength > 0:
                        candidates[spec_id].append((strength, sentence))
            if sentence.text.rstrip().endswith(":"):
                lead_in_bits |= bits
            context_bits = lead_in_bits | bits
    _reconcile(candidates)
    findings: list[Finding] = []
    for spec in FINDINGS.values():
        found = candidates[spec.id]
        if spec.id in _UNSPECIFIED:
            if not candidates[_UNSPECIFIED[spec.id]]:
                findings.append(Finding(spec.id, spec.title, spec.verdict, ()))
            continue
        if not found:
            continue
        best = sorted(found, key=lambda pair: (-pair[0], pair[1].start))
        evidence: list[Evidence] = []
        for _, sentence in best:
            if all(e.start != sentence.start for e in evidence):
                evidence.append(Evidence(sentence.text, sentence.start, sentence.end))
            if len(evidence) == MAX_EVIDENCE:
                break
        findings.append(Finding(spec.id, spec.title, spec.verdict, tuple(evidence)))
    return findings


def _strengths(reading: _Reading, gates: _Gates) -> dict[str, float]:
    """How strongly the sentence supports each finding it supports at all. A rule weighing
    no more than one of its finding that already counted cannot raise the strength: skipped."""
    strengths: dict[str, float] = {}
    counted: dict[str, float] = {}
    for indexed in _candidate_rules(reading):
        spec, rule = indexed.spec, indexed.rule
        if spec.id in counted and rule.weight <= counted[spec.id]:
            continue
        if (rule.gated or spec.gated) and not gates.open(spec):
            continue
        if not _rule_fires(rule, reading):
            continue
        if reading.indemnity:
            return {}
        if reading.other_actor:
            continue
        gate = gates.score(spec)
        prior = 0.5 if gate is None else gate
        strength = rule.weight + 0.5 * prior - len(reading.text) / 10000
        strengths[spec.id] = max(strengths.get(spec.id, 0.0), strength)
        counted[spec.id] = max(counted.get(spec.id, rule.weight), rule.weight)
    return strengths


class _Gates:
    """The classifier's gates on one segment, per finding, each computed once."""

    __slots__ = ("labelled", "_scores", "_best")

    def __init__(self, labelled: LabelledSegment) -> None:
        self.labelled = labelled
        self._scores: dict[str, float | None] = {}
        self._best: dict[str, float] | None = None

    def score(self, spec: FindingSpec) -> float | None:
        """The segment's gate score for the spec (see _gate_score)."""
        scores = self._scores
        if spec.id not in scores:
            if self._best is None:
                self._best = _best_scores(self.labelled)
            scores[spec.id] = _gate_score(spec, self.labelled, self._best)
        return scores[spec.id]

    def open(self, spec: FindingSpec) -> bool:
        """Whether the spec's gated rules may fire here: the classifier agrees enough, gives
        no output, or the heading names the spec's topic."""
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


def _context(labelled: LabelledSegment, sentences: Sequence[Sentence], index: int) -> str:
    """The heading and lead-in that govern sentence index: heading + preceding sentence(s)."""
    parts = [labelled.segment.heading or ""]
    if index > 0:
        previous = sentences[index - 1].text
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
    "policy_change": _rx(r"\b(?:chang\w*|updat\w*|modif\w*|revis\w*|amend\w*)\b"),
}


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
    """Policy-level consistency: a notice promise outweighs "by posting" without "no notice"."""
    if candidates["change_notice"] and candidates["change_without_notice"]:
        explicit = _rx(r"without (?:any |further |prior |advance )?(?:notice|notif)")
        candidates["change_without_notice"] = [
            pair for pair in candidates["change_without_notice"] if explicit.search(pair[1].text)
        ]


# --- trigger words: which rules a sentence can satisfy, and where -------------------------
#
# Read off each parsed pattern: its triggers, ASCII word pieces of the literal text that
# every match holds ("collect" in \b(?:collect\w*|gather\w*)). A piece after a word boundary
# must start a word of the sentence, any other must lie inside one. And its leads, the pieces
# every match starts with. A rule is tried only on sentences that hold the triggers of its
# topic and act, and a pattern is tried only where one of its leads occurs. Both only skip
# searches that cannot match: the matches found are those of pattern.search and finditer.

Trigger = tuple[str, bool]
"""A piece of literal text, and whether it starts a word (else it lies inside one)."""

_SPELLINGS_CAP = 64
"""A literal run with more spellings than this is not expanded (it yields no triggers)."""

_LEAD_TEXTS_CAP = 3
"""Leads sharing a first word beyond this many are searched as their common start."""

_CACHED_WORDS = 200_000
"""Words and chunks whose trigger bits are remembered; the caches empty past this size."""

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SYMBOLS = re.compile(r"[!-/:-@[-^`{-~]+")
"""Runs of ASCII punctuation and symbols ("@", "://")."""
_DIGIT = re.compile(r"\d")

_DIGITS = "\\d"
"""The piece that stands for any digit (as re's \\d matches it), in a word or leading a match."""

_COMMON_WORDS = _WORD.findall(
    "a all an and any are as at be by for from have in info information is it may not of on "
    "or our personal privacy provide service services site that the their third this to us "
    "use user users we will with you your"
)
"""Words of most policies: a trigger they hold is a poor filter, another is preferred."""

_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The non-ASCII letters that case-insensitive ASCII letters match (İ ı ſ K), as those."""

_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)

Items = Sequence[tuple[Any, Any]]
"""A parsed pattern or part of one: (opcode, argument) pairs, as re's parser gives them."""


def _literal_spellings(items: Items) -> set[str] | None:
    """Every text a run of parsed items matches, when it is a few literals (else None)."""
    spellings = {""}
    for op, arg in items:
        if op is _sre.LITERAL:
            choices: set[str] | None = {chr(arg)}
        elif op is _sre.IN and all(kind is _sre.LITERAL for kind, _ in arg):
            choices = {chr(code) for _, code in arg}
        elif op is _sre.SUBPATTERN and not arg[1] and not arg[2]:
            choices = _literal_spellings(arg[3])
        elif op is _sre.BRANCH:
            branches = [_literal_spellings(branch) for branch in arg[1]]
            choices = None if None in branches else set().union(*branches)
        elif op in _REPEATS and arg[1] == 1:
            inner = _literal_spellings(arg[2])
            choices = None if inner is None else inner | ({""} if arg[0] == 0 else set())
        else:
            return None
        if choices is None:
            return None
        spellings = {spelling + choice for spelling in spellings for choice in choices}
        if len(spellings) > _SPELLINGS_CAP:
            return None
    return spellings


def _literal_run(items: Items, start: int) -> tuple[int, set[str] | None]:
    """The end and spellings of the longest run of literal items from start (None: none)."""
    end = start
    while end < len(items) and _literal_spellings(items[start : end + 1]) is not None:
        end += 1
    return end, _literal_spellings(items[start:end]) if end > start else None


def _pieces(spelling: str, starts_word: bool) -> list[Trigger]:
    """The ASCII word pieces of a literal text: the first starts a word when the text does,
    the others because a non-word character precedes them. A text without words gives its
    symbols ("@"), which must lie inside a chunk of the sentence."""
    pieces = []
    for word in _WORD.finditer(spelling):
        for index, part in enumerate(_NON_ASCII.split(word.group())):
            if part:
                at_start = index == 0 and (word.start() > 0 or starts_word)
                pieces.append((part.lower(), at_start))
    if not pieces:
        pieces = [(symbols, False) for symbols in _SYMBOLS.findall(spelling)]
    return pieces


def _implies(trigger: Trigger, other: Trigger) -> bool:
    """Whether every word that holds trigger holds other too."""
    (piece, starts_word), (other_piece, other_starts_word) = trigger, other
    if _DIGITS in (piece, other_piece):
        return False
    if other_starts_word:
        return starts_word and piece.startswith(other_piece)
    return other_piece in piece


def _minimal(triggers: set[Trigger]) -> frozenset[Trigger]:
    """The triggers without those another one implies ("collect" implies "collected")."""
    return frozenset(
        trigger
        for trigger in triggers
        if not any(other != trigger and _implies(trigger, other) for other in triggers)
    )


def _minimal_leads(leads: set[Trigger]) -> frozenset[Trigger]:
    """The leads without those another one implies at the same place ("collect" where
    "collected" starts; "in" does not imply "business", which holds it elsewhere)."""
    return frozenset(
        lead
        for lead in leads
        if not any(
            other != lead and lead[0].startswith(other[0]) and (lead[1] or not other[1])
            for other in leads
        )
    )


def _rarity(triggers: frozenset[Trigger]) -> tuple[bool, int, int]:
    """How rarely a sentence holds one of these triggers, roughly: none held by a common
    word, then the shortest piece (a word start counts half a letter more), fewer pieces."""
    rare = not any(_common(trigger) for trigger in triggers)
    shortest = min(2 * len(piece) + starts_word for piece, starts_word in triggers)
    return rare, shortest, -len(triggers)


def _common(trigger: Trigger) -> bool:
    """Whether a word of most policies holds the trigger."""
    return any(_implies((word, True), trigger) for word in _COMMON_WORDS)


def _run_triggers(spellings: set[str], after_non_word: bool, boundary: bool) -> frozenset | None:
    """The rarest piece of each spelling of a literal run (None when one has none)."""
    best = set()
    for spelling in spellings:
        starts_word = after_non_word or (boundary and bool(_WORD_CHAR.match(spelling)))
        pieces = _pieces(spelling, starts_word)
        if not pieces:
            return None
        best.add(max(pieces, key=lambda piece: _rarity(frozenset([piece]))))
    return _minimal(best)


def _ends_non_word(op: Any, arg: Any) -> bool:
    """Whether an item always ends on a non-word character (a space, a comma...)."""
    if op is _sre.LITERAL:
        return not _WORD_CHAR.match(chr(arg))
    if op is _sre.IN:
        return all(
            (kind is _sre.LITERAL and not _WORD_CHAR.match(chr(value)))
            or (kind is _sre.CATEGORY and value in (_sre.CATEGORY_SPACE, _sre.CATEGORY_NOT_WORD))
            for kind, value in arg
        )
    if op is _sre.SUBPATTERN:
        return _sequence_ends_non_word(arg[3])
    if op is _sre.BRANCH:
        return all(_sequence_ends_non_word(branch) for branch in arg[1])
    if op in _REPEATS and arg[0] >= 1:
        return _sequence_ends_non_word(arg[2])
    return False


def _sequence_ends_non_word(items: Items) -> bool:
    """Whether a sequence of items always ends on a non-word character."""
    return bool(items) and _ends_non_word(*items[-1])


def _after_zero_width(arg: Any, after_non_word: bool, boundary: bool) -> tuple[bool, bool]:
    """What an assertion (\\b, ^, lookaround) tells about the character before the next."""
    if arg is _sre.AT_BOUNDARY:
        return after_non_word, True
    if arg in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING):
        return True, boundary
    if arg is _sre.AT_NON_BOUNDARY:
        return after_non_word, False
    return after_non_word, boundary


def _is_digits(op: Any, arg: Any) -> bool:
    """Whether an item matches one digit or more (\\d, \\d+, \\d{2})."""
    if op is _sre.IN:
        return arg == [(_sre.CATEGORY, _sre.CATEGORY_DIGIT)]
    return op in _REPEATS and arg[0] >= 1 and len(arg[2]) == 1 and _is_digits(*arg[2][0])


def _inner_items(op: Any, arg: Any) -> Items | None:
    """The items a group or a repeat of at least one matches once (None for other items)."""
    if op is _sre.SUBPATTERN:
        return arg[3]
    if op is _sre.ATOMIC_GROUP:
        return arg
    if op in _REPEATS and arg[0] >= 1:
        return arg[2]
    return None


def _sequence_triggers(items: Items, after_non_word: bool, boundary: bool) -> frozenset | None:
    """The rarest set of triggers one of which every match of the items holds (None: no
    such set found). after_non_word: a non-word character or the start precedes them;
    boundary: a \\b precedes them."""
    found: list[frozenset] = []
    index = 0
    while index < len(items):
        op, arg = items[index]
        end, spellings = _literal_run(items, index)
        if spellings is not None:
            run = _run_triggers(spellings, after_non_word, boundary)
            if run is not None:
                found.append(run)
            ends = all(not _WORD_CHAR.match(s[-1]) for s in spellings if s)
            after_non_word = ends and ("" not in spellings or after_non_word)
            boundary = False
            index = end
            continue
        index += 1
        if op in _ZERO_WIDTH:
            if op is _sre.AT:
                after_non_word, boundary = _after_zero_width(arg, after_non_word, boundary)
            continue
        inner = _inner_items(op, arg)
        if _is_digits(op, arg):
            found.append(frozenset([(_DIGITS, False)]))
        elif inner is not None:
            triggers = _sequence_triggers(inner, after_non_word, boundary)
            if triggers is not None:
                found.append(triggers)
        elif op is _sre.BRANCH:
            branches = [_sequence_triggers(b, after_non_word, boundary) for b in arg[1]]
            if None not in branches:
                found.append(_minimal(set().union(*branches)))
        if op in _REPEATS and arg[0] == 0:
            after_non_word = after_non_word and _sequence_ends_non_word(arg[2])
        else:
            after_non_word = _ends_non_word(op, arg)
        boundary = False
    return max(found, key=_rarity) if found else None


def _sequence_leads(items: Items, after_non_word: bool, boundary: bool) -> frozenset | None:
    """The leads of the items: texts every match starts with (lower-cased, ASCII, from a
    word character on), and whether they start a word (None when a match may start with
    something else)."""
    for index, (op, arg) in enumerate(items):
        if op in _ZERO_WIDTH:
            if op is _sre.AT:
                after_non_word, boundary = _after_zero_width(arg, after_non_word, boundary)
            continue
        _, spellings = _literal_run(items, index)
        if spellings is not None:
            leads = {
                (_NON_ASCII.split(s)[0].lower(), after_non_word or boundary) for s in spellings
            }
            if any(not _WORD_CHAR.match(text) for text, _ in leads):
                return None
            return _minimal_leads(leads)
        if _is_digits(op, arg):
            return frozenset([(_DIGITS, False)])
        inner = _inner_items(op, arg)
        if inner is not None:
            return _sequence_leads(inner, after_non_word, boundary)
        if op is _sre.BRANCH:
            branches = [_sequence_leads(b, after_non_word, boundary) for b in arg[1]]
            if None in branches:
                return None
            return _minimal_leads(set().union(*branches))
        return None
    return None


def _parsed(pattern: re.Pattern[str]) -> Items | None:
    """The pattern as re's parser reads it (None when its words are not Unicode words)."""
    if pattern.flags & (re.ASCII | re.LOCALE):
        return None
    return list(_sre_parser.parse(pattern.pattern, pattern.flags))


@dataclass(frozen=True, slots=True)
class _Lookup:
    """How to search a pattern: the bits a text must all hold for it to match (of its
    triggers and of its leads), the bits of the first words of its leads (0: a match may
    start anywhere) and, per such bit, the leads' texts."""

    needs: int
    lead_bits: int
    lead_texts: dict[int, tuple[str, ...]]


_LOOKUPS: dict[int, _Lookup] = {}
"""Per id of each pattern the rules search in a sentence (hashing a pattern is slow): its
bits."""

_WORD_STARTS: dict[str, int] = {}
"""Per piece that must start a word: the bits a word starting with it holds."""

_WORD_PARTS: dict[str, int] = {}
"""Per piece that may lie anywhere in a word: the bits a word containing it holds."""

_CHUNK_SYMBOLS: dict[str, int] = {}
"""Per piece of symbols ("@"): the bits a chunk containing it holds."""

_PIECE_BITS: dict[Trigger, int] = {}
"""The bit of each first word of a lead, shared by the patterns that have it."""

_BIT_COUNT = itertools.count()


def _new_bit() -> int:
    """A bit no trigger or lead has yet."""
    return 1 << next(_BIT_COUNT)


def _add_piece(trigger: Trigger, bit: int) -> None:
    """Make the words (or, for symbols, the chunks) that hold trigger hold bit too."""
    piece, starts_word = trigger
    if starts_word:
        table = _WORD_STARTS
    elif piece == _DIGITS or _WORD_CHAR.match(piece):
        table = _WORD_PARTS
    else:
        table = _CHUNK_SYMBOLS
    table[piece] = table.get(piece, 0) | bit


def _lookup(pattern: re.Pattern[str]) -> _Lookup:
    """The bits of a pattern, registered on first sight (at import only: the words seen
    later keep the bits of the patterns registered when they were first seen)."""
    if id(pattern) not in _LOOKUPS:
        items = _parsed(pattern)
        triggers = None if items is None else _sequence_triggers(items, False, False)
        leads = None if items is None else _sequence_leads(items, False, False)
        needs = 0
        if triggers:
            needs |= (trigger_bit := _new_bit())
            for trigger in triggers:
                _add_piece(trigger, trigger_bit)
        if leads:
            needs |= (any_lead_bit := _new_bit())
        lead_texts: dict[int, tuple[str, ...]] = {}
        for text, starts_word in sorted(leads or ()):
            word = text if text == _DIGITS else _WORD.findall(text)[0]
            first_word = (word, starts_word)
            if first_word not in _PIECE_BITS:
                _PIECE_BITS[first_word] = _new_bit()
                _add_piece(first_word, _PIECE_BITS[first_word])
            _add_piece(first_word, any_lead_bit)
            bit = _PIECE_BITS[first_word]
            lead_texts[bit] = (*lead_texts.get(bit, ()), text)
        for bit, texts in lead_texts.items():
            if len(texts) > _LEAD_TEXTS_CAP:
                lead_texts[bit] = (os.path.commonprefix(texts),)
        _LOOKUPS[id(pattern)] = _Lookup(needs, sum(lead_texts), lead_texts)
    return _LOOKUPS[id(pattern)]


@dataclass(frozen=True, slots=True)
class _IndexedRule:
    """A rule, its finding, the trigger bits a sentence must hold for the rule to fire, and
    those the sentence or its context must hold."""

    spec: FindingSpec
    rule: Rule
    needs: int
    needs_around: int


def _indexed(spec: FindingSpec, rule: Rule) -> _IndexedRule:
    """A rule and its needs: the triggers of its topic, of requires and of its act, which
    may stand in the context instead when rule.context (and not near), as context_topic."""
    for pattern in (rule.topic, rule.act, rule.exclude, rule.requires, rule.context_topic):
        if pattern is not None:
            _lookup(pattern)
    act_around = rule.act is not None and rule.context and not rule.near
    in_sentence = [rule.topic, rule.requires, None if act_around else rule.act]
    around = [rule.context_topic, rule.act if act_around else None]
    needs = _needs_of(in_sentence)
    needs_around = _needs_of(around)
    return _IndexedRule(spec, rule, needs, needs_around)


def _needs_of(patterns: list[re.Pattern[str] | None]) -> int:
    """The bits a text must hold for all of these patterns to match in it."""
    return functools.reduce(operator.or_, (_lookup(p).needs for p in patterns if p is not None), 0)


def _candidate_rules(reading: _Reading) -> list[_IndexedRule]:
    """The rules whose trigger needs the sentence and its context meet, in FINDINGS order."""
    hits = reading.sentence.bits
    around = hits | reading.context_bits
    return [
        indexed
        for needs, needs_around, indexed in _RULE_NEEDS
        if needs & hits == needs and needs_around & around == needs_around
    ]


for _pattern in (_INDEMNITY, _OTHER_ACTOR, _FIRST_PERSON, _NEGATION_MASKS, _NEGATOR):
    _lookup(_pattern)

_INDEXED_RULES = [_indexed(spec, rule) for spec in FINDINGS.values() for rule in spec.rules]
"""Every rule, in the order of FINDINGS."""

_RULE_NEEDS = [(indexed.needs, indexed.needs_around, indexed) for indexed in _INDEXED_RULES]
"""Every rule with its needs unpacked (a tuple is read faster than a dataclass's fields)."""

_LONGEST_WORD_START = max(map(len, _WORD_STARTS))


class _WordBits(dict[str, int]):
    """Per word seen: the trigger and lead bits it holds, found on first sight."""

    def __missing__(self, word: str) -> int:
        key = word.translate(_FOLD).lower()
        bits = 0
        for end in range(1, min(len(key), _LONGEST_WORD_START) + 1):
            bits |= _WORD_STARTS.get(key[:end], 0)
        for part, part_bits in _WORD_PARTS.items():
            if part in key:
                bits |= part_bits
        if _DIGIT.search(word):
            bits |= _WORD_PARTS.get(_DIGITS, 0)
        if len(self) >= _CACHED_WORDS:
            self.clear()
        self[word] = bits
        return bits


class _ChunkBits(dict[str, int]):
    """Per whitespace-free chunk seen ("data,"): the bits its words hold."""

    def __missing__(self, chunk: str) -> int:
        bits = functools.reduce(operator.or_, map(_WORD_BITS.__getitem__, _WORD.findall(chunk)), 0)
        for symbols, symbol_bits in _CHUNK_SYMBOLS.items():
            if symbols in chunk:
                bits |= symbol_bits
        if len(self) >= _CACHED_WORDS:
            self.clear()
        self[chunk] = bits
        return bits


_WORD_BITS = _WordBits()
_CHUNK_BITS = _ChunkBits()


def _trigger_bits(sentence: str) -> int:
    """The trigger and lead bits the words of a sentence hold."""
    return functools.reduce(operator.or_, map(_CHUNK_BITS.__getitem__, sentence.split()), 0)
