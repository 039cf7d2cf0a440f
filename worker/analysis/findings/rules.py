"""The rules table: for each finding id of the API, the Rules whose topic, act and polarity
say it (what a sentence must hold for the finding), and the patterns the matcher shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from worker.records import Verdict

MAX_EVIDENCE = 3
"""At most this many evidence sentences per finding, best first."""

NEGATION_WINDOW_WORDS = 6
"""A negator this many words before the act (in the same clause) negates it."""

GENERIC_WEIGHT = 0.9
"""A sentence that states a practice only in general terms ("appropriate technical and
organisational measures", "as long as necessary") ranks below one that names it ("encryption",
"within 30 days")."""

GATE_MIN_SCORE = 0.15
"""A gated rule fires in a segment the classifier labelled otherwise only above this score."""


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a case-insensitive verbose-free pattern."""
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Rule:
    """One way a policy states a finding: a topic, an act with a polarity, exclusions."""

    topic: re.Pattern[str]
    act: re.Pattern[str] | None = None
    polarity: str = "positive"
    """"positive": the act must not be negated; "negative": it must be; "any": either."""
    exclude: re.Pattern[str] | None = None
    context: bool = False
    """The act may be found in the heading or the lead-in sentences of the segment."""
    near: int = 0
    """When > 0, the topic must lie within this many characters of the act."""
    rescue: bool = False
    """A negated act still counts when an exception ("except", "unless") precedes the topic."""
    gated: bool = False
    """Fire only in segments whose classifier categories include the spec's categories."""
    weight: float = 1.0
    window: int = NEGATION_WINDOW_WORDS
    """How many words before the act a negator may stand and still negate it."""
    we_act: bool = False
    """The act must not have "you" as its subject ("you can give anonymous feedback")."""
    requires: re.Pattern[str] | None = None
    """A pattern the sentence must also contain (e.g. a first-person subject)."""
    context_topic: re.Pattern[str] | None = None
    """A pattern the heading or lead-in must contain ("those signals" after a DNT sentence)."""
    others: bool = False
    """The topic names another party: a topic naming the company itself ("from Google" in
    Google's policy, its own "Google Analytics") does not count."""
    body_topic: bool = False
    """The topic must lie after a run-in heading ("Notification of Changes This Privacy Policy
    may change ..." names no notice): a title is no promise."""


@dataclass(frozen=True, slots=True)
class FindingSpec:
    """A finding of the API: id, plain-words title, verdict and the rules that raise it."""

    id: str
    title: str
    verdict: Verdict
    categories: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    gated: bool = False
    """Every rule needs the classifier to agree (GATE_MIN_SCORE) on the segment's category."""


# --- shared vocabulary -------------------------------------------------------------------

_COLLECT = (
    r"\b(?:collect\w*|gather\w*|obtain\w*|receiv\w*|record\w*|log|logs|logged|logging|store[sd]?|"
    r"storing|save[sd]?|saving|track\w*|ask\w* (?:you )?for|request\w*|acquir\w*|captur\w*|"
    r"process\w*|keep\w*|kept|retain\w*|maintain\w*|hold|holds|use[sd]?|using|"
    r"access\w*(?! tokens?\b)|includ\w*|provid(?!ers?\b)\w*|submit\w*|give us|enter\w*|"
    r"register\w*|get|gets|automatically|"
    r"(?:we|you) (?:may )?share)\b"
)
_DATA = (
    r"(?:\b(?:personal(?:ly)?(?: identifiable| identifying)?|your|users?'?|customers?'?|members?'?|"
    r"visitors?'?|subscribers?'?|clients?'?|account|contact|private|identifiable)\s+"
    r"(?:[\w'-]+\s+){0,3}?(?:data|information|info|details|e-?mail address(?:es)?|lists?|records|"
    r"profiles?)\b|\b(?:data|information|info) (?:about|of|from|on|concerning|relating to) "
    r"(?:you|our users|users|individuals|customers|visitors)\b|\be-?mail addresses\b|"
    r"\bmailing lists?\b|\bpersonal data\b|\byour data\b)"
)
_SHARE = (
    r"\b(?:shar\w+|disclos\w+|provid\w+ (?!you\b)(?:[\w'-]+ ){0,5}?to\b(?! (?:you|us)\b)|"
    r"transfer\w*|"
    r"transmit\w*|giv(?:e|es|en|ing)|releas\w+|"
    r"mak\w+ (?:\w+ )?available|send\w*|pass\w*|report\w*|communicat(?:e|es|ed|ing)|furnish\w*|"
    r"distribut\w+|reveal\w*)\b"
)
_CONTACT_LIST = (
    r"\b(?:(?<!domain )names?|e-?mails?|(?:tele)?phone|"
    r"(?<!IP )(?<!protocol )(?<!website )(?<!web )(?<!site )address(?:es)?)\b"
    r"[^.;:]{0,40}?\b(?:(?<!domain )names?|e-?mails?|"
    r"(?:tele)?phone(?: numbers?)?|"
    r"(?<!IP )(?<!protocol )(?<!website )(?<!web )(?<!site )(?<!right )"
    r"address(?:es)?)\b"
)
"""Two contact details listed together: "your name, address, or e-mail address"."""
_ONLY_AGGREGATE = (
    r"\bonly (?:share|disclose|provide|give)s? (?:\w+ )?(?:aggregated?|de-?identified|"
    r"anonymi[sz]ed|non-?personal\w*)\b"
)
"""A limit, not an admission: "we only share aggregated user information with advertisers"."""
_RETENTION_PERIOD = (
    r"\b(?:(?:for|within|after|up to|of|than|maximum of|beyond) (?:\w+ )?(?:\(?\d+\)? |one |two |"
    r"three |six |twelve |thirty |ninety )(?:\w+ )?(?:hours?|days?|weeks?|months?|years?)|"
    r"(?:\d+|one|two|three|six|twelve|thirty|ninety) (?:hours?|days?|weeks?|months?|years?) "
    r"(?:after|following|from))\b"
)
"""A retention period a reader can check: "within 30 days of you cancelling your account"."""
_RETENTION_ACT = (
    r"\b(?:retain\w*|retention|keep\w*|kept|stor\w+|hold|holds|held|maintain\w*|preserv\w+|"
    r"delet\w+|destroy\w*|eras\w+|anonymi[sz]\w+|purg\w+|remov\w+|remain\w*|discard\w*)\b"
)
_RETENTION_EXCLUDE = (
    r"\b(?:cookies?|session|terms of (?:service|use))\b|"
    r"\b(?:necessary|needed|required) or (?:relevant|useful|appropriate)\b|"
    r"\b(?:relevant|useful) (?:for|to) (?:our|its|the(?: company's)?) "
    r"business\b|\bany (?:lawful |legitimate |legal )?business purposes?\b|"
    r"\b(?:also|additionally) (?:keep|retain|store|hold|maintain)"
    r"\w* (?:[\w'-]+ ){0,4}?(?:to|for) (?:resolve|resolving|settle|enforce|"
    r"defend)\b|"
    # "as long as we need it for purposes not prohibited by applicable laws": no limit
    r"\bpurposes? not (?:prohibited|forbidden) by\b|"
    # kept despite or after deletion, or until the user deletes it: no limit ("retain data
    # regardless of your request for deletion", "we may need to retain your personal data after
    # your account has been deleted", "this data remains saved until you choose to delete it")
    r"\b(?:regardless of|despite|notwithstanding) (?:your |any |a )?"
    r"(?:request|deletion|objection)|\b(?:may|might) (?:\w+ ){0,2}?(?:retain|"
    r"keep|store|hold)\w* (?:[\w'-]+ ){0,4}?(?:even )?after (?:your |the )?"
    r"(?:account|data|information) (?:has been|is|was) (?:deleted|closed)|"
    r"\buntil you (?:choose to )?(?:delete|remove) (?:it|them|this|that|these)\b|"
    # remains in archives or backups (opp-a)
    r"\bremain\w* in (?:our )?(?:archiv\w+|backup\w*)"
)
"""No limit: "as long as necessary or relevant", "we also keep it to resolve disputes", kept
after or despite deletion, or until you delete it."""
_DEVICE_ID = (
    r"\b(?:IP[- ]address(?:es)?|internet protocol address|internet address of (?:the |your |a )?"
    r"(?:computer|device)|device (?:identifiers?|ids?)|"
    r"(?<!\bwith a )(?<!\banonymous )(?:unique|mobile|advertising|hardware) "
    r"(?:device )?(?:identifiers?|ids?)|MAC address|IMEI|UDID|IDFA|device fingerprint\w*)"
)
"""A device identifier: an IP address, a device or advertising ID."""
_INFER = r"\b(?:deriv|infer|determin|estimat)\w* (?:[\w',-]+ ){0,4}?(?:from|based on|using)\b"
"""Something inferred from data ("we infer your approximate location based on your IP")."""
_CHANGE = r"\b(?:chang\w*|updat\w*|modif\w*|revis\w*|amend\w*|alter\w*|replac\w*|edit\w*)\b"
_NOTICE_TOPIC = (
    r"\b(?:notify|notifies|notified|notification|notice to you|notice of "
    r"(?:the |any |such )?(?:(?:material|significant|substantial|important|"
    r"major) )?(?:changes?|modifications?|updates?|revisions?)|"
    r"notice (?:will|shall|would) be (?:posted|sent|displayed|provided|given)|"
    r"inform(?:s|ed|ing)? (?:you|users|our users|members|customers)\b|"
    r"alert(?:s|ed|ing)?|announc(?:e|es|ed|ing)\b|tell you|let you "
    r"know|e-?mail (?:you|to)|send (?:you )?(?:an )?(?:e-?mail|notice|"
    r"message)|(?:advance|prior|reasonable|prominent|written) notice|"
    r"(?:post|place|display|provide|give)\w* (?:you )?(?:a |an )?(?:notice|"
    r"banner|notification)|beforehand|in advance|(?:\d+|thirty|seven|"
    r"fourteen|fifteen|sixty) (?:\(\d+\) )?days?(?:'|\u2019)? (?:prior |"
    r"advance )?notice|ask (?:for )?your consent|seek your consent|bring it "
    r"to your attention|opportunity to review)\b"
)
"""Words of telling you: notify, notice of changes, e-mail you, in advance, ask your consent."""
_NOT_POLICY_NOTICE = rx(
    r"\b(?:without (?:any |further |prior |advance )?(?:notice|notif\w+)|"
    r"(?:by|through) (?:updating|revising|changing|modifying|amending) (?:the "
    r")?(?:[\"\u201c']?(?:last|effective|revision|updated|modified)\b|date)|"
    r"cookie|breach\w*|notify us|unsubscrib\w*|subscriptions?|"
    r"opt(?:ing)?[- ]out|confirm\w* (?:your )?order|order status|"
    r"tell you about (?:our |new )?(?:products|services|offers|promotions|"
    r"contests|features)|you (?:must|should|agree to) notify|"
    r"change (?:of|in) (?:ownership|control)|"
    r"(?:stay|keep (?:yourself )?|remain) informed|push notifications?|"
    r"marketing|(?:inform|notify|tell)\w* you (?:\w+ ){0,5}?(?:solely |only "
    r"|simply )?by posting (?:an? |the )?(?:updated|revised|new|amended|"
    r"changed|modified) (?:version of (?:this |the |our )?)?(?:privacy )?"
    r"(?:policy|statement)|"
    r"your (?:account )?(?:information|details|settings|preferences|"
    r"password|e-?mail address))\b|"
    # a "Notification of Changes" heading over a sentence that only posts changes (Minecraft)
    r"^\W*(?:notification|notice) of (?:changes|updates)\b(?![^.]*\b(?:notify|"
    r"notified|e-?mail|notice to you|prominent|advance|prior)\b)"
)
"""Not notice of a policy change: none, a bare date update, cookies, breaches, marketing, notice
about your account, or telling you only by posting the new version."""
_CHANGE_POLICY = (
    r"\b(?:chang|modif|updat|revis|amend|alter|replac)\w*(?:,? (?:or |and )?\S+){0,6}? "
    r"(?:(?:this|these|the|our|its|any|such|all)\s)?(?:\w+\s)?(?:polic(?:y|ies)|statement|"
    r"terms|tos|agreement|conditions|(?:privacy|this|our) notice|document)\b|\b(?:polic(?:y|ies)|"
    r"statement|terms|"
    r"agreement|conditions|document)\b(?: \S+){0,5}? (?:be |are |is )?(?<!last )"
    r"(?:changed|modified|"
    r"updated|revised|amended|altered)\b|\b(?:polic(?:y|ies)|statement) (?:chang|updat)es\b|"
    r"\bsujet à modification"
)
CHANGE_POLICY = rx(
    r"\b(?:we|us)\b[^.;]{0,40}?\b(?:chang|modif|updat|revis|amend)\w* (?:this|our|the) "
    r"(?:privacy )?(?:polic(?:y|ies)|statement|notice)\b|"
    r"\b(?:polic(?:y|ies)|statement)\b(?: \S+){0,4}? (?:may|will|"
    r"can|might) (?:\w+ )?(?:be (?:changed|modified|updated|revised|amended)|change)\b"
)
"""A sentence that says the policy itself may change ("If we decide to change our Privacy
Policy", "this policy may be amended from time to time"), not a notification of changes."""
_DNT = r"(?:do[ _-]+not[ _-]+track|\bDNT\b|global privacy control|\bGPC\b)"
_CLAUSE_START = r"(?<!\w )(?<!\w)(?<!, )"
"""Where a clause starts: not after a word, a word and a space, or a comma and a space (the
imperative "to delete your account, visit ...", not "the right to delete your account")."""

# Words that look like negators but do not negate the act that follows them.
NEGATION_MASKS = rx(
    r"do[ -]not[ -]track|do not sell my|not limited to|not only|whether or not|no longer|"
    r"no later|no matter|not yet|or not|no more than|not less than|no less than"
)
NEGATOR = rx(
    r"\b(?:not|never|no|neither|nor|without|cannot|none|nothing|nobody|unable to)\b|n['\u2019]t\b"
)
POST_NEGATOR = rx(
    r"^[\s,:]*(?:(?:to|with|of|for) )?(?:no|none|nothing|no one|nobody|neither)\b|^ not\b"
)
CLAUSE_BREAK = rx(
    r"[.;:!?\u2013\u2014]|\b(?:but|however|except|unless|although|though|whereas|while|"
    r"other than|apart from|if|when|which|that|because)\b|,\s*(?:and |but |or )?"
    r"(?:we|they|you|it|he|she|these|this|such(?! as))\b"
)
BREAK_MARK = re.compile(r"[.;:!?,\u2013\u2014]")
BREAK_WORDS = (
    *("but", "however", "except", "unless", "although", "though", "whereas", "while"),
    *("other", "apart", "if", "when", "which", "that", "because"),
)
"""Where a CLAUSE_BREAK match starts: one of its marks or a comma, or the first word of one
of its words."""
USER_SUBJECT = rx(
    r"\byou(?:r)?\b(?: \w+)?(?: (?:can|may|could|also|choose to|will|must|should|need to|"
    r"have to|usually|always|simply|easily|then|still))* ?$"
)
OTHER_ACTOR = rx(
    r"^\W*(?:\w+,? )?(?:(?:why|how) (?:would|do|does|did) )?(?:other|many|most|some|these|"
    r"those|typical|traditional|the major)? ?"
    r"(?:search engines|(?:other|many|most|some) (?:companies|websites|sites|services|apps))\b|"
    r"\bsearch engines (?:\w+ )?(?:have|save|keep|store|can|could|use|track|give|collect|log|"
    r"record|do|are)\b|"
    r"\bthey (?:\S+ ){0,2}?(?:do|did|release[sd]?|give|gave|save|saved|sell|sold|were sued|"
    r"anonymi[sz]e|share[sd]?)\b|"
    r"\bthey use (?:a |an |their own )?(?:separate |other )?service providers?\b|"
    # a definition of a technology is no one's act ("A pixel tag is a type of technology
    # placed on a website ...", "Pixel tags are often used in combination with cookies")
    r"^\W*(?:an? )?[\w-]+(?: [\w-]+)? (?:is|are) (?:an? )?(?:type|kind|form|small piece)s? of\b|"
    r"^\W*(?:an? )?[\w-]+(?: [\w-]+)? (?:is|are) (?:often|commonly|typically|usually) used\b|"
    # what a value of an example log line is ("`123.45.67.89` is the Internet Protocol address
    # assigned to the user by the user's ISP")
    r"^\s*`[^`]+` (?:is|are) (?:the|an?)\b|"
    r"\bwhenever you visit a (?:web ?)?site that\b|\bpromotes and enforces\b|"
    r"\bno (?:person|one|user) (?:should|may|shall)\b|"
    r"\b(?:this|the) (?:privacy )?(?:notice|policy|statement) does not (?:cover|apply to|govern) "
    r"(?:the |any )?(?:use|collection|practices)\b|"
    r"\bcontact (?:the |your )?(?:account |organi[sz]ation |workspace |enterprise )?(?:owners?|"
    r"administrators?|admins?)\b"
)
"""A sentence about what others do: other search engines or companies, "they" doing it, an
organisation's owners, or what a technology is (with no first person in the sentence: see
Reading.other_actor)."""
OTHER_SUBJECT = rx(
    r"^\W*(?:for (?:example|instance),? )?(?:(?:a|an) (?:customer|website|site|app|advertiser|"
    r"publisher|business|partner|third[- ]party)s? (?:\w+ ){0,2}?(?:may|might|can|could|wants?)|"
    r"their (?:\w+ ){0,2}?service providers?)\b"
)
"""A sentence whose subject is another party, even when it names the service ("For example,
a website might use our advertising services", "Their payment service provider will also
receive ..."): what that party does, not the service."""
OTHERS_RECEIVE = rx(
    r"\b(?:the|a|an|that|this|these|those|such|other|any)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:sellers?|buyers?|merchants?|creators?|hosts?|guests?|advertisers?|developers?|"
    r"recipients?|(?:other )?users?|people|businesses|apps?|part(?:y|ies)|compan(?:y|ies))"
    r"(?:\s+(?:or|and)\s+(?:[\w-]+\s+){0,2}?[\w-]+)?\s+(?:(?:can|may|will|might|could|would)\s+)?"
    r"(?:also\s+)?(?:receive|get|see|access|obtain)s?\b"
)
"""Another party receiving data ("the content creator or seller can receive your ... contact
details"): that party's act, so no collection by the company (its sharing still may be)."""
ONE_GROUP = rx(
    r"\b(?:child(?:ren)?(?:'s)?|minors?|kids|teens?|under (?:the age of )?1[3-8]|"
    r"(?:job |employment )?applicants?|(?:job )?candidates?|students?|employees)\b"
)
"""A group of people a promise may be for: children, applicants, students, employees."""
THAT_DATA = rx(
    r"\b(?:the|this|that|such|these|those) (?:personal )?(?:information|data|details)\b"
    r"(?! (?:we|you|that|which|collected|provided|about|of|from|you've|is collected))"
)
"""Data named only by reference to a sentence before ("delete the information as soon as
practical"), not defined in the sentence ("the information we collect")."""
DATA_WORD = rx(r"\b(?:information|data|details)\b")
"""A word that names data: its first one in a sentence says whose data the sentence is about."""
_DEVICE_COLLECT = rx(_COLLECT + "|" + _INFER)
_ANY_BROWSER_SENDS = rx(
    r"\b(?:computer|browser|device)s? (?:\w+ )?(?:sends?|transmits?)\b"
    r"(?=[^;]*\b(?:any|every|each|that|the) (?:\w+ )?(?:site|website)s?\b)|"
    r"\b(?:any|every) (?:\w+ )?(?:site|website)s?\b[^;]*\b(?:computer|browser|"
    r"device)s? (?:\w+ )?(?:sends?|transmits?)\b"
)
"""What any browser sends any site, not what the company keeps (DuckDuckGo)."""
OTHERS_DISCLOSE = rx(
    r"^\W*(?:our |these |such |those |the |its )?(?:[\w-]+ ){0,2}?(?:service providers|vendors|"
    r"(?:sub-?)?processors|contractors|partners)(?: \([^)]*\))? (?:may |might |will |can |"
    r"could |also |themselves )*(?:disclose|share|sell|release|transfer)\b(?!.*\b(?:with|to) us\b)|"
    r"^\W*(?:hosts|guests|(?:other )?users|members|sellers|buyers|(?:account|organi[sz]ation) "
    r"owners) (?:may |can |also )*(?:use (?:[\w-]+ ){1,6}?to )?(?:share|disclose)\b"
)
"""Others sharing on their own ("Our service providers may also disclose your information where
required by law", "Hosts may use features ... to share information about the Guest"): their
act, not the company's, though the sentence says "our"."""
_NETWORK_PROVIDER = (
    r"\b(?:a|the|your|their|any) (?:[\w-]+ ){0,2}?service providers?,? (?:or |and )?"
    r"(?:[\w-]+ )?carriers?\b|\b(?:a|the|your|their|any) (?:[\w-]+ )?carriers?,? (?:or |and )?"
    r"(?:[\w-]+ )?service providers?\b"
)
"""A service provider named with a carrier ("released to a service provider, carrier, or other
third-party entity ... a complaint to relevant Internet Service Providers"): the user's network
provider, not a company that works for the service."""
_TO_US = rx(
    r"\bshar\w+ (?:[\w'-]+ ){0,5}?with us\b|\b(?:provid\w*|send\w*|giv\w+|disclos\w+|pass\w*|"
    r"transfer\w*) us\b|\b(?:shared|provided|sent|given|disclosed|passed|transferred) "
    r"(?:[\w'-]+ ){0,2}?to us\b|\b(?:shar|provid|sen[dt]|giv|disclos|pass|transfer)\w* "
    r"(?:your |the |such |any )?(?:[\w'-]+ ){0,2}?(?:data|information) to us\b"
)
"""Data shared with the service (by partners, identity providers), not by it."""
GLOSSARY_ENTRY = rx(
    r"^[\W_]*(?!(?:this|that|it|which|what|such|doing so|your|our|their)\b)(?:[\w'-]+ ){1,4}?"
    r"(?:means|refers to|is defined as|shall mean)\b"
)
"""A glossary entry ("Children means individuals who ..."): it defines a word, it states no
practice."""
GENERIC_DEFINITION = rx(
    r"^[\W_]*(?:[\w'-]+ ){0,3}?an? (?:[\w'-]+ ){1,3}?(?:\([^)]*\) )?is (?:an?|your|typically|"
    r"associated with)\b|"
    # what a technology can do or reveal ("An IP address can often be used to identify the
    # location ...", "Depending on one's connection, this IP address may be traceable to ...",
    # "Unique identifiers may also be incorporated into a device by its manufacturer")
    r"^[\W_]*(?:[\w'-]+,? ){0,4}?(?:(?:an?|this|that|the|such|these|those) )?(?:[\w'-]+ ){0,2}?"
    r"(?:ip addresses|ip address|identifiers?|cookies?|device ids?|pixels?|web beacons?) "
    r"(?:can|may|could|might) (?:also |often |sometimes |usually |typically )?(?:be (?:used|"
    r"traceable|traced|incorporated|linked|associated)|reveal|identify)\b|"
    # ... and what unique identifiers or a cookie do for sites in general ("unique identifiers
    # are used to recognise a specific device", "the cookie allows that site to recognise your
    # browser"), what an IP address makes easy ("easy to identify by their IP address")
    r"^[\W_]*(?:[\w'-]+,? ){0,6}?unique identifiers (?:[\w-]+ ){0,3}?(?:are used|help|allow|"
    r"let)\b|\bcookies? (?:allows?|lets?|enables?) (?:that|the|a) (?:web)?site\b|"
    r"\beasy to (?:identify|cross-identify|trace)\b|"
    # a glossary entry without a verb of its own ("A third party that creates reports to help
    # advertisers understand how their content and ads are performing.")
    r"^[\W_]*an? (?:[\w'-]+ ){0,2}?(?:third[- ]part(?:y|ies)|compan(?:y|ies)|partners?|vendors?|"
    r"providers?|tools?|technolog(?:y|ies)|files?) (?:that|which|who) [a-z]+s\b(?![^.]*\b(?:will|"
    r"may|can|must|shall|might|could)\b)"
)
"""What a thing is or can do in general ("IP Address An IP address is associated with the access
point through which you enter the Internet", "An IP address can often be used to identify the
location ..."), a glossary entry: with no first person, about no company's practice."""
_TO_PROVIDERS_ONLY = rx(
    r"^(?!.*\b(?:law enforcement|government|authorit|courts?\b|regulator|police|subpoena|"
    r"warrant|legal process))(?=.*\bshar\w+ with (?:our |its |the )?(?:[\w-]+ ){0,4}?"
    r"(?:providers|vendors|processors|partners)\b)"
)
"""Data shared with named providers (payment, compliance) to comply with law: the recipients
are the providers, not an authority."""
INDEMNITY = rx(
    r"\bindemnif\w*|\bhold (?:\w+ )?harmless|\bcopyright agent|\bDMCA\b|\bcomplaining party|"
    r"\binfringing material|\ballegedly infring\w*|\bliab(?:le|ility) for (?:the )?onward "
    r"transfers?\b"
)
OTHERS_PRACTICES = rx(
    r"\b(?:does not|doesn't|do not|don't|not) (?:cover|apply to|govern|address) (?:the )?"
    r"(?:[\w-]+ ){0,2}?(?:practices|policies|use) of (?:other|third[- ]part)"
)
"""A scope limit naming others' practices ("Our Privacy Policy does not cover the information
practices of other companies ... who may use cookies"): about them, first person or not."""
FIRST_PERSON = rx(r"\b(?:we|our|us)\b")
OTHER_PARTY_LEAD_IN = rx(
    r"^\W*(?:your|the|an?|any|such|these|those|other|some)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:administrators?|admins?|employers?|providers?|partners?|part(?:y|ies)|compan(?:y|ies)|"
    r"advertisers?|organi[sz]ations?|schools?|parents?|guardians?|banks?|operators?|"
    r"developers?)\s+(?:may|can|might|could|will|would)\b"
)
"""The lead-in of a list of what another party may do ("Your domain administrator may be
able to:"): its items are that party's acts, not the service's."""
TECHNOLOGY_DEFINITION = rx(
    # after a heading run into it ("Use of Cookies Similar Tracking Technologies A "cookie" is")
    r"^(?-i:(?:[A-Z][\w'-]*(?: (?:of|and|to|for|the|&))*,? )+?)?\W*(?:an? |the )?"
    r"[\"\u201c']?(?:[\w.-]+ ){0,2}?(?:cookies?|(?:web )?beacons?|"
    r"pixels?(?: tags?)?|"
    r"clear gifs?|log files?|local shared objects?|tags?|scripts?|sdks?)[\"\u201d']? (?:is|are) "
    r"(?:an? |small |tiny |little |bits |files? |pieces? |text |electronic |graphic |images? |"
    r"often |"
    r"usually |typically |generally |simply )"
)
"""A definition of a technology ("A web beacon is an electronic image ...", "Log files are
files that ..."): no practice of the company unless it also speaks in the first person."""
RUN_IN_HEADING = re.compile(
    r"(?:[A-Z][\w'\u2019-]*(?: (?:of|and|to|for|the|your|our|on|in|about|&))*"
    r"(?: (?:of|and|to|for|the|your|our|on|in|about|&))* ){2,8}(?=[A-Z][\w'\u2019-]* [a-z])"
)
"""A heading run into its sentence by flattened markup: two or more capitalised words (and
minor words) before the capitalised subject of a lower-case sentence."""
VAGUE_SECURITY = rx(
    r"\b(?:reasonable|appropriate|adequate|commercially reasonable|industry[- ]standard)\b "
    r"(?:[\w,-]+ ){0,4}?(?:measures|steps|precautions|safeguards|efforts)\b"
)
"""Security that names no measure ("We take reasonable measures to protect ...")."""
SECURITY_MEANS = rx(
    r"\b(?:encrypt\w*|ssl|tls|https|secure socket|firewalls?|access controls?|passwords?|"
    r"authenticat\w*|two[- ]factor|multi[- ]factor|audit\w*|penetration|hash\w*|secure "
    r"(?:servers?|facilit\w+|environments?|operating environments?|networks?|data cent\w+)|"
    r"(?:restrict|limit)\w* access|need to know|only accessible|"
    r"authori[sz]ed (?:employees|personnel|staff)|monitor\w*|"
    r"intrusion|backups?|anti-?virus|malware|vulnerabilit\w+)\b"
)
"""A security measure a reader can name: encryption, access restricted to staff, audits."""
TABLE_OF_CONTENTS = rx(r"\btable of contents\b")
"""A table of contents runs the section titles together: never evidence."""
_CONTACTING_YOU = rx(
    r"\b(?:contact|reach|call|e-?mail|write to) (?:you|the (?:person|user|individual)s?)\b|"
    r"\bsend(?:s|ing)? you\b|^\W*you should\b|\be-?mails? (?:that |which )?(?:we|it) sends?\b"
)
"""The service writing to you (or to a complainant, or "in HTML emails that we send our
guests"), advice to you: not its privacy contact."""
_NOT_COLLECTING_CONTACT = rx(
    r"^(?![\s\S]*\bwe (?:\w+ ){0,2}?(?:collect|gather|obtain|require|request|ask (?:you )?for)"
    r"\b)(?:\w*+\W++)*?(?:"
    + _CONTACTING_YOU.pattern
    + r"|\bcontact (?:information|details) (?:(?:set out|provided|listed|given) )?(?:in (?:the|"
    r"this) )?(?:section|page|below|above)\b|\b(?:send|write) (?:us )?(?:an )?e-?mail to\b|"
    # a server's area code, people searching for your name (The Atlantic, Google)
    r"\b(?:area|zip) codes? associated with\b|\bsearch(?:es)? for your name\b|"
    r"\b(?:contact(?:ing)?|e-?mail(?:ing)?|call(?:ing)?) us at\b|"
    r"\b(?:use|using) (?:the|our) contact (?:information|details)\b)"
)
"""... nor collecting contact details: its own contact details ("contact us via the Contact
Information section below"), the address the user writes to ("please send an email to
privacy@..."); unless the service says it collects them ("we automatically collect your cell
phone number so we can send you the Library Alerts")."""
URL = re.compile(r"\[([^\]]*)\]\([^)]*\)|\bhttps?://\S+|\bwww\.\S+")
QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{3,120})[\"\u201d]")
TITLE_WORD = re.compile(r"[^\W\d_][\w'\u2019]{3,}")
"""A quoted passage, and its words of four letters or more (all capitalised in a title)."""
_SOCIAL_FEATURE = rx(
    r"\bsocial (?:sharing|media|network\w*) (?:features?|buttons?|plug-?ins?|widgets?|tools?)\b"
)
"""A sharing feature the user works (its provider works for the user, not the service)."""
NON_SPACE = re.compile(r"[^\s]")
_FROM_THEM = (
    r"\b(?:we|us) (?:may )?(?:also )?(?:collect\w*|receiv\w*|obtain\w*|get|gets) "
    r"(?:[\w'-]+ ){0,8}?from\b"
)
"""Data the service gets from others ("we may also collect information about you from ...
advertisers"), not data it gives them."""
_ONLY_AGGREGATE_TO_THEM = r"\bonly (?:\w+ ){0,2}?(?:aggregat\w+|de-identified|anonymi[sz]ed)\b"
"""Only aggregated or de-identified data goes to them: a limit, not sharing personal data."""
_VENDOR_ACT = (
    r"|\b(?:use|uses|employ\w*|engag\w+|(?<!\bwho )(?<!\bthat )work with|rely on|"
    r"(?<!\bwith )access|process(?:es|ed)?|handl(?:e|es|ed|ing))\b"
)
"""Using a vendor ("we use service providers", "contractors process data on our behalf"): not
"partners who work with us", not "provide you with access"."""
_TRAIN_MODELS = (
    r"\btrain(?:s|ed|ing)?(?: and (?:improv|develop|refin)\w+| \(and improve\))? "
    r"(?:[\w'\u2019-]+ ){0,4}?(?:models?|LLMs?|algorithms|classifiers|neural networks|"
    r"(?:AI|artificial intelligence|machine[- ]learning)(?! reviewers| teams))\b|"
    r"\b(?:model|AI|machine[- ]learning|LLM) training\b|"
    r"\bmodels? (?:are|is|were|was|have been|has been|get|gets) (?:\w+ )?['\u2018\"]?trained\b|"
    r"\b(?:improv|develop|refin)\w* (?:and train )?(?:(?:our|its|the|their|\w+'s) )?"
    r"(?:AI|artificial intelligence|machine[- ]learning|language|generative(?: AI)?|"
    r"foundation|large language) models?\b"
)
"""Training machine-learning models ("to train our models", "model training", "improve its AI
models"); never staff or reviewers being trained."""
_USER_DATA = (
    r"\b(?:your|users?'?|customers?'?|content|inputs?|outputs?|conversations?|chats?|prompts?|"
    r"personal (?:data|information)|information|data|activity|recordings?|feedback|"
    r"interactions?|images|videos|files|messages|e-?mails?)\b"
)
"""What a model is trained on: the users' content or data."""
_AI_OPT_OUT = (
    r"\b(?:opt(?:[- ]?out|s out|ing out)|object\w*|turn\w* (?:it |this |that )?off|switch\w* "
    r"off|(?:is|are) (?:turned |switched )?off|disabl\w+|deactivat\w+|choose (?:whether|not|if)|"
    r"decid\w+ whether|withdraw\w*|stop\w*|exclud\w+ (?:your|them|it)|(?:do not|don't) "
    r"train on my|control whether|(?:adjust|change|manage)\w* (?:\w+ ){0,2}settings)\b"
)
"""Ways to stop training on your data ("opt out", "turn off training", "object to")."""
USER_CONTROL = rx(
    # a control offered on a condition ("If you use the Atlas browser, you can delete your
    # browsing history or choose to browse the web in incognito mode")
    r"^[\W_]*(?:if|when) you [^,.]{1,60}, you (?:can|may|could)(?: also)? (?:delete|opt[- ]?out|"
    r"control|manage|disable|turn off|edit|adjust|limit|block|reject|refuse)\b|"
    r"^[\W_]*(?:(?:for example|also|alternatively|additionally|in addition),? )?you (?:can|may|"
    r"could|are able to)(?: also| always| still| then| easily| usually)? (?:opt[- ]?out|control|"
    r"manage|deactivate|disable|unsubscribe|withdraw|object|edit|adjust|limit|turn off|revoke|"
    r"block|reject|refuse)\b|"
    r"^[\W_]*(?:opt[- ]?out|edit|decide whether|choose whether|choose how|control how|turn off|"
    r"link or unlink)\b|"
    r"^[\W_]*(?:(?:to )?learn more|for more information|for (?:more )?details)\b[^.]*\b(?:how to "
    r"opt[- ]?out|your (?:\w+ ){0,2}?(?:options|choices|preferences))\b|"
    # the same said of the thing ("However, Web Beacons can be refused when delivered via email")
    r"^[\W_]*(?:however,? )?(?:[\w-]+ ){1,3}(?:can|may) be (?:refused|declined|disabled|blocked|"
    r"rejected|turned off)\b|"
    # a list of the user's controls, or the law granting a right to ask ("California Civil Code
    # Section 1798.83 permits customers ... to request certain information regarding our
    # disclosure ... for their direct marketing purposes")
    r"\byour (?:controls|choices|rights)(?: and (?:controls|choices|rights))? (?:may |will )?"
    r"include\b|\b(?:law|code|act|section [\d.]+)(?: \w+){0,3}? (?:permits|allows|entitles|gives) "
    r"(?:[\w-]+ ){0,8}?to (?:request|ask|know|obtain)\b"
)
"""A control the user works ("You can opt out of sharing with such advertising services",
"Edit information in your profile", "Learn more about interest-based advertising, including how
to opt out"): no admission of the practice it controls."""
USER_CHOICE_LEAD_IN = rx(
    r"\byou (?:can|may|could)(?: also)?(?: \w+)?:\s*$|\byou (?:can|may|could)(?: also)? (?:make|"
    r"control|manage|edit|decide|change|adjust|opt)\b[^:]*:\s*$"
)
"""A lead-in to what the user can do ("For example, you can:", "You can make certain information
publicly visible to others, such as:"): its items are the user's acts, not the service's."""
EXCEPTION = rx(
    r"\b(?:except|unless|other than|apart from|save|but only|only (?:to|with|when|if|for|as))\b"
)


# --- the specs ---------------------------------------------------------------------------


def _specs() -> tuple[FindingSpec, ...]:
    """Every finding id of API.md with its verdict and rules."""
    sell_act = (
        r"\b(?:sell|sells|selling|sold|rent|rents|renting|rented|lease|leases|leasing|leased|"
        r"monetiz\w+|monetis\w+|trade|trades|traded)\b(?! (?:secrets?|names?|marks?|shows?|"
        r"dress|associations?|unions?|partners?)\b)"
    )
    sell_exclude = (
        r"merger|acqui(?:sition|red|re)|bankrupt|reorgani[sz]|insolven|divest|"
        r"sale of (?:all|some|substantially|part|our|the|a|its|any)\b|"
        r"(?:sell|sold)\w* (?:\w+ ){0,3}(?:business|company|companies|assets|stock|products?|goods|"
        r"services|tickets|items|merchandise)\b|opt[- ]?out|right to|do not sell my|"
        r"\brequest\w*|direct (?:us|a business|businesses)|as defined|may be considered|"
        r"deemed|definition|\bsales? (?:of|tax)|trading (?:data|history|activity|account)|"
        r"\bif (?:we|the company|you)\b|in the event|third[- ]part(?:y|ies) (?:may )?sell|"
        r"\byou (?:may|must|shall|will|agree|are not)\b|\bdo not use|\bdon't use|"
        r"\byou (?:\w+ )?sell|"
        r"\b(?:business|company|assets|stock|division|unit|entity)(?:es|s)? (?:\w+ ){0,3}(?:is |"
        r"are |be |being |was |were )?(?:sold|transferred)|corporate transaction|change (?:of|in) "
        r"control|\b(?:no|not have|without) (?:actual )?knowledge|\bamong the (?:\w+ )?(?:items|"
        r"assets)|(?:items|assets) (?:\w+ ){0,2}(?:sold|transferred)|"
        # a legal disclosure template or a list of your rights, not an admission: "categories of
        # personal information ... collected, shared, and "sold""; "a copy of ... we have
        # collected, used, disclosed, sold, or shared about you"
        r"[\"\u201c\u2018']s(?:old|ale|ell)\b|\bcategor(?:y|ies) of (?:personal|data|information)|"
        r"\bcop(?:y|ies) of\b|\bright to know|\b(?:preceding|past|last|prior) (?:12|twelve) "
        r"months|\b\w+ed, (?:\w+ed,? )+(?:(?:or|and|and/or) )?sold\b"
    )
    delete_exclude = (
        r"\b(?:we|the company|\w+ reserves the right) (?:may|can|will|might) "
        r"(?:\w+ )?(?:delete|remove|terminate|suspend) (?:your )?(?:account|"
        r"content|posts)|without (?:prior )?notice|cookies|"
        # deleting for a violation is the service's sanction; data kept "to investigate any
        # violation" after the user's own deletion is a caveat of it (High Gear Media)
        r"(?<!\binvestigate )(?<!\binvestigate any )(?<!\binvestigating )violat\w+|"
        # a deletion denied or declined: "you are not able to delete your email address",
        # "if you don't want to delete your account ..., you can deactivate it"
        r"\byou (?:are|will be) (?:not able|unable) to (?:delete|erase|remove)\b|"
        r"\byou (?:do not|don't|don\u2019t) (?:want|wish) to (?:delete|erase|remove)\b|"
        # off a mailing list is an opt-out, not a deletion ("You can remove your name and postal
        # address from lists we sell or rent to third parties")
        r"\bremov\w* (?:[\w'-]+ ){0,6}?from (?:[\w'-]+ ){0,2}?lists?\b|"
        # what stays after a deletion: others still see it, the audit record of the request
        # (Wikipedia 2013, ChatGPT)
        r"\b(?:may|can|could) still (?:see|view|access|read)\b|"
        r"\bretain (?:the |an )?(?:audit )?records? of\b"
    )
    # A definition of the signal ('"Do Not Track" (DNT) is a privacy preference you can set in
    # your browser ...') commits to nothing.
    dnt_definition = r"(?:do[ _-]+not[ _-]+track|\bDNT)\W*(?:\(DNT\)\W*)?(?:is|are) (?:an?|the)\b"
    security_exclude = (
        r"\byou are responsible|\byour (?:own )?password|\bchoose (?:a )?"
        r"(?:strong|complex)|\bunencrypted\b(?!.*\bnot)|\b(?:sites?|websites?|"
        r"pages?|links?) (?:that|which) (?:also )?(?:use|support|offer)|"
        r"contractual clauses|adequate (?:level of )?protection|"
        # copies kept in backups after deletion: retention, not a safeguard (Airbnb 2022)
        r"\bresidual copies\b|\b(?:not be (?:removed|deleted)|remain) (?:[\w-]+ ){0,3}?(?:in|from) "
        r"(?:our )?backups?\b"
    )
    # "Reasonable steps" or "implemented safeguards" name no measure: a generic promise counts
    # only beside a concrete one (encryption, access limits, audits, staff duties, ...).
    security_concrete = (
        r"\b(?:encrypt\w*|ssl|tls|https|secure socket|firewalls?|access controls?|passwords?|"
        r"authenticat\w*|two[- ]factor|2fa|multi[- ]factor|audit\w*|penetration|iso 27001|"
        r"soc ?2|pseudonymi[sz]\w+|hash\w*|secure (?:servers?|facilit\w+|environment|"
        r"networks?|data cent\w+)|lock\w*|physical|technical|administrative|"
        r"organi[sz]ational|electronic|managerial|procedural|(?:restrict|limit)\w* access|need to "
        r"know|employees|personnel|staff|confidentiality|training|monitor\w*|intrusion|backups?|"
        r"anti-?virus|malware|vulnerabilit\w+|certif\w+|pci|redundan\w+)\b"
    )
    security_duty = r"|^\W*you (?:\w+ )?(?:must|should|need to|have to)\b"
    security_yours = (
        r"|\byou (?:\w+ )?(?:should|must|can|may|need to|have to|are (?:encouraged|advised))\b"
    )
    # "We do not share your personal information with anyone": no one gets it, so no one buys
    # it. Only data in general, only a blanket recipient ("none of the information ... is ever
    # shared" names none), and no exception or condition.
    no_share_data = (
        r"\b(?:(?:your|any|all|users?'?|our users'?|the)(?: user| personal(?:ly identifiable)?)? "
        r"(?:information|data)|personal(?:ly identifiable)? (?:information|data)|user data|"
        r"(?:information|data) about (?:you|our users|users))\b"
    )
    no_share_act = r"\b(?:shar(?:e|es|ed|ing)|disclos(?:e|es|ed|ing)|giv(?:e|es|en|ing))\b"
    no_share_anyone = (
        r"\b(?:with|to) (?:anyone|anybody|any(?: other)? (?:third[- ])?(?:party|parties|company|"
        r"companies|organi[sz]ations?|one)|third[- ]parties|other (?:companies|organi[sz]ations|"
        r"parties)|outside (?:parties|companies|organi[sz]ations))\b|"
        r"\bnone of (?:the|your) (?:personal )?(?:information|data)\b(?![^.]*\b(?:with|to)\b)"
    )
    no_share_limits = (
        r"\b(?:except\w*|unless|other than|apart from|save|but|only|without|outside of|beyond|"
        r"if|when|until|for (?:their|its|his|her|any) |affiliat\w*|service providers|vendors|"
        r"partners|as (?:described|set out|stated|outlined|explained|permitted|required)|"
        r"describ\w+ (?:below|above|in)|following|allow\w*|permit\w*|lets?|enabl\w*|"
        r"you (?:\w+ )?(?:should|must|shall|agree|may|will|can|cannot)|solely|recruit\w*|"
        r"(?:job |employment )applica\w+|applicants?|candidates?)\b|"
        + _CLAUSE_START
        + r"(?:please )?(?:do not|don't|never) (?:share|disclose|give)"
    )
    cookie_control_act = (
        r"\b(?:refus\w+|disabl\w+|block\w*|reject\w*|delet(?:e|es|ed|ing)|remov\w+|"
        r"declin\w+|deny|turn\w* off|manag\w+(?! (?:the|our|its) (?!cookies)\w)|"
        r"control\w*|clear\w*|opt\w*[- ]out|"
        r"(?:not to|to not) accept|stop accepting|withdraw\w*|(?:change|adjust|modify|set)\w* "
        r"(?:\w+ ){0,3}(?:(?:browser|cookie|privacy|device) "
        r"(?:settings|preferences)|"
        r"browser)|notif\w+ you when|accept or (?:decline|reject|refuse))\b"
    )
    cookie_control_exclude = (
        # a warning that refusing cookies breaks the service is no control (main)
        r"^\W*if you (?:disable|block|refuse|reject|delete|turn off)\b"
        r"(?=.*\b(?:will|would) not (?:be able to|work)|.*\bwon't (?:be able to|"
        r"work))|"
        # ... or put the other way round, with no control offered ("You may not be able to
        # receive notices from us if your cookies are not set to accept and/or are disabled")
        r"^(?![\s\S]*\byou (?:can|could|are able to)\b)[\s\S]*?\b(?:may|will|might) not "
        r"(?:be able to|work)\b[^.]*\bif (?:your |you )?(?:\w+ ){0,4}?cookies\b|"
        r"\bcannot (?:refuse|disable|block|reject|opt)|\b(?:last|lasts|expire\w*|"
        r"remain\w*|stay\w*|persist\w*) until\b|\bcookies (?:are|is) used to "
        r"(?:store|remember|save|keep)|\b(?:does|do|did) not control\b|"
        r"\bno control over\b|\b(?:advertisers|third[- ]part(?:y|ies)|partners) "
        r"(?:may |can |will )?(?:set|use|place|serve)\w*(?: (?:and|or) \w+)? "
        r"(?:their own|cookies)\b|"
        r"\b(?:no|not have|without) (?:\w+ ){0,2}?control over\b|\bmanaged by\b|"
        r"\b(?:uses?|sets?|places?) (?:a |an )?(?:\w+ )?[\"\u201c]?cookies?[\"\u201d]? to "
        r"(?:recogni[sz]e|remember|identify)|"
        # what blocking one cookie breaks ("Blocking this cookie would prevent Google Docs from
        # working as expected")
        r"^\W*if (?:the|a) user has (?:deleted|cleared|blocked|disabled)\b|"
        r"\b(?:blocking|disabling|deleting|refusing|rejecting|turning off) (?:this|that|these|"
        r"those|such) (?:\w+ )?cookies? (?:would|will|may|might|could) (?:prevent|stop|break|"
        r"affect|mean)\b|"
        # a pointer to where the control is explained is not the control ("For more information
        # about DoubleClick, cookies, and how to "opt-out", please click here", "Please visit
        # Online Tracking and Advertising for further information, including ... how to disable
        # cookies")
        r"^\W*(?:for (?:more|further|additional) information\b[^.]*\bplease (?:click|visit|see|"
        r"go)\b|please (?:visit|see|refer to|read) [^.]*for (?:more|further|additional) "
        r"information\b)"
    )
    # data sent to the service, only aggregates, links to advertisers' own sites ("We provide
    # these links ... to allow advertisers to promote their own sites"): no sharing for ads
    not_sharing_with_advertisers = rx(
        _TO_US.pattern
        + "|"
        + _FROM_THEM
        + "|"
        + _ONLY_AGGREGATE
        + "|"
        + _ONLY_AGGREGATE_TO_THEM
        + r"|\b(?:provid|offer)\w* (?:these |such |the )?links\b|\bpromote their own\b"
    )
    return (
        FindingSpec(
            "collects_contact_info",
            "Collects your contact details (name, email, phone or address)",
            Verdict.NEUTRAL,
            ("first_party_collection",),
            (
                Rule(
                    rx(
                        r"\b(?:(?:your|full|first|last|real|legal) names?|e-?mail addresse?s?|"
                        r"(?:tele)?phone numbers?|mobile (?:phone )?numbers?|(?:postal|mailing|"
                        r"home|"
                        r"street|billing|shipping) address(?:es)?|contact (?:information|details|"
                        r"info|data)|zip codes?|postcodes?|postal codes?)"
                    ),
                    rx(_COLLECT),
                    context=True,
                    exclude=rx(
                        _NOT_COLLECTING_CONTACT.pattern
                        + r"|\b(?:wireless|mobile) (?:and mobile )?network connections?\b"
                    ),
                ),
                Rule(
                    rx(_CONTACT_LIST),
                    rx(_COLLECT),
                    context=True,
                    # an e-mail as a message ("when an email was opened, how many times an
                    # email was forwarded"), not an address
                    exclude=rx(
                        _NOT_COLLECTING_CONTACT.pattern
                        + r"|\be-?mails? (?:was|were|is|are|has been) (?:opened|forwarded|read|"
                        r"clicked|sent|delivered)\b"
                    ),
                ),
                # the details named in the sentence before ("UpToDate never automatically
                # collects ... your name, address, or e-mail address. This information is
                # collected only when you voluntarily provide it")
                Rule(
                    rx(
                        r"^\W*(?:this|such|that|these|the) (?:personal )?(?:information|data|"
                        r"details) (?:is|are|will be|may be|can be) (?:only )?(?:collected|"
                        r"requested|gathered|obtained) (?:only )?(?:when|if|as|once) you\b"
                    ),
                    None,
                    context_topic=rx(_CONTACT_LIST),
                    weight=0.8,
                ),
            ),
        ),
        FindingSpec(
            "collects_payment_info",
            "Collects your card or other payment details",
            Verdict.NEUTRAL,
            ("first_party_collection",),
            (
                Rule(
                    rx(
                        r"\b(?:credit(?: or debit)? cards?|debit cards?|card (?:numbers?|details|"
                        r"information)|payment (?:information|details|data|card|method|"
                        r"instrument)s?|"
                        r"billing (?:information|details|data)|bank account|financial "
                        r"(?:information|details|data)|cvv|expiration date|"
                        # "payment and identity verification information"
                        r"(?:payment|billing) (?:and|or|and/or) [\w-]+(?: [\w-]+)? "
                        r"(?:information|details|data)\b)"
                    ),
                    rx(_COLLECT),
                    context=True,
                    exclude=rx(
                        r"\bnever (?:ask|send|request)|via e-?mail|by e-?mail|"
                        # "uses payment processor services (such as Stripe) to handle payment
                        # information": another party's act
                        r"\bpayment processors?(?: services)?\b[^.;]{0,40}\bto (?:handle|process|"
                        r"collect|store)\b"
                        # "you may have to submit personal information to our billing partner,
                        # PayPal": the partner, not the service, collects it
                        r"|\b(?:submit|provide|give|enter)\w* (?:[\w'-]+ ){0,3}?(?:directly )?to "
                        r"(?:our |a |the )?(?:third[- ]party )?(?:billing|payment) "
                        r"(?:partners?|processors?|providers?|services?)\b"
                        # "If you choose to do business with vendors on our Sites, you may be
                        # asked to provide ... credit card data": the vendors ask
                        r"|\b(?:do|doing|conduct) business with (?:[\w-]+ ){0,2}?(?:vendors|"
                        r"merchants|sellers|advertisers|third[- ]part(?:y|ies))\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "collects_location",
            "Collects where you are (GPS, Wi-Fi or cell location)",
            Verdict.BAD,
            ("first_party_collection", "third_party_sharing"),
            (
                Rule(
                    rx(
                        r"\b(?:geo-?locations?|geo-?location(?:al)? (?:data|information)|GPS|GNSS|"
                        r"geographic(?:al)? locations?|(?:(?:country|state|city|region)(?:,? "
                        r"(?:and|or|and/or) )?)+ from which you (?:\w+ )?(?:access|visit|connect|"
                        r"use)\w*|"
                        r"(?:precise|exact|actual|physical|current|real[- ]time|approximate|"
                        r"general|device'?s?|mobile device'?s?|phone'?s?) locations?|"
                        r"location (?:data|"
                        r"information|services|history|signals|tracking|coordinates)|latitude|"
                        r"longitude|cell(?:ular)? towers?|wi-?fi (?:access points|hotspots|"
                        r"networks)|bluetooth (?:beacons|signals)|location-based|location of "
                        r"(?:your|the) (?:device|phone|computer)|(?:information|data) (?:about|on|"
                        r"regarding) (?:your|the user's|users') locations?)\b"
                    ),
                    rx(_COLLECT + r"|\bderive\w*|\binfer\w*|\bdetermin\w*|\bdetect\w*|\bshare\w*"),
                    context=True,
                    exclude=rx(
                        r"\b(?:our|office|business|store) locations?\b(?!-)|"
                        r"^(?!.*\b(?:GPS|GNSS|precise|exact|latitude|longitude|wi-?fi|bluetooth|"
                        r"cell(?:ular)? towers?|mobile devices?)\b).*(?:\b(?:from|using|based on|"
                        r"via|through|by) (?:[\w'-]+ ){0,2}?(?:IP|internet protocol)[- ]address|"
                        r"\bIP[- ]address to (?:determine|infer|derive|estimate)\b)"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "collects_device_identifiers",
            "Collects your device's identifiers and IP address",
            Verdict.BAD,
            ("first_party_collection",),
            (
                Rule(
                    rx(_DEVICE_ID),
                    rx(_COLLECT),
                    context=True,
                    exclude=_ANY_BROWSER_SENDS,
                ),
                # inferred from an identifier ("we infer your location from your IP address"):
                # the identifier is used, its collection stated less directly
                Rule(
                    rx(_DEVICE_ID),
                    rx(_INFER),
                    context=True,
                    exclude=_ANY_BROWSER_SENDS,
                    weight=GENERIC_WEIGHT,
                ),
                # the device's details (OPP-115's "computer information") say it less directly
                # than its identifiers: they come after them
                Rule(
                    rx(
                        r"\b(?:device (?:information|type|model|data)|hardware (?:model|version|"
                        r"settings)|operating system(?! settings| authentication| services?\b)|"
                        r"browser (?:type|version|information)|user[- ]agent|"
                        # the Internet domain a visitor comes from, read off the IP address
                        r"domain names? (?:of (?:the )?(?:visitors|users|your)\b|from which you))"
                    ),
                    _DEVICE_COLLECT,
                    weight=0.8,
                    context=True,
                    exclude=_ANY_BROWSER_SENDS,
                ),
            ),
        ),
        FindingSpec(
            "collects_usage_data",
            "Records how you use the service (pages viewed, clicks)",
            Verdict.NEUTRAL,
            ("first_party_collection",),
            (
                Rule(
                    rx(
                        r"\b(?:brows(?:ing|er) (?:history|activity|behaviou?r|data)|"
                        r"(?:web ?site |web )?page requests|"
                        r"pages? (?:(?:you|people|users|visitors) )?"
                        r"(?:visit|view|access)\w*|(?:visit|view)\w* (?:\w+ ){0,2}pages|"
                        # "statistics about your visit", "details of your visits to our site"
                        r"(?:details|statistics|information|data) (?:of|about|on) (?:your|their) "
                        r"visits?|(?:users?|visitors?)'? movements?|"
                        r"(?<!you )click(?:s|ed)?\b(?! \[?here\b)|"
                        r"clickstream|"
                        r"navigation(?:al)? (?:information|data)|"
                        r"usage(?:,? (?:and |or )?[\w-]+){0,2} (?:data|information|details|"
                        r"statistics)|log (?:data|files|information)|how you (?:use|interact)|"
                        r"(?:time|duration) (?:you )?(?:spend|spent)|referring (?:url|page|site|"
                        r"website)s?|search (?:queries|terms|history)|call (?:records|logs|"
                        r"history)|interactions? with|(?<!depend on the )(?<!depends on the )"
                        r"(?<!depending on the )features you use|products you view|where "
                        r"you go|dates? (?:and|/) times?|time ?stamps?)"
                    ),
                    rx(_COLLECT),
                    context=True,
                    # "The types of information we collect depend on how you use our Products"
                    # ... and what advertisers infer from ad clicks is theirs (Yahoo 2014)
                    exclude=rx(
                        r"\bdepend\w* (?:up)?on (?:[\w-]+ ){0,6}?how you (?:use|interact)|"
                        r"^\W*(?:third[- ]party )?advertisers\b|"
                        # payment details, what it shares (not collects), training datasets, a
                        # pointer to purposes notified elsewhere (Airbnb, TikTok, ChatGPT, Qwen)
                        r"\bpayment (?:instrument|amount|method)s?\b|"
                        r"^\W*we (?:will |may |also |likewise |then ){0,2}share\w* "
                        r"(?:[\w-]+ ){0,4}?with\b|\btraining data ?sets?\b|"
                        r"\bnotified you of (?:other |additional |further )?purposes\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "collects_biometric_data",
            "Collects biometric data (face, fingerprint or voice)",
            Verdict.BAD,
            ("first_party_collection",),
            (
                Rule(
                    rx(
                        r"\b(?:biometric\w*|face ?prints?|facial (?:recognition|geometry|features|"
                        r"data|scans?|templates?)|face (?:geometry|scans?|templates?|recognition|"
                        r"data)|fingerprints?(?! ?ing)|voice ?prints?|voice (?:recordings?|data|"
                        r"samples?)|iris scans?|retina\w*|palm ?prints?|images? of (?:your|"
                        r"people'?s?|"
                        r"individuals'?) ?fac\w*)"
                    ),
                    rx(_COLLECT + r"|\bscan\w*|\banaly[sz]\w*"),
                    context=True,
                    exclude=rx(r"browser fingerprint|device fingerprint|fingerprinting"),
                ),
            ),
        ),
        FindingSpec(
            "obtains_data_from_third_parties",
            "Gets data about you from other companies or social networks",
            Verdict.BAD,
            ("first_party_collection", "third_party_sharing"),
            (
                Rule(
                    rx(
                        r"\b(?:from|through|via|by) (?:\w+ ){0,4}?(?:third[- ]part(?:y|ies)|other "
                        r"(?:(?:trusted|reliable|reputable|outside|external) )?"
                        r"(?:sources|companies|users|organi[sz]ations|services|businesses)|"
                        r"(?:outside|external|public(?:ly available)?|commercial(?:ly available)?) "
                        r"(?:sources|databases|records|information)|data (?:brokers|providers|"
                        r"licensors|suppliers)|(?:consumer|credit) (?:reporting )?(?:agencies|"
                        r"bureaus)|credit reference agencies|"
                        r"merchants|social (?:media|networks?|networking)|facebook|"
                        r"google|twitter|linkedin|apple|(?:business|marketing|advertising|"
                        r"commercial) partners|partners|affiliates|advertisers|resellers)\b"
                    ),
                    rx(
                        r"\b(?:obtain\w*|receiv\w*|collect\w*|acquir\w*|"
                        r"(?<!your )(?<!you )(?<!you may )(?<!you can )purchas\w*|buy|"
                        r"buys|bought|"
                        r"get|gets|gather\w*|supplement\w*|combin\w*|come|comes|sources|"
                        r"enhance|append\w*|provided to us|shared with us|"
                        r"(?<!\bthey )(?<!\bthey may )(?:have|has|gain) access to)\b"
                    ),
                    near=160,
                    others=True,
                    exclude=rx(
                        r"\b(?:links?|websites? (?:linked|operated)|not responsible|your "
                        r"(?:use|access) of|third[- ]party (?:sites|websites))\b|"
                        r"\b(?:collect|gather)(?:ed|ion) (?:[\w-]+ ){0,4}?by\b|"
                        # "the collection, use or disclosure of your Information by third
                        # parties": what they collect, not what they give us
                        r"\b(?:collect|gather)ion(?:, [\w-]+)*,? (?:and|or) [\w-]+ "
                        r"(?:[\w-]+ ){0,4}?by\b|"
                        r"\bby (?:visiting|using|going|"
                        r"clicking)\b|\b(?:content|services?|products?) (?:provided|offered|"
                        r"operated) by\b|^\W*(?:our |these |such )?(?:partners|advertisers|they) "
                        r"(?:may |can |also )?(?:receiv|collect|get|obtain)\w*|"
                        r"\b(?:receiv\w*|get\w*) (?:an? |any )?(?:e-?mails?|messages?|calls?) "
                        r"from\b|\breceiv\w* (?:[\w-]+ ){0,3}?(?:quotes|offers|promotions|"
                        r"newsletters|ads|advertisements|advertising)\b"
                    ),
                ),
                Rule(
                    rx(
                        r"\b(?:third[- ]party sources|sources of (?:personal )?(?:data|"
                        r"information)|"
                        r"information from other sources|(?:from|through|via|by) (?:[\w-]+ ){0,3}?"
                        r"data brokers)\b"
                    ),
                    None,
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "uses_tracking_cookies",
            "Uses cookies or similar to track you across visits or sites",
            Verdict.BAD,
            ("first_party_collection", "third_party_sharing", "user_choice"),
            (
                Rule(
                    rx(
                        r"\b(?:web ?beacons?|pixel tags?|tracking (?:pixels?|technolog\w+|tools|"
                        r"cookies|tags|codes?)|pixels?(?! (?:watch|phones?|tablets?|buds|fold))|"
                        r"clear gifs?|tracking gifs?|"
                        r"(?:browser|device) fingerprint\w*|fingerprinting|persistent cookies|"
                        r"third[- ]party cookies|advertising cookies|targeting cookies|flash "
                        r"cookies|local shared objects|SDKs?)\b"
                    ),
                    rx(
                        r"\b(?:use[sd]?|using|place[sd]?|placing|set|sets|employ\w*|deploy\w*|"
                        r"serve[sd]?|contain\w*|include[sd]?|utili[sz]\w*|allow\w*|rely|collect\w*|"
                        r"track\w*|work with|may)\b"
                    ),
                    context=True,
                    exclude=rx(
                        r"\b(?:disable|refuse|block|reject|delete|remove)\w* (?:[\w-]+ ){0,3}"
                        r"(?:[\w-]+ )?cookies|"
                        # content matched against known files, not a device fingerprinted
                        r"\b(?:algorithmic|content|file|hash|image|photo|video|audio) "
                        r"fingerprint\w*"
                    ),
                ),
                Rule(
                    rx(r"\bcookies?\b"),
                    rx(
                        r"\b(?:track\w*|recogni[sz]\w*|identif\w*|remember\w*|across|over time|"
                        r"collect\w*|gather\w*|record\w*|brows\w+ (?:habits|activit\w+|behaviou?r)|"
                        r"advertis\w+|analy\w+|unique identifi\w+|previous(?:ly)? visit\w*|"
                        r"(?:return|repeat) visits?|each visit|measur\w+)\b"
                    ),
                    exclude=rx(
                        r"\b(?:a cookie is|cookies are (?:small|tiny|text|data|pieces|files|"
                        r"information)|only (?:use )?(?:strictly necessary|essential|session|"
                        r"temporary))|"
                        r"\bdo(?:es)? not (?:use|set|place) (?:any )?cookies|is not linked|"
                        r"(?:disable|refuse|block|reject|delete)\w* (?:\w+ ){0,3}cookies"
                    ),
                    weight=0.8,
                ),
            ),
        ),
        FindingSpec(
            "uses_third_party_analytics",
            "Lets analytics or mailing companies collect data about you",
            Verdict.BAD,
            ("third_party_sharing", "first_party_collection"),
            (
                Rule(
                    rx(
                        r"\b(?:google analytics|mixpanel|mailchimp|hotjar|adobe analytics|"
                        r"amplitude|quantcast|comscore|crazy ?egg|kissmetrics|heap analytics|"
                        r"firebase|yandex\.?metri[ck]a|chartbeat|new relic|optimizely|sendgrid|"
                        r"campaign monitor|constant contact|hubspot|intercom|segment\.(?:io|com)|"
                        r"appsflyer|branch\.io|flurry|fullstory|matomo|piwik|"
                        r"google tag manager|clicky|statcounter|nielsen|mouseflow|foresee|"
                        r"omniture|webtrends|coremetrics|urchin|sitecatalyst|clicktale|localytics|"
                        r"scorecard ?research)\b"
                    ),
                    rx(
                        r"\b(?:use[sd]?|using|employ\w*|utili[sz]\w*|work with|partner\w*|rely|"
                        r"relies|provided by|through|via|includ\w*|such as|collect\w*|set|"
                        r"place|stores?|tool|service|cookie|which)\b"
                    ),
                    others=True,
                ),
                Rule(
                    rx(
                        r"\b(?:third[- ]party cookies (?:\w+ ){0,4}(?:analytics|statistics)|"
                        r"(?:third[- ]party|external|outside|other) (?:web ?site |web )?"
                        r"(?:analytics?|analytical|analysis|statistics|measurement)|"
                        r"(?<!\bour )(?<!\bits )analytics (?:providers?|services?|"
                        r"partners?|companies|vendors?|tools?|cookies|software|platforms?|"
                        r"firms)|(?:web|site|traffic) analy(?:tics|sis) (?:services?|tools?|"
                        r"firms?|providers?))\b"
                    ),
                    rx(
                        r"\b(?:use[sd]?|using|employ\w*|utili[sz]\w*|work with|partner\w*|engag\w+|"
                        r"rely|allow\w*|permit\w*|through|collect\w*|set|place|may)\b"
                    ),
                    others=True,
                    context=True,
                    # the service's own analytics products for its partners ("Our measurement
                    # and analytics services help our partners"), not analytics it lets in
                    exclude=rx(
                        r"\bour (?:[\w-]+ (?:and |& )?){0,2}analytics (?:services|products|"
                        r"tools)\b|"
                        r"\bto provide (?:[\w-]+ (?:and |& )?){0,2}analytics services\b"
                    ),
                ),
                # "We have hired third parties to provide us information, reports and analysis
                # about the usage ... of our users": the third party works on the users' usage
                # for the service (not the service giving statistics to partners)
                Rule(
                    rx(
                        r"\b(?:hired|engag\w*|use|uses|employ\w*|retain\w*|work with|"
                        r"contract\w* with) (?:\w+ ){0,2}?(?:third[- ]part(?:y|ies)|(?:service )?"
                        r"providers?|vendors?|companies|firms)\b[^.;]{0,60}?\b(?:analy[sz]\w*|"
                        r"reports?|statistics|measur\w*)\b[^.;]{0,60}?\b(?:usage|use of|"
                        r"browsing|traffic|visits|visitors|users|audience)\b"
                    ),
                    None,
                    we_act=True,
                ),
                # "we use analytic and reporting technologies to record ... To do this, we may
                # use web beacons and cookies, including those from third parties": the tracking
                # tools of a third party, right after the sentence that says they analyse use
                Rule(
                    rx(
                        r"\b(?:(?:cookies|web beacons|beacons|pixel tags|pixels|tools|technologies|"
                        r"technical methods),? (?:\w+ ){0,2}?(?:from|of|by|operated by|placed by) "
                        r"third[- ]parties|(?:another|a|other) (?:third[- ])?part(?:y|ies) "
                        r"(?:\w+ ){0,3}?to collect (?:\w+ ){0,2}?on (?:our|its) behalf|third[- ]"
                        r"party (?:service )?providers? (?:\w+ ){0,2}?helps? us)\b"
                    ),
                    None,
                    context_topic=rx(
                        r"\b(?:analy[sz]\w*|analytic\w*|traffic patterns|usage statistics|"
                        r"statistic\w* (?:about|on) (?:the )?(?:use|visits|visitors))\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "sells_data",
            "Sells or rents your personal data",
            Verdict.BLOCKER,
            ("third_party_sharing",),
            (
                Rule(
                    rx(_DATA),
                    rx(sell_act),
                    near=90,
                    exclude=rx(sell_exclude),
                    window=30,
                ),
            ),
        ),
        FindingSpec(
            "does_not_sell_data",
            "Says it does not sell your personal data",
            Verdict.GOOD,
            ("third_party_sharing",),
            (
                Rule(
                    rx(
                        _DATA + r"|\b(?:anything|it|them|any (?:of )?(?:this|that|such))\b|"
                        r"\b(?:this|such|the|that|any|all|your) (?:personal )?(?:information|"
                        r"data)\b"
                    ),
                    rx(sell_act),
                    polarity="negative",
                    near=90,
                    window=12,
                    exclude=rx(
                        r"opt[- ]?out|right to|do not sell my|direct (?:us|a business|businesses)|"
                        r"\bask(?:s|ed)? (?:us|that)|request(?:s|ed)? (?:that|us)|instruct|"
                        r"\byou (?:may|must|shall|agree)|\bdo not use|\bdon't use|"
                        r"\byou (?:\w+ )?sell|"
                        # a promise for children only is not one for every user
                        r"\b(?:from|of|about) (?:any )?(?:children|minors|kids)\b"
                    ),
                ),
                Rule(
                    rx(no_share_data),
                    rx(no_share_act),
                    polarity="negative",
                    near=90,
                    window=12,
                    requires=rx(no_share_anyone),
                    exclude=rx(no_share_limits),
                    we_act=True,
                ),
            ),
        ),
        FindingSpec(
            "shares_for_advertising",
            "Shares your data with advertisers or uses it for targeted ads",
            Verdict.BAD,
            ("third_party_sharing", "first_party_collection"),
            (
                Rule(
                    rx(
                        r"\b(?:advertisers|advertising (?:(?:and|&) \w+ )?(?:partners|networks?|"
                        r"companies|providers|services|vendors)|ad (?:networks?|partners|servers|"
                        r"exchanges|tech)|marketing "
                        r"partners|third[- ]party advertis\w+|ad(?:vertising)? platforms)\b"
                    ),
                    rx(
                        _SHARE + r"|\b(?:(?:allow|permit)\w*(?! (?:you|us)\b)|sell\w*|collect\w*|"
                        # "cookies used by these advertisers": their use, not the company's
                        r"work with|partner\w* with|(?<!\bwho )(?<!\bthat )use\w*(?! by\b)|place|"
                        r"set)\b"
                    ),
                    near=200,
                    we_act=True,
                    # "We provide these links ... to allow advertisers to promote their own
                    # sites": links to advertisers' sites share nothing
                    exclude=not_sharing_with_advertisers,
                ),
                # "We may share your personal information with ... advertisers" says it most
                # directly: first, before ad technology merely used or provided
                Rule(
                    rx(
                        r"\b(?:advertisers|advertising (?:partners|networks?|companies)|ad "
                        r"(?:networks?|partners)|marketing partners|third[- ]party advertis\w+)\b"
                    ),
                    rx(r"\b(?:shar\w+|disclos\w+|sell\w*|rent\w*|transfer\w*)\b"),
                    near=200,
                    we_act=True,
                    weight=1.2,
                    requires=rx(_DATA),
                    exclude=not_sharing_with_advertisers,
                ),
                # a list rented to marketers ("We "rent" our opt-in marketing list to outside
                # marketers who have special offers"): the list goes to those who advertise
                Rule(
                    rx(
                        r"\b(?:rent|leas|sell|sold|shar|disclos|provid|giv|exchang)\w*\W? "
                        r"(?:[\w'-]+ ){0,3}?(?:(?:mailing|marketing|customer|subscriber|e-?mail|"
                        r"postal|phone) lists?|names and (?:[\w-]+ )?addresses) (?:[\w-]+ ){0,3}?"
                        r"(?:to|with) (?:[\w-]+ ){0,2}?(?:marketers|mailers|advertisers)\b"
                    ),
                    None,
                    exclude=rx(
                        not_sharing_with_advertisers.pattern
                        + r"|\byou (?:\w+ ){0,2}?(?:rent|lease|sell|share|disclose|provide|give|"
                        r"exchange)\b"
                    ),
                ),
                Rule(
                    rx(
                        r"(?<!non-)(?<!non )\b(?:(?:targeted|interest[- ]based|behaviou?ral|"
                        r"personali[sz]ed|tailored|"
                        r"relevant|customi[sz]ed|retargeted|cross[- ]context) (?:\w+ )?"
                        r"(?:ads|advertising|advertisements|adverts|marketing)|retargeting|"
                        r"remarketing|re-targeting|re-marketing|online behaviou?ral advertising|"
                        r"(?:ads|advertising|advertisements|adverts) (?:\w+ ){0,4}(?:based "
                        r"(?:up)?on|tailored to|relevant to) (?:your|their) (?:interests|"
                        r"browsing|activit|visits?))|(?:ads|advertising|advertisements|adverts) "
                        r"(?:\w+ ){0,6}"
                        r"(?:(?:on|across) (?:other|third[- ]party) (?:sites|websites|services|"
                        r"platforms)|on and off (?:of )?(?:the|our)\b|across the (?:internet|"
                        r"web)\b)|"
                        r"(?:advertising|targeting|marketing) cookies"
                    ),
                    rx(
                        r"\b(?:use[sd]?|using|serv\w+|show\w*|display\w*|deliver\w*|provid\w+|"
                        r"present\w*|enabl\w+|allow\w*|help\w*|involv\w+|engag\w+|for|to)\b"
                    ),
                    # a rights-table row about the company marketing its own products ("Sale &
                    # targeted Anthropic marketing of its products and services.")
                    exclude=rx(r"\bmarketing of (?:its|our) (?:own )?products\b"),
                ),
                Rule(
                    rx(
                        r"\bfor (?:(?:their|its) own )?(?:[\w-]+ ){0,2}?(?:advertising|marketing|"
                        r"ad targeting)(?: (?:and|or|and/or) [\w-]+)? purposes\b"
                    ),
                    rx(
                        r"\b(?:shar\w+|disclos\w+|sell\w*|provid\w+|transfer\w*|allow\w*|"
                        r"permit\w*|enabl\w+) (?:[\w,'-]+ ){0,8}?(?:with |to )?(?:[\w,-]+ ){0,3}?"
                        r"(?:partners|third[- ]part(?:y|ies)|companies|advertisers|(?:ad|"
                        r"advertising) networks)\b"
                    ),
                    near=120,
                    we_act=True,
                    exclude=rx(_TO_US.pattern + "|" + _FROM_THEM),
                ),
                # the recipients named in the sentence before ("Your Usage Information may be
                # disclosed internally within UpToDate and to third parties. For example,
                # UpToDate may disclose Usage Information ... for marketing, advertising, or
                # research purposes.")
                Rule(
                    rx(
                        r"\b(?:shar|disclos|provid|transfer|sell|sold|releas)\w* (?:[\w,'-]+ )"
                        r"{0,25}?for (?:[\w-]+,? ){0,3}?(?:advertising|marketing)(?:,? (?:and |"
                        r"or |and/or )?[\w-]+){0,3} purposes\b"
                    ),
                    None,
                    context_topic=rx(
                        r"\b(?:to|with) (?:[\w-]+ ){0,3}?(?:third[- ]part(?:y|ies)|advertisers|"
                        r"(?:marketing |advertising )?partners)\b"
                    ),
                    exclude=rx(_TO_US.pattern + "|" + _FROM_THEM),
                    weight=0.8,
                ),
            ),
        ),
        FindingSpec(
            "shares_with_service_providers",
            "Shares data with companies that work for it",
            Verdict.NEUTRAL,
            ("third_party_sharing",),
            (
                Rule(
                    rx(
                        r"\b(?:service providers?|vendors?|contractors?|(?:data )?processors|"
                        r"sub-?processors|suppliers|agents|third[- ]part(?:y|ies)(?: \w+)?|"
                        r"companies|partners|businesses|organi[sz]ations)\b(?:[^.;]{0,80}?)\b"
                        r"(?:on (?:our|its) behalf|who (?:help|assist|perform|provide|process|"
                        r"work)|that (?:help|assist|perform|provide|process|work)|to help us|"
                        r"help(?:s|ing)? us|assist(?:s|ing)? us|perform\w* (?:services|functions|"
                        r"tasks)|(?:bound|obligated|required) (?:by|to)|confidential\w*|"
                        r"such as (?:fulfilling|processing|hosting|payment|shipping|delivering|"
                        r"sending)|under contract|acting (?:for|on))"
                    ),
                    rx(_SHARE + _VENDOR_ACT),
                    rescue=True,
                    we_act=True,
                    exclude=rx(
                        _TO_US.pattern
                        + r"|\b(?:law enforcement|public authorit\w+|government)|"
                        + _SOCIAL_FEATURE.pattern
                        + "|"
                        + _FROM_THEM
                    ),
                ),
                Rule(
                    rx(
                        r"\b(?<!internet )(?<!identity )(?:service providers?|sub-?processors|data "
                        r"processors)\b"
                    ),
                    rx(_SHARE + _VENDOR_ACT),
                    rescue=True,
                    we_act=True,
                    weight=0.8,
                    exclude=rx(
                        _TO_US.pattern
                        + "|"
                        + _SOCIAL_FEATURE.pattern
                        + "|"
                        + _FROM_THEM
                        + "|"
                        + _NETWORK_PROVIDER
                    ),
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "shares_aggregated_data",
            "Shares data in aggregated or de-identified form",
            Verdict.NEUTRAL,
            ("third_party_sharing",),
            (
                Rule(
                    rx(
                        r"\b(?:aggregat(?!ors?\b)\w+|de-?identifi\w+|anonymi[sz]\w+|anonymous|"
                        r"non-?personal(?:ly)?"
                        r"(?:[ -]identifiable|[ -]identifying)? (?:information|data)|statistic\w*|"
                        r"pseudonymi[sz]\w+|does not (?:personally )?identify you)\b"
                    ),
                    rx(
                        _SHARE + r"|\b(?:sell\w*|publish\w*|with (?:third|partners|advertisers|"
                        r"others|(?:[\w-]+ (?:or |and )?){0,3}?researchers)|for any purpose|"
                        r"use\w* (?:\w+ ){0,3}(?:in the aggregate|to understand|for (?:research|"
                        r"analy\w+|statistic\w*))|provid\w* (?:\w+ ){0,2}?(?:aggregat\w+|"
                        r"de-?identified|anonymi[sz]ed) (?:data|information|statistics|reports|"
                        r"insights)|"
                        # others given access ("All entities within the TEN corporate family may
                        # have access to your personal information as well as anonymous,
                        # aggregate demographic data")
                        r"(?<!\bwe )(?<!\bi )(?:may|will|can|also) (?:also )?(?:have|be given|"
                        r"gain) access to)\b"
                    ),
                    rescue=True,
                    we_act=True,
                    exclude=rx(
                        _TO_US.pattern + r"|\bgiv(?:e|es|ing) you\b|\bliabilit\w+|\b(?:that|who) "
                        r"aggregates?\b|\breceiv\w* (?:\w+ ){0,3}?reports?\b|"
                        r"\breport(?:s|ed|ing)? on\b|\bcompil\w* (?:[\w-]+ ){0,2}?reports?\b|"
                        r"\breporting (?:tools?|technolog\w+|software|services?)\b|"
                        r"\b(?:identify|monitor|understand|analy[sz]e) (?:\w+ ){0,3}?aggregate\b|"
                        # reports for its own use share nothing ("Records are used to create
                        # aggregate reports for internal use only"), unless a recipient is named
                        r"^(?![\s\S]*\b(?:third[- ]part|partners|advertisers|sponsors|"
                        r"affiliates|others|public|publish|external|outside|clients)\w*)"
                        r"[\s\S]*\binternal(?:ly)?\b"
                    ),
                ),
                # "to provide analyses of the users of the Sites and the Services, in the
                # aggregate, to prospective partners, advertisers and other third parties"
                Rule(
                    rx(
                        r"\b(?:in|on) (?:the |an )?aggregate(?:d)?(?: basis| form)?,? (?:to|with) "
                        r"(?:our |its )?(?:[\w-]+ ){0,2}?(?:partners|advertisers|sponsors|"
                        r"third[- ]part(?:y|ies)|affiliates|others)\b"
                    ),
                    None,
                    polarity="any",
                    exclude=rx(_TO_US.pattern),
                ),
            ),
        ),
        FindingSpec(
            "discloses_to_authorities",
            "Hands data to authorities when the law requires it",
            Verdict.NEUTRAL,
            ("third_party_sharing",),
            (
                Rule(
                    rx(
                        r"\b(?:law enforcement|government(?:al)? (?:authorit\w+|agenc\w+|"
                        r"requests?|officials|bodies|entities)|public (?:authorit\w+|agenc\w+)|"
                        r"regulators?|competent courts?|"
                        r"court orders?|subpoenas?|search warrants?|warrants?|legal "
                        r"(?:process|processes|requests?|obligations?|requirements?|proceedings?|"
                        r"claims?)|judicial|(?:comply|conform|compliance) with (?:the |any |all |"
                        r"applicable |relevant )?(?:\w+ )?(?:laws?|legal|court|regulations?|"
                        r"rules)|required (?:to do so )?by (?:applicable )?law|requires? us to|"
                        r"required to do so|protect (?:the |our )?(?:\w+ )?(?:rights|property|"
                        r"safety)|national security|good faith belief|"
                        # "unless legally required", "compelled by Open Records law"; not a
                        # release to the public a law permits ("to comply with FERPA, DCCCD may
                        # release ... directory information to the general public")
                        r"legally (?:required|compelled|obliged|obligated)|(?:required|compelled|"
                        r"obliged|obligated) by (?:[\w-]+ ){0,3}?(?:laws?|acts?|statutes?|"
                        r"regulations?))\b"
                    ),
                    rx(
                        _SHARE + r"|\b(?:access\w*|preserv\w+|cooperat\w+|respond\w*|sell\w*|"
                        r"requests?)\b"
                    ),
                    context=True,
                    rescue=True,
                    we_act=True,
                    # "we may receive information from ... law enforcement": the other way; a
                    # transfer abroad "when we are legally required to" has its safeguard
                    exclude=rx(
                        _TO_PROVIDERS_ONLY.pattern + r"|"
                        r"\b(?:receiv|obtain)\w* (?:[\w-]+ ){0,3}?from\b|\btransfer mechanisms?\b|"
                        r"\boutside (?:of )?(?:where you live|your (?:country|region))\b|"
                        r"\b(?:retain\w*|keep|keeps|kept|stor(?:e|es|ed|ing)|hold|holds)\b[^.;]{0,80}?"
                        r"\bas (?:required|permitted) by (?:applicable )?laws?\b|"
                        # a legal duty to keep data is retention ("Legal obligations sometimes
                        # require us to retain certain information")
                        r"\brequir\w* us to (?:retain|keep|store|hold)\b|"
                        # a restriction on recipients ("these companies are prohibited from
                        # using your personal information for purposes other than those ...
                        # required by law"), no disclosure to an authority
                        r"\b(?:prohibited|restricted|forbidden|barred) from (?:using|disclosing|"
                        r"sharing)\b|"
                        # retained data nobody touches but for legal duties: a restriction ("will
                        # not be accessed or used by any member of our teams ..., except to
                        # fulfill our legal obligations")
                        r"\b(?:not|never) be (?:accessed|used|viewed)(?: or (?:accessed|used|"
                        r"viewed))? (?:[^.]*?,? )?except\b|\blodge a complaint\b"
                    ),
                    # an item of a list of legal bases ("to comply with our legal obligations")
                    context_topic=rx(
                        r"(?<![\s\S])(?![\s\S]*\b(?:legal|lawful) (?:bas[ie]s|grounds?)\b)"
                    ),
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "marketing_opt_out",
            "Lets you stop marketing messages",
            Verdict.GOOD,
            ("user_choice",),
            (
                Rule(
                    rx(
                        r"\b(?:marketing|promotional|promotions?|newsletters?|"
                        r"e-?mails?(?! address)|communications|offers|messages|mailings?|"
                        r"mailing lists?|sms|text "
                        r"messages|push notifications|notifications|advertising e-?mails)\b"
                    ),
                    rx(
                        r"\b(?:unsubscrib\w*|opt(?:[- ]?out|ing out|s out)|opt out|stop (?:\w+ )?"
                        r"receiving|no longer (?:wish to |want to )?receive|not (?:wish|want) to "
                        r"receive|withdraw\w* (?:your )?consent|(?:manage|change|update|adjust) "
                        r"(?:your )?(?:\w+ )?(?:preferences|settings)|de-?select\w*|decline\w* "
                        r"to receive|remove (?:yourself|your (?:name|e-?mail))|choose (?:not|"
                        r"whether) to receive)\b"
                    ),
                    near=160,
                    polarity="any",
                    exclude=rx(
                        r"\b(?:cannot|can ?not|can't|will not be able to|unable to) "
                        r"(?:opt|unsubscribe)|(?:transactional|service-related|administrative)"
                        r" (?:\w+ ){0,2}(?:cannot|can't|may not)|without (?:offering|giving|"
                        r"providing) you\b|\bparents?\b|\bguardians?\b"
                    ),
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "can_access_or_correct",
            "Lets you see or correct your data",
            Verdict.GOOD,
            ("user_access",),
            (
                Rule(
                    rx(
                        r"\b(?:access\w*|correct\w*|rectif\w+|updat\w+|modif\w+|edit\w*|"
                        r"review\w*|amend\w*|download\w*|export\w*|view\w*|change|see|"
                        r"(?:a |an )?(?<!\bits )(?<!\bour )(?<!\btheir )(?:copy|copies|export|"
                        r"archive) of)(?:(?:,|,? and|,? or|,? and/or) \w+){0,4} "
                        r"(?:(?:to|of|and) )?(?:(?:all |any |the |your |such |their |this |that |"
                        r"some )?(?:[\w-]+ ){0,2}?(?:data|information|info|details|profile|"
                        r"records?|account information)|(?:all (?:of )?)?(?:your|their) "
                        r"(?:own )?(?:\w+ ){0,2}?content)\b|\bright (?:of|to) (?:\w+ ){0,2}"
                        r"(?:access|rectification|correction|portability)|\bdata portability|"
                        r"\bcorrect (?:any|the|such) (?:\w+ ){0,3}?information"
                    ),
                    rx(
                        r"\b(?:you|users?|individuals?|data subjects?|customers?|members?|"
                        r"residents?|students?|subscribers?|everyone|anyone)\b(?:(?!\b(?:they|we|it|"
                        r"third[- ]part\w*|partners)\b)[^.;]){0,60}?\b(?:can|may|could|are able "
                        r"to|have (?:the|a) right|has (?:the|a) right|right|entitled|opportunity|"
                        r"able|request|ask|contact us|write to)\b|\bright (?:of|to) (?:\w+ ){0,2}"
                        r"(?:access|rectif|correct|portab)|\b(?:we will|we'll) (?:promptly )?"
                        r"(?:correct|provide you|give you)|\bby logging in|\bupon (?:your )?"
                        r"request|\byour (?:account )?settings|\bprovide you with (?:the "
                        r"opportunity|access)|\bplease (?:write|email|contact)|\b(?:allows?|"
                        r"enables?|lets?|permits?) (?:you|users)\b|\b(?:can|may) be used to "
                        r"(?:download|export)\b"
                    ),
                    exclude=rx(
                        r"\b(?:we|our \w+) (?:may|can|will) (?:also )?access your|password|"
                        r"terms of (?:service|use)|these terms|\bother users\b|\bwill have access|"
                        r"\bwe (?:get|have|gain|obtain) (?:an )?access to|"
                        r"\b(?:information|data) (?!we\b)\w+ (?:has|holds|keeps) about you\b|"
                        r"(?<!you )\b(?:may|might|could) have access to\b|\bwho (?:can|may|could) "
                        r"(?:access|see|view)\b|\bright to (?:access|use) (?:the|our) (?:sites?|"
                        r"services?|websites?|platforms?|apps?|software)\b|"
                        # "a newsletter with product update information", "updated contact
                        # information obtained from other sources": an update, not yours to make
                        r"\b(?:product|software|service) updates?\b|"
                        r"\bupdated (?:\w+ )?(?:information|data|details|records)\b|"
                        # unlinking two accounts; a partner's request logged (Viber, Llama API)
                        r"\b(?:de-?link|unlink|disconnect)\w*\b|\b(?:log|record)s? when you "
                        r"receive\b|\brequest from an? (?:[\w-]+ )?partner\b|"
                        # reading the site is no access to your data ("If you visit our site to
                        # read or download information, we collect ...")
                        r"\b(?:read|browse|view),? (?:or|and) download\b|"
                        # what the policy will go on to explain is no control offered ("This
                        # Privacy Policy explains ... how you can control the collection,
                        # correction and/or deletion of information")
                        r"^\W*(?:this|our|the) (?:privacy )?(?:policy|statement|notice) "
                        r"(?:explains|describes|sets out|outlines|tells you|informs you)\b"
                    ),
                    gated=False,
                ),
            ),
        ),
        FindingSpec(
            "can_delete_data",
            "Lets you have your data deleted",
            Verdict.GOOD,
            ("user_access", "data_retention"),
            (
                Rule(
                    rx(
                        r"\b(?:delet\w+|eras\w+|remov\w+|be forgotten|clos\w+ your account|"
                        r"deactivat\w+|cancel\w* your account|destroy\w*)\b"
                    ),
                    rx(
                        r"\b(?:you|users?|individuals?|data subjects?|customers?|members?|"
                        r"residents?|anyone)\b(?:(?!\b(?:they|third[- ]part\w*|partners)\b)[^.;])"
                        r"{0,60}?\b(?:can|may|could|are able to|have "
                        r"(?:the|a) right|has (?:the|a) right|right|entitled|request|ask|"
                        r"contact us|choose|wish|want|would like|prefer)\b|"
                        r"\bright (?:of|to) (?:\w+ ){0,2}"
                        r"(?:eras|delet|be forgotten)|\bupon (?:your )?request|\bat your request|"
                        r"\bif you (?:ask|request|wish|want|would like|choose)|\bdelete my "
                        r"account|\brequest (?:the )?(?:deletion|erasure|removal)|\bdeletion "
                        r"requests?|" + _CLAUSE_START + r"request that (?:we|your|the|any|all)\b|"
                        # "or would like your personally identifiable information removed",
                        # "we strive to give you ways to update it quickly or to delete it"
                        r"\b(?:want|wish|would like) (?:your|the|any|all|such) (?:[\w'-]+ ){0,4}?"
                        r"(?:information|data|account|profile)\b|\b(?:give|provide|offer)s? you "
                        r"(?:ways?|tools?|the ability|options?|the means|the opportunity) to\b"
                    ),
                    exclude=rx(delete_exclude),
                ),
                Rule(
                    rx(
                        r"\b(?:when|if|once|after) you (?:\w+ )?(?:delete|close|deactivate|cancel|"
                        r"terminate) your (?:[\w-]+ ){0,2}?account\b"
                        r"(?:(?!\b(?:not|cannot|never|may|might)\b|n't)[^.;]){0,80}?"
                        r"\b(?:delet(?:e|es|ed)|eras(?:e|es|ed)|remov(?:e|es|ed)|destroy(?:s|ed)?|"
                        r"purg(?:e|es|ed)|unrecoverable)\b"
                    ),
                    None,
                    polarity="any",
                    exclude=rx(delete_exclude),
                ),
                Rule(
                    rx(
                        _CLAUSE_START + r"to (?:permanently )?(?:delete|erase|remove|close) "
                        r"your (?:[\w-]+ )"
                        r"{0,3}?(?:account|data|information|profile)\b"
                    ),
                    rx(
                        r"\b(?:visit|go to|contact|e-?mail|write to|send|click|follow|use|see|"
                        r"open|navigate|log ?in)\b"
                    ),
                    near=120,
                    exclude=rx(delete_exclude),
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "cookie_controls",
            "Lets you refuse or turn off cookies",
            Verdict.GOOD,
            ("user_choice",),
            (
                # local storage is kept and refused like a cookie ("If you do not want Local
                # Device Storage, your ... device may include an option that allows you to not
                # accept it")
                Rule(
                    rx(r"\b(?:cookies?|local (?:device )?storage)\b"),
                    rx(cookie_control_act),
                    polarity="any",
                    exclude=rx(cookie_control_exclude),
                ),
                Rule(
                    rx(r"\bcookies?\b"),
                    rx(cookie_control_act),
                    polarity="any",
                    weight=1.2,
                    requires=rx(
                        r"\byou (?:\w+ )?(?:can|may|could|are able to)(?: \w+){0,4}? "
                        r"(?:refus|disabl|block|reject|delet|declin|configur|set|turn|remov|manag|"
                        r"adjust|chang)\w*"
                    ),
                    exclude=rx(cookie_control_exclude),
                ),
            ),
        ),
        FindingSpec(
            "retention_limited",
            "Keeps your data only for a stated time or purpose",
            Verdict.GOOD,
            ("data_retention",),
            (
                Rule(
                    rx(
                        r"\b(?:(?:for|within|after|up to|of|than|maximum of|minimum of|beyond) "
                        r"(?:\w+ )?(?:\(?\d+\)? |one |two |three |six |twelve |thirty |ninety |a )"
                        r"(?:\w+ )?(?:hours?|days?|weeks?|months?|years?)|"
                        r"(?:\d+|one|two|three|six|twelve|thirty|ninety) "
                        r"(?:hours?|days?|weeks?|months?|years?) (?:after|following|from)|"
                        r"as long as (?:is |it is |"
                        r"reasonably )?(?:necessary|needed|required|you|your account|we need|"
                        r"there is)|(?:no|not) longer than|for the (?:period|duration|time)|"
                        r"only (?:for )?as long|retention (?:period|schedule|polic\w+)|"
                        r"(?:period|time) (?:necessary|needed|required)|as soon as (?:is |it is )?"
                        r"(?:practical|practicable|possible|reasonably (?:practical|possible))|"
                        r"(?:period|amount) of time (?:\w+ ){0,2}?for the purposes? of|"
                        r"(?:necessary|needed|"
                        r"required) (?:to|for) (?:fulfil|fulfill|achieve|provide|comply|the "
                        r"purposes?)|until (?:you|your|the|we|such)|(?:legal|legitimate|"
                        r"business|statutory|regulatory|contractual|tax|accounting)(?:,? (?:and |"
                        r"or )?\w+){0,2} (?:obligations?|requirements?|purposes?|needs?|"
                        r"reasons?)|required by law|limited (?:time )?period|longer than (?:is |"
                        r"it is |strictly )?(?:necessary|needed|required)|(?:never|not|n't) "
                        r"(?:keep|store|retain|log)\w* (?:any )?(?:logs|records|data|"
                        r"information)|minimum "
                        r"(?:period|necessary)|after (?:the |your )?(?:account|termination|"
                        r"deletion|closure))"
                    ),
                    rx(
                        r"\b(?:retain\w*|retention|keep\w*|kept|stor\w+|hold|holds|held|"
                        r"maintain\w*|"
                        r"preserv\w+|delet\w+|destroy\w*|eras\w+|anonymi[sz]\w+|purg\w+|remov\w+|"
                        r"remain\w*|discard\w*)\b"
                    ),
                    polarity="any",
                    near=200,
                    gated=True,
                    weight=GENERIC_WEIGHT,
                    # "as long as it is necessary or relevant for our business" states no
                    # period or purpose, and "we also keep information to resolve disputes"
                    # keeps more, not less (issue 11, the reader's rule; Ticketmaster)
                    exclude=rx(_RETENTION_EXCLUDE),
                ),
                # a period a reader can check ranks first
                Rule(
                    rx(_RETENTION_PERIOD),
                    rx(_RETENTION_ACT),
                    polarity="any",
                    near=200,
                    gated=True,
                    exclude=rx(_RETENTION_EXCLUDE),
                ),
                # kept only for the purpose it was given for, or not after it is done
                # ("MediaNews will retain this information only to provide the forwarding
                # services", "does not keep any of the child's personal information after the
                # particular event is completed"): a limit, wherever the policy says it
                Rule(
                    rx(
                        r"\b(?:retain|keep|store|hold)(?:s|ed)? (?:[\w'-]+ ){0,4}?(?:only|solely) "
                        r"(?:(?:for )?as long as|to|for|until|while|during)\b|"
                        r"(?:\bnever|\bnot|n't) (?:\w+ )?(?:keep|retain|store|hold)(?:s|ed)? "
                        r"(?:[\w'-]+ ){0,15}?after (?:the|your|it|they|that|this)\b"
                    ),
                    None,
                    polarity="any",
                    exclude=rx(_RETENTION_EXCLUDE + r"|\bright\b"),
                ),
                Rule(
                    rx(
                        r"\b(?:never|not|n't) (?:\w+ )?(?:keep|store|retain|log|save)\w*"
                        r"(?: \(\w+\))? (?:\w+ ){0,3}?(?:it|them|any \w+) at all\b"
                    ),
                    None,
                    polarity="any",
                ),
                Rule(
                    rx(
                        r"(?:\bnever|\bnot|n't) (?:\w+ )?(?:keep|store|retain|save|log)(?:s|ed)? "
                        r"(?:[\w'-]+ ){0,4}?(?:permanently|indefinitely|forever)\b|"
                        r"(?:\bnever|\bnot|n't) (?:\w+ )?(?:keep|store|retain|save)(?:s|ed)? "
                        r"(?:any )?logs\b"
                    ),
                    None,
                    polarity="any",
                ),
                Rule(
                    rx(
                        r"\b(?:despite|notwithstanding|even after|after) (?:your |a |any |such )?"
                        r"(?:requests? (?:for|of|to) (?:erasure|deletion|delete|erase)|"
                        r"(?:erasure|deletion) requests?)\b"
                    ),
                    rx(r"\b(?:retain\w*|keep\w*|kept|stor(?:e|es|ed|ing)|hold|holds|held)\b"),
                    near=120,
                    requires=rx(
                        r"\b(?:laws?|legal\w*|legitimate|tax|regulat\w+|complian\w+|obligat\w+|"
                        r"disputes?|fraud)\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "retention_unspecified",
            "Does not say how long it keeps your data",
            Verdict.BAD,
            ("data_retention",),
        ),
        FindingSpec(
            "security_measures",
            "Describes how it protects your data (encryption, access controls)",
            Verdict.GOOD,
            ("data_security",),
            (
                Rule(
                    rx(
                        r"\b(?:encrypt\w*|ssl|tls|https|secure socket|firewalls?|access controls?|"
                        r"hash\w* (?:passwords?)|"
                        r"two[- ]factor|2fa|multi[- ]factor|penetration test\w*|iso 27001|"
                        r"soc ?2|pseudonymi[sz]ation)\b"
                    ),
                    None,
                    polarity="any",
                    exclude=rx(security_exclude + security_duty),
                ),
                # kinds of measures without one named: below a sentence that names one
                Rule(
                    rx(
                        r"\b(?:physical|technical|"
                        r"administrative|organi[sz]ational|electronic|managerial|procedural)"
                        r"(?:,? (?:and |or )?(?:physical|technical|administrative|"
                        r"organi[sz]ational|"
                        r"electronic|managerial|procedural))* (?:\w+ )?(?:measures|procedures|"
                        r"safeguards|controls|security|precautions)\b"
                    ),
                    None,
                    polarity="any",
                    exclude=rx(security_exclude),
                    weight=GENERIC_WEIGHT,
                ),
                Rule(
                    rx(
                        r"\b(?:safeguards?|security (?:measures|procedures|controls|practices|"
                        r"technolog\w+|protocols|standards|precautions))\b"
                    ),
                    None,
                    polarity="any",
                    exclude=rx(security_exclude + security_duty),
                    requires=rx(security_concrete),
                ),
                Rule(
                    rx(
                        r"\b(?:take|takes|taken|taking|use|uses|implement\w*|maintain\w*|employ\w*|"
                        r"put in place|have in place) (?:all |a (?:variety|range|number) of )?"
                        r"(?:[\w-]+ ){0,2}?(?:measures|steps|precautions) (?:[\w-]+ ){0,3}?to "
                        r"(?:help )?(?:protect|safeguard|secure)\b|"
                        r"\bprotect\w* (?:[\w'-]+ ){0,6}?(?:from|against) (?:[\w-]+ ){0,2}?"
                        r"(?:unauthori[sz]ed|loss|theft|misuse|accidental|malicious)\b"
                    ),
                    None,
                    polarity="any",
                    exclude=rx(security_exclude + security_yours),
                    requires=rx(security_concrete),
                ),
                Rule(
                    rx(
                        r"\b(?:restrict|limit)\w* access to (?:[\w-]+ ){0,3}?(?:information|data) "
                        r"to (?:[\w-]+ ){0,3}?(?:employees|personnel|staff)\b|"
                        r"\baccess (?:to (?:[\w-]+ ){0,3}?(?:information|data) )?is (?:strictly )?"
                        r"(?:restricted|limited) to (?:[\w-]+ ){0,3}?(?:employees|personnel|staff|"
                        r"authori[sz]ed)\b|\b(?:only|solely) accessible (?:to|by) (?:[\w-]+ ){0,4}?"
                        r"(?:employees|personnel|staff)\b|\bsecured? (?:facilit\w+|servers|data "
                        r"cent\w+) with (?:restricted|limited|controlled) access\b"
                    ),
                    None,
                    polarity="any",
                    exclude=rx(security_exclude + security_yours),
                ),
            ),
            gated=True,
        ),
        FindingSpec(
            "breach_notification",
            "Promises to tell you about a data breach",
            Verdict.GOOD,
            ("data_security",),
            (
                Rule(
                    rx(
                        r"\b(?:(?:data|security|personal data|privacy) (?:breach|incident)\w*|"
                        r"breach\w* (?:of|in) (?:the )?(?:security|(?:your |personal )?data|our "
                        r"systems)|"
                        r"unauthori[sz]ed (?:access|disclosure|acquisition)|compromis\w+)\b"
                    ),
                    rx(
                        r"\b(?:notify|notifies|notified|notification|inform(?:s|ed|ing)?|tell|"
                        r"alert|"
                        r"let (?:you|affected \w+) know|contact you)\b(?:[^.;]{0,40}?)"
                        r"\b(?:you|users?|customers?|individuals?|members?|affected|"
                        r"data subjects?)\b|\bnotif\w+ (?:to )?(?:you|affected|users|individuals)"
                    ),
                    exclude=rx(
                        r"\b(?:you (?:must|should|agree to|shall) (?:immediately )?notify|"
                        r"notify us|inform us|let us know|breach of (?:these|this|the) "
                        r"(?:terms|agreement|contract))\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "change_notice",
            "Tells you before or when the policy changes",
            Verdict.GOOD,
            ("policy_change",),
            (
                Rule(
                    rx(_NOTICE_TOPIC),
                    rx(_CHANGE),
                    body_topic=True,
                    exclude=_NOT_POLICY_NOTICE,
                    gated=True,
                ),
                Rule(
                    rx(_NOTICE_TOPIC),
                    rx(_CHANGE_POLICY),
                    context=True,
                    body_topic=True,
                    exclude=_NOT_POLICY_NOTICE,
                    gated=True,
                ),
            ),
        ),
        FindingSpec(
            "change_without_notice",
            "May change the policy just by editing the page, without telling you",
            Verdict.BAD,
            ("policy_change",),
            (
                Rule(
                    rx(
                        r"\b(?:without (?:any |further |prior |advance |direct |individual )?"
                        r"(?:notice|notif\w+|informing|telling)|sans préavis)"
                    ),
                    rx(_CHANGE_POLICY),
                    polarity="any",
                    weight=1.5,
                ),
                Rule(
                    rx(
                        r"\b(?:(?:reserves?|retains?|has|have) the right to (?:\w+ ){0,4}?|"
                        r"(?:may|can|will|might) (?:\w+ ){0,2}?)(?:chang|modif|updat|revis|amend|"
                        r"alter|replac)\w*(?: or \w+)?(?:,? (?:\w+,? ){0,4}?)? (?:this|these|the|"
                        r"our|its|any (?:part|portion) of (?:this|these|"
                        r"the))(?: \w+)? (?:polic(?:y|"
                        r"ies)|statement|notice|terms|agreement|document|conditions)\b"
                    ),
                    None,
                    polarity="any",
                    weight=0.7,
                    exclude=rx(
                        r"\b(?:notify|notified|notification|inform(?:s|ed|ing)? you|e-?mail you|"
                        r"let you know|notice to you|advance notice|prior notice|your consent)\b"
                    ),
                ),
                Rule(
                    rx(
                        r"\b(?:(?:by )?(?:post|publish|updat|upload|includ)\w* (?:\w+ ){0,8}(?:on|"
                        r"to|at) (?:this|our|the) (?:page|site|website|web site|platform|"
                        r"services?|location)|post\w* (?:\w+ ){0,4}here\b|"
                        r"(?:effective|in effect|take effect|apply) (?:immediately )?(?:upon|"
                        r"when|as soon as|after) (?:\w+ ){0,3}post\w*|(?:check|review|revisit|"
                        r"visit|consult) (?:\w+ ){0,4}(?:periodically|regularly|frequently|"
                        r"from time to time|often|for (?:any )?(?:changes|updates))|"
                        r"check back (?:\w+ ){0,2}?for (?:the )?(?:most )?(?:current|latest|recent|"
                        r"updated?) (?:version|changes|updates)|(?:at any "
                        r"time|from time to time)(?: and)? (?:in|at) (?:its|our) (?:sole )?"
                        r"discretion|(?:sole|absolute) discretion|continued use|(?:revis|updat|"
                        r"chang|modif)\w* the (?:(?:[\"\u201c]?last (?:updated|modified|revised)"
                        r"[\"\u201d]?|effective|revision|\w+) )?date\b|"
                        r"updated date|your responsibility to (?:check|review))"
                    ),
                    rx(_CHANGE),
                    context=True,
                    polarity="any",
                    gated=True,
                ),
            ),
        ),
        FindingSpec(
            "protects_children",
            "Does not knowingly collect data from children",
            Verdict.GOOD,
            ("specific_audiences",),
            (
                # the promise itself ranks first; collecting with parental consent is no refusal
                Rule(
                    rx(
                        r"\b(?:children|child|minors?|kids|under (?:the age of )?(?:\d+|thirteen|"
                        r"sixteen|eighteen)|younger than|(?:persons|individuals|users|anyone|"
                        r"people) under)\b"
                    ),
                    rx(r"\bknowingly (?:collect|solicit|request|gather|obtain|receive)\w*"),
                    polarity="negative",
                    weight=1.3,
                    exclude=rx(
                        r"\b(?:with|without) (?:\w+ ){0,2}?(?:parent\w*|guardian\w*) consent"
                    ),
                ),
                Rule(
                    rx(
                        r"\b(?:children|child|minors?|kids|under (?:the age of )?(?:\d+|thirteen|"
                        r"sixteen|eighteen)|younger than|coppa|(?:persons|individuals|users|"
                        r"anyone|people) under)\b"
                    ),
                    rx(
                        r"\b(?:knowingly|intend\w*|direct\w*|target\w*|designed|permit\w*|allow\w*|"
                        r"eligible|authori[sz]ed|collect\w*|solicit\w*|maintain\w*|use|register\w*|"
                        r"provide|create|should|may|must|open|sign up)\b"
                    ),
                    polarity="negative",
                    window=10,
                ),
                Rule(
                    rx(
                        r"\b(?:children|child|minors?|kids|under (?:the age of )?(?:\d+|thirteen|"
                        r"sixteen|eighteen)|younger than|(?:persons|individuals|users|anyone|"
                        r"people) under)\b"
                    ),
                    rx(
                        r"\b(?:prohibit\w*|forbid\w*|not (?:permitted|allowed|authori[sz]ed|"
                        r"eligible|intended|directed)|unauthori[sz]ed|(?:delete|remove|erase)\w* "
                        r"(?:\w+ ){0,4}(?:information|data|account))\b"
                    ),
                    polarity="any",
                ),
                Rule(
                    rx(
                        r"\b(?:must be|are|be|you're|you are|aged?|only (?:available|open|"
                        r"intended) (?:to|for) (?:\w+ ){0,3}|users?|individuals?|persons?|people)"
                        r" (?:\(\w+\) )?(?:not )?(?:at least |over |older than |aged? )?(?:the age "
                        r"of )?(?:\(?\d{2}\)?|"
                        r"thirteen|sixteen|eighteen)(?: \(\d{2}\))?(?: years?(?: of age| old)?)?"
                        r"(?: or (?:older|over|above))?\b|\bage (?:restriction|requirement|limit)"
                        r"|\b(?:delete|remove|erase)\w* (?:\w+ ){0,4}(?:information|data)\b[^.]*"
                        r"\b(?:child|children|minor|under \d+)"
                    ),
                    None,
                    polarity="any",
                    exclude=rx(
                        r"\b(?:contract|account holder|store|credit card|purchase|"
                        r"(?:and|if you) choose to (?!(?:open|create|register|sign up)\b))\b|"
                        # an audience's age range ("women aged 25-34") or a feature for adults
                        # ("if you are 18 or older and upgrade") says nothing about children
                        r"\baged? \d{2} ?[-\u2013] ?\d{2}\b|\bif you are (?:\d{2}|eighteen) "
                        r"(?:years? (?:of age |old )?)?or (?:older|over) and\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "records_communications",
            "Monitors or records your calls or messages",
            Verdict.BAD,
            ("first_party_collection",),
            (
                Rule(
                    rx(
                        r"\b(?:(?:private|direct|personal|in-app) messages|your (?:\w+ )?"
                        r"(?:messages|communications|conversations|chats|calls|voice|e-?mails)|"
                        r"(?:phone|telephone|customer service|support|voice|video) calls?|"
                        r"calls? (?:with|to|from) (?:us|our)|conversations? (?:with|between)|"
                        r"communications? (?:with|between|through|on|via|sent)|content of "
                        r"(?:your |the )?(?:messages|communications|calls|emails)|"
                        r"(?:audio|voice|call) recordings?|chat (?:logs|transcripts|messages))\b"
                    ),
                    rx(
                        r"\b(?:monitor\w*|record(?:s|ed|ing)?|listen\w*|read(?:s|ing)?|scan\w*|"
                        r"review\w*|analy[sz]\w*|intercept\w*|inspect\w*|transcrib\w*|access\w*|"
                        r"examin\w*)\b"
                    ),
                    near=120,
                    exclude=rx(
                        r"\b(?:keep (?:a )?records? of|call (?:records|logs|history)|responsible "
                        r"for|you may "
                        r"(?:record|read)|marketing|unsubscribe|opt[- ]out|phone numbers?)\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "international_transfers",
            "Moves your data to other countries",
            Verdict.NEUTRAL,
            ("specific_audiences", "third_party_sharing", "first_party_collection"),
            (
                Rule(
                    rx(
                        r"\b(?:outside (?:of )?(?:your|the|their) (?:country|state|province|"
                        r"jurisdiction|region|EEA|EU|European|UK)|outside (?:of )?(?:the )?(?:EEA|"
                        r"EU|European|UK|United Kingdom|Switzerland)|other countries|another "
                        r"country|(?:the )?united states|\bU\.S\.|\bUSA\b|countries (?:other than|"
                        r"outside|where)|around the world|worldwide|anywhere in the world|"
                        r"across (?:national )?borders|cross-border|"
                        r"international(?:ly)?(?![.-]\w)|third countries|(?:standard )?contractual "
                        r"clauses|privacy shield|adequacy "
                        r"decision)\b"
                    ),
                    rx(
                        r"\b(?:transfer\w*|stor(?:e|es|ed|ing|age)|process\w*|maintain\w*|host\w*|"
                        r"located|locat\w+|"
                        r"mov\w+|transmit\w*|sent|send|access\w*|kept|held|"
                        r"(?<!you )(?<!who )resid(?:e|es|ing))\b"
                    ),
                    near=200,
                    exclude=rx(
                        r"\b(?:laws? of the state|governing law|jurisdiction of the courts)\b|"
                        # a controller's postal address ("Google LLC ..., located at 1600
                        # Amphitheatre Parkway, Mountain View, California 94043, USA")
                        r"\b(?:located|office|headquartered|incorporated|based) (?:\w+ )?at \d+|"
                        r"\b(?:separate|other|different) privacy (?:policies|notices|statements)\b|"
                        r"\b(?:this |our )?(?:privacy )?policy (?:covers|applies to)\b|"
                        r"^(?!.*\b(?:transfer\w*|stor(?:e|es|ed|ing|age)|host(?:ed|ing)|mov(?:e|es|ed|"
                        r"ing)|transmit\w*|sent|send\w*|we (?:\w+ )?process\w*)\b)"
                        r".*\b(?:you (?:\w+ )?(?:reside|live)|you are (?:located|based|resident)|"
                        r"where you are)\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "ignores_do_not_track",
            "Ignores your browser's Do Not Track signal",
            Verdict.BAD,
            ("do_not_track",),
            (
                Rule(
                    rx(_DNT),
                    rx(
                        r"\b(?:respond\w*|honou?r\w*|recogni[sz]\w*|support\w*|alter\w*|chang\w+|"
                        r"act\w* on|process\w*|compl(?:y|ies)|obey\w*|observe\w*|follow\w*|"
                        r"treat\w*|react\w*|accommodat\w+|take (?:any )?action|adhere\w*|"
                        r"interpret\w*|configured to respond)\b"
                    ),
                    polarity="negative",
                ),
                Rule(
                    rx(_DNT),
                    rx(r"\b(?:regardless of|irrespective of|even if|even when)\b"),
                    polarity="any",
                ),
                Rule(
                    rx(r"\b(?:those|these|such|the) (?:signals|requests|headers|settings)\b"),
                    rx(r"\b(?:respond\w*|honou?r\w*|recogni[sz]\w*|support\w*|alter\w*)\b"),
                    polarity="negative",
                    context_topic=rx(_DNT),
                ),
            ),
        ),
        FindingSpec(
            "honors_do_not_track",
            "Respects your browser's Do Not Track signal",
            Verdict.GOOD,
            ("do_not_track",),
            (
                Rule(
                    rx(_DNT),
                    rx(
                        r"\b(?:respond\w*|honou?r\w*|recogni[sz]\w*|support\w*|respect\w*|"
                        r"compl(?:y|ies)|obey\w*|observe\w*|follow\w*|process\w*|stop\w*|"
                        r"disabl\w*|turn\w* off)\b"
                    ),
                    exclude=rx(
                        r"\b(?:no|not yet an?|lack of|absence of)\b[^.]{0,60}\b(?:standard|"
                        r"consensus|understanding|agreement)|\bunable\b|"
                        # "how we respond to Do Not Track" names a disclosure, commits to nothing
                        r"\bhow (?:we|it|the \w+|[A-Z]\w+) (?:\w+ )?respond|" + dnt_definition
                    ),
                    requires=re.compile(
                        r"\b(?:[Ww]e|[Oo]ur|us|website|site|service|platform|app)\b|"
                        r"\b[A-Z][a-zA-Z]+ "
                        r"(?:respects|responds|honou?rs|supports|recogni[sz]es)\b"
                    ),
                    window=10,
                ),
                Rule(
                    rx(_DNT),
                    rx(
                        r"\b(?:track\w*|log\w*|utili[sz]e|use|collect\w*|count\w*|record\w*|"
                        r"set\w* (?:any )?cookies|load\w*)\b"
                    ),
                    polarity="negative",
                    requires=rx(
                        r"\b(?:if|when|whenever)\b[^.]{0,60}(?:do[ _-]+not[ _-]+track|dnt)|"
                        r"(?:do[ _-]+not[ _-]+track|dnt)\b[^.]{0,40}\b(?:enabled|turned on|set|"
                        r"activated)"
                    ),
                    exclude=rx(
                        r"\b(?:tell|ask) (?:a )?(?:website|site|sites|services?) not to|"
                        + dnt_definition
                    ),
                ),
            ),
        ),
        FindingSpec(
            "privacy_contact",
            "Gives a way to contact it about privacy",
            Verdict.GOOD,
            ("other",),
            (
                Rule(
                    rx(
                        r"\b(?:contact(?:ing)?|e-?mail(?:ing)?|writ(?:e|ing) to|reach(?:ing)?|"
                        r"call(?:ing)?|get in touch with|send (?:us )?(?:an? )?(?:e-?mail|letter|"
                        r"message|request)s? to|address (?:your |any )?(?:questions|requests))"
                        r"(?: or \w+)? (?:us|our|the|at|him|her|them|them)\b|"
                        r"[\w.+-]+@[\w-]+\.[\w.]+|"
                        # a named desk ("please contact Guest Services")
                        r"\bcontact(?:ing)? (?:[\w'-]+ ){0,3}?(?:services|care|support|team|"
                        r"department|desk|office|officer|director|cent(?:er|re))\b"
                    ),
                    rx(
                        r"\b(?:privacy|data protection|personal (?:data|information)|this "
                        r"(?:policy|statement|notice)|our (?:policy|practices)|your (?:rights|"
                        r"personal)|complain\w*|concerns?|questions?|exercise|comments?|"
                        r"inquir\w+|enquir\w+|(?:additional|more|further) information)\b"
                    ),
                    near=200,
                    exclude=rx(
                        _CONTACTING_YOU.pattern + r"|\b(?:copyright|proprietary rights|"
                        r"intellectual property|trademarks?)\b|\bby (?:using|accessing|visiting) "
                        r"(?:[\w-]+ ){0,4}?(?:or|and) contacting us\b"
                    ),
                    gated=True,
                ),
                # "Please send comments or questions to DCCCD's Director of Internet Publishing"
                Rule(
                    rx(
                        r"\bsend (?:us )?(?:your )?(?:comments|questions|concerns|inquiries)"
                        r"(?: (?:or|and) \w+)? (?:to|at)\b"
                    ),
                    None,
                    polarity="any",
                    gated=True,
                ),
                Rule(
                    rx(
                        r"\b(?:data protection officer|privacy officer|\bDPO\b|privacy team|"
                        r"privacy@|dpo@|data-?protection@|privacy office|privacy department)"
                    ),
                    None,
                    polarity="any",
                    gated=True,
                ),
                # an address to write to for a privacy choice is a privacy contact wherever the
                # classifier puts it ("you may opt-out of the sharing of your personal
                # information ... by emailing opt-out@nytimes.com")
                Rule(
                    rx(r"[\w.+-]+@[\w-]+\.[\w.]+"),
                    rx(
                        r"\b(?:opt(?:ing)?[- ]?out (?:of )?(?:the )?(?:shar|disclos|sale|sell|"
                        r"rent)\w*|(?:review|correct|update|delete|remove) (?:[\w'-]+ ){0,3}?"
                        r"personal (?:data|information))\b"
                    ),
                    near=200,
                    exclude=rx(_CONTACTING_YOU.pattern),
                ),
            ),
        ),
        FindingSpec(
            "trains_ai_on_data",
            "Uses your content or data to train AI models",
            Verdict.BAD,
            ("first_party_collection",),
            (
                Rule(
                    rx(_TRAIN_MODELS),
                    None,
                    window=14,
                    requires=rx(_USER_DATA),
                    exclude=rx(
                        _AI_OPT_OUT + r"(?:[^.;]{0,100}?)\btrain|\bmodel training\b[^.;]{0,40}"
                        r"\b(?:opt|object)|\b(?:they|third[- ]parties|partners|vendors|"
                        r"service providers) (?:may |can |might |also |will )*train\b"
                    ),
                ),
            ),
        ),
        FindingSpec(
            "ai_training_opt_out",
            "Lets you stop your data being used to train AI models",
            Verdict.GOOD,
            ("user_choice",),
            (
                Rule(
                    rx(
                        _TRAIN_MODELS + r"|\btrain(?:s|ed|ing)?\b(?! (?:\w+ ){0,2}?(?:staff|"
                        r"employees|personnel|reviewers|teams|agents))|"
                        r"\bimprove (?:\w+ ){0,3}?(?:AI )?models\b"
                    ),
                    rx(_AI_OPT_OUT),
                    near=160,
                    requires=rx(
                        r"\b(?:models?|AI|artificial intelligence|machine[- ]learning|"
                        r"algorithms?|LLMs?|generative|conversations|chats|prompts)\b|"
                        r"\btrain(?:ing)? on (?:my|your)\b"
                    ),
                    exclude=rx(
                        r"\b(?:cannot|can't|can not|unable to|not able to) (?:\w+ )?(?:opt|object|"
                        r"turn|stop)"
                    ),
                ),
            ),
        ),
    )


FINDINGS: dict[str, FindingSpec] = {spec.id: spec for spec in _specs()}
"""Every finding id of the API, in the API's order."""

UNSPECIFIED = {"retention_unspecified": "retention_limited"}
"""Silence findings: raised with empty evidence when the finding they complement is absent."""
