"""Errors raised when a document cannot be read. Each carries one plain-English line."""

from __future__ import annotations


class DocumentError(Exception):
    """A document that cannot be parsed: the CLI prints the message and exits with code 2."""

    exit_code = 2


class UnsupportedFormat(DocumentError):
    """The file's format is not one the parser reads."""


class UnreadableDocument(DocumentError):
    """The file is damaged, empty, too large or not what its name says."""


class UnusableTextLayer(DocumentError):
    """A PDF (or other file) whose text is missing (scanned) or garbled (broken font encoding)."""
