"""Staff accounts of the counsellor API: argon2 password hashes, expiring bearer tokens.

    python -m core.accounts create USERNAME --role counsellor   (asks the password twice)
    python -m core.accounts create USERNAME --role admin --password-stdin
    python -m core.accounts disable USERNAME
    python -m core.accounts list
"""

import argparse
import getpass
import hashlib
import secrets
import sys
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.db import session_scope
from core.models import Account, ApiToken, utcnow

# Roles of later parts of the service are known now, so that an account can hold one.
ROLES = ("counsellor", "admin", "childcare_staff", "pathway_officer")
MIN_PASSWORD = 12
_hasher = PasswordHasher()


class AccountError(ValueError):
    pass


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_account(session: Session, username: str, password: str, role: str) -> Account:
    username = username.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 64:
        raise AccountError("the username must have 1 to 64 characters")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    if session.scalar(select(Account).where(Account.username == username)):
        raise AccountError(f"the account {username!r} exists already")
    account = Account(username=username, password_hash=_hasher.hash(password), role=role)
    session.add(account)
    session.flush()
    return account


def authenticate(session: Session, username: str, password: str) -> Account | None:
    # a NUL cannot be in a username (nor reach PostgreSQL, which refuses it in a text)
    name = username.strip().lower()
    account = session.scalar(select(Account).where(Account.username == name)) if "\x00" not in name else None
    if account is None or not account.active:
        _hasher.hash(password)  # the same work whether or not the account exists
        return None
    try:
        _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return account


def issue_token(session: Session, account: Account, minutes: int) -> tuple[str, datetime]:
    """A new random token (returned once; only its hash is stored) and when it expires."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(minutes=minutes)
    session.add(ApiToken(token_hash=_token_hash(token), account_id=account.id, expires_at=expires))
    # Expired tokens of anyone are removed on the way.
    session.execute(delete(ApiToken).where(ApiToken.expires_at < utcnow()))
    return token, expires


def account_for_token(session: Session, token: str) -> Account | None:
    row = session.get(ApiToken, _token_hash(token))
    if row is None:
        return None
    expires = row.expires_at
    if expires.tzinfo is None:  # SQLite gives naive datetimes back
        expires = expires.replace(tzinfo=UTC)
    if expires <= utcnow():
        return None
    account = session.get(Account, row.account_id)
    return account if account and account.active else None


def revoke_token(session: Session, token: str) -> None:
    session.execute(delete(ApiToken).where(ApiToken.token_hash == _token_hash(token)))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.accounts", description="Staff accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create an account")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input instead of asking")
    disable = commands.add_parser("disable", help="disable an account and end its tokens")
    disable.add_argument("username")
    commands.add_parser("list", help="list the accounts")
    args = parser.parse_args(argv)
    try:
        with session_scope() as session:
            if args.command == "create":
                account = create_account(session, args.username, _read_password(args.password_stdin), args.role)
                print(f"Created {account.username} ({account.role}).")
            elif args.command == "disable":
                found = session.scalar(select(Account).where(Account.username == args.username.lower()))
                if found is None:
                    raise AccountError(f"no account {args.username!r}")
                account = found
                account.active = False
                session.execute(delete(ApiToken).where(ApiToken.account_id == account.id))
                print(f"Disabled {account.username}.")
            else:
                for account in session.scalars(select(Account).order_by(Account.username)):
                    print(f"{account.username}\t{account.role}\t{'active' if account.active else 'disabled'}")
    except AccountError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
