"""Where an import reads from: a folder or a zip file, with caps checked before anything is unpacked."""

from __future__ import annotations

import zipfile
from pathlib import Path

from magcheck.foods.import_rows import import_problem

# Caps on what an import may unpack, checked against the zip's directory before anything is read (a
# zip bomb of a few hundred KB can expand to many GB). Python's zipfile never yields more than a
# member's recorded size, so the recorded sizes bound the memory. SR28's largest file (NUT_DATA.txt)
# is ~30 MB and FoodData Central's SR Legacy food_nutrient.csv ~40 MB: the caps leave ample room.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_MEMBERS = 1_000


class ImportSource:
    """A folder or a zip file; members are found by their lower-case base name, wherever they sit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file():
                    self.members.setdefault(child.name.lower(), str(child))
        elif path.is_file():
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError):
                raise import_problem(path.name, None, "not_zip") from None
            infos = self._zip.infolist()
            if len(infos) > MAX_MEMBERS:
                raise import_problem(path.name, None, "too_many_members", count=len(infos), limit=MAX_MEMBERS)
            total = sum(info.file_size for info in infos)
            if total > MAX_TOTAL_BYTES:
                raise import_problem(
                    path.name, None, "too_large", size_mb=total >> 20, limit_mb=MAX_TOTAL_BYTES >> 20
                )
            for info in infos:
                if not info.is_dir():
                    self.members.setdefault(Path(info.filename).name.lower(), info.filename)
        else:
            raise import_problem(str(path), None, "path_not_found", path=str(path))

    def has(self, name: str) -> bool:
        return name in self.members

    def display(self, name: str) -> str:
        return Path(self.members[name]).name

    def text(self, name: str) -> str:
        """The member decoded: UTF-8 when valid (the shared ABBREV), else Windows-1252 (USDA originals)."""
        display = self.display(name)
        try:
            if self._zip is not None:
                size = self._zip.getinfo(self.members[name]).file_size
            else:
                size = Path(self.members[name]).stat().st_size
            if size > MAX_MEMBER_BYTES:
                raise import_problem(
                    display, None, "too_large", size_mb=size >> 20, limit_mb=MAX_MEMBER_BYTES >> 20
                )
            if self._zip is not None:
                raw = self._zip.read(self.members[name])
            else:
                raw = Path(self.members[name]).read_bytes()
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            raise import_problem(display, None, "unreadable", reason=str(exc)) from None
        if b"\x00" in raw:
            line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
            raise import_problem(display, line, "encoding")
        raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise import_problem(display, raw.count(b"\n", 0, exc.start) + 1, "encoding") from None

    def head(self, name: str, size: int = 4096) -> str:
        """The first bytes of a member as text (to recognise a CSV by its header), never an error."""
        try:
            if self._zip is not None:
                with self._zip.open(self.members[name]) as fh:
                    raw = fh.read(size)
            else:
                with Path(self.members[name]).open("rb") as fh:
                    raw = fh.read(size)
        except (OSError, zipfile.BadZipFile, EOFError):
            return ""
        return raw.decode("utf-8", errors="ignore")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
