"""Findings: what a policy says, each backed by the exact sentences that say it.

Each finding id of the API has a FindingSpec with one or more Rules (rules.py). A rule fires
on a sentence when its topic matches, its act (the verb that carries the claim) matches in the
sentence or, for list items, in the heading or lead-in, and the act's polarity is right:
"we do not sell your data" fires does_not_sell_data and never sells_data (match.py). The
classifier's categories rank the evidence and gate the rules marked gated (precision before
recall). For speed, the rules are tried only on sentences holding their trigger words, which
are read off the patterns themselves (prefilter.py): the findings are those of trying every rule.
"""

from worker.analysis.findings.match import find_findings
from worker.analysis.findings.rules import FINDINGS, FindingSpec, Rule

__all__ = ["FINDINGS", "FindingSpec", "Rule", "find_findings"]
