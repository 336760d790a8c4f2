"""The review screen's highlighted document: escaped, complete, every value marked."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from kehoach.conftest import make_org, make_user
from kehoach.web.highlight import Mark, highlight, marks_for

SAMPLES = Path(__file__).resolve().parents[4] / "samples"
TAG = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    """The text a browser shows: tags removed, entities decoded."""
    return html.unescape(TAG.sub("", markup))


def test_text_is_escaped_inside_and_outside_marks() -> None:
    text = 'Xem <script>alert("x")</script> & Kế hoạch số 12-KH/HU'
    out = str(highlight(text, [Mark(4, 33, "reference", 'Tiêu đề "lạ" <b>')]))
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out
    assert 'title="Tiêu đề &quot;lạ&quot; &lt;b&gt;"' in out
    assert plain(out) == text


def test_nested_values_colour_the_inner_one_and_name_both() -> None:
    text = "Số 45-KH/HU ngày 15/01/2025"
    symbol, number = Mark(3, 11, "header", "Ký hiệu: KH/HU"), Mark(3, 5, "header", "Số: 45")
    deadline = Mark(12, 27, "deadline", "Thời hạn")
    out = str(highlight(text, [symbol, number, deadline]))
    marks = re.findall(r'<mark class="hl ([\w-]+)" title="([^"]*)">([^<]*)</mark>', out)
    assert marks == [
        ("hl-header", "Số: 45\nKý hiệu: KH/HU", "45"),
        ("hl-header", "Ký hiệu: KH/HU", "-KH/HU"),
        ("hl-deadline", "Thời hạn", "ngày 15/01/2025"),
    ]
    assert plain(out) == text


def test_a_task_is_a_background_and_values_inside_it_win() -> None:
    text = "Ban Tuyên giáo chủ trì, trước ngày 10/4"
    out = str(
        highlight(
            text,
            [
                Mark(0, len(text), "task", "Nhiệm vụ 1", anchor="src-task-7"),
                Mark(0, 14, "lead", "Chủ trì: Ban Tuyên giáo"),
            ],
        )
    )
    assert out.startswith('<span class="anchor" id="src-task-7"></span><mark class="hl hl-lead"')
    assert '<mark class="hl hl-task" title="Nhiệm vụ 1">' in out
    assert plain(out) == text


def test_spans_beyond_the_text_or_malformed_are_harmless() -> None:
    text = "ngắn"
    out = str(highlight(text, [Mark(2, 99, "deadline", "x"), Mark(50, 60, "lead", "y")]))
    assert plain(out) == text
    parse = {"document": {"spans": {"number": [5, 2], "symbol": "x", "title": [0, 3]}, "title": "ngắ"}}
    kinds = [(m.kind, m.start, m.end) for m in marks_for(parse, [])]
    assert kinds == [("header", 0, 3)]


@pytest.mark.django_db
@pytest.mark.skipif(not (SAMPLES / "ke-hoach-dang-uy.txt").exists(), reason="samples/ not present")
def test_the_sample_plan_shows_every_extracted_value_in_place() -> None:
    from kehoach.accounts.models import Role
    from kehoach.documents import parse
    from kehoach.organisations.models import OrganisationKind as K
    from kehoach.plans import services

    district = make_org("Huyện ủy Tân Hòa", K.DISTRICT_COMMITTEE)
    make_org("Ban Tuyên giáo Huyện ủy Tân Hòa", K.ADVISORY_BOARD, district)
    office = make_user("vp", district, Role.PLAN_OFFICE)
    result = parse(SAMPLES / "ke-hoach-dang-uy.txt").to_dict(with_text=True)
    plan = services.create_plan_from_parse(result, None, district, office)
    tasks = list(plan.tasks.prefetch_related("units__organisation"))
    out = str(highlight(result["text"], marks_for(plan.parse, tasks)))

    assert plain(out) == result["text"]  # nothing lost, nothing doubled
    titles = [html.unescape(t) for t in re.findall(r'title="([^"]*)"', out)]
    for ref in result["references"]:
        assert any(f"Văn bản dẫn chiếu: {ref['text']}" in t for t in titles), ref["text"]
    for deadline in result["deadlines"]:
        assert any(f"Thời hạn: {deadline['text']}" in t for t in titles), deadline["text"]
    for task in result["tasks"]:
        for mention in task["lead"]:
            assert any(f"Chủ trì: {mention['name']}" in t for t in titles), mention["name"]
    assert any(t.startswith("Số: 45") for t in titles)
    assert any("Ngày ban hành: 15/01/2025" in t for t in titles)
    assert out.count('class="anchor"') == len([t for t in tasks if t.span])
