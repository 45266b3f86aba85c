"""What an import file may be before any of it is parsed: size, kind (never an archive) and encoding.

An export is a text file of at most a few megabytes. Reading an arbitrary file whole (a disk image, a
zip bomb) would take memory without bound, so the size is checked before reading and an archive is
refused by its first bytes, never unpacked: `magcheck export` writes plain JSON or CSV.
"""

from __future__ import annotations

from pathlib import Path

from magcheck.core.errors import input_error

MAX_IMPORT_BYTES = 25_000_000
"""Years of daily logs fit many times over; the web API accepts the same size (`web.security`)."""

# first bytes of the archive formats people are likely to try: zip, gzip, bzip2, xz, 7z, zstd
_ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf",
    b"\x28\xb5\x2f\xfd",
)


def import_text_from_bytes(raw: bytes, field: str) -> str:
    """The export file's text; an archive, an oversized file or bytes that are not UTF-8 are field errors."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise input_error(field, "security.errors.import_too_large", limit_mb=MAX_IMPORT_BYTES // 1_000_000)
    if raw.startswith(_ARCHIVE_MAGIC):
        raise input_error(field, "security.errors.import_archive")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise input_error(field, "errors.invalid", value="(not UTF-8)") from None


def read_import_file(path: Path, field: str = "file") -> str:
    """Read `path` as an export file, checking its size before reading a byte of it."""
    try:
        if path.is_dir():
            raise input_error(field, "errors.invalid", value=str(path))
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise input_error(
                field, "security.errors.import_too_large", limit_mb=MAX_IMPORT_BYTES // 1_000_000
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_IMPORT_BYTES + 1)  # a FIFO or a growing file has no honest size
    except FileNotFoundError:
        raise input_error(field, "errors.file_not_found", path=str(path)) from None
    except OSError as exc:
        raise input_error(field, "errors.invalid", value=f"{path} ({exc.strerror})") from None
    return import_text_from_bytes(raw, field)
