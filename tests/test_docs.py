"""Documentation claims are tested: every setting and every endpoint is in the README."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from flask.testing import FlaskClient

from worker.settings import Settings

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    for setting in fields(Settings):
        assert f"`POLICYWATCH_{setting.name}`" in README, setting.name


def test_every_endpoint_is_documented(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in spec["paths"]:
        documented = re.sub(r"\{(\w+)\}", r"<\1>", path)
        assert documented in README, path
    assert "/healthz" in README and "/policies/<policy_id>" in README


def test_readme_gives_exactly_two_setup_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line for line in quick_start.splitlines()[1:] if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == ["make run", "make test"]


def test_procfile_lines_use_the_app_factory_and_the_worker() -> None:
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8")
    assert '"server:create_app()"' in procfile and "${PORT:-5000}" in procfile
    assert "policywatch worker" in procfile
