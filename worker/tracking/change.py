"""The Diff between two analysed versions of a policy: the text diff, the sentences that
changed and which of them matter, findings and grade gained or lost, and a summary in plain
words that quotes the material changes first and counts words last."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from worker.tracking.diff import DiffStats, Op, diff_html, diff_stats, diff_texts
from worker.tracking.material import SentenceChange, sentence_changes

SUMMARY_QUOTES = 3
"""Material changes quoted in the summary (the popup shows as many, webhooks carry them too)."""

QUOTE_MAX_CHARS = 220
"""A longer quoted sentence is cut around what changed, with an ellipsis."""

LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
    "fi": "Finnish", "pl": "Polish", "cs": "Czech", "ru": "Russian", "tr": "Turkish",
    "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "ar": "Arabic",
}  # fmt: skip
"""Names of the languages a policy may switch to, for the summary."""


@dataclass(frozen=True, slots=True)
class PolicyDiff:
    """Everything the API's Diff object holds, for one pair of policy versions."""

    from_id: str
    to_id: str
    ops: tuple[Op, ...]
    stats: DiffStats
    findings_added: tuple[str, ...]
    findings_removed: tuple[str, ...]
    grade_change: tuple[str | None, str | None] | None
    changes: tuple[SentenceChange, ...]
    html: str
    summary: str

    def to_json(self) -> dict[str, Any]:
        """The API.md Diff shape, ready for json.dumps."""
        grade = self.grade_change
        return {
            "from": self.from_id,
            "to": self.to_id,
            "ops": [[op, text] for op, text in self.ops],
            "stats": {
                "inserted_words": self.stats.inserted_words,
                "deleted_words": self.stats.deleted_words,
                "changed": self.stats.changed,
            },
            "findings_added": list(self.findings_added),
            "findings_removed": list(self.findings_removed),
            "grade_change": None if grade is None else {"from": grade[0], "to": grade[1]},
            "changes": [change.to_json() for change in self.changes],
            "html": self.html,
            "summary": self.summary,
        }


def build_diff(
    from_id: str,
    to_id: str,
    old_text: str,
    new_text: str,
    old_findings: Sequence[str],
    new_findings: Sequence[str],
    old_grade: str | None,
    new_grade: str | None,
    titles: Mapping[str, str] | None = None,
    old_language: str | None = None,
    new_language: str | None = None,
) -> PolicyDiff:
    """The full Diff between two analysed versions. A version in another language than the
    one before is not compared practice by practice: no changes, no findings removed."""
    ops = diff_texts(old_text, new_text)
    stats = diff_stats(ops)
    switched = bool(old_language and new_language and old_language != new_language)
    if switched:
        added: tuple[str, ...] = ()
        removed: tuple[str, ...] = ()
        grade_change = None
        changes: tuple[SentenceChange, ...] = ()
        summary = language_switch_summary(old_language, new_language)
    else:
        added = tuple(sorted(set(new_findings) - set(old_findings)))
        removed = tuple(sorted(set(old_findings) - set(new_findings)))
        grade_change = None if old_grade == new_grade else (old_grade, new_grade)
        changes = (
            tuple(sentence_changes(old_text, new_text, ops, added, removed))
            if stats.changed
            else ()
        )
        summary = describe_change(stats, changes, added, removed, grade_change, titles)
    return PolicyDiff(
        from_id=from_id,
        to_id=to_id,
        ops=tuple(ops),
        stats=stats,
        findings_added=added,
        findings_removed=removed,
        grade_change=grade_change,
        changes=changes,
        html=diff_html(ops),
        summary=summary,
    )


def language_switch_summary(old_language: str | None, new_language: str | None) -> str:
    new_name = LANGUAGE_NAMES.get(new_language or "", new_language or "another language")
    old_name = LANGUAGE_NAMES.get(old_language or "", old_language or "the language before")
    graded = "" if new_language == "en" else " and it is not graded"
    return (
        f"The policy is now in {new_name} (it was in {old_name}), so its practices are not "
        f"compared with the version before{graded}."
    )


def describe_change(
    stats: DiffStats,
    changes: Sequence[SentenceChange],
    findings_added: Sequence[str],
    findings_removed: Sequence[str],
    grade_change: tuple[str | None, str | None] | None,
    titles: Mapping[str, str] | None = None,
) -> str:
    """What the policy now does differently, in plain words: the findings it gained and lost,
    the top material changes quoted, then the grade; word counts last."""
    headline = findings_headline(findings_added, findings_removed, titles)
    parts: list[str] = [headline] if headline else []
    material = [change for change in changes if change.material]
    for change in material[:SUMMARY_QUOTES]:
        parts.append(quote_change(change))
    if len(material) > SUMMARY_QUOTES:
        parts.append(f"{_plural(len(material) - SUMMARY_QUOTES, 'other material change')}.")
    if grade_change is not None:
        before, after = grade_change
        if before is None:
            parts.append(f"Grade now {after}.")
        elif after is None:
            parts.append(f"Grade {before} withdrawn: the new text cannot be graded.")
        else:
            parts.append(f"Grade {before} → {after}.")
    wording = len(changes) - len(material)
    if changes and not material:
        parts.append(
            f"Only wording changed ({_plural(len(changes), 'sentence')}): nothing about what "
            "the company does with your data."
        )
    elif wording:
        parts.append(f"Also {_plural(wording, 'wording edit')} that change nothing material.")
    counts = _word_counts(stats)
    if counts:
        parts.append(counts)
    return " ".join(parts) if parts else "No changes."


def findings_headline(
    findings_added: Sequence[str],
    findings_removed: Sequence[str],
    titles: Mapping[str, str] | None = None,
) -> str:
    """The findings a change brought and took, in one line ("" when none): "Now: sells your
    personal data. No longer: does not sell your data." """
    parts: list[str] = []
    if findings_added:
        parts.append("Now: " + "; ".join(_plain_title(f, titles) for f in findings_added) + ".")
    if findings_removed:
        removed = "; ".join(_plain_title(f, titles) for f in findings_removed)
        parts.append("No longer: " + removed + ".")
    return " ".join(parts)


def quote_change(change: SentenceChange) -> str:
    """One change in plain words: 'Changed: "new" (was: "old").'"""
    if change.kind == "modified" and change.old is not None and change.new is not None:
        old, new = _excerpts(change.old, change.new)
        return f"Changed: “{new}” (was: “{old}”)."
    if change.kind == "added":
        return _closed(f"Added: “{_cut(change.new or '')}”")
    return _closed(f"Removed: “{_cut(change.old or '')}”")


def _closed(quoted: str) -> str:
    """A quote as a sentence of the summary: a period after it unless it ends in one."""
    return quoted if quoted[-2:-1] in {".", "!", "?"} else quoted + "."


def _excerpts(old: str, new: str) -> tuple[str, str]:
    """Both sentences, cut to what changed when long: the common start and end trimmed."""
    old_words, new_words = old.split(), new.split()
    if len(old) <= QUOTE_MAX_CHARS and len(new) <= QUOTE_MAX_CHARS:
        return " ".join(old_words), " ".join(new_words)
    start = 0
    while start < min(len(old_words), len(new_words)) and old_words[start] == new_words[start]:
        start += 1
    end = 0
    limit = min(len(old_words), len(new_words)) - start
    while end < limit and old_words[-1 - end] == new_words[-1 - end]:
        end += 1
    return _window(old_words, start, end), _window(new_words, start, end)


def _window(words: list[str], start: int, end: int, context: int = 8) -> str:
    """The changed words with a few words of context each side, ellipses where cut."""
    first = max(0, start - context)
    last = min(len(words), len(words) - end + context)
    text = " ".join(words[first:last])
    cut = _cut(text)
    ellipsis_after = last < len(words) and cut == text
    return ("… " if first else "") + cut + (" …" if ellipsis_after else "")


def _cut(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= QUOTE_MAX_CHARS:
        return text
    return text[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + " …"


def _word_counts(stats: DiffStats) -> str:
    if stats.inserted_words and stats.deleted_words:
        added = _plural(stats.inserted_words, "word")
        return f"({added} added, {stats.deleted_words} removed.)"
    if stats.inserted_words:
        return f"({_plural(stats.inserted_words, 'word')} added.)"
    if stats.deleted_words:
        return f"({_plural(stats.deleted_words, 'word')} removed.)"
    if stats.changed:
        return "Punctuation or formatting edits only."
    return ""


def _plain_title(finding_id: str, titles: Mapping[str, str] | None) -> str:
    """The finding's title as it reads mid-sentence: "sells your personal data"."""
    title = ((titles or {}).get(finding_id) or finding_id.replace("_", " ")).strip().rstrip(".")
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        title = title[0].lower() + title[1:]
    return title


def _plural(count: int, word: str) -> str:
    """ "1 word", "2 words"."""
    return f"{count} {word}{'' if count == 1 else 's'}"
