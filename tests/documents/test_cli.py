"""`kehoach parse` as a user runs it: a real subprocess, real files, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "ke-hoach-dang-uy.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kehoach.cli", "parse", *args], capture_output=True, text=True, timeout=60
    )


def test_json_contract() -> None:
    proc = run("--json", "--with-text", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["schema"] == "kehoach.parse/1"
    assert set(out) >= {
        "source",
        "document",
        "references",
        "sections",
        "tasks",
        "deadlines",
        "warnings",
        "text",
    }
    assert out["source"]["name"] == SAMPLE.name and out["source"]["format"] == "txt"
    assert out["source"]["chars"] == len(out["text"])
    doc = out["document"]
    assert (doc["kind"], doc["number"], doc["symbol"]) == ("KH", "45", "KH/HU")
    for ref in out["references"]:
        a, b = ref["span"]
        assert " ".join(out["text"][a:b].split()) == ref["text"]


def test_summary_and_explain() -> None:
    proc = run(str(SAMPLE))
    assert proc.returncode == 0 and "Kế hoạch số 45-KH/HU" in proc.stdout
    proc = run("--explain", str(SAMPLE))
    assert proc.returncode == 0
    assert "## deadlines" in proc.stdout and "← " in proc.stdout


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "is empty"),
        ("junk.txt", bytes(range(256)) * 20, "not"),
        ("plan.rtf", b"{\\rtf1 hello}", "supported"),
        ("fake.docx", b"this is not a zip", "docx"),
        ("cut.pdf", b"%PDF-1.7\n1 0 obj <<", "pdf"),
        ("cp1258.txt", (FIXTURES / "sample-cp1258.txt").read_bytes(), "UTF-8"),
        ("garbled.pdf", (FIXTURES / "garbled-font.pdf").read_bytes(), "text layer"),
        ("scan.pdf", (FIXTURES / "image-only.pdf").read_bytes(), "text layer"),
    ],
)
def test_bad_input_one_line_exit_2(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    proc = run("--json", str(path))
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert name in lines[0] and expected.lower() in lines[0].lower()


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for target in (tmp_path / "nope.docx", tmp_path):
        proc = run(str(target))
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def _zip_bomb(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros, a few hundred KB compressed
                f.write(chunk)


def test_more_bad_input(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(51 * 1024 * 1024)
    bomb = tmp_path / "bomb.docx"
    _zip_bomb(bomb)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes((FIXTURES / "sample-utf16-nobom.txt").read_bytes())
    pdf = (FIXTURES / "sample.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf[: len(pdf) // 2])
    for path, expected in ((big, "MB"), (bomb, "expands"), (utf16, "UTF-16"), (cut, "truncated")):
        proc = run("--json", str(path))
        assert proc.returncode == 2, (path.name, proc.stderr)
        line = proc.stderr.strip()
        assert "\n" not in line and "Traceback" not in line
        assert path.name in line and expected.lower() in line.lower(), line
