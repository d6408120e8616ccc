"""The one domain error type services raise for illegal operations."""

from __future__ import annotations


class DomainError(Exception):
    """An operation the domain rules refuse; the message is translated and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
