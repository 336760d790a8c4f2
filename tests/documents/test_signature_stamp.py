"""Signed PDFs whose number and day are printed only in the signature widget (../shared corpus)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kehoach.documents import parse

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"


@pytest.mark.corpus
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is not present")
@pytest.mark.parametrize(
    ("name", "number", "day"),
    [
        ("cv-sct-laocai-1629-2026-khkt.pdf", "1629", dt.date(2026, 3, 27)),
        ("cv-ubnd-laocai-3686-2026.pdf", "3686", dt.date(2026, 5, 11)),
    ],
)
def test_number_and_day_from_the_stamp(name: str, number: str, day: dt.date) -> None:
    result = parse(REAL / name)
    assert result.document.number == number
    assert result.document.issued_on == day
    assert any("signature stamp" in w for w in result.warnings)


@pytest.mark.corpus
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is not present")
def test_unsigned_pdf_is_left_alone() -> None:
    result = parse(REAL / "qd-bxd-1074-2026.pdf")
    assert result.document.number == "1074"
    assert not any("signature stamp" in w for w in result.warnings)
