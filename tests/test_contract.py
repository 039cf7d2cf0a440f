"""The OpenAPI document matches every response, errors included: schemathesis generates
requests for every operation from /api/v1/openapi.json and checks status codes, content
types, headers and bodies against it, on the live app with the real Redis and SQLite."""

from __future__ import annotations

import re
from typing import Any

import hypothesis
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase
from schemathesis.checks import positive_data_acceptance

EXAMPLES_PER_OPERATION = 20
"""Bounded, so the suite stays quick; the checks are the same at any number."""


def test_every_operation_answers_as_documented(app: Flask) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: dict[str, set[str]] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        check_operation(operation, failures)
    assert failures == {}


def check_operation(operation: Any, failures: dict[str, set[str]]) -> None:
    """Run the generated cases of one operation, collecting the checks that fail."""
    name = f"{operation.method.upper()} {operation.path}"

    @hypothesis.settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy())
    def check(case: schemathesis.Case) -> None:
        # A URL the schema allows may still be refused on its meaning (a private host, a
        # non-URL string): that is a documented 400/422, not a contract mismatch.
        try:
            case.call_and_validate(excluded_checks=[positive_data_acceptance])
        except AssertionError as error:
            titles = re.findall(r"^- (.*)$", str(error), re.M) or [str(error)[:200]]
            failures.setdefault(name, set()).update(titles)

    check()


def test_an_unsupported_method_says_which_are_allowed(client: FlaskClient) -> None:
    response = client.open("/api/v1/analyses", method="TRACE")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert response.get_json()["error"]["code"]
