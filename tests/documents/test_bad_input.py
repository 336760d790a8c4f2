"""kehoach.documents.read on bad input: each is refused with the right error and a one-line
message that names the file. Files too big or too odd to commit are made here in tmp_path."""

from __future__ import annotations

import io
import random
import shutil
import time
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.documents.errors import DocumentError, UnreadableDocument, UnsupportedFormat, UnusableTextLayer
from kehoach.documents.read import MAX_BYTES, read

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HAS_ANTIWORD = shutil.which("antiword") is not None


def refused(source: str | Path | bytes, name: str | None, kind: type[DocumentError], *fragments: str) -> str:
    """Read ``source``; check it raises ``kind`` with a one-line message naming the file and
    holding each of ``fragments``; return the message."""
    with pytest.raises(DocumentError) as caught:
        read(source, name=name)
    message = str(caught.value)
    assert type(caught.value) is kind, message
    assert "\n" not in message and "\r" not in message
    assert "Traceback" not in message
    shown = name if name is not None else (source.name if isinstance(source, Path) else "text.txt")
    assert shown.replace("\\", "/").rsplit("/", 1)[-1] in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def sample_text() -> str:
    return (FIXTURES / "sample.txt").read_text(encoding="utf-8")


# -- formats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plan.xlsx", "plan.odt", "plan.rtf", "ke hoach.PPTX", "plan.doc.zip"])
def test_unsupported_extension(name: str) -> None:
    message = refused(b"whatever", name, UnsupportedFormat, ".txt, .md, .docx, .pdf and .doc")
    if name.endswith((".odt", ".rtf")):
        assert message.endswith("save it as .docx or .pdf")


def test_no_extension() -> None:
    refused(b"whatever", "README", UnsupportedFormat, "has no file extension")


def test_no_such_file(tmp_path: Path) -> None:
    refused(tmp_path / "missing.pdf", None, UnreadableDocument, "no such file")


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "plans.docx"
    folder.mkdir()
    refused(folder, None, UnreadableDocument, "is a folder")


# -- empty, too large, junk ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.txt", b"", "empty.txt is empty"),
        ("empty.md", b"", "empty.md is empty"),
        ("blank.txt", b"  \n\t\r\n  ", "blank.txt is empty"),
        ("blank16.txt", "  \n \n".encode("utf-16"), "blank16.txt is empty"),
        ("empty.docx", b"", "not a zip archive"),
        ("empty.pdf", b"", "not a PDF file"),
        ("empty.doc", b"", "not a Word 97-2003 document"),
    ],
)
def test_empty(tmp_path: Path, name: str, content: bytes, says: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    refused(path, None, UnreadableDocument, says)
    refused(content, name, UnreadableDocument, says)


def test_empty_str() -> None:
    refused("", None, UnreadableDocument, "text.txt is empty")
    refused(" \n\n ", "ke-hoach.md", UnreadableDocument, "ke-hoach.md is empty")


def test_empty_docx() -> None:
    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(buf)
    refused(buf.getvalue(), "blank.docx", UnreadableDocument, "blank.docx is empty")


@pytest.mark.parametrize("name", ["huge.pdf", "huge.docx", "huge.txt", "huge.doc"])
def test_too_large_file_is_refused_without_reading_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    start = time.perf_counter()
    refused(path, None, UnreadableDocument, "50.0 MB", "larger than 50 MB")
    assert time.perf_counter() - start < 0.5


def test_too_large_bytes() -> None:
    refused(bytes(MAX_BYTES + 1), "big.pdf", UnreadableDocument, "larger than 50 MB")


def test_exactly_the_limit_is_not_refused_for_size(tmp_path: Path) -> None:
    path = tmp_path / "limit.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES)
    message = refused(path, None, UnreadableDocument)
    assert "MB" not in message  # refused as binary junk (NUL bytes), not for its size


def test_binary_junk() -> None:
    junk = random.Random(7).randbytes(4000)
    refused(junk, "junk.txt", UnreadableDocument, "junk.txt is not")
    refused(junk, "junk.md", UnreadableDocument, "junk.md is not")
    refused(junk, "junk.docx", UnreadableDocument, "not a zip archive")
    refused(junk, "junk.pdf", UnreadableDocument, "not a PDF file")
    refused(junk, "junk.doc", UnreadableDocument, "not a Word 97-2003 document")


def test_binary_with_nul_bytes() -> None:
    refused(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" * 50, "program.txt", UnreadableDocument, "binary data")


def test_control_characters_are_junk() -> None:
    text = sample_text()
    junk = "".join(ch + "\x01\x02" for ch in text[:400])
    refused(junk.encode("utf-8"), "controls.txt", UnreadableDocument, "binary data", "control characters")
    refused(junk, None, UnreadableDocument, "control characters")


def test_a_pdf_named_txt() -> None:
    refused((FIXTURES / "sample.pdf").read_bytes(), "plan.txt", UnreadableDocument, "it is a PDF file")


# -- text encodings --------------------------------------------------------------------------------------


def test_windows_1258() -> None:
    refused(
        FIXTURES / "sample-cp1258.txt",
        None,
        UnreadableDocument,
        "sample-cp1258.txt is not UTF-8 text (it looks like Windows-1258); save it as UTF-8 and try again",
    )


def test_utf16_without_bom() -> None:
    refused(FIXTURES / "sample-utf16-nobom.txt", None, UnreadableDocument, "UTF-16 without a byte-order mark")
    refused(
        sample_text().encode("utf-16-be"), "be.txt", UnreadableDocument, "UTF-16 without a byte-order mark"
    )


def test_tcvn3_bytes() -> None:
    refused(FIXTURES / "legacy-tcvn3.txt", None, UnreadableDocument, "TCVN3 or VNI")


def test_windows_1252() -> None:
    refused("Café, naïve, résumé – “quotes”".encode("cp1252"), "west.txt", UnreadableDocument, "not UTF-8")


def test_damaged_utf8() -> None:
    text = sample_text()
    head = text[:300].encode("utf-8")
    data = head + b"\xff" + text[300:].encode("utf-8")
    refused(
        data,
        "damaged.txt",
        UnreadableDocument,
        "(1 byte(s) are not UTF-8, the first at byte",
        f"{len(head)});",
    )


def test_damaged_utf16() -> None:
    refused(
        b"\xff\xfe" + "KẾ HOẠCH".encode("utf-16-le") + b"\x00\xd8", "bad16.txt", UnreadableDocument, "damaged"
    )


# -- unusable text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["legacy-tcvn3.docx", "legacy-vni.docx"])
def test_legacy_font_encoding(fixture: str) -> None:
    message = refused(
        FIXTURES / fixture, None, UnusableTextLayer, "legacy Vietnamese font encoding (TCVN3/VNI)"
    )
    assert "convert it to Unicode" in message


def test_legacy_font_encoding_as_text() -> None:
    legacy = (FIXTURES / "legacy-tcvn3.txt").read_bytes().decode("cp1252", errors="replace")
    assert "nh©n d©n" in legacy
    refused(legacy, "paste.txt", UnusableTextLayer, "legacy Vietnamese font encoding (TCVN3/VNI)")


def test_garbled_text_in_a_docx() -> None:
    garbled = "".join(
        chr(0x0490 + ord(c) % 64) if c.isalpha() and not c.isascii() else c for c in sample_text()
    )
    garbled = "".join(
        chr(ord(c) - 29) if c.isascii() and c.isalpha() and i % 3 else c for i, c in enumerate(garbled)
    )
    buf = io.BytesIO()
    document = docx.Document()
    for line in garbled.split("\n"):
        document.add_paragraph(line)
    document.save(buf)
    refused(
        buf.getvalue(),
        "garbled.docx",
        UnusableTextLayer,
        "the text is garbled",
        "of the words are not Vietnamese",
    )


def test_text_without_diacritics() -> None:
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFD", sample_text()) if not unicodedata.combining(c))
    refused(
        bare.replace("đ", "d").replace("Đ", "D"), "ocr.txt", UnusableTextLayer, "no Vietnamese diacritics"
    )


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("image-only.pdf", "(no text layer: scanned pages)"),
        ("scanned-stamp.pdf", "(no text layer: scanned pages)"),
        ("garbled-font.pdf", "(garbled font encoding: "),
        ("no-diacritics.pdf", "without Vietnamese diacritics"),
    ],
)
def test_unusable_pdf_text_layer(fixture: str, reason: str) -> None:
    message = refused(FIXTURES / fixture, None, UnusableTextLayer, reason)
    assert message.startswith(f"{fixture}: the PDF's text layer is unusable (")
    assert message.endswith("); it needs OCR")


def test_mostly_scanned_pdf() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(FIXTURES / "partly-scanned.pdf")  # 4 pages: 2 with text, 1 signature, 1 scan
    pdf.import_pages(pdfium.PdfDocument(FIXTURES / "image-only.pdf"))
    pdf.import_pages(pdfium.PdfDocument(FIXTURES / "image-only.pdf"))
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    refused(buf.getvalue(), "mixed.pdf", UnusableTextLayer, "(no text layer on 6 of 8 pages: scanned pages)")


# -- damaged .pdf ----------------------------------------------------------------------------------------


def test_pdf_without_header() -> None:
    refused(b"Hello, this is not a PDF %%EOF", "fake.pdf", UnreadableDocument, "does not start with %PDF-")
    refused((FIXTURES / "sample.docx").read_bytes(), "word.pdf", UnreadableDocument, "it is a zip archive")


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (FIXTURES / "sample.pdf").read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    refused(path, None, UnreadableDocument, "half.pdf is truncated")
    refused(data[:-200], "cut.pdf", UnreadableDocument, "truncated")


def test_corrupt_pdf() -> None:
    data = b"%PDF-1.7\n" + random.Random(3).randbytes(3000) + b"\n%%EOF\n"
    refused(data, "corrupt.pdf", UnreadableDocument, "corrupt.pdf is damaged")


def test_encrypted_pdf() -> None:
    refused(FIXTURES / "encrypted.pdf", None, UnreadableDocument, "encrypted.pdf is password-protected")


# -- damaged .docx ---------------------------------------------------------------------------------------


def test_docx_not_a_zip() -> None:
    refused(
        sample_text().encode("utf-8"), "plain.docx", UnreadableDocument, "plain.docx is not a Word .docx file"
    )
    refused((FIXTURES / "sample.pdf").read_bytes(), "pdf.docx", UnreadableDocument, "it is a PDF file")


def test_truncated_docx(tmp_path: Path) -> None:
    data = (FIXTURES / "sample.docx").read_bytes()
    path = tmp_path / "half.docx"
    path.write_bytes(data[: len(data) // 2])
    refused(path, None, UnreadableDocument, "half.docx is damaged or truncated")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, content in members.items():
            zf.writestr(member, content)
    return buf.getvalue()


def test_zip_that_is_not_a_word_document() -> None:
    refused(_zip({"readme.txt": b"hello"}), "other.docx", UnreadableDocument, "not a Word document")
    refused(_zip({"xl/workbook.xml": b"<x/>"}), "book.docx", UnreadableDocument, "Excel workbook")
    odt = {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
    refused(_zip(odt), "writer.docx", UnreadableDocument, "OpenDocument")


def test_docx_with_broken_xml() -> None:
    with zipfile.ZipFile(FIXTURES / "sample.docx") as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    members["word/document.xml"] = members["word/document.xml"][:500]
    refused(_zip(members), "broken.docx", UnreadableDocument, "broken.docx is damaged")


def test_docx_with_bad_crc() -> None:
    data = bytearray((FIXTURES / "sample.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 40
    data[start : start + 4] = bytes(4)  # corrupt the compressed stream of the document
    with pytest.raises(UnreadableDocument) as caught:
        read(bytes(data), name="crc.docx")
    assert "crc.docx is damaged" in str(caught.value)


def test_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(zeros)
    assert path.stat().st_size < 2 * 1024 * 1024
    start = time.perf_counter()
    refused(path, None, UnreadableDocument, "bomb.docx", "refusing it")
    assert time.perf_counter() - start < 1.0


def test_many_members_expanding_too_far() -> None:
    members = {"word/document.xml": b"<w:document/>"}
    members.update({f"word/media/image{i}.bin": bytes(9 * 1024 * 1024) for i in range(25)})
    refused(_zip(members), "wide.docx", UnreadableDocument, "expands to more than 200 MB")


def test_password_protected_docx() -> None:
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(500)
    )
    refused(ole, "locked.docx", UnreadableDocument, "locked.docx is password-protected")


# -- damaged .doc ----------------------------------------------------------------------------------------


def test_rtf_named_doc() -> None:
    refused(
        b"{\\rtf1\\ansi K\\'ea ho\\'1ach}",
        "letter.doc",
        UnsupportedFormat,
        "is an RTF file",
        "save it as .docx",
    )
    refused(b"<html><body>KH</body></html>", "page.doc", UnsupportedFormat, "web page")


@pytest.mark.skipif(not HAS_ANTIWORD, reason="antiword is not installed")
def test_truncated_doc() -> None:
    data = (FIXTURES / "sample.doc").read_bytes()
    refused(data[:3000], "half.doc", UnreadableDocument, "half.doc")


@pytest.mark.skipif(not HAS_ANTIWORD, reason="antiword is not installed")
def test_ole2_junk_doc() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(5).randbytes(4000)
    refused(ole, "junk.doc", UnreadableDocument, "junk.doc")


# -- anything at all -------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_str_reads_or_is_refused_in_one_line(text: str) -> None:
    try:
        doc = read(text)
    except DocumentError as exc:
        assert "\n" not in str(exc) and "text.txt" in str(exc)
    else:
        assert doc.text.strip()
        assert "\r" not in doc.text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=600),
    st.sampled_from(["x.txt", "x.md", "x.docx", "x.pdf", "x.doc"]),
    st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe"]),
)
def test_any_bytes_read_or_are_refused_in_one_line(data: bytes, name: str, prefix: bytes) -> None:
    try:
        read(prefix + data, name=name)
    except DocumentError as exc:
        assert "\n" not in str(exc) and name in str(exc)
