"""The OPP-115 label taxonomy and the API category each label maps to (no numpy)."""

from __future__ import annotations

from collections.abc import Iterable

OPP_LABELS: tuple[str, ...] = (
    "First Party Collection/Use",
    "Third Party Sharing/Collection",
    "User Choice/Control",
    "User Access, Edit and Deletion",
    "Data Retention",
    "Data Security",
    "Policy Change",
    "Do Not Track",
    "International and Specific Audiences",
    "Introductory/Generic",
    "Practice not covered",
    "Privacy contact information",
)

CATEGORY_OF_LABEL: dict[str, str] = {
    "First Party Collection/Use": "first_party_collection",
    "Third Party Sharing/Collection": "third_party_sharing",
    "User Choice/Control": "user_choice",
    "User Access, Edit and Deletion": "user_access",
    "Data Retention": "data_retention",
    "Data Security": "data_security",
    "Policy Change": "policy_change",
    "Do Not Track": "do_not_track",
    "International and Specific Audiences": "specific_audiences",
    "Introductory/Generic": "other",
    "Practice not covered": "other",
    "Privacy contact information": "other",
}


def categories_of(labels: Iterable[str]) -> tuple[str, ...]:
    """API category ids of labels, each once, in label order."""
    return tuple(dict.fromkeys(CATEGORY_OF_LABEL[label] for label in labels))
