"""Change tracking and notification: diffs, the Report and Diff documents, webhooks out."""
