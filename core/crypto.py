"""Encryption at rest of health data (the disability pathway): Fernet tokens, through
cryptography's MultiFernet so that keys can be rotated; SQLAlchemy column types that
encrypt and decrypt on their way to and from the database.

    python -m core.keys new-key    print a new key
    python -m core.keys rotate     re-encrypt every encrypted value with the first key

The keys come from PATHWAY_KEYS (core.settings), comma-separated, newest first: the first
key encrypts, every key decrypts. To rotate: put a new key first, run ``rotate``, then
remove the old key. Without a usable key, storing or reading encrypted data raises
CryptoError, whose message is for the operator and names neither a key nor the data.
"""

import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Column, Dialect, MetaData, Table, Text, bindparam, select, type_coerce, update
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from core.settings import get_settings

NO_KEY = ("PATHWAY_KEYS is not set: encrypted pathway data can be neither stored nor read. "
          "Create a key with `python -m core.keys new-key`.")


class CryptoError(RuntimeError):
    """Encryption is not configured, a key is malformed, or a value cannot be decrypted."""


@lru_cache(maxsize=4)
def _fernet(keys: str) -> MultiFernet:
    parts = [key.strip() for key in keys.split(",") if key.strip()]
    if not parts:
        raise CryptoError(NO_KEY)
    fernets = []
    for number, key in enumerate(parts, 1):
        try:
            fernets.append(Fernet(key))
        except ValueError:
            raise CryptoError(f"PATHWAY_KEYS: key {number} is not a Fernet key "
                              "(create one with `python -m core.keys new-key`).") from None
    return MultiFernet(fernets)


def keys() -> MultiFernet:
    """The configured keys; CryptoError when there is none or one is malformed."""
    secret = get_settings().pathway_keys
    return _fernet(secret.get_secret_value() if secret else "")


def require_keys() -> None:
    """Fail now, with CryptoError, rather than halfway through storing or reading."""
    keys()


def new_key() -> str:
    return Fernet.generate_key().decode()


def encrypt(text: str | None) -> str | None:
    """A Fernet token of ``text`` made with the first key; None stays None."""
    if text is None:
        return None
    return keys().encrypt(text.encode()).decode()


def decrypt(token: str | None) -> str | None:
    """The text of a token made with any of the keys; None stays None."""
    if token is None:
        return None
    try:
        return keys().decrypt(token.encode()).decode()
    except InvalidToken:
        raise CryptoError("A value cannot be decrypted with the keys of PATHWAY_KEYS "
                          "(was a key removed before `python -m core.keys rotate`?).") from None


class EncryptedText(TypeDecorator[str]):
    """Text encrypted before it reaches the database and decrypted when read.

    Every encryption differs (random IV), so the column cannot be searched or compared in SQL.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return decrypt(value)


class EncryptedJSON(EncryptedText):
    """A JSON value (e.g. a list of keys), encrypted as text. Assign a new value to change
    it: changes inside a list are not tracked."""

    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else encrypt(json.dumps(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else json.loads(decrypt(value) or "null")


def unreadable(session: Session, metadata: MetaData) -> str | None:
    """Why the stored health data cannot be read with the configured keys (no key, or
    none that opens it: a key lost or a wrong one), or None when it can or there is none.
    One value per encrypted column is tried."""
    for table, columns in encrypted_columns(metadata.sorted_tables):
        for column in columns:
            token = session.scalar(select(type_coerce(column, Text)).where(column.is_not(None)).limit(1))
            if token is None:
                continue
            try:
                keys().decrypt(token.encode())
            except CryptoError as error:
                return str(error)
            except InvalidToken:
                return (f"The health data stored in {table.name} cannot be decrypted with the keys of "
                        "PATHWAY_KEYS: the key it was made with is missing. Restore it (newest first) "
                        "before starting; a new key cannot open what an old one locked.")
    return None


# --- key rotation ---------------------------------------------------------------------------


def _rotated(fernet: MultiFernet, token: str | None) -> str | None:
    if token is None:
        return None
    try:
        return fernet.rotate(token.encode()).decode()
    except InvalidToken:
        raise CryptoError("A value cannot be decrypted with the keys of PATHWAY_KEYS: "
                          "add the key it was made with, then rotate again.") from None


def encrypted_columns(tables: list[Table]) -> list[tuple[Table, list[Column[Any]]]]:
    """The tables that have encrypted columns, with those columns."""
    found = []
    for table in tables:
        columns = [c for c in table.columns if isinstance(c.type, EncryptedText)]
        if columns:
            found.append((table, columns))
    return found


def _rotate_table(session: Session, fernet: MultiFernet, table: Table, columns: list[Column[Any]]) -> int:
    """Re-encrypt the tokens as stored (read and written as plain text, not through the type)."""
    primary = list(table.primary_key.columns)
    rows = session.execute(select(*primary, *(type_coerce(c, Text).label(c.name) for c in columns)))
    params = [{**{f"key_{c.name}": row[c.name] for c in primary},
               **{f"new_{c.name}": _rotated(fernet, row[c.name]) for c in columns}}
              for row in rows.mappings()]
    if params:
        session.execute(
            update(table).where(*(c == bindparam(f"key_{c.name}") for c in primary))
            .values({c.name: bindparam(f"new_{c.name}", type_=Text) for c in columns}),
            params)
    return sum(1 for p in params for c in columns if p[f"new_{c.name}"] is not None)


def rotate(session: Session, metadata: MetaData) -> int:
    """Re-encrypt every encrypted value of the tables in ``metadata`` with the first key;
    how many were. The caller commits."""
    fernet = keys()
    count = sum(_rotate_table(session, fernet, table, columns)
                for table, columns in encrypted_columns(metadata.sorted_tables))
    session.flush()
    return count
