"""Evidence a reader accepts: no heading or label quoted alone, no passage quoted twice, the
statement before the label that names its topic.

Policies: Open Terms Archive contributors (ODC-BY 1.0), under tests/resources.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from worker.analysis.findings import find_findings, match
from worker.analysis.findings.evidence import (
    explains_example_value,
    is_label,
    names_legal_basis,
    quotable,
)
from worker.analysis.segment import segment, split_sentences
from worker.ingest.corpus import read_policy
from worker.ingest.normalise import canonical_text
from worker.records import Finding, LabelledSegment, PolicyText, Sentence

RESOURCES = Path(__file__).parent / "resources"

POLICIES = [
    "evidence/airbnb-2022-06-08.md",
    "ota/DuckDuckGo/2020-12-10T21-30-44.md",
    "ota/GitHub/2022-05-18T11-48-08.md",
    "ota/Reddit/2025-05-29T18-11-00.md",
    "evidence/youtube-2018-05-11.md",
    "render/pinterest-2023-02-15.md",
    "render/snapchat-2024-01-04.md",
    "render/viber-2021-08-03.md",
    *(f"seeds/{p.name}" for p in sorted((RESOURCES / "seeds").glob("*.txt"))),
]


def findings_of(raw: str) -> tuple[str, dict[str, Finding]]:
    """The canonical text and its findings, without the classifier."""
    text = canonical_text(raw)
    labelled = [LabelledSegment(s, (), ()) for s in segment(PolicyText(text))]
    return text, {f.id: f for f in find_findings(text, labelled)}


def policy(name: str) -> tuple[str, dict[str, Finding]]:
    """The text and findings (without the classifier) of a resource policy, read as the
    service reads a fetched page of its type."""
    read = read_policy(RESOURCES / name)
    labelled = [LabelledSegment(s, (), ()) for s in segment(read)]
    return read.text, {f.id: f for f in find_findings(read.text, labelled)}


@pytest.mark.parametrize(
    "text",
    [
        # Airbnb, Pinterest, YouTube, Snapchat (Open Terms Archive): bold labels and headings
        "**Geo-location Information**.",
        "**Device information.**",
        "**Location information**",
        "Location Information.",
        "International Data Transfers",
        # Snapchat, GitHub, Google Gemini: list items and fragments
        "IP address;",
        "pages viewed;",
        "to comply with our legal obligations",
        "Law enforcement agencies or government agencies.",
        "Contact info",
        "Information we get from third parties.",
        "When we respond to legal requests",
        "Partners who use our analytics services",
        "To delete your information, you can:",
        # Google Gemini: a heading that is a link
        "[Compliance & cooperation with regulators](https://policies.google.com/privacy#enforcement)",
        "[How Gemini Apps get help from Google services](#pn_other_google_services)",
        # Wikipedia 2013: a heading that ends in a colon, no statement of its own
        "Third-party access and notifying registered users when receiving legal process:",
        # ChatGPT 2026: a title-cased item of a table cell, a subject in it
        "Other Information You Provide",
    ],
)
def test_labels(text: str) -> None:
    assert is_label(text)


@pytest.mark.parametrize(
    "text",
    [
        "We respond to Do Not Track signals.",
        "We never sell your personal data",
        "This information includes log files.",
        "Information we collect includes your name and email address.",
        "We do not sell your personal information.",
        "E-mail address: [privacy@example.com](mailto:privacy@example.com)",
        "When you use our services we may collect information about your location.",
    ],
)
def test_statements(text: str) -> None:
    assert not is_label(text)


@pytest.mark.parametrize(
    ("sentence", "explains"),
    [
        # Google 2026: the explanation of "A typical log entry ... looks like this:"
        ("123.45.67.89 is the Internet Protocol address assigned to the user by the ISP.", True),
        ("25/Mar/2003 10:15:32 is the date and time of the query.", True),
        ("Chrome 112; OS X 10.15.7 is the browser and operating system being used.", True),
        ("Google Analytics is the web analytics service we use on our website.", False),
        ("We keep logs for 14 days, which is the shortest time we can.", False),
    ],
)
def test_the_explanation_of_an_example_value(sentence: str, explains: bool) -> None:
    assert explains_example_value(sentence) is explains


@pytest.mark.parametrize(
    ("cell", "basis"),
    [
        # legal-basis cells of purposes tables (Claude, Qwen, Mistral 2026), read as cells
        ("Consent (for example for precise device location or for health app integrations)", True),
        ("Compliance with a legal obligation (to respond to requests to exercise rights)", True),
        ("Our legal obligation to reply to your requests.", True),
        ("Legitimate interests", True),
        ("Legal requirements may require us to disclose your data to the police.", False),
        ("Consent-based advertising is shown only when you opt in.", False),
    ],
)
def test_a_legal_basis_named_alone(cell: str, basis: bool) -> None:
    assert names_legal_basis(cell) is basis


def test_a_list_item_that_is_a_statement_is_quoted_alone() -> None:
    # Google 2026: items without a full stop that have a subject and a verb are sentences
    text = (
        "We work hard to protect you from unauthorised access, including:\n\n"
        "- We use encryption to keep your data private while in transit\n"
        "- We review our information collection, storage and processing practices, including "
        "physical security measures, to prevent unauthorised access to our systems\n"
        "- pages viewed"
    )
    sentences = split_sentences(text)
    review = next(i for i, s in enumerate(sentences) if s.text.startswith("We review"))
    assert quotable(text, sentences, review) is sentences[review]
    pages = next(i for i, s in enumerate(sentences) if s.text.startswith("pages viewed"))
    assert quotable(text, sentences, pages) is not sentences[pages]


def test_a_menu_of_links_is_never_quoted() -> None:
    # Viber 2021: the table of contents, one run of links, was shown for privacy_contact
    menu = (
        "[Scope and Consent  \n](http://example.com/p#scope)[Information we Collect  \n]"
        "(http://example.com/p#collect)[Disclosure  \n](http://example.com/p#disclosure)"
        "[Contact Us](http://example.com/p#contact-us)"
    )
    assert quotable(menu, [Sentence(menu, 0, len(menu))], 0) is None
    statement = "Please [contact us](http://example.com/c) with any questions about this policy."
    assert quotable(statement, [Sentence(statement, 0, len(statement))], 0) is not None


@pytest.mark.parametrize("name", POLICIES)
def test_no_label_alone_and_no_passage_twice(name: str) -> None:
    text, found = policy(name)
    for finding in found.values():
        keys = [re.sub(r"[\W_]+", " ", e.text).strip().lower() for e in finding.evidence]
        assert len(keys) == len(set(keys)), finding.id
        spans = sorted((e.start, e.end) for e in finding.evidence)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), finding.id
        for e in finding.evidence:
            assert text[e.start : e.end] == e.text
            assert not is_label(e.text), (finding.id, e.text)


def test_statement_beats_the_label_that_names_its_topic() -> None:
    # Snapchat 2024-01-04: "- Location Information. When you use our services we may ..."
    _, found = policy("render/snapchat-2024-01-04.md")
    first = found["collects_location"].evidence[0].text
    assert first.startswith(
        (
            "When you use our services we may collect information about your location.",
            "With your permission, we may also collect information about your precise location",
        )
    )


@pytest.mark.parametrize(
    ("name", "label", "quote"),
    [
        # Airbnb 2022-06-08: the label is quoted with the lead-in that says who collects it
        (
            "evidence/airbnb-2022-06-08.md",
            "**Geo-location Information**.",
            "When you use the Airbnb Platform and Payment Services, we automatically collect "
            "personal information. This information may include:\n\n- **Geo-location "
            "Information**.",
        ),
        # Snapchat 2024-01-04
        (
            "render/snapchat-2024-01-04.md",
            "IP address;",
            "We may also collect log information when you use our website, such as:\n- details "
            "about how you've used our services;\n- device information, such as your web browser "
            "type and language;\n- access times;\n- pages viewed;\n- IP address;",
        ),
        # YouTube (Google) 2018-05-11: a bold title with the sentence it heads
        (
            "evidence/youtube-2018-05-11.md",
            "**Location information**",
            "**Location information**\n\nWhen you use Google services, we may collect and "
            "process information about your actual location.",
        ),
        # a label alone under a heading, with nothing to quote it with
        ("## Data\n\nIP address;", "IP address;", None),
    ],
)
def test_label_is_quoted_with_its_lead_in(name: str, label: str, quote: str | None) -> None:
    raw = name if "\n" in name else (RESOURCES / name).read_text(encoding="utf-8")
    text = canonical_text(raw)
    for seg in segment(PolicyText(text)):
        for index, sentence in enumerate(seg.sentences):
            if sentence.text == label:
                quoted = quotable(text, seg.sentences, index)
                assert (quoted and quoted.text) == quote
                if quoted:
                    assert text[quoted.start : quoted.end] == quoted.text
                return
    raise AssertionError(f"{label!r} is not a sentence of {name}")


def test_a_repeated_sentence_is_quoted_once() -> None:
    # Le Chat (Mistral AI) 2026-04-08 says this twice, in its rights section and its table
    sentence = "You have the right to ask us to update or correct your personal data."
    _, found = findings_of(f"## Your rights\n\n{sentence}\n\n## Summary\n\n- {sentence}\n")
    assert len(found["can_access_or_correct"].evidence) == 1


def test_the_sentence_naming_more_of_its_topic_comes_first() -> None:
    # Airbnb 2022: its list of contact details, not a use of "your full name"
    _, found = findings_of(
        "We may use your information, including your full name, to obtain such reports. "
        "This information includes your first name, last name, phone number, postal address "
        "and email address, depending on the features you use."
    )
    assert found["collects_contact_info"].evidence[0].text.startswith("This information")


@pytest.mark.parametrize(
    ("finding_id", "general", "named"),
    [
        # TikTok 2021: "appropriate measures" before the sentence naming encryption
        (
            "security_measures",
            "We have appropriate technical and organisational measures in place.",
            "Although we will do our best to protect your personal data, for example, by "
            "encryption, we cannot guarantee the security of information sent via the Platform.",
        ),
        # TikTok 2021, Viber 2021: "as long as necessary" before a period a reader can check
        (
            "retention_limited",
            "We retain your information for as long as it is necessary to provide you with the "
            "service.",
            "We will also delete personal data of the messaging function within 30 days of you "
            "cancelling your account.",
        ),
        # TikTok 2021: an identifier used to infer something, before its collection
        (
            "collects_device_identifiers",
            "We infer your approximate location based on your IP address.",
            "Such information includes your IP address, instance IDs and the identifier for "
            "advertising purposes.",
        ),
    ],
)
def test_the_sentence_that_names_it_comes_first(finding_id: str, general: str, named: str) -> None:
    _, found = findings_of(f"{general} {named}")
    assert found[finding_id].evidence[0].text == named


def test_a_sentence_said_again_in_other_words_is_quoted_once() -> None:
    # GitHub 2022 says it in its summary and again below ("may also collect"); Reddit 2026
    # repeats its retention sentence in its rights table, with "also" and "about you"
    _, found = findings_of(
        "## Summary\n\nGitHub may also collect User Personal Information from third parties.\n\n"
        "## Third parties\n\nGitHub may collect User Personal Information from third parties.\n"
    )
    assert len(found["obtains_data_from_third_parties"].evidence) == 1


# --- the reader's rules (issue 11), each on real sentences -----------------------------------

NOT_AN_ADMISSION = [
    # US-state disclosure templates and lists of rights name "sold" without selling: the two
    # policies the reader found graded E for it, in their words
    (
        "sells_data",
        'In the past 12 months, we have collected, shared, and "sold" the following categories '
        "of personal information.",
    ),
    (
        "sells_data",
        "The categories of personal data we have collected, disclosed for a business purpose, "
        'shared, or "sold" in the preceding 12 months are listed below.',
    ),
    (
        "sells_data",
        "You can receive a copy of the personal information we have collected, used, disclosed, "
        "sold, or shared about you.",
    ),
    ("sells_data", "You have the right to opt out of the sale of your personal information."),
    # another party's act, or a negation (the reader's examples)
    ("collects_payment_info", "Our payment provider, not us, collects card numbers."),
    ("collects_biometric_data", "We will not extract voiceprints from your recordings."),
    # "Reasonable steps" and "implemented safeguards" name no measure
    ("security_measures", "We take reasonable steps to protect your personal information."),
    ("security_measures", "We have implemented safeguards designed to protect your information."),
    # Ticketmaster (OPP-115) 2015: "We use standard security measures."
    ("security_measures", "We use standard security measures."),
    # updating the "last updated" date is no notice
    (
        "change_notice",
        "When we make changes to this policy, we will notify you by updating the date at the top "
        "of this page.",
    ),
    # where you live is no transfer (Reddit 2026, GitHub 2022)
    (
        "international_transfers",
        "Additionally, if you are located outside the United States, you must be over the age "
        "required by the laws of your country to create an account.",
    ),
    (
        "international_transfers",
        "No matter where you live, we provide the same high standard of privacy protection to "
        "all our users around the world.",
    ),
    # a deletion denied or declined (GitHub 2022, Instagram 2021)
    (
        "can_delete_data",
        "While you are not able to delete your email address entirely, you can make it private.",
    ),
    (
        "can_delete_data",
        "If you don't want to delete your account but want to temporarily stop using the "
        "Products, you can deactivate your account instead.",
    ),
    # a change of ownership is no change of the policy (GitHub 2022)
    (
        "change_notice",
        "If any such change of ownership happens, we will notify you by email before any "
        "transfer of your information.",
    ),
    # a definition of the signal (GitHub 2022)
    (
        "honors_do_not_track",
        '"Do Not Track" (DNT) is a privacy preference you can set in your browser if you do not '
        "want online services to collect and share certain kinds of information.",
    ),
    # a condition, not a kind of data (Instagram 2021, Reddit 2026)
    (
        "collects_usage_data",
        "The types of information we collect depend on how you use our Products.",
    ),
    # direction: the service's analytics given to partners (Instagram 2021)
    (
        "uses_third_party_analytics",
        "Partners who use our analytics services receive aggregated statistics and insights.",
    ),
    # the payment processor's act (Reddit 2026)
    (
        "collects_payment_info",
        "Reddit uses industry-standard payment processor services (such as Stripe) to handle "
        "payment information.",
    ),
    # the company's own contact details, advice to the user (Airbnb 2022, GitHub 2022)
    (
        "collects_contact_info",
        "If you would like to challenge decisions, please contact us via the Contact Information "
        "section below.",
    ),
    (
        "collects_contact_info",
        "You should also update your local Git configuration to use your private email address.",
    ),
    # data got from advertisers, advertisers' own use (Pinterest 2023, Reddit 2026)
    (
        "shares_for_advertising",
        "We also get information about you and your activity outside Pinterest from our "
        "affiliates, advertisers, partners and other third parties we work with.",
    ),
    (
        "shares_for_advertising",
        "Internet or other electronic network activity information, such as information about "
        "your activity on our Services and limited information about your activity on the "
        "services of advertisers who use our advertising technology.",
    ),
    # the user's control over a practice, alone or as an item of what "you can" do
    # (Pinterest 2023, Airbnb 2022)
    (
        "shares_for_advertising",
        "You can opt-out of sharing with such advertising services in your settings.",
    ),
    (
        "collects_contact_info",
        "For example, you can:\n\n- Edit information in your profile at any time, or choose "
        "whether others can find your account using your email address.\n",
    ),
    (
        "collects_location",
        "You can make certain information publicly visible to others, such as:\n\n- Your public "
        "profile page.\n- Listing pages that include information such as the approximate or "
        "precise location description.\n",
    ),
    # fingerprints of files, not of your device (GitHub 2022)
    (
        "uses_tracking_cookies",
        "We may scan our servers to detect known malware, based on algorithmic fingerprinting "
        "techniques.",
    ),
    # the other way: information received from law enforcement (Snapchat 2024)
    (
        "discloses_to_authorities",
        "* If you provide us with your contact information, we may use that information to "
        "determine if we can communicate with you on other messaging platforms.\n"
        "* We may receive information from third parties, including website publishers, social "
        "network providers, law enforcement, and others, about potential violators of our Terms.\n",
    ),
    # a limit, not an admission (TikTok 2021); advertising that is not personalised
    ("shares_for_advertising", "We only share aggregated user information with advertisers."),
    (
        "shares_for_advertising",
        "We use your information to:\n\n- provide non-personalised advertising, which keeps many "
        "of our services free;\n",
    ),
    # a noun is no act: an access token (TikTok 2021), an internet service provider (Wikipedia)
    (
        "collects_usage_data",
        "We will likewise share certain information with the relevant social network such as "
        "your access token and the referring URL.",
    ),
    # operating system services are a service, not a device attribute (Viber 2021)
    (
        "collects_device_identifiers",
        "This may include URLs in messages reported as spam, using your operating system "
        "authentication services.",
    ),
    # content provided by the company is no source of data about you (Google 2018)
    (
        "obtains_data_from_third_parties",
        "When you use our services or view content provided by Google, we automatically collect "
        "and store certain information in server logs.",
    ),
    # an item of a list of legal bases for processing (Viber 2021)
    (
        "discloses_to_authorities",
        "We must have a legal basis to process your personal information. In most cases the legal "
        "basis will be one of the following:\n\n- where you have given your consent to the "
        "processing.\n- to comply with our legal obligations, as explained above.\n",
    ),
    # what another party may do, as the items of its list (Google 2018)
    (
        "discloses_to_authorities",
        "If your account is managed by a domain administrator, that administrator will have "
        "access to it. Your domain administrator may be able to:\n\n    *   change your account "
        "password.\n    *   receive your account information in order to satisfy applicable "
        "law, regulation, legal process or enforceable governmental request.\n",
    ),
    # "communication preferences" is a noun, no act of sharing (Viber 2021)
    (
        "discloses_to_authorities",
        "We use your information to contact you to comply with your stated communication "
        "preferences. We retain information as long as it is necessary to comply with our "
        "legal data protection retention obligations.",
    ),
    # a transfer abroad with its safeguard, retention as the law requires (Snapchat 2024)
    (
        "discloses_to_authorities",
        "Whenever we share information outside of where you live, when we are legally required "
        "to do so, we make sure an adequate transfer mechanism is in place.",
    ),
    (
        "discloses_to_authorities",
        "We may share information with our affiliates. Finally, we may also retain certain "
        "information in backup for a limited period of time or as required by law.",
    ),
    # the practices of others the policy does not cover (Google 2018)
    (
        "uses_tracking_cookies",
        "Our Privacy Policy does not cover the information practices of other companies and "
        "organizations who advertise our services, and who may use cookies, pixel tags and other "
        "technologies to serve and offer relevant ads.",
    ),
    # a domain name is no transfer abroad (NYT)
    (
        "international_transfers",
        "Subscribers can read the edition at international.nytimes.com, where we store their "
        "preferences.",
    ),
    # kept despite or after deletion, or until you delete it: no retention limit (genai)
    (
        "retention_limited",
        "In certain circumstances, we may need to retain your personal data after your account "
        "has been deleted.",
    ),
    (
        "retention_limited",
        "We may continue to process and retain data regardless of your request for deletion, in "
        "order to comply with legal obligations.",
    ),
    ("retention_limited", "This data remains saved until you choose to delete it."),
    # a promise for children only (Claude.ai); the DPO's contact details, not yours (Qwen)
    (
        "does_not_sell_data",
        "Our Services are not directed towards, and we do not knowingly collect, use, disclose, "
        "sell, or share any information from children under the age of 18.",
    ),
    (
        "collects_contact_info",
        "If you have reason to believe that a Minor has provided Personal Data to us, please "
        "contact our DPO via the contact details set out below.",
    ),
    # the service's own analytics products for partners, not analytics it lets in (Meta)
    (
        "uses_third_party_analytics",
        "Our measurement and analytics services help our partners understand how people use "
        "their products.",
    ),
    # another party's act, or what a technology is: not the service's practice (Google, Meta)
    (
        "shares_for_advertising",
        "For example, a customer may want to use its Google Analytics data to create more "
        "relevant ads, or to further analyse its traffic.",
    ),
    (
        "uses_third_party_analytics",
        "For example, a website might use our advertising services (like AdSense) or analytics "
        "tools (like Google Analytics).",
    ),
    ("uses_tracking_cookies", "Pixel tags are often used in combination with cookies."),
    (
        "collects_device_identifiers",
        "`123.45.67.89` is the Internet Protocol address assigned to the user by the user's ISP.",
    ),
    ("collects_usage_data", "`25/Mar/2003 10:15:32` is the date and time of the query."),
    (
        "uses_tracking_cookies",
        "A pixel tag is a type of technology placed on a website or within the body of an email "
        "for the purpose of tracking certain activity.",
    ),
    (
        "shares_with_service_providers",
        "Their payment service provider will also receive information needed to facilitate the "
        "payment, including your payment card credential information.",
    ),
    # only aggregated reports go to advertisers: a limit on sharing (Google)
    (
        "shares_for_advertising",
        "We only provide aggregated reports to advertisers, which don't reveal information "
        "about individual people.",
    ),
    # an ad audience's age range, a feature for adults: nothing about children (Meta, Google)
    (
        "protects_children",
        "For example, we might tell an advertiser that their ad was seen by women aged 25\u201334 "
        "who live in Madrid.",
    ),
    (
        "protects_children",
        "If you are 18 or older and upgrade to Gemini Apps, your calling history may be imported.",
    ),
    # a definition of a technology, a table of contents, a heading alone (OPP-115: Time Inc.,
    # PlayStation, Disinformation)
    (
        "uses_tracking_cookies",
        "A web beacon is an electronic image called a single-pixel or clear GIF.",
    ),
    (
        "collects_usage_data",
        '"Log files" are files that log actions that have occurred on a website.',
    ),
    (
        "privacy_contact",
        "Essence PRIVACY POLICY Table of Contents The Information We Collect How to Contact Us "
        "Cookies Our Commitment to Security",
    ),
    (
        "shares_with_service_providers",
        "Disclosure to Third Party Service Providers and Online Partners.",
    ),
    # what the policy does not cover: other parties' collection (Time Inc.)
    (
        "obtains_data_from_third_parties",
        "This privacy notice does not cover any use of information that such third parties may "
        "have collected from you (e.g., type of browser, operating system, domain name).",
    ),
    # cookies nobody lets you control (Minecraft wiki, RestaurantNews, Library of Congress)
    (
        "cookie_controls",
        "Additionally, advertisements that are managed by third parties which may appear on the "
        "Site(s) use cookies.",
    ),
    (
        "cookie_controls",
        "Other ad networks may also use cookies to track users activities on this website, "
        "RestaurantNews.com has no access or control over these cookies.",
    ),
    (
        "cookie_controls",
        'The survey uses a persistent "cookie" to recognize that you have been invited to complete '
        "the survey and block subsequent prompts.",
    ),
    # analysing and reporting its own metrics shares nothing (Library of Congress)
    (
        "shares_aggregated_data",
        "As such, we use commercial software products to analyze and report on aggregated web "
        "metrics data.",
    ),
    # a billing partner collects, not the service; the policy's scope is no transfer; a seal
    # program's promises; a promise to job applicants only; a pointer to opt out (OPP-115)
    (
        "collects_payment_info",
        "When you are purchasing premium services you may have to submit personal information to "
        "our billing partner, PayPal, including your billing address and credit card number.",
    ),
    (
        "international_transfers",
        "Walmart maintains separate privacy policies applicable to its international operations.",
    ),
    (
        "change_notice",
        "ESRB Privacy Online promotes and enforces established principles and guidelines that "
        "include requirements of full disclosure, notice of changes and informed consent.",
    ),
    (
        "does_not_sell_data",
        "The information you submit is used solely for the purposes of recruiting and is not "
        "shared with any third party.",
    ),
    (
        "shares_for_advertising",
        "Learn more about interest-based advertising, including how to opt out.",
    ),
    # the user buying from other businesses; links for advertisers (Walmart, Buffalo Wild Wings)
    (
        "obtains_data_from_third_parties",
        "You may purchase products or services from these other businesses at our stores or "
        "through our websites.",
    ),
    (
        "shares_for_advertising",
        "We provide these links as a customer convenience and to allow advertisers to promote "
        "their own sites or products, and do not endorse those sites.",
    ),
    # product updates and updated records from other sources are no right to correct (Caribou
    # Coffee, Time Inc.)
    (
        "can_access_or_correct",
        "When registering your gift card, you may sign up for a free eNewsletter, which contains "
        "product update information.",
    ),
    (
        "can_access_or_correct",
        "We may use such information along with updated contact information obtained from other "
        "sources, and you may learn more below.",
    ),
    # any purpose the law allows is no retention limit (Time Inc.)
    (
        "retention_limited",
        "We will retain your personal information while you have an account with us and "
        "thereafter for as long as we need it for purposes not prohibited by applicable laws.",
    ),
    # tracking the e-mails it sends is no collection of contact details (PlayStation)
    (
        "collects_contact_info",
        "We also use these technical methods in HTML emails that we send our guests to determine "
        "whether our consumers have opened those emails.",
    ),
    # a "Last Updated" heading is no policy change; a title is no notice (Walmart, Minecraft wiki)
    (
        "change_notice",
        "# Walmart Privacy Policy Last Updated: March 2015\n\nPlease note that postal mailings are "
        "often prepared many weeks in advance.",
    ),
    (
        "change_notice",
        "Notification of Changes This Privacy Policy may change from time to time and we will "
        "post all changes on this page.",
    ),
    # OPP-115 (2014-2015), the opp-a reading: an IP or website address, a domain name, the
    # address the company's e-mails go to are no contact details collected (Enthusiast
    # Network, Lids)
    (
        "collects_contact_info",
        "Our websites automatically collect certain information, such as your IP address, "
        "browser type, domain name, access times and referring website address.",
    ),
    (
        "collects_contact_info",
        "To ensure we are sending our emails to the right address, we may receive a "
        "confirmation when you open email from us if your computer supports such capabilities.",
    ),
    # clicking a link is the user's act; what advertisers infer is theirs (JibJab, Yahoo)
    (
        "collects_usage_data",
        "Recipients of emails from JibJab may contact JibJab to request the removal of their "
        'information from our database by clicking on the "Opt-Out" Link at the bottom of our '
        "emails.",
    ),
    (
        "collects_usage_data",
        "Advertisers (including ad serving companies) may assume that people who interact with, "
        "view, or click targeted ads meet the targeting criteria.",
    ),
    # not controlling others' cookies, advertisers setting theirs: no control of the user's
    # (Sci-News, JibJab)
    ("cookie_controls", "Sci-News.com does not control the dissemination of these cookies."),
    (
        "cookie_controls",
        "Please note that, in addition to JibJab's Flash cookies, third-party advertisers may "
        "set and use their own Flash cookies for user tracking purposes when serving and "
        "managing ads on the JibJab Sites.",
    ),
    # another party's data or access is no right of the user's (DCCCD, ABC News)
    (
        "can_access_or_correct",
        "You can review the information Google has about you in Google's Ads Settings and "
        "opt-out of the tracking.",
    ),
    (
        "can_access_or_correct",
        "Other members of The Walt Disney Family of Companies may have access to your "
        "information where they perform services on behalf of the data controller(s).",
    ),
    # the user's control said of the thing, a law granting a right to ask, a list of your
    # controls (JibJab, Lids, ABC News)
    ("uses_tracking_cookies", "However, Web Beacons can be refused when delivered via email."),
    (
        "shares_for_advertising",
        "Your California Privacy Rights California Civil Code Section 1798.83 permits customers "
        "of Hat World who are California residents to request certain information regarding our "
        "disclosure of personal information to third parties for their direct marketing "
        "purposes.",
    ),
    (
        "shares_for_advertising",
        "In accordance with local law, your controls and choices may include: You may choose "
        "whether to receive from us offers and promotions for our products and services You may "
        "choose whether to receive targeted advertising on our sites.",
    ),
    # a glossary entry, what a thing is in general (ABC News)
    (
        "collects_device_identifiers",
        "IP Address An IP address is associated with the access point through which you enter "
        "the Internet, and is typically controlled by your Internet Service Provider (ISP), your "
        "company, or your university.",
    ),
    # "stories" is no storage (ABC News)
    (
        "international_transfers",
        "The Walt Disney Company has a rich tradition of bringing great stories, characters and "
        "experiences to our guests around the world.",
    ),
    # aggregate trends it identifies itself are no aggregate data shared (JibJab)
    (
        "shares_aggregated_data",
        "Also, when we send HTML-formatted emails to our users, Web Beacons may be embedded in "
        "such emails to allow us to monitor readership levels so that we can identify aggregate "
        "trends and individual usage.",
    ),
    # what a technology can do in general, a glossary entry without a verb, what blocking one
    # cookie breaks (Google, Wikipedia 2013, Llama API)
    (
        "collects_device_identifiers",
        "An IP address can often be used to identify the location from which a device is "
        "connecting to the Internet.",
    ),
    (
        "collects_device_identifiers",
        "Depending on one's connection, this IP address may be traceable to a large Internet "
        "service provider or more specifically to a school, place of business or home.",
    ),
    (
        "collects_device_identifiers",
        "Unique identifiers may also be incorporated into a device by its manufacturer "
        "(sometimes called a universally unique ID or UUID), such as the IMEI-number of a "
        "mobile phone.",
    ),
    (
        "shares_for_advertising",
        "A third party that creates reports to help advertisers understand how their content "
        "and ads are performing.",
    ),
    ("cookie_controls", "Blocking this cookie would prevent Google Docs from working as expected."),
    # a controller's postal address; unlinking accounts; a partner's request logged (Google,
    # Viber, Llama API)
    (
        "international_transfers",
        "Google LLC for users of Google services based in the United Kingdom, located at 1600 "
        "Amphitheatre Parkway, Mountain View, California 94043, USA.",
    ),
    (
        "can_access_or_correct",
        "You can choose to delink your Viber account from the Rakuten account at any time by "
        "editing your profile on the app.",
    ),
    (
        "can_access_or_correct",
        "We automatically log when you receive a request from an integrated partner to access "
        "your information.",
    ),
    # a Pixel watch is no tracking pixel; network details are no contact details; a rule of
    # conduct for people; what stays visible after a deletion; the audit record kept (Google,
    # Snapchat, Wikipedia 2013, ChatGPT)
    (
        "uses_tracking_cookies",
        "If you use fitness products and apps that we offer, such as Fitbit, Pixel Watch, Nest or "
        "Google Fit, we collect data that you provide, like your height and weight.",
    ),
    (
        "collects_contact_info",
        "We collect information about your wireless and mobile network connections, such as "
        "mobile phone number, service provider, IP address, and signal strength.",
    ),
    (
        "uses_tracking_cookies",
        "Except insofar as it may be required by law, no person should disclose, or knowingly "
        "expose, either user passwords and/or cookies generated to identify a user.",
    ),
    (
        "can_delete_data",
        'Even if an article is "deleted", a user entrusted with higher level of access may still '
        "see what was removed from public view.",
    ),
    (
        "can_delete_data",
        "When you ask us to delete your Personal Data, we retain the audit record of the erasure "
        "request to be able to verify that we have complied with the request.",
    ),
    # payment details, data it shares, training datasets, purposes notified elsewhere, a
    # control on a condition: no usage data collected (Airbnb, TikTok, ChatGPT, Qwen)
    (
        "collects_usage_data",
        "We collect payment information, such as payment instrument used, date and time, payment "
        "amount and billing postcode.",
    ),
    (
        "collects_usage_data",
        "We will likewise share certain information with the relevant social network such as "
        "your app ID, access token and the referring URL.",
    ),
    (
        "collects_usage_data",
        "We retain certain data from your interactions with us, but we take steps to reduce the "
        "amount of personal information in our training datasets before they are used to "
        "improve and train our models.",
    ),
    (
        "collects_usage_data",
        "Further, in relation to particular products or services or in your interactions with "
        "us, we may also have specifically notified you of other purposes for which we collect, "
        "use and/or disclose your Personal Data.",
    ),
    (
        "collects_usage_data",
        "If you use the Atlas browser, you can delete your browsing history or choose to browse "
        "the web in incognito mode.",
    ),
    # compiling reports shares nothing; marketing its own products shares nothing (GitHub,
    # Claude.ai)
    (
        "shares_aggregated_data",
        "For example, we use them to keep you logged in, analyze your use of our service, compile "
        "statistical reports, and provide information for future development of GitHub.",
    ),
    (
        "shares_for_advertising",
        "Sale & targeted Anthropic marketing of its products and services.",
    ),
    # a definition behind a run-in heading; what unique identifiers or a cookie do for sites;
    # what an IP address makes easy; a hypothetical user deleting a cookie (JibJab, Google,
    # Wikipedia 2013)
    (
        "uses_tracking_cookies",
        'Use of Cookies Similar Tracking Technologies A "cookie" is a small amount of data that '
        "is sent to your browser from an Internet server and stored in your computer.",
    ),
    (
        "collects_device_identifiers",
        "On other platforms besides browsers, unique identifiers are used to recognise a "
        "specific device or app on that device.",
    ),
    (
        "uses_tracking_cookies",
        "When you visit the site again, the cookie allows that site to recognise your browser.",
    ),
    (
        "collects_device_identifiers",
        "Editors using a company mail server from home are likely to be easy to identify by "
        "their IP address.",
    ),
    (
        "cookie_controls",
        "If the user has deleted the cookie from the computer since the last time they've "
        "visited Google, then it will be the unique cookie ID assigned to their device.",
    ),
    # a server's zip code, people searching your name, the company's own contact details (The
    # Atlantic, Google)
    (
        "collects_contact_info",
        "They may place a separate cookie on your computer to collect information such as your "
        "IP address and the area code and zip code associated with your server.",
    ),
    (
        "collects_contact_info",
        "We may also process your information if people search for your name and we display "
        "search results for sites containing publicly available information about you.",
    ),
    (
        "collects_contact_info",
        "You may also use the contact information provided to request access or changes to your "
        "personally identifiable information.",
    ),
    # retained data nobody touches but for legal duties: a restriction (Le Chat, Vibe)
    (
        "discloses_to_authorities",
        "Please note that the categories of personal data we retain longer will not be accessed "
        "or used by any member of our teams during their legal keeping periods, except to fulfill "
        "our legal obligations or in case of dispute or litigation.",
    ),
    # others' acts, though the sentence says "our" (Airbnb 2022); a liability clause and data
    # shared with payment and compliance providers to comply with law (Reddit 2026)
    (
        "discloses_to_authorities",
        "Our service providers may also disclose your information where required by law.",
    ),
    (
        "shares_with_service_providers",
        "Hosts may use features on the Platform to share "
        "information about the Guest (like check-in dates and Guest name) with such third-party "
        "service providers.",
    ),
    (
        "shares_with_service_providers",
        "For example, we may receive background check results or "
        "fraud warnings from identity verification service providers for use in our fraud "
        "prevention efforts.",
    ),
    (
        "shares_with_service_providers",
        "In accordance with the DPF, the company is also liable "
        "for onward transfers to third parties that process personal information in a way that "
        "does not follow the DPF.",
    ),
    # backup copies kept after deletion are retention, not a safeguard (Airbnb 2022)
    (
        "security_measures",
        "Because we take measures to protect data from accidental or "
        "malicious loss and destruction, residual copies of your personal information may not be "
        "removed from our backup systems for a limited period of time.",
    ),
    # a warning is no cookie control; the organisation's owners, not the company (GitHub 2022)
    (
        "cookie_controls",
        "If you disable your browser or device's ability to accept these "
        "cookies, you will not be able to log in or use our service.",
    ),
    (
        "can_access_or_correct",
        "Please contact the Account owners for more information about how "
        "they might process your User Personal Information and the ways for you to access, update, "
        "alter, or delete the User Personal Information stored in the Account.",
    ),
    (
        "discloses_to_authorities",
        "This additional information is used and shared with our "
        "third-party payment and compliance providers to determine your eligibility, facilitate "
        "payments, and comply with law.",
    ),
]


@pytest.mark.parametrize(("finding_id", "text"), NOT_AN_ADMISSION)
def test_not_an_admission(finding_id: str, text: str) -> None:
    _, found = findings_of(text)
    assert finding_id not in {fid for fid, f in found.items() if f.evidence}


STILL_STATED = [
    ("sells_data", "We sell your personal information to data brokers."),
    ("uses_tracking_cookies", "We use pixels and cookies to track your visits to our site."),
    ("collects_contact_info", "We collect your name, email address and mobile phone number."),
    ("collects_usage_data", "We collect information about the pages you visit and your clicks."),
    ("can_delete_data", "You can ask us to delete your personal data at any time."),
    (
        "shares_aggregated_data",
        "We share aggregated statistical reports with our partners.",
    ),
    # the company's own use of the same technologies stays stated
    ("collects_device_identifiers", "We collect your IP address when you use our services."),
    ("cookie_controls", "You can block cookies in your browser settings."),
    (
        "discloses_to_authorities",
        "When appropriate, we may share data with competent courts, mediators, accountants, "
        "auditors, lawyers, bailiffs, and debt collection agencies.",
    ),
    ("security_measures", "We use encryption to protect your data in transit."),
    # Valve (OPP-115): steps with their means
    (
        "security_measures",
        "We take reasonable steps to protect your information, including firewalls and "
        "restricting access to our employees.",
    ),
    # notice of significant updates under a question heading; posting only; third-party
    # tools right after the sentence on analytics; a definition in the first person (OPP-115)
    (
        "change_notice",
        "How Will I Know if this Policy Changes? We will provide additional notice of significant "
        "updates.",
    ),
    (
        "change_without_notice",
        "Notification of Changes This Privacy Policy may change from time to time and we will "
        "post all changes on this page.",
    ),
    (
        "uses_third_party_analytics",
        "Like most websites, we use analytic and reporting technologies to record IP addresses "
        "and clickstream patterns. To do this, we may use web beacons and cookies, including "
        "those from third parties.",
    ),
    (
        "uses_tracking_cookies",
        "Web beacons are tiny images that we use to track whether you opened our emails.",
    ),
    (
        "change_notice",
        "We will post changes here and we will email you about material changes.",
    ),
    (
        "change_without_notice",
        'If we make changes, we will revise the "Last Updated" date above.',
    ),
    # where you live, with a transfer: still a transfer
    (
        "international_transfers",
        "If you live in the EEA, we transfer your personal data to the United States.",
    ),
    ("can_delete_data", "You can delete your account at any time in your settings."),
    # the service's own items under its own lead-in stay stated (Google 2018)
    (
        "discloses_to_authorities",
        "We will share personal information outside of Google if we believe it is necessary "
        "to:\n\n    *   meet any applicable law, regulation, legal process or enforceable "
        "governmental request.\n",
    ),
    # a sharing lead-in whose items comply with the law (Snapchat 2024)
    (
        "discloses_to_authorities",
        "We may share information about you if we reasonably believe that disclosing the "
        "information is needed to:\n\n- comply with any valid legal process, governmental request, "
        "or applicable law.\n",
    ),
    ("collects_device_identifiers", "We collect your IP address and your operating system."),
    ("honors_do_not_track", "We respond to Do Not Track signals."),
    ("retention_limited", "We delete your data 30 days after your account is deleted."),
    ("protects_children", "You must be at least 18 years old to use the Services."),
    ("uses_tracking_cookies", "For example, we use cookies to analyse how people interact."),
    ("does_not_sell_data", "We do not sell your personal information to anyone."),
    ("uses_third_party_analytics", "We use third-party analytics services to measure traffic."),
    (
        "shares_with_service_providers",
        "We share your information with our payment service providers to process payments.",
    ),
    (
        "change_without_notice",
        "When we make changes to this policy, we will notify you by updating the date at the top "
        "of this page.",
    ),
    # OPP-115 (2014-2015), the opp-a reading: hyphenated "non-personally-identifiable", ads
    # "across the Internet", page requests, students' own records (JibJab, Lids, Salt Lake
    # Tribune, DCCCD)
    (
        "shares_aggregated_data",
        "This non-personally-identifiable information may be shared with third-parties to "
        "provide more relevant services and advertisements to users.",
    ),
    (
        "shares_for_advertising",
        "We use a third-party service provider to serve ads on our behalf across the Internet "
        "and sometimes on the Sites.",
    ),
    (
        "collects_usage_data",
        "The information we gather generally includes cookies, specific Web site page requests "
        "and the browser software you use.",
    ),
    (
        "can_access_or_correct",
        "Currently enrolled students can correct their Student Information Profile and email "
        "address online through eConnect.",
    ),
]


def test_the_most_direct_sentence_comes_first() -> None:
    """Of several sentences raising a finding, the one stating the practice itself leads: the
    promise not to collect before the audience it is meant for, sharing with advertisers
    before ad technology merely used, the user's control before what cookies do (The
    Atlantic, Salt Lake Tribune, JibJab; OPP-115)."""
    _, found = findings_of(
        "The Sites are not intended for children under 13 years of age. The Atlantic does not "
        "knowingly collect personal information from children under 13 years of age.\n\n"
        "In addition, MediaNews uses web beacons provided by third-party advertising companies "
        "to help manage our online advertising. In addition, MediaNews may share your personal "
        "information with third parties such as advertisers and business partners.\n\n"
        "Flash cookies may remain on your computer even after you have rejected or deleted "
        "regular cookies. You may be able to configure your browser to accept or reject all or "
        "some cookies.\n"
    )
    assert found["protects_children"].evidence[0].text.startswith("The Atlantic does not")
    assert found["shares_for_advertising"].evidence[0].text.startswith("In addition, MediaNews may")
    assert found["cookie_controls"].evidence[0].text.startswith("You may be able to configure")


@pytest.mark.parametrize(("finding_id", "text"), STILL_STATED)
def test_still_stated(finding_id: str, text: str) -> None:
    _, found = findings_of(text)
    assert found.get(finding_id) and found[finding_id].evidence


NOT_AN_ADMISSION_CLASSIFIED = [
    # gated findings, read with the classifier as a report reads them (OPP-115, opp-a reading)
    # a breach, an unsubscription, an order e-mail, product news: no notice of a policy change
    (
        "change_notice",
        "We will endeavor to notify users in the event that the security of their personal "
        "information is breached or compromised.",
    ),
    (
        "change_notice",
        "You can unsubscribe or change your subscription to any of our Personal Notification "
        "Services at any time.",
    ),
    # a heading glued to its sentence is no notice: the changes are only posted (Minecraft)
    (
        "change_notice",
        "Notification of Changes This Privacy Policy may change from time to time and we will "
        "post all changes on this page.",
    ),
    # no opt-out offered; a parent's request for a child (Yahoo, Zacks)
    (
        "marketing_opt_out",
        "We reserve the right to send you certain communications relating to the service, such "
        "as service announcements and administrative messages, without offering you the "
        "opportunity to opt out of receiving them.",
    ),
    (
        "marketing_opt_out",
        "If a child has provided us with private information without parental consent, the "
        "parent or guardian should e-mail us to remove the information and unsubscribe the "
        "child from any promotional contact opportunities.",
    ),
    # what remains in archives after deletion is no limit (Yahoo)
    (
        "retention_limited",
        "Please click here to read about information that might possibly remain in our archived "
        "records after your account has been deleted.",
    ),
    # the user receiving offers from partners is no data obtained from them (Salt Lake Tribune)
    (
        "obtains_data_from_third_parties",
        "MediaNews may use the information that is collected in order to offer you the "
        "opportunity to receive information and offers about products or services from our "
        "business partners or third parties.",
    ),
    # the user's own precautions are no measure of the company's (The Atlantic)
    (
        "security_measures",
        "You must take precautions to protect the security of any personally identifiable "
        "information that you may transmit over any home networks by using encryption.",
    ),
]


@pytest.mark.parametrize(("finding_id", "text"), NOT_AN_ADMISSION_CLASSIFIED)
def test_not_an_admission_with_the_classifier(finding_id: str, text: str) -> None:
    from worker.analysis.classify import classify

    found = find_findings(text, classify(segment(PolicyText(text))))
    assert finding_id not in {f.id for f in found if f.evidence}


@pytest.mark.parametrize(
    ("finding_id", "text"),
    [
        # Valve (OPP-115): the reader is told to come back for the current version
        (
            "change_without_notice",
            "However, please note that this policy may be amended from time to time to reflect "
            "changes and additions to the privacy policy. Please check back for the most current "
            "version before relying on any of the provisions in this privacy policy.",
        ),
        (
            "change_without_notice",
            "Notification of Changes This Privacy Policy may change from time to time and we will "
            "post all changes on this page.",
        ),
    ],
)
def test_still_stated_with_the_classifier(finding_id: str, text: str) -> None:
    from worker.analysis.classify import classify

    found = find_findings(text, classify(segment(PolicyText(text))))
    assert any(f.id == finding_id and f.evidence for f in found)


# --- the judged-evidence table ----------------------------------------------------------------

JUDGED = [
    row
    for table in sorted((RESOURCES / "evidence" / "judged").glob("*.json"))
    for row in json.loads(table.read_text(encoding="utf-8"))["judged"]
]


@functools.cache
def reported(name: str, every: bool) -> dict[str, Finding]:
    """The findings of a resource policy as a report shows them (read as the service reads a
    fetched page of its type, with the classifier); every: all supporting passages instead of
    the first MAX_EVIDENCE."""
    from worker.analysis.classify import classify

    policy = read_policy(RESOURCES / name)
    limit = 1000 if every else match.MAX_EVIDENCE
    saved, match.MAX_EVIDENCE = match.MAX_EVIDENCE, limit
    try:
        return {f.id: f for f in find_findings(policy.text, classify(segment(policy)))}
    finally:
        match.MAX_EVIDENCE = saved


def judged_passage(row: dict[str, str], passage: str) -> bool:
    """Whether a shown passage is the one a judged row is about: it opens with the row's
    sentence, or is exactly it for a row marked "whole" (a heading judged alone)."""
    return passage == row["sentence"] if row.get("whole") else passage.startswith(row["sentence"])


def judged_cases(judgement: str) -> list[object]:
    """The judged rows of one judgement, open ones marked as expected to fail."""
    return [
        pytest.param(
            row,
            id=f"{row['policy'].split('/')[-1][:12]}-{row['finding']}-{row['sentence'][:24]}",
            marks=[pytest.mark.xfail(strict=True, reason="not fixed yet")]
            if row.get("open")
            else [],
        )
        for row in JUDGED
        if row["judgement"] == judgement
    ]


@pytest.mark.parametrize("row", judged_cases("right"))
def test_a_judged_right_sentence_still_supports_its_finding(row: dict[str, str]) -> None:
    finding = reported(row["policy"], every=True).get(row["finding"])
    assert finding is not None
    assert any(row["sentence"] in e.text for e in finding.evidence)


@pytest.mark.parametrize("row", judged_cases("wrong"))
def test_a_judged_wrong_sentence_is_not_shown(row: dict[str, str]) -> None:
    finding = reported(row["policy"], every=False).get(row["finding"])
    if finding is not None:
        assert not any(judged_passage(row, e.text) for e in finding.evidence)


def test_reasonable_measures_not_shown_beside_a_named_measure() -> None:
    """ "Reasonable measures" names no measure: not shown where the policy names one (PlayStation,
    OPP-115); alone it raises no finding (issue 11: it describes no measure; Time Inc.)."""
    vague = (
        "We take reasonable measures to protect the confidentiality, security, and integrity of "
    )
    vague += "the personal information collected from our website visitors."
    named = "Personal information is stored in secure operating environments only accessible to "
    named += "authorized employees."
    _, found = findings_of(f"{named} {vague}")
    assert [e.text for e in found["security_measures"].evidence] == [named]
    _, alone = findings_of(vague)
    assert "security_measures" not in alone


@pytest.mark.parametrize(
    ("weaker", "clearer", "finding"),
    [
        pytest.param(  # a negation in it makes a caveat (RestaurantNews, OPP-115)
            "Recorded IP addresses are not linked to you.",
            "When visiting the site, the IP address used to access the site will be logged "
            "along with the dates and times of access.",
            "collects_device_identifiers",
            id="caveat",
        ),
        pytest.param(  # an example of the practice (Instagram 2021)
            "For example, we share ages with advertisers.",
            "We share information about your interests with advertisers and their partners.",
            "shares_for_advertising",
            id="example",
        ),
        pytest.param(  # the company does not speak (Library of Congress, OPP-115: "Persistent
            # cookies store information ..." below "The Library uses persistent cookies ...")
            "Cookies are used to track your visits.",
            "We use cookies to count returning visitors and to remember the preferences you "
            "set on our website across your visits.",
            "uses_tracking_cookies",
            id="impersonal",
        ),
    ],
)
def test_the_clearer_statement_comes_first(weaker: str, clearer: str, finding: str) -> None:
    """Of two sentences stating a practice, a caveat, an example or an impersonal sentence
    ranks below the plain statement in which the company speaks, whatever their order."""
    _, found = findings_of(f"{weaker} {clearer}")
    assert found[finding].evidence[0].text == clearer


def test_a_pointer_is_shown_only_when_nothing_states_the_practice() -> None:
    """A sentence that only points elsewhere is no evidence beside one that states the practice
    (Claude 2026); alone it is all the policy says."""
    pointer = "Learn more about how we share information with advertisers."
    plain = "We share information with advertisers."
    _, found = findings_of(f"{pointer} {plain}")
    assert [e.text for e in found["shares_for_advertising"].evidence] == [plain]
    _, alone = findings_of(pointer)
    assert [e.text for e in alone["shares_for_advertising"].evidence] == [pointer]


def test_a_legal_basis_cell_is_never_quoted() -> None:
    """A purposes table's legal-basis column says why processing is lawful, not what is done
    (ChatGPT, Qwen Chat): its cells are no evidence, while the purpose cell beside it is."""
    table = (
        "| Purpose | Lawful basis for processing |\n| --- | --- |\n"
        "| We use your email address to send you marketing emails. | Where necessary for our "
        "legitimate interests. You can opt out of marketing emails at any time. |"
    )
    text = canonical_text(table)
    sentences = split_sentences(text)
    quoted = {s.text: quotable(text, sentences, i) for i, s in enumerate(sentences)}
    assert quoted["We use your email address to send you marketing emails."] is not None
    assert quoted["You can opt out of marketing emails at any time."] is None
    _, found = findings_of(table)
    shown = [e.text for f in found.values() for e in f.evidence]
    assert not any("opt out" in e for e in shown)


def test_an_unbulleted_item_is_quoted_with_the_lead_in_above() -> None:
    """OPP-115 list items read one a line, without bullets (loc.gov): an item that is no
    sentence of its own comes with the lead-in that says who collects it."""
    items = "".join(f"Item number {n} of the list,\n\n" for n in range(1, 10))
    _, found = findings_of(
        "To that end, the Library automatically collects the following information:\n\n"
        f"{items}The Internet Protocol address of the computer you are using,\n\n"
        "Search terms used to come to the site."
    )
    first = found["collects_device_identifiers"].evidence[0].text
    assert first.startswith("To that end, the Library automatically collects")
    assert first.endswith("The Internet Protocol address of the computer you are using,")


@pytest.mark.parametrize(
    ("heading", "raised"),
    [("Information they receive with your permission", False), ("Information we receive", True)],
)
def test_a_heading_naming_another_party_makes_an_impersonal_sentence_theirs(
    heading: str, raised: bool
) -> None:
    """Under "Information they receive with your permission" (Llama API 2026, about partners'
    apps), "this includes your email address" is what the partner receives."""
    sentence = "On Facebook, this includes things like your email address, hometown or birthday."
    _, found = findings_of(f"# Policy\n\n## {heading}\n\n{sentence}\n")
    assert ("collects_contact_info" in found) is raised


def test_appropriate_safeguards_alone_raise_no_security_finding() -> None:
    """Time Inc. (OPP-115): the policy's only security sentence names kinds of safeguards, no
    measure; a reader rejects "describes security measures" from it. A named measure beside it
    raises the finding."""
    vague = (
        "Our Commitment to Security We have put in place appropriate administrative, technical, "
        "and physical safeguards to help prevent unauthorized access, maintain data security and "
        "correctly use the information we collect."
    )
    _, alone = findings_of(vague)
    assert "security_measures" not in alone
    _, named = findings_of(f"{vague} We encrypt your data in transit using SSL.")
    assert "security_measures" in named


LOC_CHILDREN = (
    "Children's Privacy Policy Children are naturally curious about our world. Certain Library "
    "websites offer educational content to children under 13 and this privacy policy, which "
    "complies with COPPA, will be available at these sites by a link.\n\n"
    "Some of these sites provide games and activities, and occasionally, we collect personally "
    "identifiable information in order to complete the one-time game or activity. "
)
LOC_PROMISE = (
    "We do not use the information for any other purpose and delete the information as soon as "
    "practical."
)


def test_a_promise_about_one_groups_data_is_no_promise_for_all() -> None:
    """Library of Congress (OPP-115): "delete the information as soon as practical" speaks of the
    data collected for children's one-time games, two sentences before; the same promise after a
    sentence about everyone's data is a limit."""
    _, children = findings_of(LOC_CHILDREN + LOC_PROMISE)
    assert "retention_limited" not in children
    everyone = (
        "When you contact us, we collect your name and e-mail address to answer your question. "
    )
    _, found = findings_of(everyone + LOC_PROMISE)
    assert [e.text for e in found["retention_limited"].evidence] == [LOC_PROMISE]


def test_data_the_sentence_names_itself_is_not_scoped_by_the_sentence_before() -> None:
    """Adweek (OPP-115): after a children paragraph, "the Personally Identifiable Information we
    hold about you ... delete it" names its own data: everyone's right."""
    text = (
        "This site is not directed at children under the age of 13. If a parent believes that "
        "this site has collected the information of a child under the age of 13, please contact "
        "us.\n\nYou may contact us if at any time you would like to see the Personally "
        "Identifiable Information we hold about you, or to ask us to correct or update this "
        "information, or to ask us to delete it."
    )
    _, found = findings_of(text)
    assert "can_delete_data" in found


def test_a_short_sentence_about_this_information_is_quoted_with_the_one_before() -> None:
    """Claude (2026): "This information includes log files." says whose data only with the
    sentence before it; never quoted alone."""
    lead = (
        "- Log and Troubleshooting Information: We collect information about how our Services are "
        "performing when you use them."
    )
    text = f"{lead} This information includes log files.\n"
    sentences = split_sentences(text, 0)
    fragment = len(sentences) - 1
    assert sentences[fragment].text == "This information includes log files."
    quoted = quotable(text, sentences, fragment)
    assert quoted is not None
    assert quoted.text.startswith("Log and Troubleshooting Information:")
    assert quoted.text.endswith("This information includes log files.")
    assert (
        quotable(
            "This information includes log files.",
            split_sentences("This information includes log files.", 0),
            0,
        )
        is None
    )


def test_a_network_provider_is_no_service_provider() -> None:
    """Wikipedia (2013): data released to "a service provider, carrier, or other third-party
    entity" to stop a vandal goes to the vandal's network provider, not a company working for
    the Foundation; "our phone carriers and other service providers" (Viber) still are."""
    item = (
        "It is the policy of Wikimedia that personally identifiable data may be released by "
        "Wikimedia volunteers or staff, in any of the following situations:\n\n"
        "1. Where the user has been vandalizing articles or persistently behaving in a disruptive "
        "way, data may be released to a service provider, carrier, or other third-party entity to "
        "assist in the targeting of IP blocks, or to assist in the formulation of a complaint to "
        "relevant Internet Service Providers,\n"
    )
    _, found = findings_of(item)
    assert "shares_with_service_providers" not in found
    viber = (
        "We may use your Information like your name and phone number to process your payments "
        "for our Services through a secured third-party service provider and, on an aggregate "
        "basis to determine charges for our phone carriers and other service providers."
    )
    _, theirs = findings_of(viber)
    assert "shares_with_service_providers" in theirs


def test_another_party_receiving_data_is_not_the_company_collecting_it() -> None:
    """Instagram (2021): a seller or content creator receiving your contact details when you buy
    from them is their act, not Instagram collecting contact information."""
    seller = (
        "When you subscribe to receive premium content, or buy something from a seller in our "
        "Products, the content creator or seller can receive your public information and other "
        "information you share with them, as well as the information needed to complete the "
        "transaction, including shipping and contact details."
    )
    _, found = findings_of(seller)
    assert "collects_contact_info" not in found
    _, ours = findings_of("We collect your shipping and contact details when you buy something.")
    assert "collects_contact_info" in ours


def test_the_full_statement_ranks_above_a_short_aside() -> None:
    """Instagram (2021): "We also collect information about how you use features like our
    camera" is an aside to the statement that names what use is collected; the statement comes
    first though it is longer."""
    aside = "We also collect information about how you use features like our camera."
    full = (
        "We collect information about how you use our Products, such as the types of content you "
        "view or engage with; the features you use; the actions you take; the people or accounts "
        "you interact with; and the time, frequency and duration of your activities."
    )
    _, found = findings_of(f"{full} {aside}")
    assert found["collects_usage_data"].evidence[0].text == full


def test_a_list_item_ranks_below_its_lead_in_stating_the_same_finding() -> None:
    """Instagram (2021): "We access, preserve and share your information with regulators, law
    enforcement or others:" states the disclosure; its item "In response to a legal request ..."
    is one case of it and comes after it."""
    lead = (
        "We access, preserve and share your information with regulators, law enforcement or others:"
    )
    item = (
        "In response to a legal request (like a search warrant, court order or subpoena) if we "
        "have a good faith belief that the law requires us to do so."
    )
    _, found = findings_of(
        f"{lead}\n\n- {item}\n- When we have a good-faith belief it is "
        "necessary to detect, prevent and address fraud.\n"
    )
    evidence = [e.text for e in found["discloses_to_authorities"].evidence]
    assert evidence[0].startswith(lead)


def test_an_invitation_to_ask_is_no_evidence_of_the_practice_but_is_a_contact() -> None:
    """Llama API (2026): "If you have questions about our international data transfers ..., you
    can contact us" points to a contact; the transfer is stated elsewhere. It still gives a way to
    contact the company about privacy."""
    invitation = (
        "If you have questions about our international data transfers and the standard "
        "contractual clauses, you can contact us."
    )
    stated = "We use appropriate mechanisms for international data transfers."
    _, found = findings_of(f"{invitation} {stated}")
    assert [e.text for e in found["international_transfers"].evidence] == [stated]
    assert [e.text for e in found["privacy_contact"].evidence] == [invitation]
