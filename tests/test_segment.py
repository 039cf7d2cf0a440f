"""Segmenting canonical policy text into paragraph segments and exact sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from worker.analysis.segment import MAX_SEGMENT_WORDS, segment, split_sentences, table_column
from worker.ingest.normalise import canonical_text
from worker.records import PolicyText

RESOURCES = Path(__file__).parent / "resources"
SEEDS = sorted((RESOURCES / "seeds").glob("*.txt"))
OTA = sorted((RESOURCES / "ota").glob("*/*.md"))


def _policy(path: Path) -> PolicyText:
    return PolicyText(canonical_text(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", SEEDS + OTA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_offsets_are_exact_and_segments_in_order(path: Path) -> None:
    policy = _policy(path)
    segments = segment(policy)
    assert segments, "a real policy yields segments"
    previous_end = 0
    for index, seg in enumerate(segments):
        assert seg.index == index
        assert policy.text[seg.start : seg.end] == seg.text
        assert seg.start >= previous_end
        previous_end = seg.end
        assert seg.sentences
        for sentence in seg.sentences:
            assert policy.text[sentence.start : sentence.end] == sentence.text
            assert seg.start <= sentence.start < sentence.end <= seg.end
            assert sentence.text == sentence.text.strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed 002 (igroops.com): "i.e." inside a parenthesis does not end the sentence
        (
            "Additional non-personally identifiable information (i.e. domain type, browser "
            "version, service provider and IP address) may be collected. This helps us.",
            [
                "Additional non-personally identifiable information (i.e. domain type, browser "
                "version, service provider and IP address) may be collected.",
                "This helps us.",
            ],
        ),
        # GitHub privacy statement: "e.g." and "Inc." followed by a lower-case word
        (
            'Thanks for entrusting GitHub Inc. ("GitHub", "we") with your source code. '
            "Some data, e.g. your IP address, is logged.",
            [
                'Thanks for entrusting GitHub Inc. ("GitHub", "we") with your source code.',
                "Some data, e.g. your IP address, is logged.",
            ],
        ),
        # "U.S." mid-sentence and at the end of a sentence
        (
            "Your data is stored in the U.S. and in Ireland. We transfer it to the U.S. We "
            "protect it.",
            [
                "Your data is stored in the U.S. and in Ireland.",
                "We transfer it to the U.S.",
                "We protect it.",
            ],
        ),
        # Reddit 2026: "EU-U.S." is an initialism after a hyphen, not a sentence end
        (
            "Reddit, Inc., complies with the EU-U.S. Data Privacy Framework as set forth by the "
            "U.S. Department of Commerce. We certify it.",
            [
                "Reddit, Inc., complies with the EU-U.S. Data Privacy Framework as set forth by "
                "the U.S. Department of Commerce.",
                "We certify it.",
            ],
        ),
        # "etc." ending a sentence, "No." before a number, "Dr." before a name
        (
            "We may collect your name, phone number, zip code, address, etc. When you "
            "register, see Form No. 5 signed by Dr. Smith.",
            [
                "We may collect your name, phone number, zip code, address, etc.",
                "When you register, see Form No. 5 signed by Dr. Smith.",
            ],
        ),
        # "etc." closing a list before a capitalised name (OPP-115 enthusiastnetwork.com)
        (
            "They may share the IP address, etc. DoubleClick is our primary third party ad "
            "server. Cookies, etc. are used.",
            [
                "They may share the IP address, etc.",
                "DoubleClick is our primary third party ad server.",
                "Cookies, etc. are used.",
            ],
        ),
        # a Markdown table (Claude.ai, Qwen Chat): one sentence per cell and per <br> line,
        # none for the header row or the separator, bullets and escapes dropped
        (
            "| Purpose | Type of Data | Legal Basis |\n| --- | --- | --- |\n"
            "| To provide the Services<br><br>For example,<br>*   We use your email. "
            "| *   Account Information<br>*   Log Data | \\- Contract<br><br>It is in our "
            "interest. |\n| To debug | Log Data | Legitimate interests |",
            [
                "To provide the Services",
                "For example,",
                "We use your email.",
                "Account Information",
                "Log Data",
                "Contract",
                "It is in our interest.",
                "To debug",
                "Log Data",
                "Legitimate interests",
            ],
        ),
        # list items (one per line) are sentences of their own, bullets dropped
        (
            "Device information we collect includes:\n- Operating system\n- IP address",
            ["Device information we collect includes:", "Operating system", "IP address"],
        ),
        # a hard-wrapped line continues the sentence
        (
            "We collect information that you\nprovide to us. Then we use it.",
            ["We collect information that you\nprovide to us.", "Then we use it."],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_split_sentences_offset_shifts_into_full_text() -> None:
    full = "Heading\n\nWe never sell data. We delete it."
    start = full.index("We never")
    sentences = split_sentences(full[start:], start)
    assert [full[s.start : s.end] for s in sentences] == ["We never sell data.", "We delete it."]


def test_headings_from_markdown_colons_and_numbering() -> None:
    # seed 002 style: numbered heading, colon headings; seed 000 style: Markdown headings
    text = canonical_text(
        "I. PRIVACY POLICY AND STATEMENT\n\nWe collect basic client information.\n\n"
        "General Browsing:\n\nWe gather navigational information.\n\n"
        "### Cookies\n\nIVRose uses cookies so that our systems can recognize your device."
    )
    segments = segment(PolicyText(text))
    assert [(s.heading, s.sentences[0].text) for s in segments] == [
        ("I. PRIVACY POLICY AND STATEMENT", "We collect basic client information."),
        ("General Browsing", "We gather navigational information."),
        ("Cookies", "IVRose uses cookies so that our systems can recognize your device."),
    ]


def test_policy_headings_spans_are_used() -> None:
    text = "What we collect\n\nWe collect your email address."
    segments = segment(PolicyText(text, headings=((0, len("What we collect")),)))
    assert len(segments) == 1
    assert segments[0].heading == "What we collect"


def test_list_items_merge_with_their_lead_in() -> None:
    # seed 000 (ivrose.com): the lead-in and its lost-bullet items form one segment
    policy = _policy(RESOURCES / "seeds" / "000_340b6d22ed7eccda.txt")
    segments = segment(policy)
    shared = next(s for s in segments if "specific situations" in s.text)
    assert "To comply with court orders or other legal obligations." in shared.text
    assert shared.heading == "Protection of information"


def test_every_seed_sentence_is_covered() -> None:
    # no body text is lost: every word of the seed's body lies in some segment
    policy = _policy(RESOURCES / "seeds" / "001_926297ac4249c720.txt")
    covered = "".join(s.text for s in segment(policy))
    for phrase in ("Internal record keeping.", "We will promptly correct any information"):
        assert phrase in covered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # GitHub privacy statement: an address ends the sentence, "e.g." does not
        (
            "Contact us at privacy@github.com. We may use cookies (e.g. session cookies). "
            "They expire!",
            [
                "Contact us at privacy@github.com.",
                "We may use cookies (e.g. session cookies).",
                "They expire!",
            ],
        ),
        # version numbers hold periods that end nothing
        (
            "Version 2.0 of the policy applies. It replaces version 1.9 of May 2014.",
            ["Version 2.0 of the policy applies.", "It replaces version 1.9 of May 2014."],
        ),
        # "E.U." before a lower-case word goes on; "U.K." before a sentence opener ends
        (
            "This policy applies to users in the E.U. and the U.K. Some rules differ.",
            ["This policy applies to users in the E.U. and the U.K.", "Some rules differ."],
        ),
        # numbered list lines: the numbers are markers, not sentences
        (
            "We use your information to:\n1. Process your orders.\n2. Send unique content.",
            ["We use your information to:", "Process your orders.", "Send unique content."],
        ),
    ],
)
def test_split_sentences_numbers_and_addresses(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_trailing_rules_mark_headings() -> None:
    # Markdown-ish headings underlined on their own line (===) or at their end (---)
    text = (
        "Information We Collect ===\nWe collect your name and e-mail address when you "
        "register.\n\nCookies\n---\nIVRose uses cookies so that our systems can recognize "
        "your device."
    )
    segments = segment(PolicyText(text))
    assert [(s.heading, s.text) for s in segments] == [
        (
            "Information We Collect",
            "We collect your name and e-mail address when you register.",
        ),
        ("Cookies", "IVRose uses cookies so that our systems can recognize your device."),
    ]


def test_long_list_is_cut_at_the_segment_word_limit() -> None:
    # seed 000 (ivrose.com): a lead-in (a heading here) and its items, repeated past
    # MAX_SEGMENT_WORDS
    items = [
        "- Customizing the display of products to match your interests.",
        "- Provide products and the best pre- and post-sale services.",
        "- Give users updates on current offers and services.",
        "- Investigate, prevent and resolve illegal activity, or infractions to our Terms of "
        "Service infractions or Acceptable Use Policies.",
    ]
    text = "We use the information we collect to:\n" + "\n".join(items * 8)
    segments = segment(PolicyText(text))
    assert len(segments) > 1
    for seg in segments:
        assert seg.heading == "We use the information we collect to"
        assert len(re.findall(r"[^\W_]+(?:'[^\W_]+)*", seg.text)) <= MAX_SEGMENT_WORDS
    sentences = [s.text for seg in segments for s in seg.sentences]
    assert sentences.count("Give users updates on current offers and services.") == 8


def test_a_table_header_row_gives_no_sentence_in_its_segment() -> None:
    # Claude.ai 2026-08-17: "| Purpose | Type of Data | Legal Basis |" was quoted as evidence
    text = canonical_text(
        "We process your data as follows:\n\n| Purpose | Type of Data | Legal Basis |\n"
        "| --- | --- | --- |\n| To create your account | Identity and Contact Data | Contract |"
    )
    sentences = [t.text for s in segment(PolicyText(text)) for t in s.sentences]
    assert "Purpose" not in sentences
    assert "To create your account" in sentences
    column = {
        t.text: table_column(text, t.start) for s in segment(PolicyText(text)) for t in s.sentences
    }
    assert column["Contract"] == "Legal Basis"
    assert column["To create your account"] == "Purpose"
    assert table_column(text, 0) is None  # the lead-in above the table
