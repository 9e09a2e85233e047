"""Per-day tallies kept in the database (m010), so a long digest merges days, not notes.

A year is a million notes to read and tally; its days' tallies are a few hundred rows a
key, and merging them is sums and bitmap unions (voc.digest.figures). Triggers drop a
day's rows whenever a write touches a note, a theme or a signal of that day (m010), so
what is kept is always exact. A day without tallies is tallied from its raw rows and
saved, when the file can be written without waiting. Writes also mark the days they touch,
and tagging tallies those (`warm`, from voc.tagging.run.refresh), so the next
digest finds them ready; a history never tallied (kept from before m010) is tallied by
the digests that need it, not by the next capture.

Reach is kept as bitmaps over numbered names (digest_names, lower-cased as the digest
compares them); `voc forget` drops the names that no note carries any more (voc.notes.forget).
"""

from dataclasses import replace
from datetime import date, timedelta

from voc.digest.data import Scope
from voc.digest.figures import Key, Tally, merge, read_stances, read_tallies, stances_of
from voc.notes.engine import sqlite3
from voc.notes.note import REACH_FIELDS as KINDS
from voc.periods import Period

WARM_DAYS = 30  # days tallied per write transaction by `warm`
_COLUMNS = "day, kind, key, notes, positive, negative, customers, accounts"


def period_tallies(conn: sqlite3.Connection, period: Period) -> dict[Key, Tally]:
    """Every key's tally over `period`, all notes (no filter): kept days and missing ones."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one snapshot: what is read, tallied and saved agrees
    try:
        found, missing = _kept(conn, period)
        if missing:
            numbers = Numbers(conn)
            tallied = {day: numbers.encode(day_tallies(conn, day)) for day in missing}
            for day in tallied.values():
                merge(found, {key: replace(t) for key, t in day.items()})
            if own:
                _try_save(conn, tallied, numbers)
    except BaseException:
        if own and conn.in_transaction:  # never keep half of what was being saved
            conn.execute("ROLLBACK")
        raise
    if own and conn.in_transaction:
        conn.execute("COMMIT")
    return found


def period_stances(conn: sqlite3.Connection, period: Period, scope: Scope) -> dict:
    """slug -> {stance: notes} over `period` (a trend period): unfiltered, the kept days'
    sums and the raw rows of the days not kept (read, not tallied and saved: a trend line
    must not make a digest tally eight periods); filtered, the notes in scope."""
    if scope.filtered:
        return stances_of(read_stances(conn, period, scope))
    found: dict[Key, Tally] = {}
    for kind, key, notes in conn.execute(
        """SELECT kind, key, sum(notes) FROM digest_days WHERE day >= ? AND day < ?
        AND kind IN ('stance', 'stance_extra') GROUP BY 1, 2""",
        _bounds(period),
    ):
        found[(kind, key)] = Tally(notes=notes)
    for day in missing_days(conn, period):
        merge(found, read_stances(conn, Period(day, day + timedelta(days=1), "days"), scope))
    return stances_of(found)


def day_tallies(conn: sqlite3.Connection, day: date) -> dict[Key, Tally]:
    return read_tallies(conn, Period(day, day + timedelta(days=1), "days"), Scope())


def warm(conn: sqlite3.Connection, every: bool = False) -> int:
    """Tally and keep the days that writes have touched since they were last tallied
    (with `every`, every day that has notes and no tallies); the number of days."""
    done = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            days = missing_days(conn, None) if every else _touched(conn)
            days = days[:WARM_DAYS]
            numbers = Numbers(conn)
            _save(conn, {day: numbers.encode(day_tallies(conn, day)) for day in days}, numbers)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        done += len(days)
        if len(days) < WARM_DAYS:
            return done


def _touched(conn: sqlite3.Connection) -> list[date]:
    """Touched days with notes and no tallies; the other touched days are let go."""
    found = conn.execute(
        """SELECT day FROM digest_touched WHERE day NOT IN
            (SELECT day FROM digest_days WHERE kind = 'all')
        AND day IN (SELECT day FROM source_days WHERE notes > 0) ORDER BY day"""
    ).fetchall()
    conn.execute(
        """DELETE FROM digest_touched WHERE day NOT IN
            (SELECT day FROM source_days WHERE notes > 0)
        OR day IN (SELECT day FROM digest_days WHERE kind = 'all')"""
    )
    return _readable(found)


def missing_days(conn: sqlite3.Connection, period: Period | None) -> list[date]:
    """Days (of `period`, else of all time) with notes and no kept tallies."""
    within, params = "", ()
    if period:
        within, params = "AND day >= ? AND day < ?", _bounds(period)
    found = conn.execute(
        f"""SELECT day FROM source_days WHERE notes > 0 {within}
        AND day NOT IN (SELECT day FROM digest_days WHERE kind = 'all' {within})
        GROUP BY day ORDER BY day""",
        params * 2,
    ).fetchall()
    return _readable(found)


def _readable(rows: list[sqlite3.Row]) -> list[date]:
    """The days that are dates. A note an older voc (or someone's SQL) dated year 999 has
    the day '999-05-05T': no digest period holds it, so it is skipped, not a crash."""
    days = []
    for (day,) in rows:
        try:
            days.append(date.fromisoformat(day))
        except (TypeError, ValueError):
            continue
    return days


def _kept(conn: sqlite3.Connection, period: Period) -> tuple[dict[Key, Tally], list[date]]:
    """The kept days' tallies merged, and the days of `period` that have none. SQLite sums
    the counts; only the rows with names come back to be unioned here."""
    within = "FROM digest_days WHERE day >= ? AND day < ?"
    found: dict[Key, Tally] = {}
    sums = f"SELECT kind, key, sum(notes), sum(positive), sum(negative) {within} GROUP BY 1, 2"
    for kind, key, notes, positive, negative in conn.execute(sums, _bounds(period)):
        found[(kind, key)] = Tally(notes, positive, negative, 0, 0)
    named = f"""SELECT kind, key, customers, accounts {within}
        AND (customers IS NOT NULL OR accounts IS NOT NULL)"""
    for kind, key, customers, accounts in conn.execute(named, _bounds(period)):
        value = found[(kind, key)]
        value.customers |= _bits(customers)  # type: ignore[operator]
        value.accounts |= _bits(accounts)  # type: ignore[operator]
    return found, missing_days(conn, period)


def _bounds(period: Period) -> tuple[str, str]:
    return (period.start.isoformat(), period.end.isoformat())


def _bits(blob: bytes | None) -> int:
    return int.from_bytes(blob, "little") if blob else 0


def _blob(bits: int) -> bytes | None:
    return bits.to_bytes((bits.bit_length() + 7) // 8, "little") if bits else None


class Numbers:
    """Small numbers for customer and account names (digest_names); new ones appended."""

    def __init__(self, conn: sqlite3.Connection):
        self.known: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
        for kind, name, number in conn.execute("SELECT kind, name, id FROM digest_names"):
            self.known[kind][name] = number
        self.next = {kind: max(self.known[kind].values(), default=-1) + 1 for kind in KINDS}
        self.new: list[tuple[str, str, int]] = []

    def bitmap(self, kind: str, names) -> int:
        if isinstance(names, int):
            return names
        numbers = list(map(self.known[kind].get, names))
        if None in numbers:
            numbers = [self.number(kind, name) for name in names]
        if not numbers:
            return 0
        bits = bytearray((max(numbers) >> 3) + 1)
        for number in numbers:
            bits[number >> 3] |= 1 << (number & 7)
        return int.from_bytes(bits, "little")

    def number(self, kind: str, name: str) -> int:
        """The name's number, a new one if it has none yet."""
        known = self.known[kind]
        if name not in known:
            known[name] = self.next[kind]
            self.next[kind] += 1
            self.new.append((kind, name, known[name]))
        return known[name]

    def encode(self, found: dict[Key, Tally]) -> dict[Key, Tally]:
        """The same tallies with their names as bitmaps."""
        for value in found.values():
            value.customers = self.bitmap("customer", value.customers)
            value.accounts = self.bitmap("account", value.accounts)
        return found


def _try_save(conn: sqlite3.Connection, tallied: dict, numbers: Numbers) -> None:
    """Keep the tallies unless that means waiting: another writer (whose changes this
    snapshot has not seen) or a read-only file just means tallying again next time."""
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        _save(conn, tallied, numbers)
    except (sqlite3.OperationalError, sqlite3.IntegrityError):
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def _save(conn: sqlite3.Connection, tallied: dict[date, dict[Key, Tally]], numbers: Numbers):
    conn.executemany("INSERT INTO digest_names (kind, name, id) VALUES (?, ?, ?)", numbers.new)
    numbers.new = []
    saved = [(day.isoformat(),) for day in tallied]
    conn.executemany("DELETE FROM digest_touched WHERE day = ?", saved)
    conn.executemany(
        f"INSERT INTO digest_days ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [_row(day, key, t) for day, found in tallied.items() for key, t in found.items()],
    )


def _row(day: date, key: Key, t: Tally) -> tuple:
    bitmaps = (_blob(t.customers), _blob(t.accounts))  # type: ignore[arg-type]
    return (day.isoformat(), *key, t.notes, t.positive, t.negative, *bitmaps)
