"""`voc accounts`: one company under two names, merged at read time and un-merged again."""

import json

import pytest

from voc.notes.engine import sqlite3

WEEK = ("digest", "--week", "2026-W47", "--format", "json")


@pytest.fixture
def two_names(voc):
    voc("capture", "The bank sync broke", "-a", "acme.example", "-c", "Ana", "-d", "2026-11-17")
    voc("capture", "Bank sync broke again", "-a", "Acme", "-c", "Bo", "-d", "2026-11-18")
    voc("capture", "Export is fine", "-a", "Globex", "-c", "Cy", "-d", "2026-11-18")


def ids(result) -> list[int]:
    return sorted(note["id"] for note in json.loads(result.stdout))


def reach(voc, *filters: str) -> dict:
    totals = json.loads(voc(*WEEK, *filters).stdout)["totals"]
    return {"notes": totals["notes"], "accounts": totals["accounts"]}


def test_accounts_lists_each_name_with_its_notes(voc, two_names):
    out = voc("accounts").stdout.splitlines()
    assert out[0] == "notes\taccount\taliases"
    assert sorted(out[1:]) == ["1\tAcme\t-", "1\tGlobex\t-", "1\tacme.example\t-"]


def test_an_alias_merges_the_names_for_filters_and_the_list(voc, two_names):
    assert ids(voc("list", "--account", "Acme", "--format", "json")) == [2]
    voc("accounts", "alias", "acme.example", "Acme")
    found = json.loads(voc("accounts", "--format", "json").stdout)
    assert found[0] == {"name": "Acme", "notes": 2, "aliases": ["acme.example"]}
    assert ids(voc("list", "--account", "Acme", "--format", "json")) == [1, 2]
    assert ids(voc("list", "--account", "ACME.example", "--format", "json")) == [1, 2]
    assert ids(voc("search", "bank", "-a", "acme", "--format", "json")) == [1, 2]


def test_a_digest_counts_the_company_once_until_unaliased(voc, two_names, db_file):
    assert reach(voc) == {"notes": 3, "accounts": 3}
    with sqlite3.connect(db_file) as conn:  # the days' reach is kept: an alias must redo it
        assert conn.execute("SELECT count(*) FROM digest_days").fetchone()[0] > 0
    voc("accounts", "alias", "acme.example", "Acme")
    assert reach(voc) == {"notes": 3, "accounts": 2}  # the kept days were tallied again
    assert reach(voc, "--account", "acme") == {"notes": 2, "accounts": 1}
    voc("accounts", "unalias", "acme.example")
    assert reach(voc) == {"notes": 3, "accounts": 3}
    assert ids(voc("list", "--account", "Acme", "--format", "json")) == [2]


def test_digest_quotes_name_an_aliased_company_by_its_account(voc):
    """A quote is attributed to the account the digest's reach counts, and quotes are
    spread over companies, not over two names of one."""
    for text, account, customer in (
        ("The invoices arrive late every month and it is painful", "acme.example", "Ana"),
        ("Login keeps failing for our whole team, so frustrating", "Acme", "Bo"),
        ("Exports break on large files, a real problem for us", "Globex", "Cy"),
    ):
        voc("capture", text, "-a", account, "-c", customer, "-d", "2026-11-18", "-s", "support")
    voc("accounts", "alias", "acme.example", "Acme")
    digest = json.loads(voc(*WEEK).stdout)
    quotes = [q for signal in digest["signals"].values() for q in signal["quotes"]]
    assert any("invoices arrive late" in q["text"] for q in quotes)
    assert {q["account"] for q in quotes} == {"Acme", "Globex"}
    assert "acme.example" not in voc("digest", "--week", "2026-W47").stdout


def test_aliases_stay_one_step_deep(voc, two_names):
    voc("accounts", "alias", "acme.example", "Acme")
    voc("accounts", "alias", "Acme", "Acme Corp")  # the company's name changes
    found = json.loads(voc("accounts", "--format", "json").stdout)
    assert found[0]["name"] == "Acme Corp" and found[0]["notes"] == 2
    assert ids(voc("list", "--account", "Acme Corp", "--format", "json")) == [1, 2]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["unalias", "Globex"], 1, "voc: error: 'Globex' is not an alias: see voc accounts\n"),
        (["alias", "Acme", "acme"], 2, "voc: error: 'Acme' and 'acme' are the same account\n"),
        (["alias", " ", "Acme"], 2, "voc: error: the account name is empty\n"),
    ],
)
def test_bad_aliases_are_one_clear_line(voc, two_names, args, code, message):
    assert voc("accounts", *args, code=code).stderr == message
