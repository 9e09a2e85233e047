"""The rejects file: one JSON line per record an import could not read, with where it
was and why. Created on the first reject only, readable by its owner alone (0600): a
rejected record may hold personal data that was never redacted."""

import json
import os
from pathlib import Path
from typing import IO

from voc.dates import utcnow
from voc.errors import VocError
from voc.sources import Reject


def default_rejects_path(db_path: Path) -> Path:
    """Beside the database, one file per run: `voc-rejects-20261125T120501Z.jsonl`."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    return db_path.parent / f"{db_path.stem}-rejects-{stamp}.jsonl"


class RejectLog:
    def __init__(self, path: Path, input_name: str, enabled: bool = True):
        self.path = path
        self.input_name = input_name
        self.enabled = enabled  # a dry run counts rejects but writes no file
        self.written = 0
        self._file: IO[str] | None = None

    def write(self, reject: Reject) -> None:
        if not self.enabled:
            return
        if self._file is None:
            self._file = self._open()
        record = {"input": self.input_name, "position": reject.position, "reason": reject.reason}
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.written += 1

    def _open(self) -> IO[str]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError as e:
            raise VocError(f"cannot write the rejects file {self.path}: {e.strerror}") from None
        return os.fdopen(fd, "a", encoding="utf-8")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
