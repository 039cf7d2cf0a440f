"""Tests of the OPP-115 segment classifier and its shipped model."""

from __future__ import annotations

import csv
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score

from worker.analysis.classify import (
    classifier_texts,
    classify,
    classify_jsonl,
    classify_texts,
    label_scores,
)
from worker.analysis.labels import CATEGORY_OF_LABEL, OPP_LABELS
from worker.analysis.model import (
    MODEL_PATH,
    load_model,
    save_model,
    sentence_pieces,
    shipped_model,
)
from worker.analysis.tfidf import (
    FeatureBlock,
    WordBatch,
    _distinct,
    _hash_lookup,
    _hash_table,
    _product,
    clear_word_cache,
    linear_scores,
)
from worker.records import Segment

RESOURCES = Path(__file__).parent / "resources" / "classify"
VALIDATION_SLICE = RESOURCES / "opp115_validation_slice.csv"

# Real segments of OPP-115's validation split, each with the label the annotators gave it.
CLEAR_EXAMPLES = [
    (
        "We will retain your personal information for the period necessary to fulfill the "
        "purposes outlined in this privacy policy, unless a longer retention period is required "
        "or permitted by applicable law. ",
        "Data Retention",
    ),
    (
        "Do Not Track Signals Our websites do not treat browsers that send a do not track signal "
        "differently from browsers that do not send one. ",
        "Do Not Track",
    ),
    (
        ' We do not respond to web browser ""do not track"" or other related mechanisms at this '
        "time. ",
        "Do Not Track",
    ),
    (
        "CHILDREN The Science websites are not intended for children under 13 years of age. We do "
        "not knowingly collect personal information from children under 13. ",
        "International and Specific Audiences",
    ),
    (
        "Policies for Children SCEA does not knowingly collect personally identifying information "
        "from children under 13 years of age via our websites. ",
        "International and Specific Audiences",
    ),
    (
        'To opt-out of NaturalNews emails, simply click the ""unsubscribe"" link found at the '
        "bottom of any email from NaturalNews. ",
        "User Choice/Control",
    ),
    (
        "We offer several e-mail newsletters and listservs. If you no longer wish to receive a "
        'specific newsletter, you may opt out by following the ""unsubscribe"" instructions '
        "located near the bottom of each newsletter. ",
        "User Choice/Control",
    ),
    (
        "If your personally identifiable information changes, you may correct and/or update it by "
        "sending us an email. You may also view, correct and/or update your personally "
        "identifiable information by accessing your profile on the Site. ",
        "User Access, Edit and Deletion",
    ),
    (
        "Correcting/Updating or Removing Information JibJab users may modify or remove any of "
        "their personal information at any time by logging into their account and accessing "
        'the ""My Account"" section. ',
        "User Access, Edit and Deletion",
    ),
    (
        " How We Protect Your Personal Information NOTMC has implemented reasonable safeguards "
        "designed to prevent loss, misuse and unauthorized access, disclosure or modification of "
        "Personal Information provided or collected through our Online Services. ",
        "Data Security",
    ),
    (
        "We also require our credit card transaction processor to use adequate security and "
        "encryption technology to ensure the safety and security of your personally identifiable "
        "information. ",
        "Data Security",
    ),
    (
        "Users will be notified of any privacy policy changes: On our Privacy Policy Page ",
        "Policy Change",
    ),
    (
        "Aggregate Information (non-personally identifiable) We share aggregated demographic "
        "information with our partners and advertisers. This is not linked to any personally "
        "identifiable information. ",
        "Third Party Sharing/Collection",
    ),
    (
        "We will disclose information we maintain when required to do so by law, for example, in "
        "response to a court order or a subpoena. We also may disclose such information in "
        "response to a law enforcement agency's request. ",
        "Third Party Sharing/Collection",
    ),
    (
        " Help us measure and analyze visitor traffic and usage patterns and improve the quality "
        "and effectiveness of our content, features, advertisements, and other communications; ",
        "First Party Collection/Use",
    ),
    (
        "Contacting Us If there are any questions regarding this privacy policy you may contact us "
        "using the information below. 204 E. 5th Street South Pittsburg, TN 37380 United States "
        "info@lodgemfg.com 423.837.7181 Last Edited on 10/2014",
        "Privacy contact information",
    ),
    (
        "Privacy Policy Last modified: June 30, 2015 ( view archived versions) ",
        "Introductory/Generic",
    ),
]


def read_slice() -> tuple[list[str], np.ndarray]:
    """The copied validation rows, grouped by text into multi-label targets."""
    labels_of: dict[str, set[str]] = {}
    with VALIDATION_SLICE.open(encoding="utf-8", newline="") as f:
        for text, label in csv.reader(f):
            labels_of.setdefault(text, set()).add(label)
    texts = list(labels_of)
    targets = np.array([[label in labels_of[t] for label in OPP_LABELS] for t in texts], dtype=int)
    return texts, targets


def test_shipped_model_loads_with_the_twelve_labels():
    model = shipped_model()
    assert model.labels == OPP_LABELS
    assert model.coef.shape == (sum(len(b.idf) for b in model.blocks), len(OPP_LABELS))


def test_model_file_is_small():
    assert MODEL_PATH.stat().st_size < 5 * 1024 * 1024


def test_every_label_maps_to_an_api_category():
    api_ids = {
        "first_party_collection",
        "third_party_sharing",
        "user_choice",
        "user_access",
        "data_retention",
        "data_security",
        "policy_change",
        "do_not_track",
        "specific_audiences",
        "other",
    }
    assert set(CATEGORY_OF_LABEL) == set(OPP_LABELS)
    assert set(CATEGORY_OF_LABEL.values()) == api_ids


@pytest.mark.parametrize(("text", "label"), CLEAR_EXAMPLES)
def test_clear_real_segment_gets_its_label(text, label):
    assert label in classify_texts([text])[0]


@pytest.mark.parametrize(("text", "label"), CLEAR_EXAMPLES)
def test_scores_are_confidences_with_the_right_label_high(text, label):
    scores = label_scores([text])[0]
    assert set(scores) == set(OPP_LABELS)
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert scores[label] >= 0.5


def test_validation_slice_micro_f1_floor():
    texts, targets = read_slice()
    assert len(texts) > 200
    predicted = np.array(
        [[label in row for label in OPP_LABELS] for row in classify_texts(texts)], dtype=int
    )
    assert f1_score(targets, predicted, average="micro") >= 0.78
    assert f1_score(targets, predicted, average="macro") >= 0.72


@pytest.mark.parametrize("text", ["", "   ", "\n", "#NAME?", "0"])
def test_degenerate_text_still_gets_one_label(text):
    labels = classify_texts([text])[0]
    assert len(labels) >= 1
    assert set(labels) <= set(OPP_LABELS)


def test_batch_equals_one_by_one():
    texts = [text for text, _ in CLEAR_EXAMPLES]
    assert classify_texts(texts) == [classify_texts([t])[0] for t in texts]
    assert classify_texts([]) == []


def test_classify_segments_gives_labels_categories_and_scores():
    text, label = CLEAR_EXAMPLES[0]
    segment = Segment(index=0, text=text, start=0, end=len(text))
    [labelled] = classify([segment])
    assert labelled.segment is segment
    assert label in labelled.labels
    assert labelled.categories == tuple(
        dict.fromkeys(CATEGORY_OF_LABEL[x] for x in labelled.labels)
    )
    assert labelled.scores[label] >= 0.5


def test_heading_starts_only_the_first_segment_under_it():
    def segment(index, text, heading):
        return Segment(index=index, text=text, start=0, end=len(text), heading=heading)

    segments = [
        segment(0, "We use cookies.", None),
        segment(1, "We use cookies.", "Cookies"),
        segment(2, "They expire.", "Cookies"),
        segment(3, "Children We do not collect.", "Children"),
        segment(4, "ask us", "CONTACT"),
        segment(5, "contact us here.", "Contact"),
    ]
    assert classifier_texts(segments) == [
        "We use cookies.",
        "Cookies We use cookies.",
        "They expire.",
        "Children We do not collect.",
        "CONTACT ask us",
        "contact us here.",
    ]


def test_heading_steers_a_bare_segment():
    text = "We do not knowingly collect it from anyone under 13."
    bare = Segment(index=0, text=text, start=0, end=len(text))
    headed = Segment(index=0, text=text, start=0, end=len(text), heading="Children's Privacy")
    [without, with_heading] = classify([bare, headed])
    label = "International and Specific Audiences"
    assert with_heading.scores[label] >= without.scores[label]


def test_classify_jsonl_round_trip(tmp_path):
    texts = [text for text, _ in CLEAR_EXAMPLES[:5]]
    source = tmp_path / "segments.jsonl"
    lines = [json.dumps({"text": t}) for t in texts] + [json.dumps({"text": ""}), ""]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "predictions.jsonl"
    count = classify_jsonl(source, target)
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert count == len(out) == len(texts) + 2
    assert [tuple(row["labels"]) for row in out[: len(texts)]] == classify_texts(texts)
    assert all(row["labels"] and set(row["labels"]) <= set(OPP_LABELS) for row in out)


def test_save_and_load_reproduce_scores(tmp_path):
    copy = tmp_path / "copy.npz"
    save_model(shipped_model(), copy)
    texts = [text for text, _ in CLEAR_EXAMPLES]
    assert np.allclose(load_model(copy).confidence(texts), shipped_model().confidence(texts))
    assert copy.read_bytes() == MODEL_PATH.read_bytes()


@pytest.mark.parametrize(
    ("analyzer", "ngram_range", "vocabulary"),
    [
        ("word", (1, 2), None),
        # a bigram whose words are not in the vocabulary: the path without the pair index
        ("word", (1, 2), ["personal information", "we", "cookies", "third parties"]),
        ("word", (1, 3), None),
        ("char_wb", (2, 5), None),
        ("char_wb", (1, 3), None),
    ],
)
def test_vectoriser_matches_scikit_learn(analyzer, ngram_range, vocabulary):
    texts, _ = read_slice()
    reference = TfidfVectorizer(
        analyzer=analyzer, ngram_range=ngram_range, vocabulary=vocabulary, sublinear_tf=True
    )
    reference.fit(texts[:150])
    block = FeatureBlock(
        analyzer=analyzer,
        ngram_range=ngram_range,
        vocabulary={term: int(column) for term, column in reference.vocabulary_.items()},
        idf=reference.idf_,
    )
    unseen = [*texts[150:], "", "a", "I", "\tÜber  CAFÉ\n\nΣΟΦΙΑΣ  don't", "e-mail e-mail e-mail"]
    ours = block.transform(unseen).toarray()
    assert np.abs(ours - reference.transform(unseen).toarray()).max() < 1e-12
    assert np.abs(block.transform(unseen).toarray() - ours).max() == 0.0


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "We keep logs for 30 days. After that, they are deleted! Questions? Ask us.",
            ["We keep logs for 30 days.", "After that, they are deleted!"],
        ),
        ("No break here, e.g. none", ["No break here, e.g. none"]),
        ("", [""]),
        ("Short. Bits.", ["Short. Bits."]),
    ],
)
def test_sentence_pieces(text, pieces):
    assert sentence_pieces(text) == pieces


def test_one_retention_sentence_in_a_long_paragraph_counts():
    collection = CLEAR_EXAMPLES[14][0].strip()
    retention = CLEAR_EXAMPLES[0][0].strip()
    paragraph = f"{collection} {CLEAR_EXAMPLES[12][0].strip()} {retention}"
    labels = classify_texts([paragraph])[0]
    assert "Data Retention" in labels
    assert "Third Party Sharing/Collection" in labels


def test_classify_jsonl_keeps_lines_aligned_and_rejects_non_json(tmp_path):
    source = tmp_path / "segments.jsonl"
    records = ['{"text": "We keep logs\\r\\nfor 30 days."}', "null", '{"text": 3}', '"text"']
    source.write_text("\r\n".join(records) + "\r\n", encoding="utf-8")
    target = tmp_path / "predictions.jsonl"
    assert classify_jsonl(source, target) == len(records)
    assert len(target.read_text(encoding="utf-8").split("\n")) == len(records) + 1
    source.write_text('{"text": "fine"}\n{"text": \n', encoding="utf-8")
    with pytest.raises(ValueError, match=":2: not JSON"):
        classify_jsonl(source, target)


def test_segment_scores_equal_each_segment_and_sentence_scored_alone():
    texts, _ = read_slice()
    texts = [*texts[:60], "", "Short. Bits.", "  We keep logs. For 30 days; then we delete them!  "]
    model = shipped_model()
    segment, best = model.segment_scores(texts)
    assert np.abs(segment - model.decision(texts)).max() < 1e-12
    for text, row in zip(texts, best, strict=True):
        alone = model.decision(sentence_pieces(text)).max(axis=0)
        assert np.abs(row - alone).max() < 1e-12


@pytest.mark.parametrize("analyzer", ["word", "char_wb"])
def test_a_row_over_several_pieces_counts_as_their_joined_text(analyzer):
    texts, _ = read_slice()
    pieces = [text.strip() for text in texts[:12]]
    block = shipped_model().blocks[0 if analyzer == "word" else 1]
    assert block.analyzer == analyzer
    spans = np.array([[0, 4], [4, 5], [5, 12], [3, 3]])
    rows = block.weighted(WordBatch.of_pieces(pieces, spans)).toarray()
    joined = [" ".join(pieces[a:b]) for a, b in spans]
    assert np.abs(rows - block.transform(joined).toarray()).max() < 1e-12
    assert rows[3].sum() == 0.0 and rows[0].sum() > 0.0


def test_scores_do_not_depend_on_the_word_cache(monkeypatch):
    texts, _ = read_slice()
    model = shipped_model()
    warm = model.confidence(texts[:40])
    clear_word_cache()
    for block in model.blocks:
        block.word_columns.clear()
    # a tiny cache is emptied before nearly every batch and grown again word by word
    monkeypatch.setattr("worker.analysis.tfidf.WORD_CACHE_SIZE", 3)
    cold = np.vstack([model.confidence(texts[i : i + 4]) for i in range(0, 40, 4)])
    assert np.abs(cold - warm).max() < 1e-12
    assert all(len(block.word_columns) < 400 for block in model.blocks)


def test_an_empty_batch_has_no_rows():
    block = shipped_model().blocks[1]
    assert block.transform([]).shape == (0, len(block.idf))
    assert shipped_model().decision([]).shape == (0, len(OPP_LABELS))
    assert label_scores([]) == [] and classify([]) == []


def test_threads_sharing_the_model_get_the_serial_scores(monkeypatch):
    texts, _ = read_slice()
    batches = [texts[i : i + 3] for i in range(0, 48, 3)]
    model = shipped_model()
    serial = [model.confidence(batch) for batch in batches]
    # a tiny cache is emptied by one thread while others read it
    monkeypatch.setattr("worker.analysis.tfidf.WORD_CACHE_SIZE", 3)
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(model.confidence, batches * 3))
    for ours, alone in zip(threaded, serial * 3, strict=True):
        assert np.abs(ours - alone).max() < 1e-12


@pytest.mark.parametrize("count", [0, 1, 5, 3000])
def test_hash_table_finds_every_key_and_nothing_else(count):
    rng = np.random.default_rng(count)
    keys = rng.choice(19075**2, size=count, replace=False)
    table = _hash_table(keys, np.arange(count))
    # every stored key (many share a first slot at this size), then keys that are absent
    absent = rng.integers(0, 19075**2, size=500)
    absent = absent[~np.isin(absent, keys)]
    assert _hash_lookup(table, keys).tolist() == list(range(count))
    assert (_hash_lookup(table, absent) == -1).all()


def test_hash_table_of_keys_past_32_bits_finds_them():
    keys = np.array([0, 2**31 - 1, 2**31, 2**40 + 7, 3 * 2**45], dtype=np.int64)
    table = _hash_table(keys, np.arange(len(keys)) + 2**33)
    assert _hash_lookup(table, keys).tolist() == (np.arange(len(keys)) + 2**33).tolist()
    assert _hash_lookup(table, keys + 1).tolist() == [-1, 2 + 2**33, -1, -1, -1]


@pytest.mark.parametrize("size", [10, 50, 5000])
def test_distinct_ids_are_numpys_unique(size):
    ids = np.random.default_rng(size).integers(0, size, size=40)
    distinct, inverse = _distinct(ids, size)
    expected, expected_inverse = np.unique(ids, return_inverse=True)
    assert distinct.tolist() == expected.tolist()
    assert inverse.tolist() == expected_inverse.tolist()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_product_is_scipys_product_entry_for_entry(seed):
    # the same entries in the same order: the sums over each row that follow depend on it
    rng = np.random.default_rng(seed)
    shapes = (12, 30, 200)
    left_lengths = rng.integers(0, 9, size=shapes[0])  # some rows empty
    right_lengths = rng.integers(0, 6, size=shapes[1])
    left = (np.r_[0, np.cumsum(left_lengths)], rng.integers(0, shapes[1], left_lengths.sum()))
    right = (np.r_[0, np.cumsum(right_lengths)], rng.integers(0, shapes[2], right_lengths.sum()))
    matrices = [
        sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=shape)
        for (indptr, indices), shape in ((left, shapes[:2]), (right, shapes[1:]))
    ]
    expected = (matrices[0] @ matrices[1]).tocsr()
    product = _product(left, right, (shapes[0], shapes[2]))
    assert product.shape == expected.shape
    assert product.indptr.tolist() == expected.indptr.tolist()
    assert product.indices.tolist() == expected.indices.tolist()
    assert product.data.tolist() == expected.data.tolist()


def test_blocks_scored_at_once_equal_blocks_scored_one_by_one():
    # bit for bit: the confidences feed the findings' gates, so even the last bit matters
    texts, _ = read_slice()
    model = shipped_model()
    batch = WordBatch.of_pieces(texts[:40], np.array([[0, 3], [3, 3], [3, 40], [5, 6]]))
    stacked = linear_scores(model.blocks, model._stacked_weights(), batch)
    assert stacked is not None
    alone = np.zeros_like(stacked)
    for block, weights in zip(model.blocks, model._idf_coef(), strict=True):
        frequencies, factor = block.frequencies(batch)
        alone += np.asarray(frequencies @ weights) * factor[:, None]
    assert stacked.tobytes() == alone.tobytes()
    assert stacked[1].tolist() == [0.0] * len(OPP_LABELS)


def test_a_block_that_counts_from_text_scores_block_by_block():
    texts, _ = read_slice()
    model = shipped_model()
    word = model.blocks[0]
    trigrams = FeatureBlock("word", (1, 3), word.vocabulary, word.idf)
    batch = WordBatch.of_texts(texts[:5])
    assert trigrams.count_operands(batch) is None
    assert linear_scores([trigrams, *model.blocks[1:]], model._stacked_weights(), batch) is None


def test_a_block_that_first_sees_an_old_generation_gets_the_same_rows():
    texts, _ = read_slice()
    block = shipped_model().blocks[1]
    before = WordBatch.of_texts(texts[:5])
    clear_word_cache()  # before is now of an old generation, which no block has cached
    fresh = FeatureBlock(block.analyzer, block.ngram_range, block.vocabulary, block.idf)
    stale = fresh.weighted(before).toarray()
    assert len(fresh.word_columns) == 0
    assert np.abs(stale - block.transform(texts[:5]).toarray()).max() < 1e-12
