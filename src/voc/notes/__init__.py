"""Notes: the note, the SQLite store and its migrations, queries, export and erasure."""
