"""Account aliases: one company under two names (mail's "acme.example", a CSV's "Acme").

An alias maps a name, lower-cased, to the account it belongs to (m013's account_aliases).
Notes keep the name their source gave; every read that groups or filters by account goes
through `canonical_sql`, so filters, `voc accounts` and the digest's reach count the
company once, and `unalias` undoes it all. Aliases stay flat: an alias never points at
another alias, so one look-up resolves any name.
"""

from dataclasses import dataclass, field

from voc.errors import InvalidInput, VocError
from voc.notes.engine import sqlite3
from voc.notes.store import Store


def canonical_sql(column: str) -> str:
    """SQL for the account a name in `column` belongs to (the name itself if no alias).
    Qualify the column (`n.account`): a bare one would name the alias table's own."""
    return (
        f"coalesce((SELECT a.account FROM account_aliases a WHERE a.alias = lower({column})), "
        f"{column})"
    )


def has_aliases(conn: sqlite3.Connection) -> bool:
    """Whether any alias exists: without one, readers keep their plain (faster) SQL."""
    try:
        return conn.execute("SELECT 1 FROM account_aliases LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # a file from before m013, opened read-only
        return False


@dataclass
class Account:
    name: str
    notes: int
    aliases: list[str] = field(default_factory=list)  # other names its notes carry


def list_accounts(store: Store) -> list[Account]:
    """Every account with its notes, aliases merged, most notes first."""
    rows = store.conn.execute(
        f"""SELECT {canonical_sql("n.account")} AS owner, n.account, count(*) FROM notes n
        WHERE n.account IS NOT NULL AND n.account != '' GROUP BY owner, n.account"""
    ).fetchall()
    found: dict[str, Account] = {}
    for owner, name, notes in rows:
        account = found.setdefault(owner.lower(), Account(owner, 0))
        account.notes += notes
        if name.lower() != owner.lower() and name not in account.aliases:
            account.aliases.append(name)
    for alias, owner in store.conn.execute("SELECT alias, account FROM account_aliases"):
        account = found.setdefault(owner.lower(), Account(owner, 0))
        if alias not in (a.lower() for a in account.aliases):
            account.aliases.append(alias)
    return sorted(found.values(), key=lambda a: (-a.notes, a.name.lower()))


def add_alias(store: Store, name: str, account: str) -> str:
    """Count the notes of `name` as `account`'s; the account it ends up under."""
    name, account = _cleaned(name), _cleaned(account)
    if name.lower() == account.lower():
        raise InvalidInput(f"{name!r} and {account!r} are the same account")
    with store.transaction() as conn:
        owner = _owner(conn, account)
        if owner.lower() == name.lower():
            raise InvalidInput(f"{account!r} is already an alias of {name!r}")
        touched = _names_under(conn, name) | {name.lower(), owner.lower()}
        conn.execute(  # its own aliases follow it: aliases stay one step deep
            "UPDATE account_aliases SET account = ? WHERE lower(account) = ?",
            (owner, name.lower()),
        )
        conn.execute(
            "INSERT OR REPLACE INTO account_aliases (alias, account) VALUES (?, ?)",
            (name.lower(), owner),
        )
        _retally(conn, touched)
    return owner


def remove_alias(store: Store, name: str) -> str:
    """Count `name`'s notes under their own name again; the account it was an alias of."""
    name = _cleaned(name)
    with store.transaction() as conn:
        found = conn.execute(
            "SELECT account FROM account_aliases WHERE alias = ?", (name.lower(),)
        ).fetchone()
        if found is None:
            raise VocError(f"{name!r} is not an alias: see voc accounts")
        conn.execute("DELETE FROM account_aliases WHERE alias = ?", (name.lower(),))
        _retally(conn, {name.lower(), found[0].lower()})
    return found[0]


def _cleaned(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("the account name is empty")
    return name


def _owner(conn: sqlite3.Connection, name: str) -> str:
    found = conn.execute(
        "SELECT account FROM account_aliases WHERE alias = ?", (name.lower(),)
    ).fetchone()
    return found[0] if found else name


def _names_under(conn: sqlite3.Connection, account: str) -> set[str]:
    rows = conn.execute(
        "SELECT alias FROM account_aliases WHERE lower(account) = ?", (account.lower(),)
    )
    return {r[0] for r in rows}


def _retally(conn: sqlite3.Connection, names: set[str]) -> None:
    """The digest keeps reach per day (voc.digest.daycache) under resolved names: drop the
    days these names' notes fall on and mark them, so the next tagging tallies them again."""
    marks = ", ".join("?" for _ in names)
    days = f"""SELECT DISTINCT substr(occurred_at, 1, 10) FROM notes
        WHERE lower(account) IN ({marks})"""
    conn.execute(f"INSERT OR IGNORE INTO digest_touched (day) {days}", sorted(names))
    conn.execute(f"DELETE FROM digest_days WHERE day IN ({days})", sorted(names))
