"""Checking uploaded files: the extension must be one we accept, the first bytes must be what
that extension promises, and the size must be within ``settings.MAX_UPLOAD_BYTES``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings

from kehoach.errors import ServiceError

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# extension → (content type, accepted leading bytes; None: UTF-8 text)
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".doc": ("application/msword", _OLE),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".txt": ("text/plain", None),
    ".md": ("text/markdown", None),
    ".csv": ("text/csv", None),
}
REPORT_EXTENSIONS = frozenset(FILE_TYPES) - {".md"}
PLAN_EXTENSIONS = frozenset({".pdf", ".docx", ".doc", ".txt", ".md"})
MAX_REPORT_FILES = 10


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def check_upload(upload: Any, allowed: frozenset[str]) -> CheckedFile:
    """Validate an uploaded file (a Django ``File``/``UploadedFile``); raise ServiceError."""
    name = PurePath(getattr(upload, "name", "") or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in allowed:
        accepted = ", ".join(sorted(allowed))
        raise ServiceError(
            "file_type",
            f"Tệp {name or '(không tên)'}: định dạng không được chấp nhận (chấp nhận: {accepted}).",
            f"{name or 'The file'}: file type not accepted (accepted: {accepted}).",
        )
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise ServiceError("file_empty", f"Tệp {name} rỗng.", f"{name} is empty.")
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise ServiceError(
            "file_too_large",
            f"Tệp {name} quá lớn ({size / 1048576:.1f} MB, tối đa {limit / 1048576:.0f} MB).",
            f"{name} is too large ({size} bytes; the limit is {limit}).",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    head = b""
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        if len(head) < 4096:
            head += chunk[: 4096 - len(head)]
        digest.update(chunk)
    upload.seek(0)
    content_type, magic = FILE_TYPES[extension]
    if magic is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if len(head) < 4096 or exc.start < len(head) - 3:  # not just a character cut at 4 KiB
                raise ServiceError(
                    "file_content",
                    f"Tệp {name} không phải văn bản UTF-8.",
                    f"{name} is not UTF-8 text.",
                ) from exc
    elif not any(head.startswith(m) for m in magic):
        raise ServiceError(
            "file_content",
            f"Nội dung tệp {name} không đúng định dạng {extension}.",
            f"The content of {name} is not a {extension} file.",
        )
    return CheckedFile(name=name, content_type=content_type, size=size, sha256=digest.hexdigest())
