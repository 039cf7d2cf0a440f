"""Plain-language summary of a policy, built from its findings and labelled segments.

A few sentences say what is collected, who it goes to and what you can do; one line per
API category the policy covers says what that part of the policy amounts to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from worker.records import CategorySummary, Finding, LabelledSegment

CATEGORY_TITLES: dict[str, str] = {
    "first_party_collection": "What it collects and why",
    "third_party_sharing": "Who it shares data with",
    "user_choice": "Your choices",
    "user_access": "Seeing, correcting and deleting your data",
    "data_retention": "How long it keeps data",
    "data_security": "How it protects data",
    "policy_change": "Changes to the policy",
    "do_not_track": "Do Not Track",
    "specific_audiences": "Children and specific audiences",
    "other": "Other",
}
"""The API's 10 category ids, in API order, with a title a non-lawyer understands."""

FINDING_CATEGORY: dict[str, str] = {
    "collects_contact_info": "first_party_collection",
    "collects_payment_info": "first_party_collection",
    "collects_location": "first_party_collection",
    "collects_device_identifiers": "first_party_collection",
    "collects_usage_data": "first_party_collection",
    "collects_biometric_data": "first_party_collection",
    "records_communications": "first_party_collection",
    "uses_tracking_cookies": "first_party_collection",
    "obtains_data_from_third_parties": "third_party_sharing",
    "uses_third_party_analytics": "third_party_sharing",
    "sells_data": "third_party_sharing",
    "does_not_sell_data": "third_party_sharing",
    "shares_for_advertising": "third_party_sharing",
    "shares_with_service_providers": "third_party_sharing",
    "shares_aggregated_data": "third_party_sharing",
    "discloses_to_authorities": "third_party_sharing",
    "marketing_opt_out": "user_choice",
    "cookie_controls": "user_choice",
    "can_access_or_correct": "user_access",
    "can_delete_data": "user_access",
    "retention_limited": "data_retention",
    "retention_unspecified": "data_retention",
    "security_measures": "data_security",
    "breach_notification": "data_security",
    "change_notice": "policy_change",
    "change_without_notice": "policy_change",
    "ignores_do_not_track": "do_not_track",
    "honors_do_not_track": "do_not_track",
    "protects_children": "specific_audiences",
    "international_transfers": "specific_audiences",
    "privacy_contact": "other",
    "trains_ai_on_data": "first_party_collection",
    "ai_training_opt_out": "user_choice",
}
"""The category each finding speaks to."""

_COLLECTED = {
    "collects_contact_info": "your contact details",
    "collects_payment_info": "payment details",
    "collects_location": "your location",
    "collects_device_identifiers": "device identifiers such as your IP address",
    "collects_usage_data": "how you use the service",
    "collects_biometric_data": "biometric data",
    "records_communications": "your calls or messages",
}
_RECIPIENTS = {
    "shares_with_service_providers": "companies that work for it",
    "shares_for_advertising": "advertisers",
    "uses_third_party_analytics": "analytics companies",
    "discloses_to_authorities": "authorities when the law requires",
}
_TRAINS_AI = "It uses your content or data to train AI models."
_RIGHTS = {
    "can_access_or_correct": "see or correct your data",
    "can_delete_data": "have it deleted",
    "marketing_opt_out": "stop marketing messages",
    "cookie_controls": "refuse cookies",
    "ai_training_opt_out": "stop your data being used to train AI models",
}


def summarise(
    findings: Sequence[Finding], labelled: Sequence[LabelledSegment]
) -> tuple[str, tuple[CategorySummary, ...]]:
    """A few plain sentences about the policy, and one line per category it covers."""
    ids = {f.id for f in findings if f.evidence or f.id.endswith("_unspecified")}
    return _overall(ids), _categories(findings, ids, labelled)


def _overall(ids: set[str]) -> str:
    """What is collected, who it goes to, what you can do, how long it is kept."""
    sentences = []
    collected = [words for fid, words in _COLLECTED.items() if fid in ids]
    if collected:
        sentences.append(f"It collects {_join(collected)}.")
    if "uses_tracking_cookies" in ids:
        sentences.append("It uses cookies or similar tools that recognise you across visits.")
    if "obtains_data_from_third_parties" in ids:
        sentences.append("It also gets data about you from other companies.")
    if "trains_ai_on_data" in ids:
        sentences.append(_TRAINS_AI)
    sentences.append(_sharing(ids))
    rights = [words for fid, words in _RIGHTS.items() if fid in ids]
    if rights:
        sentences.append(f"You can {_join(rights, 'and')}.")
    else:
        sentences.append("It names no way for you to see, correct or delete your data.")
    if "retention_limited" in ids:
        sentences.append("It keeps data only for a stated time or purpose.")
    elif "retention_unspecified" in ids:
        sentences.append("It does not say how long it keeps your data.")
    if "change_without_notice" in ids and "change_notice" not in ids:
        sentences.append("It may change the policy without telling you.")
    return " ".join(s for s in sentences if s)


def _sharing(ids: set[str]) -> str:
    """One sentence on who the data goes to."""
    recipients = [words for fid, words in _RECIPIENTS.items() if fid in ids]
    parts = []
    if "sells_data" in ids:
        parts.append("It sells or rents personal data.")
    elif "does_not_sell_data" in ids:
        parts.append("It says it does not sell your data.")
    if recipients:
        parts.append(f"It shares data with {_join(recipients, 'and')}.")
    elif "sells_data" not in ids:
        parts.append("It names no one it shares your data with.")
    if "shares_aggregated_data" in ids:
        parts.append("It shares aggregated or de-identified data.")
    if "international_transfers" in ids:
        parts.append("Your data may be moved to other countries.")
    return " ".join(parts)


def _categories(
    findings: Sequence[Finding], ids: set[str], labelled: Sequence[LabelledSegment]
) -> tuple[CategorySummary, ...]:
    """One CategorySummary per category the policy covers, in API order."""
    segments: dict[str, set[int]] = {category: set() for category in CATEGORY_TITLES}
    for item in labelled:
        for category in item.categories:
            if category in segments:
                segments[category].add(item.segment.index)
    for finding in findings:
        finding_category = FINDING_CATEGORY.get(finding.id)
        for evidence in finding.evidence:
            for item in labelled:
                if item.segment.start <= evidence.start < item.segment.end and finding_category:
                    segments[finding_category].add(item.segment.index)
    summaries = []
    for category, title in CATEGORY_TITLES.items():
        line = _category_line(category, ids)
        if not segments[category] and not (line and category == "data_retention"):
            continue
        if not line:
            count = len(segments[category])
            line = (
                f"{count} part{'s' if count != 1 else ''} of the policy, with no notable finding."
            )
        summaries.append(CategorySummary(category, title, line, tuple(sorted(segments[category]))))
    return tuple(summaries)


def _category_line(category: str, ids: set[str]) -> str:
    """The one-liner of a category, from the findings that speak to it ("" if none do)."""
    if category == "first_party_collection":
        collected = [words for fid, words in _COLLECTED.items() if fid in ids]
        lines = [f"Collects {_join(collected)}."] if collected else []
        if "trains_ai_on_data" in ids:
            lines.append("Uses your content or data to train AI models.")
        return " ".join(lines)
    if category == "third_party_sharing":
        own = {fid for fid in ids if FINDING_CATEGORY.get(fid) == category}
        return _sharing(ids) if own else ""
    if category in ("user_choice", "user_access"):
        rights = [
            w for fid, w in _RIGHTS.items() if fid in ids and FINDING_CATEGORY[fid] == category
        ]
        return f"You can {_join(rights, 'and')}." if rights else ""
    statements = {
        "retention_limited": "Keeps data only for a stated time or purpose.",
        "retention_unspecified": "Does not say how long it keeps your data.",
        "security_measures": "Describes safeguards such as encryption or access controls.",
        "breach_notification": "Promises to tell you about a data breach.",
        "change_notice": "Tells you when the policy changes.",
        "change_without_notice": "May change the policy without telling you.",
        "ignores_do_not_track": "Ignores your browser's Do Not Track signal.",
        "honors_do_not_track": "Respects your browser's Do Not Track signal.",
        "protects_children": "Does not knowingly collect data from children.",
        "international_transfers": "May move your data to other countries.",
        "privacy_contact": "Gives a way to contact it about privacy.",
    }
    return " ".join(
        line for fid, line in statements.items() if fid in ids and FINDING_CATEGORY[fid] == category
    )


def _join(items: Iterable[str], last: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
