"""The classify stage: label policy segments with OPP-115 categories and confidences."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from worker.analysis.labels import categories_of
from worker.analysis.model import shipped_model
from worker.records import LabelledSegment, Segment

JSONL_BATCH = 2000
"""Texts classified at once by classify_jsonl, to bound memory on large files."""


def label_scores(texts: Sequence[str]) -> list[dict[str, float]]:
    """Per text, the confidence in [0, 1] of each OPP-115 label."""
    model = shipped_model()
    confidence = model.confidence(list(texts))
    return [dict(zip(model.labels, row, strict=True)) for row in confidence.tolist()]


def classify_texts(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """Per text, the OPP-115 labels it gets (always at least one)."""
    model = shipped_model()
    chosen = model.predict(model.confidence(list(texts)))
    return [
        tuple(label for label, on in zip(model.labels, row, strict=True) if on)
        for row in chosen.tolist()
    ]


def classifier_texts(segments: Sequence[Segment]) -> list[str]:
    """The texts the classifier sees: as in OPP-115, the first segment under a heading starts
    with that heading and the segments after it do not (measured on validation: the heading
    helps the first segment and hurts the others)."""
    texts = []
    previous: str | None = None
    for segment in segments:
        heading = (segment.heading or "").strip()
        text = segment.text
        starts_with_heading = text.lstrip().lower().startswith(heading.lower())
        if heading and heading != previous and not starts_with_heading:
            text = f"{heading} {text}"
        texts.append(text)
        previous = heading
    return texts


def classify(segments: Sequence[Segment]) -> list[LabelledSegment]:
    """Label each segment with OPP-115 labels, their API categories and confidences."""
    model = shipped_model()
    confidence = model.confidence(classifier_texts(segments))
    chosen = model.predict(confidence)
    labelled = []
    named: dict[tuple[bool, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    # rows as Python lists: iterating numpy rows would make a numpy scalar per label
    for segment, row, on in zip(segments, confidence.tolist(), chosen.tolist(), strict=True):
        key = tuple(on)
        if key not in named:
            labels = tuple(label for label, keep in zip(model.labels, on, strict=True) if keep)
            named[key] = labels, categories_of(labels)
        labels, categories = named[key]
        labelled.append(
            LabelledSegment(
                segment=segment,
                labels=labels,
                categories=categories,
                scores=dict(zip(model.labels, row, strict=True)),
            )
        )
    return labelled


def classify_jsonl(input_path: Path, output_path: Path) -> int:
    """Read {"text": ...} lines, write {"labels": [...]} lines one for one; return the count.

    A blank line, or a record without a string "text", is classified as empty text so the
    output stays aligned with the input; a line that is not JSON raises ValueError.
    """
    texts = []
    with input_path.open(encoding="utf-8", newline="\n") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                record = json.loads(line) if line.strip() else {}
            except json.JSONDecodeError as error:
                raise ValueError(f"{input_path}:{number}: not JSON: {error}") from error
            text = record.get("text") if isinstance(record, dict) else None
            texts.append(text if isinstance(text, str) else "")
    with output_path.open("w", encoding="utf-8", newline="\n") as out:
        for start in range(0, len(texts), JSONL_BATCH):
            for labels in classify_texts(texts[start : start + JSONL_BATCH]):
                out.write(json.dumps({"labels": list(labels)}, ensure_ascii=False) + "\n")
    return len(texts)
