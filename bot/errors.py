"""Errors meant for people. Services raise these; the command tree's error handler shows them."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; ``message`` is shown to them as it is (ephemerally)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self._message = message

    @property
    def message(self) -> str:
        return self._message


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


class Ambiguous(UserError):
    """A typed name matched no target clearly: nothing was done, and these are the likely ones.

    ``candidates`` are ``(key, label)`` pairs, best first; ``key`` names one target exactly (a
    motion or poll number, a pack's slug), so a front end can offer "did you mean ...?" choices
    that act on the one picked.
    """

    def __init__(self, kind: str, typed: str, candidates: list[tuple[str, str]]) -> None:
        self.kind = kind
        self.typed = typed
        self.candidates = candidates
        labels = "; ".join(label for _key, label in candidates)
        super().__init__(f"Did you mean {labels}? Nothing was changed: name it exactly (or by its number).")


class Refused(UserError):
    """A rule said no, without a sentence: ``reason`` and ``facts`` are worded where replies are
    (bot/replies/refusals.py), with commands spelled as the member's platform spells them.

    Services raise this instead of writing a sentence that names a command. ``message`` words it
    with the plain spelling (for logs and tests); front ends call ``refusals.word`` with theirs.
    """

    def __init__(self, reason: str, **facts: object) -> None:
        Exception.__init__(self, reason)
        self.reason = reason
        self.facts = facts

    @property
    def message(self) -> str:
        from bot.replies.refusals import word

        return word(self)

    def __str__(self) -> str:
        return self.message


class RefusedNotFound(Refused, NotFound):
    """A ``Refused`` that is also ``NotFound``: the target named does not exist (code that tells
    missing targets apart, such as a timer whose poll was deleted, still can)."""


class RefusedNotAllowed(Refused, NotAllowed):
    """A ``Refused`` that is also ``NotAllowed``: the member may not see or do this."""


class RefusedConflict(Refused, Conflict):
    """A ``Refused`` that is also ``Conflict``: the action clashes with the current state."""
