"""Files voc writes that hold what customers said: created readable by their owner only."""

import os
from pathlib import Path
from typing import IO

from voc.errors import VocError


def open_private(path: Path, force: bool = False) -> IO[str]:
    """Create `path` with mode 0600 (parent folders too). An existing file is replaced
    only when asked, and then made owner-only as well."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise VocError(f"{path} already exists: choose another name, or use --force") from None
    except OSError as e:
        raise VocError(f"cannot write {path}: {e.strerror}") from None
    os.fchmod(fd, 0o600)  # an existing file keeps its mode on O_TRUNC
    return os.fdopen(fd, "w", encoding="utf-8", newline="")
