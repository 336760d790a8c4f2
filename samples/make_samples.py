"""Build the .docx and .pdf versions of the Party sample plan from its .txt.

    .venv/bin/python samples/make_samples.py            # .docx, then .pdf if LibreOffice is here
    .venv/bin/python samples/make_samples.py --no-pdf   # .docx only

``ke-hoach-dang-uy.txt`` is the source of truth. The .docx is laid out the way such plans are
typed in Word: the header is a borderless two-column table (superior body, issuer, ``*`` and
number on the left; ``ĐẢNG CỘNG SẢN VIỆT NAM`` and the date line on the right), then the body
paragraphs, then a borderless two-column table with "Nơi nhận" on the left and the signer on
the right. The .pdf is a born-digital export of that .docx by LibreOffice (``soffice``), with a
real Unicode text layer; it is committed, so CI never needs LibreOffice.

Gold: a gold file is named like its document with ``.gold.json`` in place of the extension
(``shared/spec/gold-format.md``), so ``ke-hoach-dang-uy.gold.json`` is the gold of the .txt, the
.docx and the .pdf alike: the three carry the same document. ``check_outputs`` verifies that
every text value of that gold can be read back from the .docx and the .pdf.

The .docx is byte-for-byte reproducible (fixed core properties and zip timestamps); the .pdf
is not (LibreOffice stamps a creation date and a document id).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
STEM = "ke-hoach-dang-uy"
FONT = "Times New Roman"
FIXED_TIME = dt.datetime(2025, 1, 15, 8, 0, 0, tzinfo=dt.UTC)


@dataclass
class Plan:
    """The parts of the plain-text plan, in reading order."""

    header_left: list[str]
    header_right: list[str]
    kind_name: str
    title: str
    separator: str | None
    body: list[str]
    recipients_label: str
    recipients: list[str]
    signer: list[str]


def split_plan(text: str) -> Plan:
    lines = [line.rstrip() for line in text.splitlines()]
    i = 0
    left: list[str] = []
    right: list[str] = []
    while lines[i].strip() != "KẾ HOẠCH":
        line = lines[i].strip()
        if line:
            # The right column: the Party title and the place/date line.
            (right if line == "ĐẢNG CỘNG SẢN VIỆT NAM" or ", ngày " in line else left).append(line)
        i += 1
    kind_name = lines[i].strip()
    i += 1
    title_lines: list[str] = []
    while lines[i].strip() and not lines[i].startswith("---"):
        title_lines.append(lines[i].strip())
        i += 1
    separator = lines[i].strip() if lines[i].startswith("---") else None
    i += 1
    body: list[str] = []
    while lines[i].strip() != "Nơi nhận:":
        if lines[i].strip():
            body.append(lines[i].strip())
        i += 1
    recipients_label = lines[i].strip()
    i += 1
    recipients: list[str] = []
    while lines[i].strip():
        recipients.append(lines[i].strip())
        i += 1
    signer = [line.strip() for line in lines[i:] if line.strip()]
    return Plan(
        left, right, kind_name, " ".join(title_lines), separator, body, recipients_label, recipients, signer
    )


# --- python-docx helpers -------------------------------------------------------------------


def set_font(
    run_or_style, size: float, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:
    font = run_or_style.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.underline = underline
    # python-docx sets only w:ascii/w:hAnsi; Vietnamese text also needs the other slots.
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def add_par(
    container,
    text: str,
    size: float = 14,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent_mm: float = 0,
    after_pt: float = 6,
) -> Paragraph:
    par = container.add_paragraph()
    par.alignment = align
    fmt = par.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after_pt)
    fmt.line_spacing = 1.15
    if indent_mm:
        fmt.first_line_indent = Mm(indent_mm)
    if text:
        set_font(par.add_run(text), size, bold, italic, underline)
    return par


def first_par(cell: _Cell, text: str, size: float, **kw) -> Paragraph:
    """Fill the empty paragraph every new cell has, then behave like add_par."""
    par = cell.paragraphs[0]
    par.alignment = kw.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    par.paragraph_format.space_after = Pt(kw.pop("after_pt", 0))
    set_font(par.add_run(text), size, **kw)
    return par


def borderless_table(doc, widths_mm: tuple[float, float]):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return table


def bottom_rule(par: Paragraph) -> None:
    """A solid line under a paragraph (the rule under ĐẢNG CỘNG SẢN VIỆT NAM)."""
    ppr = par._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    pbdr.append(bottom)
    ppr.append(pbdr)


# --- the document --------------------------------------------------------------------------

ROMAN_HEADING = re.compile(r"^[IVX]+\.\s")
NUMBER_HEADING = re.compile(r"^\d+\.\s")
SUB_HEADING = re.compile(r"^\d+\.\d+\.\s")
LETTER_HEADING = re.compile(r"^[a-zđ]\)\s")


def body_paragraph(doc, line: str) -> None:
    if ROMAN_HEADING.match(line):
        add_par(doc, line, bold=True, indent_mm=10)
    elif SUB_HEADING.match(line):
        add_par(doc, line, bold=True, italic=True, indent_mm=10)
    elif NUMBER_HEADING.match(line) and len(line) < 90 and not line.endswith("."):
        add_par(doc, line, bold=True, indent_mm=10)
    elif LETTER_HEADING.match(line):
        add_par(doc, line, italic=True, indent_mm=10)
    elif line.startswith("¹"):
        add_par(doc, line, size=11, after_pt=3)
    else:
        add_par(doc, line, indent_mm=10)


def build_docx(plan: Plan, out: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    set_font(doc.styles["Normal"], 14)

    # Header: superior / issuer / * / number  |  ĐẢNG CỘNG SẢN VIỆT NAM / date.
    left, right = borderless_table(doc, (75, 90)).rows[0].cells
    superior, issuer, star, number = plan.header_left
    first_par(left, superior, 14)
    add_par(left, issuer, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0)
    add_par(left, star, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0)
    add_par(left, number, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0)
    party, date_line = plan.header_right
    bottom_rule(first_par(right, party, 15, bold=True))
    add_par(right, "", align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0)
    add_par(right, date_line, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after_pt=0)

    add_par(doc, "", after_pt=0)
    add_par(doc, plan.kind_name, 16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0)
    add_par(doc, plan.title, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0)
    if plan.separator:
        add_par(doc, plan.separator, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in plan.body:
        body_paragraph(doc, line)

    # Signature block: Nơi nhận | signer.
    add_par(doc, "", after_pt=0)
    left, right = borderless_table(doc, (80, 85)).rows[0].cells
    first_par(left, plan.recipients_label, 14, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in plan.recipients:
        add_par(left, line, 12, align=WD_ALIGN_PARAGRAPH.LEFT, after_pt=0)
    *authority, name = plan.signer
    first_par(right, authority[0], 14, bold=True)
    for line in authority[1:]:
        add_par(right, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0)
    for _ in range(4):  # room for the signature and the seal
        add_par(right, "", align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0)
    add_par(right, name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0)

    props = doc.core_properties
    props.author = props.last_modified_by = "kehoach samples"
    props.title = f"{plan.kind_name} {plan.title}"
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    doc.save(str(out))
    _freeze_zip(out)


def _freeze_zip(path: Path) -> None:
    """Rewrite the .docx with fixed entry timestamps so that rebuilding it changes nothing."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 15, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


def build_pdf(docx_path: Path) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(
            "soffice not found: the .pdf was not rebuilt "
            "(apt-get install libreoffice-writer-nogui fonts-dejavu-core)"
        )
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(docx_path.parent),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return docx_path.with_suffix(".pdf")


# --- checks --------------------------------------------------------------------------------


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts: list[str] = []
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            parts.append(Paragraph(child, doc).text)
        elif child.tag == qn("w:tbl"):
            for cell in child.iter(qn("w:tc")):
                parts.extend(Paragraph(p, doc).text for p in cell.iter(qn("w:p")))
    return "\n".join(parts)


def pdf_text(path: Path) -> tuple[str, int]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        return "\n".join(pages), len(pdf)
    finally:
        pdf.close()


def gold_strings(gold: dict) -> list[str]:
    doc = gold["document"]
    values = [doc["title"], doc["signer_name"], doc["signer_position"], doc["place"]]
    values += [d["text"] for d in gold["deadlines"]]
    values += gold["units"] + gold["recipients"]
    return [v for v in values if v]


def check_outputs(paths: list[Path], gold_path: Path) -> bool:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    ok = True
    for path in paths:
        if path.suffix == ".pdf":
            text, pages = pdf_text(path)
            where = f"{path.name} ({pages} pages)"
        else:
            text, where = docx_text(path), path.name
        flat = _flat(text)
        missing = [s for s in gold_strings(gold) if s not in flat]
        if missing:
            ok = False
            print(f"{where}: gold values not found in the text layer: {missing}")
        else:
            print(f"{where}: every gold text value reads back ({len(flat)} characters)")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="do not run LibreOffice")
    args = ap.parse_args(argv)
    source = HERE / f"{STEM}.txt"
    plan = split_plan(source.read_text(encoding="utf-8"))
    docx_path = HERE / f"{STEM}.docx"
    build_docx(plan, docx_path)
    print(f"wrote {docx_path.relative_to(HERE.parent)}")
    outputs = [docx_path]
    if not args.no_pdf:
        pdf_path = build_pdf(docx_path)
        if pdf_path is not None:
            print(f"wrote {pdf_path.relative_to(HERE.parent)}")
    pdf_path = HERE / f"{STEM}.pdf"
    if pdf_path.exists():
        outputs.append(pdf_path)
    return 0 if check_outputs(outputs, HERE / f"{STEM}.gold.json") else 1


if __name__ == "__main__":
    sys.exit(main())
