"""The one family of errors voc's core raises: each carries a message a user understands.

The CLI catches only these (plus SQLite's environment errors), prints one line on stderr
and exits non-zero. Anything else is a bug and keeps its traceback.
"""


class VocError(Exception):
    """A problem the user can fix; the message says what and how."""

    exit_code = 1


class NoteNotFound(VocError):
    def __init__(self, note_id: int | str):
        super().__init__(f"no note with id {note_id}")


class InvalidInput(VocError):
    """Bad text, source, date or option value."""

    exit_code = 2


class DatabaseError(VocError):
    """The database file cannot be used: unreadable, not SQLite, too new, read-only, full."""
