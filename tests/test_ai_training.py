"""trains_ai_on_data and ai_training_opt_out on real sentences of generative-AI services'
privacy policies (Open Terms Archive contributors, genai-eu-versions, ODC-BY 1.0), and never
on older policies that speak of machines or of training staff."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from worker.analysis.findings import find_findings
from worker.analysis.segment import segment
from worker.ingest.normalise import canonical_text
from worker.records import Finding, LabelledSegment, PolicyText

RESOURCES = Path(__file__).parent / "resources"
AI_FINDINGS = {"trains_ai_on_data", "ai_training_opt_out"}


def findings_of(raw: str) -> dict[str, Finding]:
    """Findings of a text analysed as a whole policy, without the classifier."""
    text = canonical_text(raw)
    labelled = [LabelledSegment(s, (), ()) for s in segment(PolicyText(text))]
    return {f.id: f for f in find_findings(text, labelled) if f.evidence}


TRAINS = [
    # ChatGPT (OpenAI) 2026-07-09
    "When you use our services for individuals such as ChatGPT, Sora, or Operator, we may use "
    "your content to train our models.",
    "As noted above, we may use Content you provide us to improve our Services, for example to "
    "train the models that power ChatGPT.",
    # Claude.ai (Anthropic) 2026-08-17
    "Anthropic obtains personal data from third party sources in order to train our models.",
    "When you submit Feedback, we disassociate Inputs and Outputs from your user ID to use them "
    "for training and improving our models.",
    # Google Generative AI Services 2026-08-18
    "Google uses your activity to provide, develop, and improve its services (including "
    "training generative AI models), as well as to protect Google, its users, and the public "
    "with the help of human reviewers.",
    # Le Chat / Vibe (Mistral AI) 2026
    "We use and have used a mix of proprietary and third-party data to train the artificial "
    "intelligence models used in the Mistral AI Products for improved performance, which can "
    "include information in a variety of formats (such as text or images) from publicly "
    "available sources.",
    # Llama API (Meta) 2026-04-15
    "We also use manual review to analyze content to train our algorithms to review content the "
    "same way a person would.",
]

OPTS_OUT = [
    # ChatGPT 2026-07-09
    "Once you opt out, new conversations will not be used to train our models.",
    "To turn off training for your ChatGPT and Operator conversations, follow the instructions "
    "in our Data Controls FAQ.",
    "Read our instructions on how you can opt out of our use of your Content to train our models.",
    # Claude.ai 2026-08-17 (both findings: a practice and the way out of it)
    "We may use your Inputs and Outputs to train and improve Anthropic AI models, unless you "
    "opt out through your account settings.",
    # Le Chat 2026-04-08
    "We've introduced a user control which allows you to object to the use of your input and "
    "output data for model training directly from your account.",
    # Google Generative AI Services 2026-08-18
    "If Keep Activity is off and you don't submit feedback, Google also does not use your future "
    "chats to improve its AI models.",
]

NOT_TRAINING = [
    # negations: the company does not train on this data
    "Meta does not train its AI models on Llama API Customer Content or Customer Data.",
    "We do not use this Third-Party Content to train our models.",
    "Temporary chats are not used to train Google's AI models.",
    # ChatGPT 2026-07-09: a negation eleven words before the training
    "Chats from Temporary Chat won't appear in history, use or create memories, or be used to "
    "train our models.",
    "We do not use the content of emails to train our models.",
    # the right to opt out or object is no admission (Le Chat 2026-04-08; ChatGPT 2026-07-09)
    "We've introduced a user control which allows you to object to the use of your input and "
    "output data for model training directly from your account.",
    "Read our instructions on how you can opt out of our use of your Content to train our models.",
    # people trained, not models (Google; OPP-115-style sentences)
    "A subset of chats are reviewed by human reviewers (including Google's trained service "
    "providers) to help improve Google services.",
    "Our employees are trained to protect your personal information.",
    "We train our staff on data protection and provide training of staff handling your data.",
    "We may collect machine identifiers and use machine-readable formats for your data.",
]


@pytest.mark.parametrize("text", TRAINS)
def test_trains_ai_on_data(text: str) -> None:
    assert "trains_ai_on_data" in findings_of(text)


@pytest.mark.parametrize("text", OPTS_OUT)
def test_ai_training_opt_out(text: str) -> None:
    assert "ai_training_opt_out" in findings_of(text)


@pytest.mark.parametrize("text", NOT_TRAINING)
def test_not_trains_ai_on_data(text: str) -> None:
    assert "trains_ai_on_data" not in findings_of(text)


def test_chatgpt_policy_raises_both_with_exact_evidence() -> None:
    raw = (RESOURCES / "ota-genai" / "chatgpt-2026-07-09.md").read_text(encoding="utf-8")
    text = canonical_text(raw)
    found = findings_of(raw)
    assert set(found) >= AI_FINDINGS
    for fid in AI_FINDINGS:
        for e in found[fid].evidence:
            assert text[e.start : e.end] == e.text


def older_policies() -> list[Path]:
    """The OPP-115 pages, the seeds and the pre-AI Open Terms Archive versions in resources."""
    return [
        *sorted((RESOURCES / "opp115").glob("*.html")),
        *sorted((RESOURCES / "seeds").glob("*.txt")),
        *sorted((RESOURCES / "ota").glob("*/*.md")),
        *sorted((RESOURCES / "render").glob("*.md")),
    ]


@pytest.mark.parametrize("path", older_policies(), ids=lambda p: p.name)
def test_older_policies_raise_no_ai_finding(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        raw = re.sub(r"<[^>]+>", " ", raw.replace("|||", "\n\n"))
    assert not AI_FINDINGS & set(findings_of(raw))
