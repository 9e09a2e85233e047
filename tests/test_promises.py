"""Promises that had no test of their own: each test here fails when its promise is
broken (each was checked by planting the bug, running it, and reverting)."""

import json

import pytest

from voc.notes.engine import sqlite3
from voc.notes.note import content_key
from voc.sources.mailstrip import customer_text

WEEK = ("--week", "2026-W47")
DAY = "2026-11-18"


def digest(voc) -> dict:
    return json.loads(voc("digest", *WEEK, "--format", "json").stdout)


def quotes_in(data) -> list[dict]:
    """Every quote anywhere in a digest's JSON."""
    if isinstance(data, dict):
        own = [data] if {"note_id", "text", "attribution"} <= data.keys() else []
        return own + [q for value in data.values() for q in quotes_in(value)]
    if isinstance(data, list):
        return [q for value in data for q in quotes_in(value)]
    return []


def quiet_history(voc) -> None:
    """A note a week for the four weeks before: the digest needs a baseline to call
    anything rising or new (periods before the first note are no baseline)."""
    for day in ("2026-10-21", "2026-10-28", "2026-11-04", "2026-11-11"):
        voc("capture", "The weekly report arrived on time", "-a", "Globex", "-d", day)


# Privacy: a note marked not quotable is never quoted, wherever quotes come from.


@pytest.mark.parametrize("quotable", [True, False])
def test_a_rising_terms_quote_is_never_a_not_quotable_note(voc, quotable):
    flag = () if quotable else ("--no-quote",)
    quiet_history(voc)
    for customer, account in (
        ("Ana", "Acme"),
        ("Bo", "Initech"),
        ("Cy", "Umbrella"),
        ("Di", "Hooli"),
    ):
        text = f"Our zorblax gizmo wobbles a lot, says {customer}"
        voc("capture", text, "-c", customer, "-a", account, "-d", DAY, *flag)
    terms = [r for r in digest(voc)["rising"] if r["kind"] == "term"]
    assert [t["key"] for t in terms] == ["zorblax gizmo wobble"]
    quoted = [q["text"] for t in terms for q in t["quotes"]]
    # quotable, the same notes are quoted: so the rule is what keeps them out
    assert bool(quoted) == quotable


@pytest.mark.parametrize("quotable", [True, False])
def test_a_debrief_answer_not_to_be_quoted_is_never_quoted(voc, isolated, quotable):
    answers = isolated / "answers.json"
    answer = "Our admins find the SSO setup page confusing and ask support for help every week"
    answers.write_text(json.dumps({"concerns": answer}))
    flag = () if quotable else ("--no-quote",)
    voc("capture", "--guide", "support-debrief", "--answers", str(answers), "-d", DAY, *flag)
    found = digest(voc)
    [concerns] = [d for d in found["debriefs"] if d["question"] == "concerns"]
    assert concerns["answers"] == 1
    # each note is quoted once per digest: under its debrief question or a theme
    quoted = [q for q in quotes_in(found) if "SSO setup" in q["text"]]
    assert len(quoted) == int(quotable)


def test_marking_a_note_not_quotable_updates_the_days_tally(voc, db_file):
    """The day tallies (m010) are dropped by any write to `quotable`, so the digest's count
    of notes not to quote is never a stale cached figure. (`voc edit` also re-tags the
    note, which drops the day anyway: a plain UPDATE tests the trigger alone.)"""
    voc("capture", "Pricing is too high for our team", "-d", DAY)
    assert digest(voc)["totals"]["not_quotable"] == 0
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM digest_days").fetchone()[0] > 0  # cached
        conn.execute("UPDATE notes SET quotable = 0")
    conn.close()
    assert digest(voc)["totals"]["not_quotable"] == 1


# Mail stripping: the customer's words, not the quote under them.


def test_a_reply_header_with_no_quote_after_it_ends_the_text():
    body = (
        "Thanks, it works now.\n\n"
        "On Mon, Nov 17, 2026 at 10:00 AM Support <help@example.com> wrote:\n"
        "Please restart the sync and tell us.\n"
    )
    assert customer_text(body) == "Thanks, it works now."


def test_outlooks_from_sent_block_ends_the_text():
    body = (
        "Fixed on our side, thanks.\n\n"
        "From: Support Team\n"
        "Sent: Monday, November 17, 2026 10:00 AM\n"
        "To: Ana Ruiz\n"
        "Subject: RE: sync\n\n"
        "Please restart the sync and tell us.\n"
    )
    assert customer_text(body) == "Fixed on our side, thanks."


def test_quote_lines_that_lost_their_marker_when_wrapped_are_dropped():
    body = (
        "> Could you tell us which version of the desktop app you are running now\n"
        "please?\n"
        "> and whether the sync ever finished.\n\n"
        "Version 4.2, and the sync never finished.\n"
    )
    assert customer_text(body) == "Version 4.2, and the sync never finished."


# Dedupe and table imports.


def test_the_content_key_ignores_spacing_and_case_but_not_words():
    day = "2026-11-18T09:00:00Z"
    key = content_key("The export  is\tSLOW", " Ana ", day)
    assert key == content_key("the export is slow", "ANA", "2026-11-18T17:30:00Z")
    assert key != content_key("the export is fast", "ana", day)
    assert key != content_key("the export is slow", "bo", day)
    assert key != content_key("the export is slow", "ana", "2026-11-19T09:00:00Z")


def imported(voc, isolated, name: str, body: str, *options: str) -> list[dict]:
    path = isolated / name
    path.write_text(body)
    voc("import", *options, str(path))
    return [json.loads(line) for line in voc("export").stdout.splitlines()]


def test_csv_quotable_no_and_n_mean_not_quotable(voc, isolated):
    body = "text,quotable\nSaid no,no\nSaid n,n\nTold NO,NO\nSaid yes,yes\nSaid 1,1\n"
    notes = imported(voc, isolated, "q.csv", body)
    assert {n["text"]: n["quotable"] for n in notes} == {
        "Said no": False,
        "Said n": False,
        "Told NO": False,
        "Said yes": True,
        "Said 1": True,
    }


def test_comma_separated_tags_in_a_cell_are_several_tags(voc, isolated):
    notes = imported(voc, isolated, "t.csv", 'text,tags\nSlow export,"vip, q4 ,beta"\n')
    assert notes[0]["tags"] == ["beta", "q4", "vip"]


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("m.jsonl", '{"body": "Mapped from JSONL", "who": "Ana"}\n'),
        ("m.json", '[{"body": "Mapped from JSONL", "who": "Ana"}]'),
    ],
)
def test_map_renames_json_and_jsonl_fields(voc, isolated, name, body):
    notes = imported(voc, isolated, name, body, "--map", "body=text", "--map", "who=customer")
    assert [(n["text"], n["customer"]) for n in notes] == [("Mapped from JSONL", "Ana")]


# The rising rule and its cap.


def test_rising_holds_at_exactly_the_z_threshold():
    from voc.digest.trends import Thresholds, classify, zscore

    rule = Thresholds(min_notes=3, min_reach=2, min_z=2.0)
    assert zscore(3, [1, 1, 1, 1]) == 2.0  # spread floored at 1: (3 - 1) / 1
    assert classify(3, 2, [1, 1, 1, 1], rule) == "rising"
    assert classify(3, 2, [1, 1, 1, 2], rule) is None  # just under


def test_at_most_five_rising_items_are_listed_and_the_rest_named(voc):
    quiet_history(voc)
    words = ["zorblax", "quindle", "flerpin", "mograth", "vintrel", "sploink", "drazzle"]
    for word in words:
        for customer, account in (("Ana", "Acme"), ("Bo", "Initech"), ("Cy", "Hooli")):
            text = f"The {word} doohickey {word}s"
            voc("capture", text, "-c", customer, "-a", account, "-d", DAY)
    found = digest(voc)
    assert len(found["rising"]) == 5
    assert len(found["rising"]) + len(found["also_rising"]) >= len(words)


# Sentiment: a negator flips a word within three tokens before it, not further.


@pytest.fixture(scope="module")
def nlp():
    from voc.nlp.pipeline import build_pipeline

    return build_pipeline()


def test_a_negator_three_tokens_before_flips_and_four_does_not(nlp):
    assert nlp("good")._.sentiment > 0
    assert nlp("It is not that the good")._.sentiment < 0  # "not" 3 tokens before
    assert nlp("not one two three good")._.sentiment > 0  # 4 tokens before: too far
