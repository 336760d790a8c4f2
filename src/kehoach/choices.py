"""Django's ``TextChoices``/``IntegerChoices``, typed for mypy.

Django ships no type information (and the project does not use django-stubs), so mypy would
read ``DONE = "done", "Đã hoàn thành"`` as a tuple. Under ``TYPE_CHECKING`` these names are
declared as the enums they are at run time: members are ``str``/``int`` with a ``label``.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:

    class TextChoices(enum.StrEnum):
        choices: ClassVar[list[tuple[str, str]]]
        values: ClassVar[list[str]]
        labels: ClassVar[list[str]]

        @property
        def label(self) -> str: ...

    class IntegerChoices(enum.IntEnum):
        choices: ClassVar[list[tuple[int, str]]]
        values: ClassVar[list[int]]
        labels: ClassVar[list[str]]

        @property
        def label(self) -> str: ...

else:
    from django.db.models import IntegerChoices, TextChoices

__all__ = ["IntegerChoices", "TextChoices"]
