"""`voc themes eval`: the automatic themes scored against the hand tags, through the real
CLI, database and pipeline."""

import json

import pytest

from voc.notes.engine import sqlite3

RULE = (
    "judged: notes with a hand tag that is a theme of the taxonomy "
    "(a note with no hand tag is not judged); a parent matches its children\n"
)


@pytest.fixture
def hand_tagged(voc):
    """Five judged notes and two that are not. What the built-in taxonomy finds in each,
    and what the hand says:

    1 billing                         tagged billing              right
    2 performance/resource_use        tagged performance          right (a child meets
                                                                  its parent)
    3 billing, performance            tagged performance, billing removed by hand: billing
                                                                  is over-tagged
    4 nothing                         tagged support              missed
    5 billing                         no hand tag                 not judged
    6 nothing                         tagged support              missed
    7 billing                         tagged urgent (no theme)    not judged
    """
    voc("capture", "-t", "billing", "The invoice was charged twice.")
    voc("capture", "-t", "performance", "The app eats my battery all day.")
    voc("capture", "The app is slow and my invoice is wrong.")
    voc("tag", "3", "--add", "performance", "--remove", "billing")
    voc("capture", "-t", "support", "Our quarterly report looks odd.")
    voc("capture", "The invoice is late.")
    mail = "\n  Mail ana@example.com: the quarterly report\n"
    voc("capture", "--no-redact", "-t", "support", mail)
    voc("capture", "-t", "urgent", "The invoice is late again.")


def evaluation(voc, *args: str) -> dict:
    return json.loads(voc("themes", "eval", "--format", "json", *args).stdout)


def scores(run: dict) -> dict[str, tuple]:
    return {
        s["theme"]: (
            s["precision"],
            s["recall"],
            s["f1"],
            s["true_positives"],
            s["false_positives"],
            s["false_negatives"],
        )
        for s in [*run["themes"], run["micro"]]
    }


def test_each_theme_is_scored_against_the_hand_tags(voc, hand_tagged):
    result = evaluation(voc)
    current = result["current"]
    assert current["judged"] == 5
    assert scores(current) == {
        "billing": (0.5, 1.0, 0.6667, 1, 1, 0),
        "performance": (1.0, 1.0, 1.0, 2, 0, 0),
        "support": (None, 0.0, None, 0, 0, 2),
        "all": (0.75, 0.6, 0.6667, 3, 1, 2),
    }
    assert current["not_scored"] == ["urgent"]
    assert result["candidate"] is None
    assert result["rule"] + "\n" == RULE


def test_the_missed_and_over_tagged_notes_are_listed_redacted(voc, hand_tagged):
    current = evaluation(voc)["current"]
    assert current["missed"] == {
        "total": 2,
        "notes": [
            {"id": 4, "line": "Our quarterly report looks odd.", "themes": ["support"]},
            {"id": 6, "line": "Mail [email]: the quarterly report", "themes": ["support"]},
        ],
    }
    assert current["over_tagged"] == {
        "total": 1,
        "notes": [
            {"id": 3, "line": "The app is slow and my invoice is wrong.", "themes": ["billing"]}
        ],
    }
    limited = evaluation(voc, "--limit", "1")["current"]["missed"]
    assert (limited["total"], [n["id"] for n in limited["notes"]]) == (2, [4])


def test_the_text_report_is_a_table_then_the_lists(voc, hand_tagged):
    result = voc("themes", "eval", "--limit", "1")
    assert result.stderr == RULE
    assert result.stdout == (
        "theme            P     R    F1   TP   FP   FN\n"
        "billing       0.50  1.00  0.67    1    1    0\n"
        "performance   1.00  1.00  1.00    2    0    0\n"
        "support          -  0.00     -    0    0    2\n"
        "all (micro)   0.75  0.60  0.67    3    1    2\n"
        "judged notes: 5\n"
        "hand tags that are no theme (not scored): urgent\n"
        "\n"
        "missed (tagged by hand, not found): 2\n"
        "  #4 support: Our quarterly report looks odd.\n"
        "  ... 1 more (--limit)\n"
        "\n"
        "over-tagged (found, not tagged by hand): 1\n"
        "  #3 billing: The app is slow and my invoice is wrong.\n"
    )


def test_a_hand_tagged_child_is_missed_when_only_its_parent_is_found(voc, tmp_path):
    themes = tmp_path / "themes.toml"
    themes.write_text(
        '[themes.performance]\nlabel = "Performance"\npatterns = ["slow"]\n\n'
        '[themes."performance/battery"]\nlabel = "Battery"\npatterns = ["battery"]\n\n'
        '[themes."performance/memory"]\nlabel = "Memory"\npatterns = ["memory"]\n',
        encoding="utf-8",
    )
    voc("--themes", str(themes), "capture", "-t", "performance/memory", "It is slow.")
    voc("--themes", str(themes), "capture", "-t", "performance/memory", "Battery drains.")
    current = evaluation(voc, "--themes", str(themes))["current"]
    assert scores(current) == {
        "performance": (1.0, 1.0, 1.0, 2, 0, 0),
        "performance/battery": (0.0, None, None, 0, 1, 0),
        "performance/memory": (None, 0.0, None, 0, 0, 2),
        "all": (0.6667, 0.5, 0.5714, 2, 1, 2),
    }


def test_a_candidate_is_scored_beside_the_taxonomy_in_force(voc, hand_tagged, tmp_path):
    candidate = tmp_path / "candidate.toml"
    voc("themes", "init", str(candidate))
    text = candidate.read_text(encoding="utf-8")
    support = text.index("patterns = [", text.index("[themes.support]")) + len("patterns = [")
    candidate.write_text(text[:support] + '"quarterly report", ' + text[support:], "utf-8")

    result = evaluation(voc, "--candidate", str(candidate))
    assert scores(result["current"])["support"] == (None, 0.0, None, 0, 0, 2)
    assert scores(result["candidate"])["support"] == (1.0, 1.0, 1.0, 2, 0, 0)
    assert scores(result["candidate"])["all"] == (0.8333, 1.0, 0.9091, 5, 1, 0)
    assert result["candidate"]["taxonomy"] == str(candidate)
    assert result["candidate"]["missed"] == {"total": 0, "notes": []}

    text_report = voc("themes", "eval", "--candidate", str(candidate)).stdout.splitlines()
    ends = "…" + str(candidate)[-(32 - len("candidate: ") - 1) :]
    assert text_report[0] == f"{'':13}current: <built-in themes.toml>   candidate: {ends}"
    assert text_report[4].split() == ["support", *"- 0.00 - 0 0 2 1.00 1.00 1.00 2 0 0".split()]
    assert "judged notes: 5 (current), 5 (candidate)" in text_report
    assert "missed by the candidate (tagged by hand, not found): 0" in text_report

    # The global --themes scores a file as the taxonomy in force.
    as_current = evaluation(voc, "--themes", str(candidate))
    assert as_current["current"] == result["candidate"]


def test_a_candidate_run_writes_nothing(voc, hand_tagged, db_file, tmp_path):
    candidate = tmp_path / "candidate.toml"
    candidate.write_text('[themes.support]\nlabel = "S"\npatterns = ["report"]\n', "utf-8")
    before = db_file.read_bytes(), _contents(db_file)
    result = evaluation(voc, "--candidate", str(candidate))
    assert scores(result["candidate"]) == {
        "support": (1.0, 1.0, 1.0, 2, 0, 0),
        "all": (1.0, 1.0, 1.0, 2, 0, 0),
    }
    assert result["candidate"]["not_scored"] == ["billing", "performance", "urgent"]
    assert (db_file.read_bytes(), _contents(db_file)) == before


def _contents(path) -> list:
    """Every row of every table (pysqlite3 has no `iterdump`)."""
    conn = sqlite3.connect(path)
    try:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [
            (table, sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"'))))
            for (table,) in tables.fetchall()
            if not table.startswith("sqlite_") and not table.endswith("_fts")
        ]
    finally:
        conn.close()


def test_nothing_to_judge_is_one_line_and_exit_1(voc):
    voc("capture", "The invoice was charged twice.")
    voc("capture", "-t", "roadmap", "Some idea")
    for fmt in ("text", "json"):
        result = voc("themes", "eval", "--format", fmt, code=1)
        assert result.stdout == ""
        assert result.stderr == (
            "nothing to judge: no note has a hand tag that is a theme of the taxonomy "
            "(tag some with voc tag ID --add SLUG)\n"
        )


def test_a_missing_candidate_file_is_a_one_line_error(voc, hand_tagged, tmp_path):
    result = voc("themes", "eval", "--candidate", str(tmp_path / "nope.toml"), code=1)
    assert result.stderr == f"voc: error: {tmp_path / 'nope.toml'}: no such theme file\n"
