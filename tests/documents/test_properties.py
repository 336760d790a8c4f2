"""Property-based tests: whatever a document is mutated into, the parser returns a result or
refuses with a DocumentError (never another exception), and every span points at its own text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.documents import DocumentError, ParsedDocument, parse

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [
    (ROOT / "samples" / name).read_text(encoding="utf-8")
    for name in ("ke-hoach-dang-uy.txt", "ke-hoach-ubnd.txt", "ke-hoach-chi-bo.md")
]
NOISE = st.text(
    alphabet=st.sampled_from(
        list("ạảãàáâậầấẩẫăằắặẳẵđĐƯƠ0123456789/-–.,;:()*#_\n\t \u00a0\u200b\u0301\u0323¹⁽⁾\f“”")
    ),
    max_size=40,
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(0, 6))):
        n = len(text)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 400)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "swap", "truncate", "upper"]))
        if op == "delete":
            text = text[:a] + text[b:]
        elif op == "duplicate":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "insert":
            text = text[:a] + draw(NOISE) + text[a:]
        elif op == "swap":
            text = text[a:b] + text[:a] + text[b:]
        elif op == "truncate":
            text = text[:a]
        else:
            text = text[:a] + text[a:b].upper() + text[b:]
    return text


def _flat(s: str) -> str:
    return " ".join(s.split())


def check_spans(result: ParsedDocument) -> None:
    text = result.text
    n = len(text)

    def ok(span: tuple[int, int] | None) -> None:
        assert span is not None
        assert 0 <= span[0] <= span[1] <= n, span

    for ref in result.references:
        ok(ref.span)
        assert _flat(text[ref.span[0] : ref.span[1]]) == ref.text
    for d in result.deadlines:
        ok(d.span)
        assert text[d.span[0] : d.span[1]] == d.text
    for task in result.tasks:
        ok(task.span)
        assert _flat(text[task.span[0] : task.span[1]]) == task.text
        for u in task.lead + task.support:
            ok(u.span)
            assert _flat(text[u.span[0] : u.span[1]]) == u.name
        if task.deadline:
            assert task.deadline in result.deadlines
    for r in result.document.recipients:
        ok(r.span)
        assert _flat(text[r.span[0] : r.span[1]]).startswith(r.name[:20])
    for f in result.document.fields.values():
        ok(f.span)
    stack = list(result.sections)
    while stack:
        sec = stack.pop()
        ok(sec.span)
        assert _flat(text[sec.span[0] : sec.span[1]]) == sec.heading
        stack.extend(sec.children)
    assert result.to_dict()["schema"] == "kehoach.parse/1"


def test_samples_spans() -> None:
    for sample in SAMPLES:
        check_spans(parse(sample))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_text_parses_or_refuses(text: str) -> None:
    try:
        result = parse(text)
    except DocumentError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check_spans(result)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_mutated_bytes_parse_or_refuse(text: str, codec: str) -> None:
    data = text.encode(codec, errors="replace")
    try:
        result = parse(data, name="plan.txt")
    except DocumentError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check_spans(result)
