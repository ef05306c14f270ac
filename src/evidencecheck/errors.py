"""Exceptions that carry an exit status and a message a person can act on.

Problems with one input image are never exceptions at the API surface: they become
``UNREADABLE_FILE`` findings. These are for problems with the tool's set-up or its use.
"""

from __future__ import annotations


class EvidenceCheckError(Exception):
    """Base class: ``exit_code`` is what the CLI exits with."""

    exit_code = 3

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UsageError(EvidenceCheckError):
    """The call itself is wrong (bad option value, unknown ticket type)."""

    exit_code = 2


class MissingDependencyError(EvidenceCheckError):
    """A program or data file the tool needs is not installed; the message says how to install it."""

    exit_code = 3


class OcrError(EvidenceCheckError):
    """An OCR engine failed or timed out on one region."""

    exit_code = 4


class ImageDecodeError(EvidenceCheckError):
    """An input file cannot be decoded safely; ``reason`` is a short machine-readable key."""

    exit_code = 5

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason

    def __reduce__(self):
        # Raised in a worker process, it crosses back pickled: rebuilt from both its arguments
        # (the default rebuilds from the message alone and fails, breaking the whole pool).
        return type(self), (self.reason, self.message)
