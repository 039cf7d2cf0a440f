"""The company's own names read off its policy, and what they change: its name speaks for it
as "we" does, and its own products are not third parties."""

from __future__ import annotations

import pytest

from worker.analysis.findings import find_findings
from worker.analysis.findings.company import own_names
from worker.analysis.segment import segment
from worker.ingest.normalise import canonical_text
from worker.records import Finding, LabelledSegment, PolicyText


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Thanks for entrusting GitHub Inc. (\u201cGitHub\u201d, \u201cwe\u201d) with code.",
            {"GitHub"},
        ),
        (
            "Mistral AI, a company having its registered offices at 15 rue des Halles, 75001 "
            "Paris (\u201c**We**\u201d, \u201c**Us**\u201d or \u201c**Mistral AI**\u201d).",
            {"Mistral AI"},
        ),
        (
            "we want to help you understand how and why Reddit (\u201cReddit,\u201c \u201cwe\u201c"
            " or \u201cus\u201d) collects, uses, and shares information about you.",
            {"Reddit"},
        ),
        (
            "Services are provided by Google Ireland Limited in the EEA and by Google LLC "
            'everywhere else. We refer to both companies as "Google" below.',
            {"Google"},
        ),
        (
            "The data controller responsible for your personal data is Anthropic Ireland, "
            "Limited. Anthropic collects data. Anthropic uses it. Anthropic keeps it.",
            {"Anthropic Ireland", "Anthropic"},
        ),
        # quoted terms beside "our" that define no company; a partner named by a site
        ('Read our Terms ("Terms") and (our "Cookie Policy").', set()),
        ("This site uses Google Analytics, a service of Google LLC.", set()),
        ('our website and apps (collectively, "Services").', set()),
    ],
)
def test_own_names(text: str, names: set[str]) -> None:
    assert own_names(text) == names


def findings_of(raw: str) -> dict[str, Finding]:
    """The findings of a text, without the classifier."""
    text = canonical_text(raw)
    labelled = [LabelledSegment(s, (), {}) for s in segment(PolicyText(text))]
    return {f.id: f for f in find_findings(text, labelled) if f.evidence}


GOOGLE = 'Google LLC and Google Ireland Limited: we refer to both companies as "Google" below.\n\n'
SITE = "Example Inc. (\u201cExample\u201d, \u201cwe\u201d) runs this site.\n\n"


@pytest.mark.parametrize(
    ("finding", "sentence", "raised_by_a_site", "raised_by_google"),
    [
        # the company's own analytics product and its own services are not third parties
        (
            "uses_third_party_analytics",
            "We use Google Analytics to understand how visitors use our site.",
            True,
            False,
        ),
        (
            "uses_third_party_analytics",
            "We use Google's analytics services to measure visits to our pages.",
            True,
            False,
        ),
        (
            "uses_third_party_analytics",
            "Google provides the option for apps to store user data persistently in Firebase.",
            None,
            False,
        ),
        (
            "obtains_data_from_third_parties",
            "We may receive information about you from Google when you sign in.",
            True,
            False,
        ),
    ],
)
def test_the_company_itself_is_no_third_party(
    finding: str, sentence: str, raised_by_a_site: bool | None, raised_by_google: bool
) -> None:
    """raised_by_a_site None: what a site's policy makes of the sentence is not the point."""
    if raised_by_a_site is not None:
        assert (finding in findings_of(SITE + sentence)) is raised_by_a_site
    assert (finding in findings_of(GOOGLE + sentence)) is raised_by_google


def test_the_company_name_speaks_for_it_as_we_does() -> None:
    """Without a first person, a sentence after one about search engines reads as theirs;
    the company's own name makes it the company's act again."""
    others = "Other search engines save your search history. "
    act = "Example may collect your IP address when you visit."
    assert "collects_device_identifiers" not in findings_of(others + act)
    assert "collects_device_identifiers" in findings_of(SITE + others + act)
