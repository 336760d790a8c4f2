"""The example lists beside the rules (src/kehoach/documents/data/examples/*.tsv) are tests:
each line states what the parser must read from one phrase."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest

from kehoach.documents.dates import deadlines_in
from kehoach.documents.references import references_in
from kehoach.documents.tasks import units_in


def _examples(name: str) -> list[list[str]]:
    raw = resources.files("kehoach.documents").joinpath("data", "examples", name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


def _opt(value: str) -> str | None:
    return None if value == "-" else value


@pytest.mark.parametrize(("text", "anchor", "due", "every"), _examples("deadlines.tsv"))
def test_deadline_examples(text: str, anchor: str, due: str, every: str) -> None:
    found = deadlines_in(text, dt.date.fromisoformat(anchor) if anchor != "-" else None)
    dues = [d.due.isoformat() for d in found if d.due]
    if _opt(due) is None:
        assert dues == [], f"{text!r} is not a deadline, found {dues}"
    else:
        assert dues == [due], f"{text!r}: expected {due}, found {[(d.text, d.due, d.rule) for d in found]}"
    recurring = [d.recurrence["every"] for d in found if d.recurrence]
    assert recurring == ([every] if _opt(every) else []), f"{text!r}: recurrence {recurring}"
    for d in found:
        assert d.rule, "every deadline names the rule that produced it"


@pytest.mark.parametrize(
    ("text", "kind", "number", "symbol", "issued", "issuer", "basis"), _examples("references.tsv")
)
def test_reference_examples(
    text: str, kind: str, number: str, symbol: str, issued: str, issuer: str, basis: str
) -> None:
    refs = references_in(text)
    assert len(refs) == 1, [(r.kind, r.number, r.symbol) for r in refs]
    ref = refs[0]
    assert (ref.kind, ref.number, ref.symbol) == (kind, number, symbol)
    assert (ref.issued_on.isoformat() if ref.issued_on else None) == _opt(issued)
    assert ref.issuer == _opt(issuer)
    assert ref.basis == (basis == "yes")


@pytest.mark.parametrize(("sentence", "lead", "support"), _examples("units.tsv"))
def test_unit_examples(sentence: str, lead: str, support: str) -> None:
    found_lead, found_support = units_in(sentence)
    assert [u.name for u in found_lead] == ([] if lead == "-" else lead.split(" | "))
    assert [u.name for u in found_support] == ([] if support == "-" else support.split(" | "))


@pytest.mark.parametrize(
    ("number", "symbol", "written"),
    [
        ("232", "KH/HU", "232-KH/HU"),
        ("8", "KH-UBND", "08/KH-UBND"),
        ("30", "2020/NĐ-CP", "30/2020/NĐ-CP"),
        ("1629", "SCT-CN", "1629/SCT-CN"),
        (None, "KH-SCT", "KH-SCT"),
        ("3", "CTr/TU", "3-CTr/TU"),
    ],
)
def test_number_as_written(number: str | None, symbol: str, written: str) -> None:
    from kehoach.documents.symbols import format_number, parse_symbol

    assert format_number(number, symbol) == written
    if number:
        parts = parse_symbol(written)
        assert parts is not None and (parts.number, parts.symbol) == (number, symbol)


def test_basis_is_the_plan_carried_out() -> None:
    from kehoach.documents import parse

    party = parse(
        "KẾ HOẠCH\nThực hiện Chỉ thị số 23-CT/TW ngày 09/02/2018 của Ban Bí thư\n\n"
        "Thực hiện Kế hoạch số 48-KH/TU ngày 14/6/2018 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ xây dựng kế hoạch.\n"
        "I. MỤC ĐÍCH\n- Nâng cao nhận thức."
    )
    assert [r.symbol for r in party.references if r.basis] == ["KH/TU"]
    state = parse(
        "KẾ HOẠCH\nCông tác năm 2025\n"
        "Căn cứ Luật số 14/2012/QH13 ngày 20/6/2012;\n"
        "Căn cứ Kế hoạch số 15/KH-UBND ngày 08/01/2025 của UBND huyện;\n"
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 10/01/2025 của UBND xã;\n"
        "UBND xã ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n- Nâng cao nhận thức."
    )
    assert [r.symbol for r in state.references if r.basis] == ["KH-UBND"]
