"""The SQLite library voc talks to: one choice, made here, for every connection.

`pysqlite3` (the `pysqlite3-binary` wheel, a current SQLite built in) when it is
installed, else Python's own `sqlite3`. The reason is erasure: Python 3.11's `sqlite3`
links whatever SQLite the system has (3.40 on Debian 12), and FTS5 learnt to remove a
deleted row's entries from its index in place ('secure-delete') only in 3.42. Without it,
`voc forget` must merge the whole full-text index to drop one customer's words.

sqlite-utils makes the same choice on its own (it prefers `pysqlite3` when importable),
so its connections, voc's and the exceptions both raise are one library's. Every module
and test that opens or catches SQLite imports `sqlite3` from here, never the standard
library directly: the two libraries' exception classes are different classes.
"""

try:
    from pysqlite3 import dbapi2 as sqlite3
except ImportError:  # no wheel for this platform: the system's SQLite
    import sqlite3  # type: ignore[no-redef]

__all__ = ["FTS5_SECURE_DELETE", "sqlite3"]

# FTS5 can overwrite a deleted row's index entries where they lie (SQLite 3.42+).
FTS5_SECURE_DELETE: bool = sqlite3.sqlite_version_info >= (3, 42, 0)
