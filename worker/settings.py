"""Configuration shared by the web app, the worker and the CLI, read from POLICYWATCH_* vars."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from worker import defaults

ENV_PREFIX = "POLICYWATCH"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout (or install) folder that holds server/ and worker/."""

INSTANCE_PATH = PROJECT_ROOT / "instance"
"""Where the default SQLite file lives; the Flask app uses the same folder."""


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The shared data folder (corpora for training and evaluation): POLICYWATCH_DATA_DIR,
    by default `../shared/data` beside the checkout."""
    value = (environ if environ is not None else os.environ).get(f"{ENV_PREFIX}_DATA_DIR")
    return Path(value) if value else PROJECT_ROOT.parent / "shared" / "data"


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_PATH / 'policywatch.sqlite3'}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, with its default; env var POLICYWATCH_<NAME> overrides each one."""

    REDIS_URL: str = "redis://127.0.0.1:6379/0"
    DATABASE_URL: str = ""
    """Empty means a SQLite file in the instance folder."""
    ALLOW_PRIVATE_HOSTS: bool = False
    """Let the fetcher reach loopback/private addresses and any port (tests, intranets)."""
    REVALIDATE_AFTER: int = defaults.REVALIDATE_AFTER_SECONDS
    """A stored report checked longer ago than this is answered and re-checked (conditional)."""
    LOOKUP_CACHE: bool = True
    """Keep stored Reports, Diffs and history pages serialized in Redis (false: build each
    answer from SQL)."""
    LOOKUP_NEAR_CACHE: bool = True
    """Each web process also keeps copies of the answers it sent, dropped the moment Redis says
    they changed (CLIENT TRACKING), so a repeated lookup needs no Redis round trip."""
    JOB_TIMEOUT: int = defaults.JOB_TIMEOUT_SECONDS
    JOB_RETRIES: int = len(defaults.JOB_RETRY_INTERVALS)
    """How often a transiently failed fetch is retried (0 turns retries off)."""
    RATE_LIMIT_PER_MINUTE: int = 30
    """Analyses one extension install may request per minute."""
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: int = 120
    """Analyses one client address may request per minute, whatever install ids it sends."""
    TRUSTED_PROXIES: int = 0
    """Reverse proxies in front of the web app whose X-Forwarded-For/-Proto are believed."""
    EXTENSION_ORIGINS: str = ""
    """Comma-separated extension origins CORS allows; empty allows any extension (development)."""
    SECRET_KEY: str = ""
    """Fernet key(s) encrypting webhook secrets at rest (comma-separated: first encrypts, all
    decrypt); empty uses a development key and logs a warning. Production must set it."""
    KEY_MAX_WEBHOOKS: int = 20
    """Active webhooks one API key may hold."""
    KEY_MAX_POLICIES: int = 200
    """Distinct policies one API key's active webhooks may watch together."""
    PUBLIC_URL: str = "http://127.0.0.1:5000"
    """Base URL of this server, used in links sent out (webhook diff_url)."""
    RENDER_JS: str = "auto"
    """auto (render app shells and pages too short to be a policy), always or never."""
    RENDER_HOSTS: str = ""
    """Comma-separated hosts (and their subdomains) whose pages are always rendered."""
    CHROMIUM_PATH: str = defaults.CHROMIUM_PATH
    """The Chromium binary the render step drives."""

    @property
    def database_url(self) -> str:
        return self.DATABASE_URL or default_database_url()

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read POLICYWATCH_* the way Flask's from_prefixed_env does (values parsed as JSON)."""
        return cls.from_mapping(prefixed_env(environ if environ is not None else os.environ))

    def as_config(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def prefixed_env(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    prefix = ENV_PREFIX + "_"
    for key, raw in environ.items():
        if not key.startswith(prefix):
            continue
        try:
            values[key.removeprefix(prefix)] = json.loads(raw)
        except json.JSONDecodeError:
            values[key.removeprefix(prefix)] = raw
    return values
