"""`--from auto`: the input's reader from its name, else from its first bytes. What each
reader claims is declared with the reader (`voc.sources.Reader`); this only applies it."""

from pathlib import Path

from voc.errors import InvalidInput
from voc.sources.registry import BY_SUFFIX, FALLBACK, READERS


def detect_kind(path: Path | None, head: bytes, columns: tuple[str, ...] = ()) -> str:
    """The reader for a path (None = stdin, whose first bytes are `head`); `columns`
    are the ones `--map` names, a sign of a table."""
    if path is not None and path.is_dir():
        return _folder_kind(path)
    if path is not None and path.suffix.lower() in BY_SUFFIX:
        return BY_SUFFIX[path.suffix.lower()].name
    return sniff(head, columns)


def sniff(head: bytes, columns: tuple[str, ...] = ()) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for reader in READERS:
        if reader.starts and text.startswith(reader.starts):
            return reader.name
    for reader in READERS:
        if reader.sniff and reader.sniff(text, columns):
            return reader.name
    return FALLBACK.name


def _folder_kind(path: Path) -> str:
    for reader in READERS:
        if any((path / sub).is_dir() for sub in reader.subfolders):
            return reader.name
    suffixes = {f.suffix.lower() for f in path.rglob("*") if f.is_file()}
    for reader in READERS:
        if reader.reads_folders and suffixes & set(reader.suffixes):
            return reader.name
    raise InvalidInput(
        f"cannot tell what {path} holds ({_signs()}): say it with --from {_folder_readers()}"
    )


def _signs() -> str:
    """What a folder was searched for: "no cur/new folders, .eml or .txt files"."""
    folders = ", ".join("/".join(r.subfolders) + " folders" for r in READERS if r.subfolders)
    files = " or ".join(r.suffixes[0] for r in READERS if r.reads_folders)
    return f"no {folders}, {files} files"


def _folder_readers() -> str:
    return "|".join(r.name for r in READERS if r.subfolders or r.reads_folders)
