"""Findings raised from real policy sentences, with exact evidence and negations respected.

Sentences come from ToS;DR's public points (CC BY-SA 3.0, service named in each comment),
the three seeds and the Open Terms Archive versions under tests/resources (ODC-BY 1.0).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from worker.analysis.findings import FINDINGS, find_findings, match
from worker.analysis.findings.rules import MAX_EVIDENCE
from worker.analysis.segment import segment
from worker.ingest.normalise import canonical_text
from worker.records import Finding, LabelledSegment, PolicyText, Verdict

RESOURCES = Path(__file__).parent / "resources"

# The finding table of API.md (the contract): id -> verdict.
API_FINDINGS = {
    "collects_contact_info": "neutral",
    "collects_payment_info": "neutral",
    "collects_location": "bad",
    "collects_device_identifiers": "bad",
    "collects_usage_data": "neutral",
    "collects_biometric_data": "bad",
    "obtains_data_from_third_parties": "bad",
    "uses_tracking_cookies": "bad",
    "uses_third_party_analytics": "bad",
    "sells_data": "blocker",
    "does_not_sell_data": "good",
    "shares_for_advertising": "bad",
    "shares_with_service_providers": "neutral",
    "shares_aggregated_data": "neutral",
    "discloses_to_authorities": "neutral",
    "marketing_opt_out": "good",
    "can_access_or_correct": "good",
    "can_delete_data": "good",
    "cookie_controls": "good",
    "retention_limited": "good",
    "retention_unspecified": "bad",
    "security_measures": "good",
    "breach_notification": "good",
    "change_notice": "good",
    "change_without_notice": "bad",
    "protects_children": "good",
    "records_communications": "bad",
    "international_transfers": "neutral",
    "ignores_do_not_track": "bad",
    "honors_do_not_track": "good",
    "privacy_contact": "good",
    "trains_ai_on_data": "bad",
    "ai_training_opt_out": "good",
}


def findings_of(raw: str) -> dict[str, Finding]:
    """Findings of a text analysed as a whole policy, without the classifier."""
    text = canonical_text(raw)
    labelled = [LabelledSegment(s, (), ()) for s in segment(PolicyText(text))]
    return {f.id: f for f in find_findings(text, labelled)}


def raised(raw: str) -> set[str]:
    """Ids raised with evidence."""
    return {fid for fid, f in findings_of(raw).items() if f.evidence}


def test_every_api_finding_has_a_spec_with_the_contract_verdict() -> None:
    assert {fid: spec.verdict.value for fid, spec in FINDINGS.items()} == API_FINDINGS
    for spec in FINDINGS.values():
        assert spec.title and spec.title[0].isupper() and len(spec.title) < 80


POSITIVES = [
    # seed 000 (ivrose.com)
    (
        "collects_contact_info",
        "When you register for an account, contact us for assistance or "
        "submit an order, we may collect your name, phone number, zip code, address, etc.",
    ),
    # seed 002 (igroops.com)
    (
        "collects_payment_info",
        "Any information you provide to us at this site when you purchase "
        "products or services online (i.e. name, address, e-mail address, telephone number and "
        "credit card information), is maintained in private files on our secure Web server.",
    ),
    # ToS;DR, Zillow
    (
        "collects_location",
        "If you enable location services on your mobile device, Zillow "
        "collects the location of your device.",
    ),
    # ToS;DR, a service's "Mobile Device Location Information"
    (
        "collects_location",
        "When you use one of our location-enabled services, we may need to "
        "collect and process information about your specific GPS location.",
    ),
    # TikTok, Snapchat (OTA): "information about your location" is location information
    (
        "collects_location",
        "When you use the Platform on a mobile device, we will collect information about your "
        "location in order to customise your experience.",
    ),
    (
        "collects_location",
        "When you use our services we may collect information about your location.",
    ),
    # OPP-115 (everydayhealth.com): the IP address beside the mobile device is still location
    # (a guard on the IP-address exclusion above, so it passes on the code before it too)
    (
        "collects_location",
        "Accordingly, we customize the advertisements that you see based upon: (ii) geographic "
        "location information, which we may determine through your IP address, from your mobile "
        "device, or other ways.",
    ),
    # ToS;DR, Kahoot!: a location derived from the IP address is the IP address being used
    (
        "collects_device_identifiers",
        "We may also derive your approximate, general, location from your IP address.",
    ),
    # seed 001 (invesp.com)
    (
        "collects_device_identifiers",
        "When you login to the website, we track the IP address, "
        "browser information (Type, language, etc), date of your requests.",
    ),
    # seed 002 (igroops.com)
    (
        "collects_usage_data",
        "We gather navigational information about where you go on our Web site.",
    ),
    # ToS;DR, Quora
    (
        "obtains_data_from_third_parties",
        "We collect information directly from individuals, "
        "from third-parties, and automatically through the Quora Platform.",
    ),
    # ToS;DR, a retailer
    (
        "obtains_data_from_third_parties",
        "We also receive information about your online and "
        "offline actions and purchases from third-party data providers who have the rights to "
        "provide us with your information.",
    ),
    # ToS;DR, a service
    (
        "uses_tracking_cookies",
        "Our third-party partners may use cookies, web beacons, pixel tags "
        "or similar technologies in order to provide you advertising based upon your browsing "
        "activities and interests.",
    ),
    # seed 002 (igroops.com)
    (
        "uses_tracking_cookies",
        "In addition, we use cookies to help keep track of support "
        "requests and to tell us whether you have previously visited our website.",
    ),
    # ToS;DR, a service
    (
        "uses_third_party_analytics",
        "We may use Google Analytics, Quantcast, comScore and other "
        "service providers to collect and process analytics information on our Services.",
    ),
    # ToS;DR, a service
    (
        "uses_third_party_analytics",
        "We collect analytics data, or use third-party analytics "
        "tools, to help us measure traffic and usage trends for the Service.",
    ),
    # ToS;DR, "The service may sell your data unless you opt out"
    (
        "sells_data",
        "We may sell your personal information to third parties for their own marketing purposes.",
    ),
    (
        "sells_data",
        "We rent our mailing lists and customer information to carefully selected companies.",
    ),
    # ToS;DR, Ballotpedia / Signal / Zapier
    ("does_not_sell_data", "Ballotpedia will not sell your information."),
    (
        "does_not_sell_data",
        "Signal does not sell, rent or monetize your personal data or content in any way – ever.",
    ),
    (
        "does_not_sell_data",
        "Zapier will not sell or rent to any third party any of the personal "
        "information or data that you provide to us.",
    ),
    # ToS;DR, MeWe / Riseup: sharing with no one at all rules out selling
    (
        "does_not_sell_data",
        "Your privacy means we do not share your personal information with anyone.",
    ),
    (
        "does_not_sell_data",
        "We would like to clearly state that Riseup has never given any user information to any "
        "third party.",
    ),
    # ToS;DR, Riseup: none of it is shared with anyone
    ("does_not_sell_data", "none of the information we do collect is ever shared."),
    # seed 002 (igroops.com)
    ("does_not_sell_data", "We do not sell, rent or trade your e-mail address to third parties."),
    # seed 000 (ivrose.com)
    (
        "does_not_sell_data",
        "We never share, sell or disclose users' personal information without their permission.",
    ),
    # ToS;DR, Instagram
    (
        "shares_for_advertising",
        "This information may be shared with organizations outside "
        "Instagram, such as advertisers and/or advertising networks to deliver the advertising.",
    ),
    # ToS;DR, CARFAX
    (
        "shares_for_advertising",
        "CARFAX may also collect information about pages visited to "
        "create a better user experience and to serve targeted advertising.",
    ),
    # seed 002 (igroops.com)
    (
        "shares_with_service_providers",
        "We may, however, use third parties to help us provide "
        "services to you, such as fulfilling orders, processing payments, monitoring site "
        "activity, conducting surveys, and administering e-mails.",
    ),
    (
        "shares_with_service_providers",
        "We will not share your personal information with anyone "
        "except with service providers who process it on our behalf.",
    ),
    # seed 001 (invesp.com)
    (
        "shares_aggregated_data",
        "We may share with third parties certain pieces of aggregated, non-personal information.",
    ),
    # ToS;DR, a service
    (
        "discloses_to_authorities",
        "We may disclose information about our users, including "
        "contact information, to respond to subpoenas, court orders, legal process and other law "
        "enforcement measures, and to comply with other legal obligations.",
    ),
    # ToS;DR, CARFAX / Stack Overflow
    ("marketing_opt_out", "You may unsubscribe from our marketing emails at any time"),
    (
        "marketing_opt_out",
        "If you do not want to receive marketing emails from us, click the "
        "unsubscribe link in the footer of such emails.",
    ),
    # seed 002 (igroops.com)
    (
        "can_access_or_correct",
        "To do this, we provide you with the opportunity to update or "
        "modify your personal information including billing and shipping information by logging "
        "into your account.",
    ),
    # ToS;DR, Pocket Casts
    (
        "can_access_or_correct",
        "You can request a copy of the data we have stored about you by "
        "contacting us via support@pocketcasts.com.",
    ),
    # ToS;DR, Bitly / edX
    (
        "can_delete_data",
        "If you have a Bitly Account, you may access, correct, or request "
        "deletion of your personal information by logging into your Account.",
    ),
    ("can_delete_data", "You may irreversibly delete your account at any time."),
    # ToS;DR, GOV.UK: an item of a list of rights
    (
        "can_delete_data",
        "request that your personal data is erased if there is no longer a justification for it",
    ),
    # deleting the account deletes the data: ToS;DR, pCloud / Whereby; Pinterest, Instagram (OTA)
    (
        "can_delete_data",
        "When you delete your pCloud account your data and files are deleted from your devices "
        "without undue delay.",
    ),
    (
        "can_delete_data",
        "If you delete your account, your information and content will be unrecoverable after "
        "that time.",
    ),
    (
        "can_delete_data",
        "When you close your account, we'll deactivate it, remove your Pins and boards from "
        "Pinterest and delete your account data.",
    ),
    (
        "can_delete_data",
        "To delete your account at any time, please visit the Facebook Settings and Instagram "
        "Settings.",
    ),
    # ToS;DR, a service
    (
        "cookie_controls",
        "You can set your browser to refuse all or some browser cookies, or to "
        "alert you when websites set or access cookies.",
    ),
    # ToS;DR, a service's retention clauses
    (
        "retention_limited",
        "We will retain your personal information for the period necessary to "
        "fulfill the purposes outlined in this Privacy Policy.",
    ),
    ("retention_limited", "No personal data is kept in logs for more than 30 days"),
    (
        "retention_limited",
        "We either delete Log Data or remove any common account identifiers, "
        "such as your username, full IP address, or email address, after a maximum of 12 months.",
    ),
    # ToS;DR, Ballotpedia / infosec-handbook / PsychonautWiki: logs discarded, never kept
    (
        "retention_limited",
        "the raw log data is not made public, and is normally discarded after about two weeks",
    ),
    (
        "retention_limited",
        "Furthermore, our web server doesn't store your IP address permanently (e.g., in log "
        "files).",
    ),
    ("retention_limited", "We will never keep logs at any component of our infrastructure"),
    # Instagram (OTA): a period counted from an event
    (
        "retention_limited",
        "If you submit a copy of your government-issued ID for account verification purposes, we "
        "delete that copy 30 days after review, unless otherwise stated.",
    ),
    # ToS;DR, CCleaner: kept after an erasure request only for stated legal purposes
    (
        "retention_limited",
        "In some circumstances and to the extent permitted by law, for example, to provision the "
        "service or contract, for compatible use for our legitimate interests, under national "
        "tax, contract, criminal, or secrecy laws, we may retain your personal data despite your "
        "requests for erasure.",
    ),
    # seed 001 (invesp.com)
    (
        "security_measures",
        "In order to prevent unauthorized access or disclosure, we have put in "
        "place suitable physical, electronic and managerial procedures to safeguard and secure the "
        "information we collect online.",
    ),
    # ToS;DR, a service
    (
        "security_measures",
        "We maintain administrative, technical, and physical safeguards for "
        "the protection of your personal data.",
    ),
    # access restricted to staff who need it: YouTube (OTA)
    (
        "security_measures",
        "We restrict access to personal information to Google employees, contractors and agents "
        "who need to know that information in order to process it for us, and who are subject to "
        "strict contractual confidentiality obligations.",
    ),
    # GitHub privacy statement (OTA)
    (
        "breach_notification",
        "In the event of a data breach that affects your User Personal "
        "Information, we will notify you promptly.",
    ),
    # seed 000 (ivrose.com), the sentence after "We reserve the right to modify ..."
    (
        "change_notice",
        "We reserve the right to modify this privacy statement from time to time. "
        "We will inform you beforehand and allow you to provide feedback on the revised policy.",
    ),
    # ToS;DR, Algolia
    (
        "change_notice",
        "If Algolia makes material changes to how we treat your personal "
        "information, we will notify you by email thirty (30) days prior to the change becoming "
        "effective.",
    ),
    # seed 001 (invesp.com)
    (
        "change_without_notice",
        "Invesp may change this policy from time to time by updating this "
        "page. You should check this page from time to time to ensure that you are happy with any "
        "changes.",
    ),
    # ToS;DR, edX
    (
        "change_without_notice",
        "edX reserves the right to modify these TOS at any time without advance notice.",
    ),
    # OPP-115 practice spans (sci-news.com, meredith.com): posting on the page is no notice
    (
        "change_without_notice",
        "Please note that these terms are subject to change, and any such changes will be "
        "included on this page.",
    ),
    (
        "change_without_notice",
        "If we change our privacy policy, we'll post the changes here and indicate at the top of "
        "the policy the last date on which it was updated.",
    ),
    # seed 002 (igroops.com)
    (
        "protects_children",
        "To ensure compliance with federal law, we does not maintain "
        "information provided by children under the age of 16.",
    ),
    # ToS;DR, a service
    (
        "protects_children",
        "We do not knowingly collect personal information from children under 13.",
    ),
    ("protects_children", "You must be at least 13 years old to register on the Discovery Sites."),
    # a call-centre clause
    (
        "records_communications",
        "We may monitor or record telephone calls with our customer "
        "service team for quality and training purposes.",
    ),
    # ToS;DR, a service
    (
        "international_transfers",
        "We transfer your personal information to the US and other "
        "countries, which may be outside the country in which you live.",
    ),
    # ToS;DR, Microsoft / a service
    (
        "ignores_do_not_track",
        'Currently, we do not respond to "Do Not Track" signals from browsers.',
    ),
    ("ignores_do_not_track", "Like many other companies, we do not honor DNT flags"),
    # ToS;DR, "respects your browser's Do Not Track (DNT) headers"
    (
        "honors_do_not_track",
        "We honor Do Not Track signals and do not track, plant cookies, or "
        "use advertising when a Do Not Track (DNT) browser mechanism is in place.",
    ),
    # seed 002 (igroops.com)
    (
        "privacy_contact",
        "If you have questions or concerns with respect to our Privacy Policy, "
        "please feel free to contact us.",
    ),
    # ToS;DR, Hinterland Games
    (
        "privacy_contact",
        "We have a designated Privacy Officer that can respond to questions, "
        "concerns and complaints at privacy@Hinterlandgames.com.",
    ),
    # Snapchat privacy policy (OTA): "let you access" grants access
    (
        "can_access_or_correct",
        "Because your privacy is important to us, we will ask you to verify your identity or "
        "provide additional information before we let you access or update your personal "
        "information.",
    ),
    # YouTube privacy policy (OTA): a list of verbs before the data
    (
        "can_access_or_correct",
        "For more information about how you can access, manage or delete information that is "
        "associated with your Google Account, visit the Transparency and choice section of this "
        "policy.",
    ),
    # ToS;DR, itch.io: a tool that exports the data
    (
        "can_access_or_correct",
        "The Data Export tool can be used to download all data you have explicitly provided and "
        "the data we've automatically collected on your user account.",
    ),
    # Instagram privacy policy (OTA): providing aggregated statistics
    (
        "shares_aggregated_data",
        "We provide aggregated statistics and insights that help people and businesses "
        "understand how people are engaging with their posts, listings, Pages, videos and other "
        "content on and off the Facebook Products.",
    ),
    # ToS;DR, WhatIsMyIP.com and Whereby
    (
        "shares_aggregated_data",
        "We will provide only aggregated data from these analyses to third parties.",
    ),
    (
        "shares_aggregated_data",
        "with academic or non-profit researchers, with aggregation, anonymization.",
    ),
    # ToS;DR, Zillow: partners let in to collect for advertising
    (
        "shares_for_advertising",
        "We also allow specific, approved partners to collect data from your browser or device "
        "for advertising and measurement purposes using their own cookies or similar tools.",
    ),
    # ToS;DR, Academia.edu, CCleaner and MapQuest: ads off the service, "based upon", "adverts"
    (
        "shares_for_advertising",
        "It also enables us to serve you advertising and other relevant content on and off of "
        "the Academia.edu Services.",
    ),
    (
        "shares_for_advertising",
        "Our third party partner may use technologies such as cookies to gather information "
        "about your activities on this site and other sites in order to provide you advertising "
        "based upon your browsing activities and interests.",
    ),
    (
        "shares_for_advertising",
        "The use of DART cookies by Google enables them to serve adverts to visitors that are "
        "based on their visits to this website as well as other sites on the internet.",
    ),
    # issue 11, OPP-115 (tune half): a geographic location logged with each visit
    (
        "collects_location",
        "This information includes the time and date, your Internet Protocol address, your "
        "geographic location (your zip code, your area code and/or your time zone), your browser "
        "type and version, the Sites and/or the Services that you use, and when and how long you "
        "use them.",
    ),
    (
        "collects_location",
        "If you visit our site to read or download information, we collect and store the "
        "following information about your visit:\n\n- The country and state from which you "
        "access our site;",
    ),
    # issue 11, OPP-115 (tune half): third-party analytics named by kind, vendor or hire
    (
        "uses_third_party_analytics",
        "We may also use third party web site analytic tools that employ cookies to collect "
        "certain non-personally identifiable information concerning use of our websites, such as "
        "referring web site addresses, page views and browser types.",
    ),
    (
        "uses_third_party_analytics",
        "We have hired third parties to provide us information, reports and analysis about the "
        "usage, browsing patterns of our users.",
    ),
    (
        "uses_third_party_analytics",
        "Primarily, the Library uses the ForeSee Results' American Customer Satisfaction Index "
        "(ACSI) online survey on an ongoing basis to obtain feedback and data on visitors' "
        "satisfaction with various Library of Congress web properties.",
    ),
    # issue 11, OPP-115 (tune half): a stated purpose after deletion; deleting as soon as
    # practical
    (
        "retention_limited",
        "Please note that when you delete your account, we may retain your account information "
        "for a reasonable period of time for the purpose of internal account management and "
        "fraud prevention.",
    ),
    (
        "retention_limited",
        "We do not use the information for any other purpose and delete the information as soon "
        "as practical.",
    ),
    # issue 11, OPP-115 (tune half): data from "other trusted sources", access to advertisers'
    # cookie data
    (
        "obtains_data_from_third_parties",
        "We acquire information from other trusted sources to update or supplement the "
        "information you provided or we collected automatically.",
    ),
    (
        "obtains_data_from_third_parties",
        "In some cases, we may have access to information from cookies used by these advertisers "
        "on the Site(s) and this information may permit us to identify other sites that you have "
        "visited that are also associated such advertisers.",
    ),
    # issue 11, OPP-115 (tune half): access limited to staff, secured facilities
    (
        "security_measures",
        "In addition, we restrict access to the personally-identifiable information to those of "
        "our employees, independent contractors and agents who need to know this information in "
        "order to develop, operate and maintain the Sites and the Services.",
    ),
    (
        "security_measures",
        "The personally-identifiable information that you provide to us is stored on servers "
        "that are located in secured facilities with restricted access, and protected by "
        "protocols and procedures designed to ensure reasonable security of such information.",
    ),
    (
        "security_measures",
        "This information is only accessible by National Archives employees and contractors who "
        "manage these sites.",
    ),
    (
        "security_measures",
        "Access to this information is restricted to NARA employees who manage NARA's presence on "
        "third party sites or who need access to the information to carry out their official "
        "duties.",
    ),
    # issue 11, OPP-115 (tune half): a hyphenated "personally-identifiable information"
    (
        "can_access_or_correct",
        "You may access, update or delete your personally-identifiable information, and/or "
        'modify your account preferences for the Services, by accessing the "My Account" area '
        "of the Services or by contacting us at privacy@taylorswift.com.",
    ),
    # issue 11, OPP-115 (tune half, f1): usage named by the pages accessed, the visits, the
    # times of access
    (
        "collects_usage_data",
        "What We Collect We collect the information you affirmatively choose to provide us, such "
        "as when you provide your name, contact information, the pages you access and similar "
        "information for such purposes as purchasing products, creating an account, joining our "
        "loyalty programs, filling out a survey, entering contests, participating in promotions "
        "or electronic activities, posting comments on bulletin boards or otherwise interacting "
        "with our Sites.",
    ),
    (
        "collects_usage_data",
        "We may monitor statistics such as how many people visit our sites, the user's IP "
        "address, which pages people visit on our sites, from which domains our visitors reach "
        "our sites, and which browsers people use.",
    ),
    (
        "collects_usage_data",
        "Sci-News.com may collect and process the following data about you:\n\n- details of "
        "your visits to our site including, but not limited to, traffic data, location data, "
        "weblogs and other communication data.",
    ),
    (
        "collects_usage_data",
        "We collect the following information:\n\n- Usage, viewing and technical data, including "
        "your device identifier or IP address, when you visit our sites, use our applications on "
        "third-party sites or platforms or open emails we send",
    ),
    (
        "collects_usage_data",
        "When visiting RestaurantNews.com, the IP address used to access the site will be logged "
        "along with the dates and times of access.",
    ),
    # issue 11, OPP-115 (tune half, f1): a named desk, comments sent to a named officer
    (
        "privacy_contact",
        "If you have a comment or question about this privacy policy, please contact Guest "
        "Services.",
    ),
    (
        "privacy_contact",
        "Please send comments or questions to DCCCD's Director of Internet Publishing.",
    ),
    (
        "privacy_contact",
        "You can contact us for additional information by visiting this page: "
        "http://www.highgearmedia.com/contact/",
    ),
    # issue 11, OPP-115 (tune half, f1): kept only for the purpose, or not after it is done,
    # said outside a retention section
    (
        "retention_limited",
        "MediaNews will retain this information only to provide the forwarding services.",
    ),
    (
        "retention_limited",
        "MediaNews does not keep any of the child's personal information after the particular "
        "event is completed.",
    ),
    # issue 11, OPP-115 (tune half, f1): disclosure the law compels, named by the law
    (
        "discloses_to_authorities",
        "This means that while we do not share or sell information unless solicited, in some "
        "cases we may be compelled by Open Records law to release information.",
    ),
    (
        "discloses_to_authorities",
        "This information is not reported or used in any manner that would reveal personally "
        "identifiable information, and will not be released to outside (third) parties unless "
        "legally required.",
    ),
    # issue 11, OPP-115 (tune half, f1): deletion the user asks for or is given ways to make;
    # data kept "to investigate any violation" after it is a caveat, not a sanction
    (
        "can_delete_data",
        "If you are concerned about the accuracy of personally identifiable information "
        "maintained by Valve or wish to review, access, amend or correct it, or would like your "
        "personally identifiable information removed from Valve's records or otherwise "
        "deactivated, please contact us here.",
    ),
    (
        "can_delete_data",
        "If that information is wrong, we strive to give you ways to update it quickly or to "
        "delete it - unless we have to keep that information for legitimate business or legal "
        "purposes.",
    ),
    (
        "can_delete_data",
        "If you terminate your account, your Personal Information will be removed from our "
        "system, subject to our right to retain any data necessary to investigate any violation "
        "of terms of use or alleged harmful or illegal activity.",
    ),
    # issue 11, OPP-115 (tune half, f1): collected to write to you is still collected
    (
        "collects_contact_info",
        "Additionally, if you choose to receive our Library Alerts via text message delivered to "
        "cell phones by SMS messaging, we automatically collect your cell phone number so we can "
        "send you the Library Alerts.",
    ),
    # issue 11, OPP-115 (tune half, f1): data from credit bureaus
    (
        "obtains_data_from_third_parties",
        "Chase Paymentech may also obtain and store information about the Merchant, and its "
        "officers, owners and guarantors, from consumer reporting agencies, credit bureaus, "
        "relevant financial institutions, and other entities.",
    ),
    # issue 11, OPP-115 (tune half, f1): an IP address named in words; analyses in the
    # aggregate given to partners
    (
        "collects_device_identifiers",
        "The following information is collected and stored automatically from all users "
        "accessing the ACC website to browse or download information:\n\n- Internet address of "
        "computer being used\n- Web pages requested",
    ),
    (
        "shares_aggregated_data",
        "We may use your personally-identifiable information and your "
        "non-personally-identifiable information to provide analyses of the users of the Sites "
        "and the Services, in the aggregate, to prospective partners, advertisers and other third "
        "parties.",
    ),
    # ... but reports for outside clients are shared (OPP-115 yahoo.com)
    (
        "shares_aggregated_data",
        "Yahoo uses information for the following general purposes: to customize the "
        "advertising and content you see, fulfill your requests for products and services, "
        "improve our services, contact you, conduct research, and provide anonymous reporting "
        "for internal and external clients.",
    ),
    # GitHub privacy statement (OTA): vendors processing data
    (
        "shares_with_service_providers",
        "While GitHub processes all User Personal Information in the United States, our service "
        "providers may process data outside of the United States or the European Union.",
    ),
    # issue 11, OPP-115 (tune half, f1b): the Internet domain a visitor comes from; a repeat
    # visit recognised by its cookie; "would prefer that we delete"; an address not kept after
    # the message is sent
    (
        "collects_device_identifiers",
        "We collect the domain name of visitors to our web pages, user-specific information on "
        "the pages visitors access, and information such as survey information or other "
        "information that you provide voluntarily.",
    ),
    (
        "uses_tracking_cookies",
        "This is done on a repeat visit by checking to see, and finding, the cookie left there "
        "on the last visit.",
    ),
    (
        "can_delete_data",
        "If you have questions or concerns about how we use personal information about you or if "
        "you would prefer that we delete or suppress information we have about you, please click "
        "here to reach our Privacy Officer, and we will do our best to meet your concerns.",
    ),
    (
        "retention_limited",
        "We do not retain any e-mail addresses of either the sender or recipient of such articles "
        "or links after they are sent, and do not share send a friend e-mail addresses with third "
        "parties.",
    ),
    # ... a marketing list rented to marketers; "payment and identity verification
    # information"; local storage refused like a cookie, "to not accept" it
    (
        "shares_for_advertising",
        'We "rent" our opt-in marketing list to outside marketers who have special offers that '
        "may be of interest to you.",
    ),
    (
        "collects_payment_info",
        "We only use payment and identity verification information as necessary to complete a "
        "particular transaction, provide a requested service, enforce legal rights or comply with "
        "applicable law.",
    ),
    (
        "cookie_controls",
        "If you do not want Local Device Storage, your computer, mobile or other device may "
        "include an option that allows you to not accept it.",
    ),
    # ... "this information", collected when you provide it, is the contact details named
    # just before
    (
        "collects_contact_info",
        "UpToDate never automatically collects any information that specifically identifies you "
        "such as your name, address, or e-mail address. This information is collected only when "
        'you voluntarily provide it as part of the subscription process ("Subscriber '
        'Information").',
    ),
    # ... others given access to aggregate data are shared it
    (
        "shares_aggregated_data",
        "All entities within the TEN corporate family may have access to your personal "
        "information as well as anonymous, aggregate demographic data.",
    ),
    # ... while the control itself is offered
    (
        "can_access_or_correct",
        "You can control the collection, correction and/or deletion of your information in your "
        "account settings.",
    ),
    (
        "cookie_controls",
        "You can disable cookies in your browser settings; please visit our help page for more "
        "information.",
    ),
    # ... data disclosed for advertising purposes, the third parties named just before
    (
        "shares_for_advertising",
        "Your Usage Information may be disclosed internally within UpToDate and to third parties. "
        "For example, UpToDate may disclose Usage Information in order to better understand which "
        "parts of the Website users are visiting, to improve the content of the Website, and for "
        "marketing, advertising, or research purposes.",
    ),
]


@pytest.mark.parametrize(("finding_id", "text"), POSITIVES)
def test_finding_raised_with_exact_evidence(finding_id: str, text: str) -> None:
    canonical = canonical_text(text)
    found = findings_of(text)
    assert finding_id in found, f"{finding_id} not raised"
    evidence = found[finding_id].evidence
    assert 1 <= len(evidence) <= MAX_EVIDENCE
    for e in evidence:
        assert canonical[e.start : e.end] == e.text


NEGATIVES = [
    # f1 (OPP-115 tune half): reports for internal use share nothing; reading or downloading
    # the site's information is no access to your data
    (
        "shares_aggregated_data",
        "Records are used to create aggregate reports for internal use only and are purged after "
        "one calendar year from the date of entry.",
    ),
    (
        "shares_aggregated_data",
        "The personal information you provide when you place an order with us may be used only "
        "to fulfill your order or to facilitate the preparation of internal statistical reports.",
    ),
    (
        "can_access_or_correct",
        "If you visit our site to read or download information, we collect and store the "
        "following information about your visit: the pages you visit and the information you "
        "request.",
    ),
    # f1: a release to the public that a law permits is no disclosure to authorities (OPP-115
    # dcccd.edu)
    (
        "discloses_to_authorities",
        "Unless you request that your information be withheld, to comply with FERPA, DCCCD may "
        'release information classified as "directory information" to the general public '
        "without the written consent of the student.",
    ),
    # f1 (OPP-115 tune half): "you ... so that we can" is the service's ability, in a list of
    # what cookies let it do; a warning that refusing cookies costs something offers no control;
    # a list one is taken off is an opt-out, not a deletion; vendors asking for card data
    (
        "can_access_or_correct",
        'Cookies allow us to:\n\n- Access your information when you "sign in", so that we can '
        "provide you with customized content in online areas such as Chase Paymentech Online.",
    ),
    (
        "cookie_controls",
        "You may not be able to receive notices from us if your cookies are not set to accept "
        "and/or are disabled.",
    ),
    (
        "can_delete_data",
        "You can remove your name and postal address from lists we sell or rent to third parties "
        "for their direct marketing purposes by using the opt-out form here.",
    ),
    (
        "collects_payment_info",
        "If you choose to do business with vendors on our Sites, you may be asked to provide "
        "personal information, including credit and credit card data.",
    ),
    # f1: the service writing to you, with no word of collecting, stays no collection
    ("collects_contact_info", "We may use your email address to send you our newsletter."),
    # f1: the rules above do not reach these: a right kept "only" is no retention limit; the
    # service deleting for a violation is a sanction, not a right
    (
        "retention_limited",
        "Our partners retain the right only to use the data for the purposes you agreed to.",
    ),
    (
        "can_delete_data",
        "If you violate these terms, we may remove your account and we will give you the "
        "opportunity to appeal.",
    ),
    # issue 11, the reader's rule: "as long as it is necessary or relevant for our business" is
    # no stated period or purpose, and keeping more "to resolve disputes" limits nothing
    # (Ticketmaster, OPP-115 1498)
    (
        "retention_limited",
        "We keep personal information as long as it is necessary or relevant for our business.",
    ),
    (
        "retention_limited",
        "We keep personal information as long as it is necessary or relevant for our business. "
        "We also keep information to resolve disputes, enforce our agreements and as otherwise "
        "required by law.",
    ),
    # a mailing address for a prize is contact information, not where you are (OPP-115
    # minecraft.gamepedia.com); a referring site "from which you linked" is no location
    (
        "collects_location",
        "When you enter a contest or sweepstakes with Curse, we will ask for your mailing "
        "address in case we have to mail you a prize, and may ask you to opt into receiving a "
        "third party's offers and/or newsletter.",
    ),
    (
        "collects_location",
        "We collect and store the following information about your visit: The Internet address "
        "of the website from which you linked directly to our site;",
    ),
    # direction: the service giving statistics to others is no analytics collecting about you
    (
        "uses_third_party_analytics",
        "We also may disclose aggregate user statistics to third parties for a variety of "
        "purposes, including research, analytics, and marketing.",
    ),
    (
        "uses_third_party_analytics",
        "Like the operators of most websites, we use analytic and reporting technologies to "
        "record Non-Personal Information such as Internet domain and host names, Internet "
        "protocol (IP) addresses, browser software, operating system types, clickstream patterns, "
        "and the dates and times that our Website is accessed.",
    ),
    # "for any lawful business purpose" names no purpose (OPP-115 acbj.com)
    (
        "retention_limited",
        "We may use Local Device Storage for any lawful business purpose, including without "
        "limitation to determine which of our messages have been opened by recipients so we can "
        "gauge the effectiveness of marketing campaigns, to control the display of ads, to track "
        "usage patterns, the movements of individual users, and your geographic location, to "
        "help diagnose problems with our servers, to gather broad demographic information, to "
        "analyze trends, to conduct research, to deliver editorial content, to record "
        "registration and personalization information, and to otherwise administer the Service.",
    ),
    # the advertisers' access to data, not the service's (direction)
    (
        "obtains_data_from_third_parties",
        "These advertising partners do not have access to or use your name, address, e-mail "
        "address, telephone number or other personally identifiable information from us, "
        "without your consent.",
    ),
    (
        "obtains_data_from_third_parties",
        "We do not authorize these third party network advertisers to use this technology to "
        "collect personal information about you and they do not have access to your personal "
        "information from us.",
    ),
    # generic promises stay no measure (issue 11; OPP-115 highgearmedia.com, meredith.com)
    (
        "security_measures",
        "We have implemented certain measures to help protect your user Information from loss, "
        "misuse, or unauthorized access or disclosure.",
    ),
    (
        "security_measures",
        "We use commercially reasonable procedures to protect the personally-identifying "
        "information that we collect.",
    ),
    # others' access to your data, not yours (OPP-115)
    (
        "can_access_or_correct",
        "While providing services for us, these companies may access your personally-"
        "identifiable information.",
    ),
    (
        "can_access_or_correct",
        "Courts and other authorities in these jurisdictions may, in certain circumstances, be "
        "entitled to access your personally-identifying information.",
    ),
    # "how we respond to Do Not Track" names a disclosure (OPP-115 nbcuniversal, dairyqueen)
    (
        "honors_do_not_track",
        "California Business & Professions Code Section 22575(b) (as amended effective January 1, "
        "2014) provides that California residents are entitled to know how NBCUniversal responds "
        'to "Do Not Track" browser settings.',
    ),
    (
        "honors_do_not_track",
        "California Do Not Track Disclosures California's Business and Professions Code section "
        '22575 requires us to disclose how we respond to "do not track" signals.',
    ),
    # negations: the opposite finding, never this one
    # "informing" by posting an updated policy is no notice (OPP-115, highgearmedia.com)
    (
        "change_notice",
        "If we make any material change to the way in which we treat your User Information, we "
        "will inform you of such change by posting an updated privacy policy at this location.",
    ),
    ("sells_data", "We do not sell, rent or trade your e-mail address to third parties."),
    (
        "sells_data",
        "We never share, sell or disclose users' personal information without their permission.",
    ),
    ("sells_data", "Your data is never sold anywhere."),
    (
        "sells_data",
        "Fivestars is not in the business of selling your personal information and "
        "has not sold personal information in the past 12 months.",
    ),
    (
        "sells_data",
        "We will not sell, distribute or lease your personal information to third "
        "parties unless we have your permission or are required by law to do so.",
    ),
    # business transfers and the CCPA link are not sales of data
    (
        "sells_data",
        "If we sell all or part of our business, your personal information may be "
        "transferred to the buyer.",
    ),
    (
        "sells_data",
        "In the event of a merger, acquisition or sale of assets, your information "
        "may be sold to the acquirer.",
    ),
    (
        "sells_data",
        "You can exercise your right to opt out of the sale of your personal "
        "information by clicking Do Not Sell My Personal Information.",
    ),
    # GitHub privacy statement (OTA): the user sells, and a prohibition addressed to users
    (
        "sells_data",
        "If you list and sell an application on GitHub Marketplace, we require your "
        "banking information.",
    ),
    (
        "sells_data",
        "Do not use that email address for the purposes of sending unsolicited emails "
        "to users or selling User Personal Information, such as to recruiters.",
    ),
    ("sells_data", "We sell products and services to businesses and consumers."),
    # ToS;DR, wikiHow: a business transfer spelled over two sentences
    (
        "sells_data",
        "We may buy or sell/divest/transfer the company, or any combination of its products, "
        "services, assets and/or businesses. Your information such as customer names and email "
        "addresses may be among the items sold or otherwise transferred in these types of "
        "transactions.",
    ),
    ("does_not_sell_data", "We may sell your personal information to third parties."),
    (
        "does_not_sell_data",
        "You have the right to direct us not to sell your personal information.",
    ),
    # ToS;DR, GOV.UK: the next item, restriction rather than erasure
    (
        "can_delete_data",
        "ask that the processing of your personal data is restricted in certain circumstances",
    ),
    # deleting the account hides the data, or may not delete it: Reddit (OTA); ToS;DR, Course Hero
    (
        "can_delete_data",
        "When you delete your account, your profile is no longer visible to other users and "
        "disassociated from content you posted under that account.",
    ),
    (
        "can_delete_data",
        "You understand and agree that if you delete your account, it may not be possible to "
        "completely delete that content from Course Hero's records, and that your Submissions "
        "will remain viewable elsewhere as part of the Services.",
    ),
    # steps that are not safeguards, protection that is not of data: ToS;DR, edX / Envato;
    # YouTube, Viber (OTA)
    (
        "security_measures",
        "If edX learns of a security breach involving its copy of your Personal Information, edX "
        "may attempt to notify you electronically so that you may take appropriate protective "
        "steps.",
    ),
    (
        "security_measures",
        "We may change these terms at any time and, if we make changes, we will take reasonable "
        "steps to let our community know about the changes.",
    ),
    (
        "security_measures",
        "- protect against harm to the rights, property or safety of Google, our users or the "
        "public as required or permitted by law.",
    ),
    (
        "security_measures",
        "We may use your information to prevent, detect, and investigate fraud, security "
        "breaches, potentially prohibited or illegal activities, protect our trademarks and "
        "enforce our Terms of Use.",
    ),
    # the user's access limited, not access to data: ToS;DR, hCaptcha
    (
        "security_measures",
        "We reserve the right to suspend or limit your access to the API in our sole discretion, "
        "and we will use reasonable efforts to provide you notice prior to suspension",
    ),
    # a period after which something other than data takes effect: ToS;DR, Hulu / Indeed
    (
        "retention_limited",
        "Any material change to these Terms will be effective automatically 30 days after the "
        "revised Terms are first posted.",
    ),
    (
        "retention_limited",
        "You waive all claims relating to charges unless claimed within 60 days after the charge "
        "(this does not affect your credit card issuer rights).",
    ),
    # an approximate location from the IP address is no GPS, Wi-Fi or cell location (it is
    # collects_device_identifiers): TikTok (OTA); ToS;DR, Linus Tech Tips / YouTube
    ("collects_location", "We infer your approximate location based on your IP address."),
    (
        "collects_location",
        "Location information , derived from your IP address, may be used to personalise your "
        "experience, such as by allowing us to pre-fill the country field during the checkout "
        "process.",
    ),
    (
        "collects_location",
        "We also may use your IP address to determine your approximate location, so that we can "
        'serve you ads for a nearby pizza delivery service if you search for "pizza."',
    ),
    # the unique identifier of a pixel tag, not of the device: ToS;DR, Parsec / Quora
    (
        "collects_device_identifiers",
        "Pixel tags are tiny graphic images with a unique identifier, similar in function to "
        "cookies, which are used to track online movements of Web users",
    ),
    (
        "collects_device_identifiers",
        "These are tiny graphics with a unique identifier, similar in function to cookies, which "
        "we use to track the online movements of users of the Quora Platform.",
    ),
    # kept after closing with no purpose, "permanently" of the service, kept "forever":
    # ToS;DR, LinkedIn / Bitwarden / ControlC
    ("retention_limited", "We keep some of your data even after you close your account."),
    (
        "retention_limited",
        "We reserve the right at any time and from time to time to modify or discontinue, "
        "temporarily or permanently, the Website (or any part of it) with or without notice.",
    ),
    (
        "retention_limited",
        "Assume any data you post to this server will be publicly visible and remain forever.",
    ),
    # not sharing with some recipients, for some purposes or without consent is no promise
    # about selling: ToS;DR, ZeniMax / YouTube Kids / Stack Overflow; YouTube, Reddit (OTA)
    (
        "does_not_sell_data",
        "We do not share personal data collected online with unaffiliated third parties for their "
        "own direct marketing purposes and will not do so unless you agree to such disclosure.",
    ),
    (
        "does_not_sell_data",
        "YouTube Kids does not allow your child to share personal information with third parties "
        "or make it publicly available",
    ),
    (
        "does_not_sell_data",
        "Stack Overflow will not disclose your personal information to legal authorities except "
        "where such disclosure is by lawful request.",
    ),
    (
        "does_not_sell_data",
        "We do not share personal information with companies, organizations and individuals "
        "outside of Google unless one of the following circumstances applies:",
    ),
    (
        "does_not_sell_data",
        "We do not use or disclose sensitive personal information except to provide you the "
        "Services or as otherwise permitted by applicable regulations.",
    ),
    # seed 002 (igroops.com): "none of the information" that is not about sharing
    (
        "does_not_sell_data",
        "None of the information contained on our Website is medical, legal, business, or other "
        "advice or opinion of our organization.",
    ),
    # Viber (OTA): the user keeping a password secret
    (
        "does_not_sell_data",
        "We need your help too: it is your responsibility to make sure that your personal "
        "information is accurate and that your password(s) and account registration information "
        "are secure and not shared with third-parties.",
    ),
    # "we do not knowingly collect from children" protects children, it is not collection
    (
        "collects_contact_info",
        "We do not knowingly collect names or email addresses from children under 13.",
    ),
    ("collects_location", "We do not collect, use, or share your precise location data."),
    # GitHub privacy statement (OTA): sensitive data it says it does not collect
    (
        "collects_biometric_data",
        "We do not intentionally collect Sensitive Personal Information, "
        "such as personal data revealing racial or ethnic origin, and the processing of genetic "
        "data, biometric data for the purpose of uniquely identifying a natural person.",
    ),
    (
        "collects_device_identifiers",
        "We also save searches, but again, not in a personally "
        "identifiable way, as we do not store IP addresses or unique User agent strings.",
    ),
    ("shares_for_advertising", "We do not share your personal information with advertisers."),
    (
        "shares_for_advertising",
        "Third, many search engines actively use this information, for "
        "example to show you more targeted advertising.",
    ),
    ("ignores_do_not_track", "We honor Do Not Track signals when your browser sends them."),
    ("honors_do_not_track", "We currently do not respond to Do Not Track signals."),
    (
        "honors_do_not_track",
        "Because there is not yet a universally accepted standard on how to "
        "interpret and respond to DNT signals, we do not respond to them.",
    ),
    (
        "protects_children",
        "We may collect information from children under 13 with verifiable parental consent.",
    ),
    (
        "change_notice",
        "ControlC may revise these terms of use for its web site at any time without notice.",
    ),
    (
        "can_delete_data",
        "We may delete your account without prior notice if you violate these terms.",
    ),
    (
        "breach_notification",
        "You must notify us immediately of any breach of security or "
        "unauthorized use of your account.",
    ),
    (
        "records_communications",
        "When you send email to Invesp, we keep record of the emails to process your requests.",
    ),
    (
        "uses_tracking_cookies",
        "A cookie is a small text file saved on a user's computer that helps keep records.",
    ),
    (
        "security_measures",
        "Please check the [original snapshot](https://web.archive.org/x) for "
        "the most accurate reproduction.",
    ),
    ("privacy_contact", "We may contact you by email, phone, fax or mail."),
    # ToS;DR, ZeniMax: sharing for others' marketing, denied
    (
        "shares_for_advertising",
        "We do not share personal data collected online with unaffiliated third parties for "
        "their own direct marketing purposes and will not do so unless you agree to such "
        "disclosure",
    ),
    (
        "shares_aggregated_data",
        "However, you can give anonymous feedback by not entering your email on the feedback form.",
    ),
    # f1b counterparts: a domain registered is no visitor's domain; no cookies, no repeat
    # visit recognised; preferring to delete cookies is the browser's control; an address
    # kept after sending is no limit; what third parties collect is not given to us
    (
        "collects_device_identifiers",
        "Customers who register a domain name through our service must provide accurate "
        "contact details.",
    ),
    (
        "uses_tracking_cookies",
        "We do not use cookies, so we cannot tell a repeat visit from a first one.",
    ),
    ("can_delete_data", "If you would prefer, you can delete cookies in your browser settings."),
    (
        "retention_limited",
        "We may retain the e-mail addresses of either the sender or recipient of such articles "
        "or links after they are sent.",
    ),
    (
        "obtains_data_from_third_parties",
        "Even if we have a relationship with the Third Party Advertising Service Provider or "
        "Advertiser, we do not control their websites or their policies and practices regarding "
        "your Information and you should be aware that different rules might apply to the "
        "collection, use or disclosure of your Information by third parties in connection with "
        "their advertisements or promotions and other sites you encounter on the Internet.",
    ),
    # ... a list not rented, or rented by you; payment and shipping options offered are no
    # details collected; local storage used, no control offered
    ("shares_for_advertising", "We do not rent our mailing list to outside marketers."),
    ("shares_for_advertising", "You may share your mailing list with advertisers."),
    (
        "collects_payment_info",
        "We offer several payment and shipping options on our checkout page.",
    ),
    ("cookie_controls", "We may use Local Device Storage for any lawful business purpose."),
    # ... unless no contact detail was named before it
    (
        "collects_contact_info",
        "We record the pages you visit and the time you spend. This information is collected "
        "only when you are signed in.",
    ),
    # ... but access that we or you have is no sharing
    (
        "shares_aggregated_data",
        "We may have access to anonymous usage statistics from our partners.",
    ),
    ("shares_aggregated_data", "You may have access to aggregate statistics about your own posts."),
    # ... and what a policy says it will explain offers no control (OPP-115 sheknows.com)
    (
        "can_access_or_correct",
        "This Privacy Policy explains what information of yours will be collected by Company when "
        'you use the Website (the "Service"), how the information will be used and how you can '
        "control the collection, correction and/or deletion of information.",
    ),
    # ... nor does a pointer to where cookie controls are explained (OPP-115 sltrib.com,
    # abcnews.com; judged weak in opp-a)
    (
        "cookie_controls",
        'For more information about DoubleClick, cookies, and how to "opt-out", please click here.',
    ),
    (
        "cookie_controls",
        "Please visit Online Tracking and Advertisingfor further information, including Do Not "
        "Track and how to disable cookies.",
    ),
    # ... unless no outside recipient was named
    (
        "shares_for_advertising",
        "We keep your information within the company. For example, we may disclose Usage "
        "Information to our editors for marketing and research purposes.",
    ),
    # advertisers' cookies read by the service: data comes to it, nothing goes to them
    # (Minecraft wiki, OPP-115)
    (
        "shares_for_advertising",
        "In some cases, we may have access to information from cookies used by these advertisers "
        "on the Site(s) and this information may permit us to identify other sites that you "
        "have visited that are also associated such advertisers.",
    ),
    # an e-mail as a message, not an address (JibJab, OPP-115)
    (
        "collects_contact_info",
        "## Information Collection and Use\n\nJibJab collects information. Web beacons in "
        "emails may recognize activities such as when an email was opened, how many times an "
        "email was forwarded, which links in the email were clicked on, etc.",
    ),
    # ads the user receives, no data the service receives (Reddit 2026)
    (
        "obtains_data_from_third_parties",
        "You may also generally opt out of receiving personalized advertisements from certain "
        "third-party advertisers and ad networks.",
    ),
    # an earlier item of the same list is no lead-in: "disclosure" in one retention factor
    # does not make the next ("Any legal requirements ...") a disclosure (ChatGPT 2026)
    (
        "discloses_to_authorities",
        "## Retention\n\nIn determining these retention periods, we consider a number of "
        "factors, such as:\n\n- The amount, nature, and sensitivity of the information;\n- The "
        "potential risk of harm from unauthorized use or disclosure;\n- Any legal requirements "
        "that we are subject to.\n",
    ),
    # a restriction on service providers, no disclosure to an authority (ABC News, OPP-115)
    (
        "discloses_to_authorities",
        "We share your information in the following circumstances:\n\n- When companies perform "
        "services on our behalf, like package delivery and customer service; however, these "
        "companies are prohibited from using your personal information for purposes other than "
        "those requested by us or required by law\n",
    ),
    # a legal duty to keep data is retention, not disclosure (Google 2026)
    (
        "discloses_to_authorities",
        "We share information for legal reasons. Legal obligations sometimes require us to "
        "retain certain information for purposes like "
        "financial record-keeping, such as information about a payment that you've made to us "
        "for tax or accounting purposes.",
    ),
]


@pytest.mark.parametrize(("finding_id", "text"), NEGATIVES)
def test_finding_not_raised(finding_id: str, text: str) -> None:
    assert finding_id not in raised(text)


# --- evidence that does not support its finding (read on the OTA versions and the seeds) ----

NOT_SUPPORTING = [
    # "Reasonable steps" or "measures to protect" name no measure (issue 11, the reader's
    # rule): GitHub, Reddit, YouTube (OTA); ToS;DR, Fivestars (once positives here)
    (
        "security_measures",
        "GitHub takes all measures reasonably necessary to protect User Personal Information from "
        "unauthorized access, alteration, or destruction; maintain data accuracy; and help ensure "
        "the appropriate use of User Personal Information.",
    ),
    (
        "security_measures",
        "We take measures to help protect information about you from loss, theft, misuse and "
        "unauthorized access, disclosure, alteration, and destruction.",
    ),
    (
        "security_measures",
        "We work hard to protect Google and our users from unauthorized access to or "
        "unauthorized alteration, disclosure or destruction of information we hold.",
    ),
    (
        "security_measures",
        "Fivestars takes reasonable steps to protect the personal information provided via the "
        "Service from loss, misuse, and unauthorized access, disclosure, alteration, or "
        "destruction.",
    ),
    # Reddit privacy policy (OTA, 2026-01-15): data brokers as recipients, not sources
    (
        "obtains_data_from_third_parties",
        "We don't sell your personal data to third parties, including data brokers.",
    ),
    # Reddit: Google Analytics collects, and the user manages it
    (
        "obtains_data_from_third_parties",
        "For example, you may manage the use and collection of certain information by Google "
        "Analytics via the Google Analytics Opt-out Browser Add-on.",
    ),
    # TikTok privacy policy (OTA, 2021-07-15): a purchase, not a source
    (
        "obtains_data_from_third_parties",
        "Your purchase will be made via your Apple iTunes or Google Play account.",
    ),
    # Instagram data policy (OTA, 2021-02-23): collected by others; "by visiting" is a way
    (
        "obtains_data_from_third_parties",
        "Information collected by these third-party services is subject to their own terms and "
        "policies, not this one.",
    ),
    (
        "obtains_data_from_third_parties",
        "You can learn how to access and delete information we collect by visiting the Facebook "
        "Settings and Instagram Settings.",
    ),
    # Instagram: partners receiving data is not the service obtaining it
    (
        "obtains_data_from_third_parties",
        "Partners receive your data when you visit or use their services or through third "
        "parties they work with.",
    ),
    # the edit the API test appends to seed 001: selling to brokers is not buying from them
    ("obtains_data_from_third_parties", "We sell your personal information to data brokers."),
    # TikTok: a "click here" link is not click tracking
    ("collects_usage_data", "For more information on how your information is used, click here."),
    # Pinterest privacy policy (OTA, 2023-02-15): a cookie's lifetime is not a control
    (
        "cookie_controls",
        "When we use cookies or other similar technologies, we use session cookies (that last "
        "until you close your browser) or persistent cookies (that last until you or your "
        "browser delete them).",
    ),
    # Instagram: deletion of content, not of cookies
    (
        "cookie_controls",
        "Learn more about deletion of content you have shared and cookie data obtained through "
        "social plugins.",
    ),
    # Pinterest: transfer safeguards are not security measures
    (
        "security_measures",
        "Where we transfer information from the EEA to a country that doesn't provide an "
        "adequate level of protection, we'll only do so under appropriate safeguards to protect "
        "your information, like standard contractual clauses.",
    ),
    # Reddit: the user's own control of cookies is not tracking
    (
        "uses_tracking_cookies",
        "If you prefer, you can usually choose to set your browser to remove or reject first- "
        "and third-party cookies.",
    ),
    # Reddit: data shared with the service, not by it
    (
        "shares_with_service_providers",
        "For example, if you sign in to Reddit with a third-party identity provider, that "
        "provider may share an email address with us.",
    ),
    # Instagram: advertisers sending data to the service
    (
        "shares_for_advertising",
        "Advertisers, app developers, and publishers can send us information through Facebook "
        "Business Tools they use, including our social plug-ins (such as the Like button), "
        "Facebook Login, our APIs and SDKs, or the Facebook pixel.",
    ),
    # TikTok: content aggregators; a feature giving you statistics
    (
        "shares_aggregated_data",
        "If your profile is public, your content will be visible to anyone on the Platform and "
        "may also be accessed or shared by your friends and followers as well as third parties "
        "such as search engines, content aggregators and news sites.",
    ),
    (
        "shares_aggregated_data",
        "A Pro Account gives you access to additional features, such as aggregated statistics "
        "about your content.",
    ),
    # TikTok: authorities are not service providers
    (
        "shares_with_service_providers",
        "We may share your information with law enforcement agencies, public authorities or "
        "other third parties if we consider that we are legally required to do so or if such "
        "use is reasonably necessary to:",
    ),
    # Wikipedia privacy policy (OTA, 2013-11-30): an internet service provider; other users
    (
        "shares_with_service_providers",
        "Depending on one's connection, this IP address may be traceable to a large Internet "
        "service provider or more specifically to a school, place of business or home.",
    ),
    (
        "can_access_or_correct",
        "Other users who may have access to private identifiable information include, but are "
        "not limited to, users who have access to OTRS, or to the CheckUser and Oversight "
        "functions.",
    ),
    # Instagram: third parties' access
    (
        "can_access_or_correct",
        "Also, when you download or use such third-party services, they can access your public "
        "profile on Facebook, and any information that you share with them.",
    ),
    # YouTube privacy policy (OTA, 2018-05-11): contacting a complainant
    (
        "privacy_contact",
        "When we receive formal written complaints, we will contact the person who made the "
        "complaint to follow up.",
    ),
    # Wikipedia: an email address it does not require
    (
        "collects_contact_info",
        "Users are not required to list an email address when registering.",
    ),
    # Reddit: a negated sentence does not take the act of its lead-in
    (
        "collects_contact_info",
        "If you create a Reddit account, your account will have a username, which you provide "
        "or which is automatically generated. Your username is public, and it doesn't have to "
        "be related to your real name.",
    ),
    # ToS;DR, controlC, CNN and Kongregate: copyright notices ("service provider" is the site)
    (
        "shares_with_service_providers",
        "Identification of the infringing material to be removed, and information reasonably "
        "sufficient to permit the service provider to locate the material.",
    ),
    (
        "privacy_contact",
        "Information reasonably sufficient to permit us to contact the complaining party;",
    ),
    (
        "privacy_contact",
        "Please provide the necessary information on our Proprietary Rights Complaint Process "
        "doc and send it to support@kongregate.com.",
    ),
    # ToS;DR, iStudiez: contacting the service as an act of consent
    (
        "privacy_contact",
        "By using Cloud Sync service or contacting us (by email, social media or any other way) "
        "you consent to our Privacy Policy.",
    ),
    # ToS;DR, iCloud, Yandex, Sophos and Hulu: data the service receives from partners
    (
        "shares_with_service_providers",
        "Apple may receive personal data about you from other individuals , from businesses or "
        "third parties acting at your direction , from our partners who work with us to provide "
        "our products and services and assist us in security and fraud prevention, and from "
        "other lawful sources.",
    ),
    (
        "shares_with_service_providers",
        'Also, Personal information can be obtained by Yandex through its partners ("Partners"), '
        "such as advertising partners or taxi service providers, who provide you with access to "
        "or let you use websites,",
    ),
    (
        "shares_for_advertising",
        'Also, Personal information can be obtained by Yandex through its partners ("Partners"), '
        "such as advertising partners or taxi service providers, who provide you with access to "
        "or let you use websites,",
    ),
    (
        "shares_with_service_providers",
        "From time to time, we may receive personal data about you from third party sources "
        "(including without limitation recruitment agencies, credit check agencies, agencies "
        "providing compliance checks, lead generation providers, resellers, and other partners "
        "who sell our products and services to you), but only where such third parties have "
        "confirmed that they have your consent or are otherwise legally permitted or required "
        "to disclose your personal data to us.",
    ),
    (
        "shares_for_advertising",
        "We may also collect information about you from other sources, including service "
        "providers (e.g., data licensors, research and analytics companies, and payment "
        "processors), public databases, our marketing partners, and advertisers.",
    ),
    # ToS;DR, Dictionary.com: a browser setting that "allows you", no advertiser let in
    (
        "shares_for_advertising",
        "We note that an optional browser setting known as Do Not Track allows you to express "
        "your preferences regarding tracking by advertisers and other third-parties.",
    ),
    # TikTok privacy policy (OTA): links to advertisers' sites
    (
        "shares_for_advertising",
        "We will, from time to time, include links to and from the websites of our partner "
        "networks, advertisers and affiliates.",
    ),
    # ToS;DR, edX, iStudiez, MeWe, pCloud, Pexgle and Cocoon: not a right to see your data
    (
        "can_access_or_correct",
        "If edX learns of a security breach involving its copy of your Personal Information, "
        "edX may attempt to notify you electronically so that you may take appropriate "
        "protective steps.",
    ),
    (
        "can_access_or_correct",
        "We get an access to your personal information only when you create iStudiez Pro Cloud "
        "Sync account or contact us.",
    ),
    ("can_access_or_correct", "You control who can access your content."),
    (
        "can_access_or_correct",
        "We also reserve the right to terminate any user's right to access the Site or Services "
        "at any time, in our discretion.",
    ),
    (
        "can_access_or_correct",
        "You may access and display Pexgle Content for non-commercial, personal use only.",
    ),
    (
        "can_access_or_correct",
        "You understand that the Software may allow you to access content that is offensive or "
        "objectionable to you and that in this respect you use the Software at your own risk",
    ),
    # Reddit privacy policy (OTA): others seeing your posts
    (
        "can_access_or_correct",
        "When you submit content (for example, a post, comment, or chat message) to a public "
        "part of the Services, any visitors to and users of our Services will be able to see "
        "that content, the username associated with that content, and the date and time you "
        "originally submitted that content.",
    ),
    # ToS;DR, Fandom, Course Hero and Instagram: not sharing aggregated data
    (
        "shares_aggregated_data",
        "IN NO EVENT SHALL THE AGGREGATE LIABILITY OF FANDOM, WHETHER IN CONTRACT, WARRANTY, "
        "TORT (INCLUDING NEGLIGENCE, WHETHER ACTIVE, PASSIVE OR IMPUTED), PRODUCT LIABILITY, "
        "STRICT LIABILITY OR OTHER THEORY, ARISING OUT OF OR RELATING TO THE USE OF OR "
        "INABILITY TO USE THE SERVICES EXCEED THE AMOUNT PAID BY YOU, IF ANY, FOR ACCESSING THE "
        "SERVICES DURING THE TWELVE (12) MONTHS IMMEDIATELY PRECEDING THE DATE OF THE CLAIM OR "
        "ONE HUNDRED DOLLARS, WHICHEVER IS GREATER.",
    ),
    (
        "shares_aggregated_data",
        "We may receive reports based on the use of these technologies by these companies on an "
        "individual as well as aggregated basis.",
    ),
    (
        "shares_aggregated_data",
        "We share information about you with companies that aggregate it to provide analytics "
        "and measurement reports to our partners.",
    ),
]


@pytest.mark.parametrize(("finding_id", "text"), NOT_SUPPORTING)
def test_sentence_that_does_not_support_the_finding_raises_nothing(
    finding_id: str, text: str
) -> None:
    assert finding_id not in raised(text)


DDG = "ota/DuckDuckGo/2020-12-10T21-30-44.md"
GITHUB = "ota/GitHub/2022-05-18T11-48-08.md"

# (finding, passage or resource policy, start of a sentence in it that must not be evidence)
NOT_EVIDENCE = [
    # DuckDuckGo privacy policy (OTA): what other search engines do, not DuckDuckGo
    ("collects_contact_info", DDG, "Usually your searches are saved along with the date"),
    ("collects_usage_data", DDG, "Usually your searches are saved along with the date"),
    ("uses_tracking_cookies", DDG, "And they do the same thing for uniquely identifying"),
    ("shares_aggregated_data", DDG, "AOL famously released supposedly anonymous search terms"),
    ("discloses_to_authorities", DDG, "Simply because law enforcement asked for it"),
    ("discloses_to_authorities", DDG, "The main concern is when they either"),
    # a negation of tracking; cookies storing settings; others' sites using HTTPS
    ("collects_usage_data", DDG, "Your search history is safe with us because it cannot"),
    (
        "cookie_controls",
        "At DuckDuckGo, no cookies are used by default. If you have changed any settings, then "
        "cookies are used to store those changes.",
        "If you have changed any settings",
    ),
    ("security_measures", DDG, "However, it is slower to connect to these versions"),
    # a user's click on a link, a search DuckDuckGo does not send, others' data about you
    ("collects_usage_data", DDG, "Instead, when you click on a link on our site"),
    ("collects_usage_data", DDG, "And this information (your search history) can be"),
    # GitHub privacy statement (OTA): an email address setting is not marketing
    ("marketing_opt_out", GITHUB, "We currently set Users' email address to private"),
    # GitHub privacy statement (OTA): it does not buy from brokers; third parties gather
    ("obtains_data_from_third_parties", GITHUB, "GitHub does not purchase User Personal"),
    ("obtains_data_from_third_parties", GITHUB, "Your User Personal Information associated"),
    # Pinterest privacy policy (OTA, 2023-02-15): the service writing to you
    (
        "collects_contact_info",
        "In addition to the specific circumstances above, we'll only use your information with "
        "your consent in order to:\n\n* Send you marketing materials by email, text, push "
        "notification or phone call depending on your account or operating system settings.",
        "Send you marketing materials",
    ),
    # Reddit privacy policy (OTA, 2026-01-15): staying informed is not being notified
    (
        "change_notice",
        "Changes to This Policy\n\nWe may change this Privacy Policy from time to time. If the "
        "changes, in our sole discretion, are material, we may also notify you by sending an "
        "email to the address associated with your account. We encourage you to review the "
        "Privacy Policy regularly to stay informed about our information practices and the ways "
        "you can help protect your privacy.",
        "We encourage you to review",
    ),
    # Reddit privacy policy (OTA, 2026-01-15): "Collect" of a quoted section title is no act
    (
        "shares_for_advertising",
        "If you purchase advertising services, you will need to provide transactional "
        'information as described above in "Information We Collect - Transactional '
        'Information," and we may also require additional documentation to verify your identity.',
        "If you purchase advertising services",
    ),
    # Reddit: the third party behind a social sharing feature works for the user, not Reddit
    (
        "shares_with_service_providers",
        "We offer social sharing features that let you share content or actions you take on our "
        "Services with other media. Your use of these features enables the sharing of certain "
        "information with your friends or the public, depending on the settings you establish "
        "with the third party that provides the social sharing feature. For more information "
        "about the purpose and scope of data collection and processing in connection with "
        "social sharing features, please visit the privacy policies of the third parties that "
        "provide these social sharing features (for example, Tumblr, Facebook, and X).",
        "Your use of these features",
    ),
    (
        "shares_with_service_providers",
        "Your use of these features enables the sharing of certain information with your "
        "friends or the public, depending on the settings you establish with the third party "
        "that provides the social sharing feature. For more information about the purpose and "
        "scope of data collection and processing in connection with social sharing features, "
        "please visit the privacy policies of the third parties that provide these social "
        "sharing features (for example, Tumblr, Facebook, and X).",
        "For more information about the purpose",
    ),
    # Wikipedia privacy policy (OTA, 2013-11-30): a user receiving email is not data obtained
    (
        "obtains_data_from_third_parties",
        "Users who provide a valid email address can enable other logged-in users to send email "
        "to them through the wiki. When receiving an email from other users through this "
        "system, one's email address is not revealed to them.",
        "When receiving an email",
    ),
    # TikTok privacy policy (OTA, 2021-07-15): an age that a feature asks is no child policy
    (
        "protects_children",
        "Payment Providers\n\n- If you are 18 or over and choose to buy virtual items we will "
        "share data with the relevant payment provider to facilitate this transaction.",
        "If you are 18 or over",
    ),
    (
        "protects_children",
        "We use your information to:\n\n- enable our messenger service to function if you choose "
        "to use it and are 16 or above;\n- enable you to participate in the virtual items "
        "program; and\n- communicate with you.",
        "enable our messenger service",
    ),
    # Snapchat privacy policy (OTA, 2024-01-04): residents of a state are no data residing
    (
        "international_transfers",
        "For example, in the United States, residents of California and other states have "
        "specific privacy rights.",
        "For example, in the United States",
    ),
    # Airbnb privacy policy (OTA): what depends on the features you use is not usage data
    (
        "collects_usage_data",
        "2.1 Information needed to use the Airbnb Platform.\n\nWe collect personal information "
        "about you when you use the Airbnb Platform. Without it, we may not be able to provide "
        "all services requested. This information includes:\n\n- Contact Information, Account, "
        "Profile Information. Such as your first name, last name, phone number, postal address, "
        "email address, date of birth, and profile photo, some of which will depend on the "
        "features you use.",
        "Such as your first name",
    ),
]


@pytest.mark.parametrize(("finding_id", "source", "start"), NOT_EVIDENCE)
def test_sentence_is_not_evidence_of_the_finding(
    finding_id: str, source: str, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = source if " " in source else (RESOURCES / source).read_text(encoding="utf-8")
    assert start in canonical_text(raw)
    monkeypatch.setattr(match, "MAX_EVIDENCE", 1000)  # every supporting sentence
    found = findings_of(raw)
    evidence = found[finding_id].evidence if finding_id in found else ()
    assert not [e.text for e in evidence if e.text.startswith(start)]


SUPPORTING = [
    # Reddit privacy policy (OTA, 2026-01-15)
    (
        "shares_aggregated_data",
        "We may share information about you that has been aggregated or anonymized such that it "
        "cannot reasonably be used to identify you.",
    ),
    # Snapchat privacy policy (OTA, 2024-01-04)
    (
        "cookie_controls",
        "If you prefer, you can usually remove or reject browser cookies through the settings on "
        "your browser or device.",
    ),
    (
        "shares_aggregated_data",
        "We may also share with third parties that provide services to us or perform business "
        "purposes for us aggregated, non-personally identifiable, or de-identified information.",
    ),
    # Pinterest privacy policy (OTA, 2023-02-15)
    (
        "obtains_data_from_third_parties",
        "We also get information about you and your activity outside Pinterest from our "
        "affiliates, advertisers, partners and other third parties we work with.",
    ),
    # GitHub privacy statement (OTA, 2022-05-18)
    (
        "shares_with_service_providers",
        "We share User Personal Information with a limited number of service providers who "
        "process it on our behalf to provide or improve our Service.",
    ),
    # DuckDuckGo privacy policy (OTA): what DuckDuckGo itself says
    (
        "change_notice",
        "If this policy is substantively updated, we will update the text of this page and "
        "provide notice to you by writing '(Updated)' in red next to the link to this page.",
    ),
]


@pytest.mark.parametrize(("finding_id", "text"), SUPPORTING)
def test_sentence_that_supports_the_finding_raises_it(finding_id: str, text: str) -> None:
    assert finding_id in raised(text)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # the negation decides which of the pair is raised
        ("We do not sell your personal information.", "does_not_sell_data", "sells_data"),
        ("We sell your personal information to data brokers.", "sells_data", "does_not_sell_data"),
        (
            "We do not respond to Do Not Track signals.",
            "ignores_do_not_track",
            "honors_do_not_track",
        ),
        ("We respond to Do Not Track signals.", "honors_do_not_track", "ignores_do_not_track"),
    ],
)
def test_negation_picks_the_opposite_finding(text: str, present: str, absent: str) -> None:
    found = raised(text)
    assert present in found
    assert absent not in found


def test_retention_unspecified_when_silent_and_not_when_stated() -> None:
    silent = findings_of("We collect your email address to send you our newsletter.")
    assert silent["retention_unspecified"].evidence == ()
    assert "retention_limited" not in silent
    stated = findings_of("We keep your data for 30 days and then delete it.")
    assert "retention_unspecified" not in stated
    assert "retention_limited" in stated


def test_evidence_is_capped_and_best_first() -> None:
    # six sentences of one length that differ in more than a word (one said again in other
    # words is quoted once: see test_evidence)
    text = " ".join(
        f"We use cookies to {purpose} you and to track your {what} over time."
        for purpose, what in zip(
            ["remember", "identify", "classify", "research", "discover", "evaluate"],
            ["clicks", "visits", "orders", "habits", "routes", "trails"],
            strict=True,
        )
    )
    found = findings_of(text)["uses_tracking_cookies"]
    assert len(found.evidence) == MAX_EVIDENCE
    assert [e.start for e in found.evidence] == sorted(e.start for e in found.evidence)


SEED_FINDINGS = {
    # read by hand: what each seed says
    "000_340b6d22ed7eccda.txt": {
        "present": {
            "collects_contact_info",  # name, phone number, zip code, address
            "collects_payment_info",  # credit card, debit card
            "collects_location",  # GPS, Bluetooth or Wi-Fi
            "collects_device_identifiers",  # operating system, device identifiers, IP address
            "collects_usage_data",  # which products you view
            "uses_tracking_cookies",  # cookies so that our systems can recognize your device
            "does_not_sell_data",  # We will not sell your personal information to others.
            "discloses_to_authorities",  # To comply with court orders
            "retention_unspecified",  # nothing on how long
            "change_notice",  # We will inform you beforehand
        },
        "absent": {"sells_data", "change_without_notice", "retention_limited"},
    },
    "001_926297ac4249c720.txt": {
        "present": {
            "collects_contact_info",  # name, email, ... contact information
            "collects_device_identifiers",  # we track the IP address
            "does_not_sell_data",  # We will not sell, distribute or lease
            "shares_aggregated_data",  # aggregated, non-personal information
            "security_measures",  # physical, electronic and managerial procedures
            "change_without_notice",  # may change this policy ... by updating this page
            "can_access_or_correct",  # We will promptly correct any information
            "retention_unspecified",
        },
        "absent": {"sells_data", "change_notice", "collects_location"},
    },
    "002_452022f5c92ef4d5.txt": {
        "present": {
            "collects_contact_info",
            "collects_payment_info",  # credit card information
            "collects_device_identifiers",  # browser version, IP address
            "collects_usage_data",  # navigational information
            "uses_tracking_cookies",  # unique identification to your computer
            "does_not_sell_data",  # We do not sell, rent or trade your e-mail address
            "shares_with_service_providers",  # third parties to help us provide services
            "discloses_to_authorities",  # disclose ... by law
            "can_access_or_correct",  # update or modify your personal information
            "change_without_notice",  # we will post the policy changes ... visit our site often
            "protects_children",  # does not maintain information provided by children
            "privacy_contact",  # questions or concerns ... contact us
            "retention_unspecified",
        },
        "absent": {
            "sells_data",
            "change_notice",
            "collects_location",
            "security_measures",  # "stringent and effective security measures" names none
        },
    },
}


@pytest.mark.parametrize("name", sorted(SEED_FINDINGS))
def test_seed_findings(name: str) -> None:
    raw = (RESOURCES / "seeds" / name).read_text(encoding="utf-8")
    text = canonical_text(raw)
    found = findings_of(raw)
    expected = SEED_FINDINGS[name]
    assert expected["present"] <= set(found), expected["present"] - set(found)
    assert not expected["absent"] & set(found)
    for finding in found.values():
        assert finding.verdict == Verdict(API_FINDINGS[finding.id])
        for e in finding.evidence:
            assert text[e.start : e.end] == e.text


def test_github_statement_does_not_sell_and_is_not_flagged_as_selling() -> None:
    raw = (RESOURCES / "ota" / "GitHub" / "2021-06-14T22-31-52.md").read_text(encoding="utf-8")
    found = findings_of(raw)
    assert "sells_data" not in found
    assert "does_not_sell_data" in found
    assert "collects_biometric_data" not in found


def test_classifier_gate_drops_a_gated_finding_outside_its_category() -> None:
    # ToS;DR point: a disclosure clause; the gate follows the classifier's categories
    text = (
        "We may disclose information about our users to respond to subpoenas, court orders, "
        "legal process and other law enforcement measures."
    )
    seg = segment(PolicyText(text))[0]
    elsewhere = LabelledSegment(
        seg,
        ("First Party Collection/Use",),
        ("first_party_collection",),
        {"First Party Collection/Use": 0.9, "Third Party Sharing/Collection": 0.05},
    )
    sharing = LabelledSegment(
        seg,
        ("Third Party Sharing/Collection",),
        ("third_party_sharing",),
        {"First Party Collection/Use": 0.1, "Third Party Sharing/Collection": 0.8},
    )
    assert "discloses_to_authorities" not in {f.id for f in find_findings(text, [elsewhere])}
    assert "discloses_to_authorities" in {f.id for f in find_findings(text, [sharing])}


def _as_user_choice(text: str) -> set[str]:
    """Ids raised when the classifier reads the one-segment text as a user choice only."""
    seg = segment(PolicyText(text))[0]
    choice = LabelledSegment(
        seg,
        ("User Choice/Control",),
        ("user_choice",),
        {"User Choice/Control": 0.9, "Other": 0.02},
    )
    return {f.id for f in find_findings(text, [choice]) if f.evidence}


def test_an_address_for_a_privacy_choice_is_a_contact_whatever_the_category() -> None:
    # OPP-115 nytimes.com (tune half, f1b): the opt-out address is where to write about the
    # sharing of your data, though the classifier reads the segment as a choice, not "other"
    opt_out = (
        "As detailed above, you may choose to opt-out of the sharing of your personal "
        "information with third parties for marketing purposes at any time by submitting a "
        "request in writing to Customer Care, P.O. Box 8041, Davenport, IA 52808-8041 or by "
        "emailing opt-out@nytimes.com."
    )
    assert "privacy_contact" in _as_user_choice(opt_out)
    # ... while an address for anything else still needs the classifier's "other"
    unrelated = (
        "If you feel you have received an email from us in error, please contact "
        "feedback@nytimes.com."
    )
    assert "privacy_contact" not in _as_user_choice(unrelated)
    assert "privacy_contact" not in raised(unrelated)


@pytest.mark.parametrize(
    "text",
    [
        # OPP-115 policies (thehill.com, coffeereview.com, si.edu): real sales of data
        "It is possible that we may rent, sell or otherwise transfer to third parties personally "
        "identifiable information about you.",
        "We may use, sell, disclose, or otherwise dispose of Personal Information we collect in "
        "the following circumstances:",
        "Some Smithsonian units, on occasion, rent or exchange select member name and address "
        "information with other charitable or cultural non-profit organizations.",
        # an edit appended to seed 001, as the API test makes it
        (RESOURCES / "seeds" / "001_926297ac4249c720.txt").read_text(encoding="utf-8")
        + "\n\nWe sell your personal information to data brokers.\n",
    ],
    ids=["thehill", "coffeereview", "si.edu", "seed-001-edited"],
)
def test_sells_data_with_the_classifier(text: str) -> None:
    from worker.analysis.classify import classify

    canonical = canonical_text(text)
    found = {f.id for f in find_findings(canonical, classify(segment(PolicyText(canonical))))}
    assert "sells_data" in found
    if "\n" not in canonical:  # a lone sentence; the seed also says "We will not sell"
        assert "does_not_sell_data" not in found


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # OPP-115 highgearmedia.com: the heading names a disclosure, the sentences deny
        (
            "How we respond to Do Not Track Disclosures.\n\nBecause these features are not yet "
            "uniform, we are not currently set up to respond to do not track signals. Our "
            "information and disclosure practices will continue to apply as described in this "
            "privacy policy regardless of any Do Not Track signals that are sent by certain "
            "browsers.",
            "ignores_do_not_track",
        ),
        # both said: the one with the stronger sentence stays, a tie goes to "ignores"
        (
            "We honor Do Not Track signals when your browser sends them. Our information and "
            "disclosure practices will continue to apply as described in this privacy policy "
            "regardless of any Do Not Track signals that are sent by certain browsers.",
            None,
        ),
    ],
)
def test_do_not_track_is_reconciled_never_both(text: str, shown: str | None) -> None:
    found = raised(text) & {"honors_do_not_track", "ignores_do_not_track"}
    assert len(found) == 1
    if shown is not None:
        assert found == {shown}
