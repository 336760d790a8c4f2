"""The basis field takes a number and symbol in either grammar, as the parser reads them."""

from __future__ import annotations

import pytest

from kehoach.web.forms import split_reference


@pytest.mark.parametrize(
    ("typed", "pair"),
    [
        ("120-KH/TU", ("120", "KH/TU")),
        ("15/KH-UBND", ("15", "KH-UBND")),
        (" 08/KH-UBND ", ("8", "KH-UBND")),
        ("30/2020/NĐ-CP", ("30", "2020/NĐ-CP")),
        ("120 – KH/TU", ("120", "KH/TU")),
        ("120-KH/TU và thêm chữ", None),
        ("KH-UBND", None),
        ("12/KH", None),
        ("", None),
    ],
)
def test_split_reference(typed: str, pair: tuple[str, str] | None) -> None:
    assert split_reference(typed) == pair
