"""Signing in with a name and password, throttled: the one check every way of signing in goes through.

The sign-in page, the token endpoint and the command line (``magcheck --as NAME``) all call
`sign_in`, so the same failures count against the same budget (`accounts.throttle`, in the
database) wherever the guesses come from.
"""

from __future__ import annotations

from magcheck.accounts.scope import Caller
from magcheck.accounts.throttle import login_throttle
from magcheck.accounts.users import AccountInfo, check_credentials
from magcheck.core.errors import FieldProblem, MagcheckError


class ThrottledError(MagcheckError):
    """Too many failed sign-ins for the name or the address (HTTP 429, exit code 2)."""

    def __init__(self, seconds: int) -> None:
        super().__init__([FieldProblem("username", "accounts.errors.throttled", {"seconds": seconds})])
        self.seconds = seconds


class BadCredentialsError(MagcheckError):
    """Wrong name or password, or a disabled account (HTTP 401, exit code 2): never says which."""

    def __init__(self) -> None:
        super().__init__([FieldProblem("password", "accounts.errors.bad_credentials", {})])


def sign_in(name: str, password: str, *keys: str) -> AccountInfo:
    """The account for `name` and `password`; throttled per name and per each of `keys` (an address).

    Runs database queries and one argon2 verification: call it from a worker thread in the web app.
    """
    counted = (f"user:{name}", *keys)
    wait, failed_before = login_throttle.check(*counted)
    if wait:
        raise ThrottledError(wait)
    account = check_credentials(name, password)
    if account is None:
        login_throttle.failed(*counted)
        raise BadCredentialsError()
    if failed_before:  # the common sign-in (no earlier failure) writes nothing
        login_throttle.succeeded(*counted)
    return account


def caller_of(account: AccountInfo) -> Caller:
    return Caller(account.id, account.name, account.role)
