"""Authentication of the counsellor API: bearer tokens and roles."""

from collections.abc import Callable, Iterator
from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.errors import WRONG_PASSWORD
from api.throttle import TooMany, address, in_password_pool, throttle
from core import accounts
from core.models import Account

router = APIRouter(prefix="/auth", tags=["authentication"])
bearer = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    role: str


def get_session(request: Request) -> Iterator[Session]:
    """One short database session per request, committed when the request succeeds."""
    with request.app.state.sessions.begin() as session:
        yield session


# Committed before the answer is sent (function scope): a commit that fails is an error
# answer, never a success with nothing saved.
SessionDep = Depends(get_session, scope="function")


def _unauthorised() -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, "Not signed in, or the token has expired.",
                         headers={"WWW-Authenticate": "Bearer"})


def current_account(token: str | None = Depends(bearer),
                    session: Session = SessionDep) -> Account:
    if not token:
        raise _unauthorised()
    account = accounts.account_for_token(session, token)
    if account is None:
        raise _unauthorised()
    return account


def require_role(*roles: str) -> Callable[[Account], Account]:
    """A dependency that lets only these roles through (403 for the others)."""

    def check(account: Account = Depends(current_account)) -> Account:
        if account.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not allow this.")
        return account

    return check


@router.post("/token", response_model=TokenOut, responses=WRONG_PASSWORD)
async def token(request: Request, form: OAuth2PasswordRequestForm = Depends()) -> TokenOut:
    """Sign in with a username and password; the token is sent as `Authorization: Bearer …`.
    Attempts are limited per address, and an account waits after a few wrong passwords."""
    username = form.username.strip().lower()[:64]
    limits = throttle(request)
    if not limits.allow("login_ip", address(request)):
        raise TooMany("login_ip", address(request))
    if limits.over("login_failures", username):
        raise TooMany("login_failures", username)

    def sign_in() -> TokenOut | None:
        with request.app.state.sessions.begin() as session:
            account = accounts.authenticate(session, form.username, form.password)
            if account is None:
                return None
            value, expires = accounts.issue_token(
                session, account, request.app.state.settings.api_token_minutes)
            return TokenOut(access_token=value, expires_at=expires, role=account.role)

    result = await in_password_pool(request, sign_in)  # argon2: a few at a time, off the event loop
    if result is None:
        limits.allow("login_failures", username)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Wrong username or password.",
                            headers={"WWW-Authenticate": "Bearer"})
    limits.clear("login_failures", username)
    return result


@router.post("/logout", status_code=204)
def logout(token: str | None = Depends(bearer), session: Session = SessionDep) -> None:
    """End this token now."""
    if token:
        accounts.revoke_token(session, token)
