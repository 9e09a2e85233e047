"""The local SQLite file: opening it safely, and reading and changing notes. New notes
are written by `voc.intake.write`, the one path capture, guides and import share.

Writes go through the standard library's sqlite3 so that `voc capture` never pays for
importing sqlite-utils (and the numpy it pulls in); sqlite-utils runs the migrations and
is there for bulk work (`Store.db`).
"""

import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voc.errors import DatabaseError, NoteNotFound
from voc.notes.engine import sqlite3
from voc.notes.note import Note

if TYPE_CHECKING:
    from sqlite_utils import Database

LATEST_SCHEMA = 16  # equals migrations.latest_version(); a test keeps them in step
BUSY_TIMEOUT_MS = 30_000
JSON_FIELDS = ("tags", "untags", "attachments")
NOTE_COLUMNS = (
    "id uid text title source customer account author occurred_at captured_at quotable origin "
    "dedupe_key tags untags attachments contact_hash session_id question_key tagged_with "
    "sentiment sentiment_label"
).split()


class Store:
    """An open voc database. Core functions take a Store; only the CLI decides its path."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self._db: Database | None = None

    @classmethod
    def open(cls, path: Path) -> "Store":
        conn = _connect(path)
        store = cls(conn, path)
        version = store._user_version()
        store._refuse_foreign(version)
        # Only now: switching to WAL rewrites the header of a file voc must not touch.
        _configure(conn)
        if version < LATEST_SCHEMA:
            store._migrate()
        store._finish_scrub()
        return store

    @property
    def db(self) -> "Database":
        """The same connection seen through sqlite-utils (imported on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _user_version(self) -> int:
        try:
            return self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise _not_voc(self.path, e) from None

    def _refuse_foreign(self, version: int) -> None:
        """A newer voc's file, or another program's SQLite file: refuse before any write."""
        if version > LATEST_SCHEMA:
            self.conn.close()
            raise DatabaseError(
                f"{self.path} was written by a newer voc (schema {version}, this voc knows "
                f"{LATEST_SCHEMA}): upgrade voc to use it"
            )
        if version == 0 and self.conn.execute("SELECT 1 FROM sqlite_master").fetchone():
            self.conn.close()
            raise DatabaseError(
                f"{self.path} is not a voc database (another program's SQLite file): "
                "point --db or VOC_DB at another file; voc has not changed it"
            )

    def _migrate(self) -> None:
        from voc.notes import migrations

        try:
            migrations.apply(self.db)
        except sqlite3.OperationalError as e:
            raise DatabaseError(f"{self.path}: cannot prepare the database: {e}") from None

    def _finish_scrub(self) -> None:
        """An erasure whose scrub a full disk stopped is finished by the next command;
        if it still cannot be (no room yet, read-only), the next one tries again."""
        query = "SELECT 1 FROM erasures WHERE scrubbed_at IS NULL LIMIT 1"  # a row per erasure
        if self.conn.execute(query).fetchone() is not None:
            from voc.notes.forget import try_scrub

            try_scrub(self)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the lock at once (no upgrade deadlocks)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            # SQLite may have rolled back already (a full disk inside a trigger does).
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- notes --------------------------------------------------------------------------

    def get(self, note_id: int | None) -> Note:
        row = self.conn.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            raise NoteNotFound(note_id if note_id is not None else "?")
        return row_to_note(row)

    def forgotten(self, uid: str, dedupe_key: str | None) -> bool:
        """Was a note with this identity erased by `voc forget`?"""
        hashes = identity_hashes(uid, dedupe_key)
        marks = ", ".join("?" for _ in hashes)
        query = f"SELECT 1 FROM forgotten WHERE key_hash IN ({marks})"
        return self.conn.execute(query, hashes).fetchone() is not None

    def update(self, note_id: int, changes: dict[str, Any]) -> Note:
        """Change some fields of a note; its themes become stale and are tagged again."""
        self.get(note_id)
        values = {name: _to_column(name, value) for name, value in changes.items()}
        assignments = "".join(f"{name} = ?, " for name in values)
        with self.transaction():
            self.conn.execute(
                f"UPDATE notes SET {assignments}tagged_with = NULL WHERE id = ?",
                [*values.values(), note_id],
            )
        return self.get(note_id)

    def delete(self, note_id: int) -> None:
        self.get(note_id)
        with self.transaction():
            self.conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM notes").fetchone()[0]


def identity_hashes(uid: str, dedupe_key: str | None) -> list[str]:
    """What `forgotten` keeps of an erased note: sha256 of its uid and of its dedupe key
    (a message id, a script's origin, or a hash of its content)."""
    keys = [f"uid:{uid}"] + ([f"key:{dedupe_key}"] if dedupe_key else [])
    return [hashlib.sha256(key.encode()).hexdigest() for key in keys]


def _connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed, owner-only) with a busy timeout; nothing written yet."""
    _create_private(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.DatabaseError as e:
        raise _not_voc(path, e) from None
    return conn


def _not_voc(path: Path, error: sqlite3.DatabaseError) -> Exception:
    """The refusal for a file SQLite cannot read as a database. A disk, lock or permission
    problem goes up as it is: the CLI names the file and what to do about it."""
    if isinstance(error, sqlite3.OperationalError):
        return error
    return DatabaseError(
        f"{path} is not a voc database ({error}): point --db or VOC_DB at another file"
    )


def _configure(conn: sqlite3.Connection) -> None:
    """WAL (several voc processes may write at once) and the per-connection settings.
    A failure here is the file's or the disk's (read-only, damaged): the CLI names both."""
    try:
        _switch_to_wal(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        # Deleted notes are zeroed in the file, not left readable in its free pages.
        conn.execute("PRAGMA secure_delete = ON")
    except sqlite3.DatabaseError:
        conn.close()
        raise


def _create_private(path: Path) -> None:
    """Create the parent folders and an empty file readable by its owner only (0600):
    it will hold customer conversations."""
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path} is a folder, not a database file")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        pass  # another voc created it a moment ago
    except OSError as e:
        raise DatabaseError(f"cannot create {path}: {e.strerror}") from None


def _to_column(name: str, value: Any) -> Any:
    if name not in NOTE_COLUMNS or name == "id":
        raise ValueError(f"not a note column: {name}")
    if name in JSON_FIELDS:
        return json.dumps(value)
    if name == "quotable":
        return int(value)
    return value


def row_to_note(row: sqlite3.Row) -> Note:
    values = dict(row)
    for name in JSON_FIELDS:
        values[name] = json.loads(values[name])
    values["quotable"] = bool(values["quotable"])
    return Note(**{k: values[k] for k in NOTE_COLUMNS})


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """`PRAGMA journal_mode = WAL` fails at once, ignoring the busy timeout, while another
    process holds the file (two first captures racing to create it): retry until the
    timeout, as every other statement would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)
