"""Tests of worker.tracking.diff on real successive policy versions and on targeted edits."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

import pytest

import worker.tracking.diff as diff_module
from worker.tracking.change import build_diff
from worker.tracking.diff import DELETE, EQUAL, INSERT, DiffStats, diff_html, diff_stats, diff_texts

OTA = Path(__file__).parent / "resources" / "ota"


def _pairs() -> list[tuple[Path, Path]]:
    """Every successive pair of versions under tests/resources/ota/<Service>/."""
    pairs = []
    for service in sorted(p for p in OTA.iterdir() if p.is_dir()):
        versions = sorted(service.glob("*.md"))
        pairs.extend(zip(versions, versions[1:], strict=False))
    return pairs


PAIRS = _pairs()
PAIR_IDS = [f"{old.parent.name}/{new.stem}" for old, new in PAIRS]


def _side(ops: list[tuple[int, str]], keep: int) -> str:
    """The old (keep=DELETE) or new (keep=INSERT) text the ops rebuild."""
    return "".join(text for op, text in ops if op in (EQUAL, keep))


def _assert_well_formed(ops: list[tuple[int, str]], old: str, new: str) -> None:
    """Ops rebuild both texts, and no op is empty or the same kind as its neighbour."""
    assert _side(ops, DELETE) == old
    assert _side(ops, INSERT) == new
    assert all(text for _, text in ops)
    assert all(a[0] != b[0] for a, b in zip(ops, ops[1:], strict=False))


def test_resources_hold_pairs() -> None:
    assert len(PAIRS) >= 5


@pytest.mark.parametrize(("old_path", "new_path"), PAIRS, ids=PAIR_IDS)
def test_real_pairs_rebuild_both_ways(old_path: Path, new_path: Path) -> None:
    old = old_path.read_text(encoding="utf-8")
    new = new_path.read_text(encoding="utf-8")
    _assert_well_formed(diff_texts(old, new), old, new)
    _assert_well_formed(diff_texts(new, old), new, old)


@pytest.mark.parametrize(("old_path", "new_path"), PAIRS, ids=PAIR_IDS)
def test_real_pairs_change_whole_words(old_path: Path, new_path: Path) -> None:
    """Every edit starts and ends at a word boundary of the text it sits in."""
    old = old_path.read_text(encoding="utf-8")
    new = new_path.read_text(encoding="utf-8")
    ops = diff_texts(old, new)
    positions = {DELETE: 0, INSERT: 0}
    for op, text in ops:
        if op == EQUAL:
            positions[DELETE] += len(text)
            positions[INSERT] += len(text)
            continue
        side = old if op == DELETE else new
        start = positions[op]
        end = start + len(text)
        if start > 0:
            assert not (side[start - 1].isalnum() and side[start].isalnum()), (op, text)
        if end < len(side):
            assert not (side[end - 1].isalnum() and side[end].isalnum()), (op, text)
        positions[op] = end


POLICY = (
    "Information we collect.\n\n"
    "We collect your name and email address when you create an account. "
    "We use cookies to remember your settings.\n\n"
    "Sharing.\n\n"
    "We share your information with service providers who act on our behalf. "
    "We do not sell your personal information."
)


def test_inserted_paragraph_is_one_insert_op() -> None:
    sentence = "We sell your personal information to data brokers."
    new = POLICY.replace("Sharing.\n\n", f"Sharing.\n\n{sentence}\n\n")
    ops = diff_texts(POLICY, new)
    _assert_well_formed(ops, POLICY, new)
    inserts = [text for op, text in ops if op == INSERT]
    assert len(inserts) == 1
    assert sentence in inserts[0]
    assert inserts[0].strip() == sentence
    assert not [text for op, text in ops if op == DELETE]
    assert diff_stats(ops) == DiffStats(inserted_words=8, deleted_words=0, changed=True)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("share", "sell"),
        ("name", "phone"),
        ("cookies", "beacons"),
        ("providers", "partners"),
        ("create", "delete"),
    ],
)
def test_changed_word_is_a_word_level_edit(before: str, after: str) -> None:
    new = POLICY.replace(before, after, 1)
    ops = diff_texts(POLICY, new)
    _assert_well_formed(ops, POLICY, new)
    edits = [(op, text) for op, text in ops if op != EQUAL]
    assert edits == [(DELETE, before), (INSERT, after)]
    assert diff_stats(ops) == DiffStats(inserted_words=1, deleted_words=1, changed=True)


def test_changed_phrase_is_whole_words() -> None:
    new = POLICY.replace("act on our behalf", "may use it for their own marketing")
    ops = diff_texts(POLICY, new)
    _assert_well_formed(ops, POLICY, new)
    edits = [(op, text) for op, text in ops if op != EQUAL]
    assert edits == [
        (DELETE, "act on our behalf"),
        (INSERT, "may use it for their own marketing"),
    ]


def test_deleted_sentence_is_one_delete_op() -> None:
    sentence = "We use cookies to remember your settings."
    new = POLICY.replace(" " + sentence, "")
    ops = diff_texts(POLICY, new)
    _assert_well_formed(ops, POLICY, new)
    assert [text.strip() for op, text in ops if op != EQUAL] == [sentence]
    assert diff_stats(ops) == DiffStats(inserted_words=0, deleted_words=7, changed=True)


def test_split_sentence_is_word_level() -> None:
    old = POLICY.replace(
        "We use cookies to remember your settings.",
        "We use cookies to remember your settings, and we share them with partners.",
    )
    new = POLICY.replace(
        "We use cookies to remember your settings.",
        "We use cookies to remember your settings. We share them with partners.",
    )
    ops = diff_texts(old, new)
    _assert_well_formed(ops, old, new)
    assert [(op, text) for op, text in ops if op != EQUAL] == [
        (DELETE, ", and we"),
        (INSERT, ". We"),
    ]


def test_unrelated_paragraph_is_replaced_whole() -> None:
    """A rewritten paragraph is one delete and one insert, not a soup of shared little words."""
    old = "Sharing.\n\nWe share your information with service providers who act on our behalf."
    new = "Sharing.\n\nNous partageons vos informations avec des prestataires de services."
    ops = diff_texts(old, new)
    _assert_well_formed(ops, old, new)
    assert ops == [
        (EQUAL, "Sharing.\n\n"),
        (DELETE, old[10:-1]),
        (INSERT, new[10:-1]),
        (EQUAL, "."),
    ]


def test_rewritten_real_policy_is_replaced_paragraph_by_paragraph() -> None:
    """Instagram's English policy replaced by its French one: whole paragraphs go and come."""
    folder = OTA / "Instagram"
    old = (folder / "2020-12-02T17-30-52.md").read_text(encoding="utf-8")
    new = (folder / "2021-02-23T07-49-54.md").read_text(encoding="utf-8")
    ops = diff_texts(old, new)
    _assert_well_formed(ops, old, new)
    edits = [text for op, text in ops if op != EQUAL]
    assert len(edits) < 60
    assert sum(len(text) for text in edits) > 0.9 * (len(old) + len(new))


def test_identical_texts_are_one_equal_op() -> None:
    ops = diff_texts(POLICY, POLICY)
    assert ops == [(EQUAL, POLICY)]
    assert diff_stats(ops) == DiffStats(inserted_words=0, deleted_words=0, changed=False)


@pytest.mark.parametrize(
    ("old", "new", "ops"),
    [
        ("", "", []),
        ("", POLICY, [(INSERT, POLICY)]),
        (POLICY, "", [(DELETE, POLICY)]),
    ],
)
def test_empty_sides(old: str, new: str, ops: list[tuple[int, str]]) -> None:
    assert diff_texts(old, new) == ops


def test_empty_old_counts_every_word() -> None:
    stats = diff_stats(diff_texts("", POLICY))
    assert stats == DiffStats(inserted_words=len(POLICY.split()), deleted_words=0, changed=True)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("We collect your data.\n\nWe keep it.", "We collect  your data.\n\n\nWe keep it. "),
        ("Ma\u00efa's caf\u00e9 policy.", "Mai\u0308a's cafe\u0301 policy."),
        ("We use \ufb01les.", "We use files."),
        ("Data\u00a0is kept.", "Data is kept."),
    ],
    ids=["whitespace", "nfd", "ligature", "nbsp"],
)
def test_form_only_differences_are_not_changes(old: str, new: str) -> None:
    ops = diff_texts(old, new)
    _assert_well_formed(ops, old, new)
    assert ops != [(EQUAL, old)]
    assert diff_stats(ops) == DiffStats(inserted_words=0, deleted_words=0, changed=False)


@pytest.mark.parametrize(("old_path", "new_path"), PAIRS[:3], ids=PAIR_IDS[:3])
def test_real_policy_reformatted_is_not_changed(old_path: Path, new_path: Path) -> None:
    old = old_path.read_text(encoding="utf-8")
    new = unicodedata.normalize("NFD", old).replace("\n\n", "\n \n\n").replace(". ", ".  ")
    assert new != old
    ops = diff_texts(old, new)
    _assert_well_formed(ops, old, new)
    assert diff_stats(ops) == DiffStats(inserted_words=0, deleted_words=0, changed=False)


def test_form_difference_beside_a_real_change_counts_the_real_change_only() -> None:
    old = "We share your caf\u00e9 orders with partners."
    new = "We sell your cafe\u0301 orders with partners."
    assert diff_stats(diff_texts(old, new)) == DiffStats(1, 1, True)


def _random_edit(rng: random.Random, text: str) -> str:
    """Text with a few random word, sentence and paragraph edits."""
    tokens = re.findall(r"\S+|\s+", text)
    for _ in range(rng.randint(1, 8)):
        kind = rng.choice(["replace", "delete", "insert", "paragraph", "chars"])
        k = rng.randrange(len(tokens))
        if kind == "replace":
            tokens[k] = rng.choice(["sell", "share", "never", "always", "partners", "."])
        elif kind == "delete":
            del tokens[k : k + rng.randint(1, 30)]
        elif kind == "insert":
            tokens.insert(k, rng.choice([" we may ", "data brokers. ", "\n\n", " \u00e9 "]))
        elif kind == "paragraph":
            tokens.insert(k, "\n\nWe sell your personal information to data brokers.\n\n")
        else:
            tokens[k] = "".join(rng.sample(tokens[k], len(tokens[k])))
        if not tokens:
            tokens = ["x"]
    return "".join(tokens)


def test_random_edits_rebuild_exactly() -> None:
    rng = random.Random(20240501)
    texts = [old.read_text(encoding="utf-8")[:6000] for old, _ in PAIRS[:2]] + [POLICY]
    for _ in range(150):
        old = rng.choice(texts)
        new = _random_edit(rng, old)
        if rng.random() < 0.5:
            old, new = new, old
        _assert_well_formed(diff_texts(old, new), old, new)


def test_diff_html_escapes_and_marks() -> None:
    old = "We collect data.\n\nWe keep it for a year."
    new = "We collect data <script>alert(1)</script>.\n\nWe keep it forever."
    page = diff_html(diff_texts(old, new))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<ins>forever</ins>" in page
    assert "<del>for a year</del>" in page
    assert page.count("<p>") == 2
    assert page.startswith("<p>We collect data")


def test_diff_html_of_inserted_paragraph_is_its_own_paragraph() -> None:
    sentence = "We sell your personal information to data brokers."
    new = POLICY.replace("Sharing.\n\n", f"Sharing.\n\n{sentence}\n\n")
    page = diff_html(diff_texts(POLICY, new))
    assert f"<p><ins>{sentence}</ins></p>" in page
    assert page.count("<p>") == POLICY.count("\n\n") + 2


TITLES = {
    "sells_data": "Sells your personal data",
    "breach_notification": "Tells you about data breaches",
}


def test_build_diff_fields_and_summary() -> None:
    new = POLICY.replace("We do not sell", "We sell")
    result = build_diff(
        "v1",
        "v2",
        POLICY,
        new,
        ["does_not_sell_data", "breach_notification", "collects_contact_info"],
        ["collects_contact_info", "sells_data"],
        "B",
        "D",
        TITLES,
    )
    doc = result.to_json()
    assert json.loads(json.dumps(doc)) == doc
    assert doc["from"] == "v1"
    assert doc["to"] == "v2"
    assert doc["findings_added"] == ["sells_data"]
    assert doc["findings_removed"] == ["breach_notification", "does_not_sell_data"]
    assert doc["grade_change"] == {"from": "B", "to": "D"}
    assert doc["stats"] == {"inserted_words": 0, "deleted_words": 2, "changed": True}
    assert [op for op, _ in doc["ops"]] == [EQUAL, DELETE, EQUAL]
    assert doc["ops"][1] == [DELETE, "do not "]
    assert "<del>do not </del>" in doc["html"]
    assert doc["summary"] == (
        "Now: sells your personal data. "
        "No longer: tells you about data breaches; does not sell data. "
        "Changed: “We sell your personal information.” "
        "(was: “We do not sell your personal information.”). "
        "Grade B → D. (2 words removed.)"
    )
    assert doc["changes"] == [
        {
            "kind": "modified",
            "material": True,
            "category": "third_party_sharing",
            "old": "We do not sell your personal information.",
            "new": "We sell your personal information.",
            "findings_added": ["sells_data"],
            "findings_removed": ["does_not_sell_data"],
        }
    ]
    assert set(doc) == {
        "from",
        "to",
        "ops",
        "stats",
        "findings_added",
        "findings_removed",
        "grade_change",
        "changes",
        "html",
        "summary",
    }


def test_build_diff_of_unchanged_version() -> None:
    result = build_diff("v1", "v1", POLICY, POLICY, ["sells_data"], ["sells_data"], "C", "C")
    doc = result.to_json()
    assert doc["grade_change"] is None
    assert doc["findings_added"] == doc["findings_removed"] == []
    assert doc["stats"]["changed"] is False
    assert doc["summary"] == "No changes."


def test_build_diff_counts_words_in_summary() -> None:
    old, new = PAIRS[0][0].read_text(encoding="utf-8"), PAIRS[0][1].read_text(encoding="utf-8")
    result = build_diff("a", "b", old, new, [], [], "A", "A")
    stats = result.stats
    assert stats.changed
    assert result.grade_change is None
    assert result.summary.endswith(  # word counts come last, after what changed
        f"({stats.deleted_words} words removed.)"
        if not stats.inserted_words
        else f"{stats.deleted_words} removed.)"
    )


@pytest.mark.parametrize(("old_path", "new_path"), PAIRS, ids=PAIR_IDS)
def test_unique_anchors_by_index_match_the_scan(
    old_path: Path, new_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = old_path.read_text(encoding="utf-8")
    new = new_path.read_text(encoding="utf-8")
    encoded = diff_module._encode(diff_module._TOKEN.findall(old), diff_module._TOKEN.findall(new))
    assert encoded is not None
    old_chars, new_chars, _ = encoded
    size = diff_module._FIND_ANCHORS_MAX
    for start in range(0, min(len(old_chars), len(new_chars)), size // 2):
        a, b = old_chars[start : start + size // 2], new_chars[start : start + size // 2]
        by_index = diff_module._unique_anchors(a, b)
        monkeypatch.setattr(diff_module, "_FIND_ANCHORS_MAX", 0)
        by_scan = diff_module._unique_anchors(a, b)
        monkeypatch.setattr(diff_module, "_FIND_ANCHORS_MAX", size)
        assert by_index == by_scan
        assert all(a.count(a[i]) == 1 == b.count(b[j]) and a[i] == b[j] for i, j in by_index)


def _lcs_length(a: str, b: str) -> int:
    """Textbook dynamic-programming LCS length, the reference _token_diff must reach."""
    row = [0] * (len(b) + 1)
    for char in a:
        diagonal = 0
        for k, other in enumerate(b, 1):
            diagonal, row[k] = row[k], diagonal + 1 if char == other else max(row[k], row[k - 1])
    return row[-1]


@pytest.mark.parametrize("seed", range(40))
def test_token_diff_keeps_a_longest_common_subsequence(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "abcdef"[: rng.randint(2, 6)]
    a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
    b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
    ops = diff_module._token_diff(a, b)
    assert "".join(text for op, text in ops if op <= 0) == a
    assert "".join(text for op, text in ops if op >= 0) == b
    assert all(text for _, text in ops)
    assert sum(len(text) for op, text in ops if op == 0) == _lcs_length(a, b)


@pytest.mark.parametrize(("old_path", "new_path"), PAIRS, ids=PAIR_IDS)
def test_pair_range_scores_as_dice(old_path: Path, new_path: Path) -> None:
    old = old_path.read_text(encoding="utf-8")
    new = new_path.read_text(encoding="utf-8")
    old_sets = [diff_module._word_set(s) for s in diff_module._sentences(old)][:40]
    new_sets = [diff_module._word_set(s) for s in diff_module._sentences(new)][:60]
    assert frozenset() in old_sets + new_sets  # lines without words are scored too
    scored = [
        (i, j, diff_module._dice(a, b))
        for i, a in enumerate(old_sets)
        for j, b in enumerate(new_sets)
        if diff_module._dice(a, b) >= diff_module._SENTENCE_MIN_DICE
    ]
    expected = diff_module._heaviest_chain(scored, len(new_sets))
    assert expected
    found = diff_module._pair_range(
        old_sets, new_sets, 0, len(old_sets), 0, len(new_sets), diff_module._SENTENCE_MIN_DICE
    )
    assert found == expected


def test_encode_decode_round_trip_past_the_surrogates() -> None:
    words = (OTA / "GitHub").glob("*.md").__next__().read_text(encoding="utf-8").split()
    pieces = [f"{word}{k}" for k, word in enumerate(words * (0xD800 // len(words) + 2))]
    assert len(pieces) > 0xD800
    encoded = diff_module._encode(pieces, pieces[::-1])
    assert encoded is not None
    old_chars, new_chars, table = encoded
    assert diff_module._decode(old_chars, table) == "".join(pieces)
    assert diff_module._decode(new_chars, table) == "".join(pieces[::-1])
    assert diff_module._decode(old_chars[:50], table[:50]) == "".join(pieces[:50])
