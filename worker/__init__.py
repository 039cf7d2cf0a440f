"""Policywatch worker: the analysis pipeline and the RQ jobs that run it."""
