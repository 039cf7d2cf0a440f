"""Webhook signing secrets encrypted at rest with the server key, POLICYWATCH_SECRET_KEY.

The key is a Fernet key (`policywatch secret-key` prints a new one), or several separated by
commas to rotate: the first encrypts, every one decrypts. Unset, a development key derived from
a fixed label is used and a warning logged once: anyone with the code can derive it, so
production must set its own. Secrets stored in clear before encryption existed (they start with
`whsec_`) are still read as they are; `policywatch db upgrade` encrypts them when a key is set.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from worker.errors import PolicywatchError

log = logging.getLogger(__name__)

PLAINTEXT_PREFIX = "whsec_"
"""How a secret stored in clear (before encryption at rest) begins; Fernet tokens never do."""

DEVELOPMENT_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"policywatch development secret key").digest()
).decode("ascii")
"""Used when POLICYWATCH_SECRET_KEY is unset: fine on a laptop, no protection in production."""

_warned = threading.Event()


class SecretKeyMismatch(PolicywatchError):
    """A stored secret does not decrypt with any configured key (was the key replaced?)."""

    code = "secret_key_mismatch"
    status = 500


class InvalidSecretKey(ValueError):
    """POLICYWATCH_SECRET_KEY is not a Fernet key (or a comma-separated list of them)."""


class SecretBox:
    """Encrypts new secrets with the first key; decrypts with any key, or reads a legacy
    plaintext secret as it is."""

    def __init__(self, keys: list[str]) -> None:
        try:
            self._fernet = MultiFernet([Fernet(key.encode("ascii")) for key in keys])
        except (ValueError, UnicodeEncodeError) as error:
            raise InvalidSecretKey(
                "POLICYWATCH_SECRET_KEY must be a Fernet key (32 url-safe base64-encoded bytes; "
                "`policywatch secret-key` makes one), or several separated by commas."
            ) from error

    def encrypt(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        if is_plaintext(stored):
            return stored
        try:
            return self._fernet.decrypt(stored.encode("ascii")).decode("utf-8")
        except InvalidToken as error:
            raise SecretKeyMismatch(
                "A webhook signing secret cannot be decrypted with POLICYWATCH_SECRET_KEY. "
                "If the key was replaced, list the new key first and the old one after it, "
                "separated by a comma."
            ) from error


def is_plaintext(stored: str) -> bool:
    return stored.startswith(PLAINTEXT_PREFIX)


def new_secret_key() -> str:
    return Fernet.generate_key().decode("ascii")


def secret_box(secret_key: str = "") -> SecretBox:
    """The box for a POLICYWATCH_SECRET_KEY value; empty means the development key (and a
    warning, logged once per process)."""
    if not secret_key.strip():
        if not _warned.is_set():
            _warned.set()
            log.warning(
                "POLICYWATCH_SECRET_KEY is not set: webhook secrets are encrypted with a "
                "development key anyone can derive. Set it in production "
                "(`policywatch secret-key` prints a new one)."
            )
        return _box(DEVELOPMENT_KEY)
    return _box(secret_key)


@lru_cache(maxsize=8)
def _box(secret_key: str) -> SecretBox:
    return SecretBox([key.strip() for key in secret_key.split(",") if key.strip()])
