"""User input never becomes SQL: every filter and search query is a parameter.

Each injection string goes into every filter of `list` and `search`. A filter value is
data: it matches a note whose field holds exactly that text, nothing else, and never
changes the database. A date or number that cannot be read is a clean usage error.
"""

import json

import pytest

from voc.notes.engine import sqlite3

INJECTIONS = [
    "' OR '1'='1",
    "x'; DROP TABLE notes; --",
    '" OR 1=1 --',
    "') OR ('a'='a",
    "1 UNION SELECT sql, 2, 3 FROM sqlite_master --",
    "%",
    "_",
    "\\",
    "acme%",
    "*",
    "NEAR(a b)",
    '"unbalanced',
    "text: invoice",
    "a\x00b",
    "🙂'--",
]

TEXT_FILTERS = [
    "--source",
    "--customer",
    "--account",
    "--tag",
    "--theme",
    "--sentiment",
    "--signal",
]
BAD_VALUE_FILTERS = ["--since", "--until", "--limit"]
# Filters with a known set of values: any other value is refused, not searched for.
CHECKED_FILTERS = ("--source", "--theme", "--sentiment", "--signal")
COMMANDS = [["list"], ["search", "invoice"]]
TRAP = "' OR '1'='1"  # stored as a real customer, account and tag: found by exact match only


@pytest.fixture
def seeded(voc, db_file):
    """Three notes; manual tags are themes too, so `--theme` has parents and children."""
    voc("capture", "The invoice was wrong twice", "-s", "support", "-c", "Ana", "-a", "Acme",
        "-t", "pricing")  # fmt: skip
    voc("capture", "Invoice totals confuse us", "-s", "sales", "-c", TRAP, "-a", TRAP, "-t", TRAP,
        "-t", "pricing/discounts")  # fmt: skip
    voc("capture", "Another invoice question", "-s", "support", "-c", "Bo", "-a", "Acme%Corp",
        "-t", "pricingx")  # fmt: skip
    return db_file


def schema_and_count(db_file) -> tuple[list, int]:
    with sqlite3.connect(db_file) as conn:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        return schema, conn.execute("SELECT count(*) FROM notes").fetchone()[0]


def found(voc, *args: str) -> list[int] | None:
    """The ids a command returns, or None when it refused the value cleanly."""
    result = voc(*args, "--format", "json", code=None)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code != 0:
        assert result.exit_code in (1, 2), result.stderr
        assert "voc: error:" in result.stderr or "Invalid value" in result.stderr
        return None
    return sorted(note["id"] for note in json.loads(result.stdout))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("option", TEXT_FILTERS)
def test_injection_strings_in_a_text_filter_are_plain_values(voc, seeded, command, option):
    before = schema_and_count(seeded)
    for value in INJECTIONS:
        ids = found(voc, *command, option, value)
        if value == TRAP and option in ("--customer", "--account", "--tag", "--theme"):
            assert ids == [2], (option, value)
        elif option in CHECKED_FILTERS:
            assert ids is None, (option, value)
        else:
            assert ids == [], (option, value)
    assert schema_and_count(seeded) == before


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("option", BAD_VALUE_FILTERS)
def test_injection_strings_as_dates_and_limits_are_usage_errors(voc, seeded, command, option):
    before = schema_and_count(seeded)
    for value in INJECTIONS:
        assert found(voc, *command, option, value) is None, (option, value)
    assert schema_and_count(seeded) == before


def test_a_theme_filter_matches_children_but_treats_like_wildcards_as_text(voc, seeded):
    assert found(voc, "list", "--theme", "pricing") == [1, 2]
    assert found(voc, "list", "--theme", "pricing/discounts") == [2]
    assert found(voc, "list", "--theme", "pric%") is None  # no such theme: refused
    assert found(voc, "list", "--theme", "pricing_") is None


def test_an_account_filter_treats_percent_as_text(voc, seeded):
    assert found(voc, "list", "--account", "Acme%Corp") == [3]
    assert found(voc, "list", "--account", "Acme%") == []


QUERIES = [
    *INJECTIONS,
    "invoice AND",
    "OR",
    "NOT invoice",
    "(invoice",
    "invoice)",
    "^",
    "invoice NEAR",
    "notes_fts:invoice",
    "rank:1",
    '""',
    "-invoice",
    "+",
    "invoice*",
    "*invoice",
    "a" * 5000,
]


def test_any_search_query_finds_notes_or_is_one_clean_error(voc, seeded):
    before = schema_and_count(seeded)
    for query in QUERIES:
        result = voc("search", "--format", "json", "--", query, code=None)
        assert result.exception is None or isinstance(result.exception, SystemExit), query
        if result.exit_code == 0:
            notes = json.loads(result.stdout)
            assert all("nvoice" in note["text"] for note in notes), query
        else:
            assert result.exit_code == 2, (query, result.stderr)
            assert result.stderr.startswith("voc: error: "), (query, result.stderr)
            assert result.stderr.count("\n") == 1
    assert schema_and_count(seeded) == before


def test_fts_syntax_still_works_for_people_who_use_it(voc, seeded):
    assert found(voc, "search", "invoice NOT twice") == [2, 3]
    assert found(voc, "search", '"wrong twice"') == [1]
    assert found(voc, "search", "confus*") == [2]


def test_a_search_of_only_punctuation_is_a_clear_error(voc, seeded):
    result = voc("search", "   ", code=2)
    assert result.stderr == "voc: error: the search query is empty\n"


# -- export and digest share the filters ---------------------------------------------------

EXPORT_FILTERS = TEXT_FILTERS
DIGEST_FILTERS = ["--source", "--customer", "--account", "--tag", "--theme"]
DIGEST_PERIODS = ["--week", "--month", "--since", "--until"]


def exported(voc, *args: str) -> list[int] | None:
    result = voc("export", *args, "--format", "jsonl", code=None)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code != 0:
        assert result.exit_code in (1, 2), result.stderr
        return None
    return sorted(json.loads(line)["id"] for line in result.stdout.splitlines())


def digest_count(voc, *args: str) -> int | None:
    """How many notes the digest counted, or None when it refused the value cleanly."""
    result = voc("digest", "--since", "2000-01-01", *args, "--format", "json", code=None)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code != 0:
        assert result.exit_code in (1, 2), result.stderr
        assert "voc: error:" in result.stderr or "Invalid value" in result.stderr
        return None
    return json.loads(result.stdout)["totals"]["notes"]


@pytest.mark.parametrize("option", EXPORT_FILTERS)
def test_injection_strings_in_export_filters_are_plain_values(voc, seeded, option):
    before = schema_and_count(seeded)
    for value in INJECTIONS:
        expected = (
            [2] if value == TRAP and option not in ("--source", "--sentiment", "--signal") else []
        )
        if option in CHECKED_FILTERS and expected == []:
            expected = None  # not one of the known values: refused
        assert exported(voc, option, value) == expected, (option, value)
    for option in BAD_VALUE_FILTERS:
        assert exported(voc, option, INJECTIONS[0]) is None
    assert schema_and_count(seeded) == before


def test_injection_strings_in_digest_filters_are_plain_values(voc, seeded):
    before = schema_and_count(seeded)
    assert digest_count(voc) == 3
    for option in DIGEST_FILTERS:
        for value in INJECTIONS:
            expected = 1 if value == TRAP and option != "--source" else 0
            if option in CHECKED_FILTERS and expected == 0:
                expected = None  # not one of the known values: refused
            assert digest_count(voc, option, value) == expected, (option, value)
    assert schema_and_count(seeded) == before


@pytest.mark.parametrize("option", DIGEST_PERIODS)
def test_injection_strings_as_digest_periods_are_usage_errors(voc, seeded, option):
    for value in INJECTIONS:
        result = voc("digest", option, value, code=None)
        assert result.exit_code == 2, (option, value, result.stdout, result.exception)
        assert "voc: error:" in result.stderr or "Invalid value" in result.stderr
