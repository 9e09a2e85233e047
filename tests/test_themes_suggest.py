"""`voc themes suggest` ranks phrases and names by how unusual they are in English."""

import json

GENERIC = [
    "Every client asked about it this week and last month, all year",
    "The client said the week was long and the month longer; a year of it",
    "One client, one week, one month, one year: the same client again",
    "Our client called twice this week about the month end and the year end",
]
SPECIFIC = [
    "The bank connection dropped again overnight",
    "After the bank connection failed we reconnected by hand",
]


def capture(voc, texts, day: str) -> None:
    for text in texts:
        voc("capture", text, "-s", "support", "-d", day)


def test_unusual_phrases_come_before_generic_words(voc):
    capture(voc, GENERIC, "2026-11-10")
    capture(voc, SPECIFIC, "2026-11-12")
    found = json.loads(voc("themes", "suggest", "--format", "json").stdout)
    terms = [t["term"] for t in found]
    assert terms[0] == "bank connection"
    generic = [t for t in ("client", "week", "year", "month") if t in terms]
    assert generic, terms  # they are suggested, just later
    assert all(terms.index("bank connection") < terms.index(t) for t in generic)
    assert found[0]["notes"] == 2 and found[0]["zipf"] < 3


def test_suggest_takes_the_list_filters_and_explains_its_columns(voc):
    capture(voc, GENERIC, "2026-11-10")
    capture(voc, SPECIFIC, "2026-11-12")
    result = voc("themes", "suggest", "--until", "2026-11-11")
    assert result.stdout.splitlines()[0].split() == ["notes", "zipf", "term"]
    assert "zipf: how common the term is in English" in result.stderr
    assert "bank connection" not in result.stdout and "client" in result.stdout
    since = json.loads(voc("themes", "suggest", "--since", "2026-11-12", "-f", "json").stdout)
    assert [t["term"] for t in since] == ["bank connection"]
    assert json.loads(voc("themes", "suggest", "-s", "sales", "-f", "json").stdout) == []
