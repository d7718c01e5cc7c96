"""Errors meant for people. Services raise these; the command tree's error handler shows them."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; ``message`` is shown to them as it is (ephemerally)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(UserError):
    """The thing the user named does not exist (in this guild)."""


class NotAllowed(UserError):
    """The user may not do this (moderator actions, other people's polls...)."""


class Conflict(UserError):
    """The action clashes with the current state (a debate already running, a closed poll...)."""


class CooldownActive(UserError):
    def __init__(self, retry_after: float) -> None:
        seconds = max(1, round(retry_after))
        super().__init__(f"Slow down a little: try again in {seconds} s.")
        self.retry_after = retry_after
