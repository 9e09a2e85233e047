"""`voc export`, and the team workflow: each keeps a database, the lead imports the exports."""

import csv
import io
import json
import stat

from voc.notes.export import EXPORT_FIELDS
from voc.notes.note import RECORD_FIELDS


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def by_text(notes: list[dict]) -> dict[str, dict]:
    return {n["text"]: n for n in notes}


def test_export_has_every_public_field_plus_themes_and_signals(voc):
    voc("capture", "The invoice was charged twice, please fix it", "-s", "support", "-t", "vip")
    out = records(voc("export").stdout)
    assert list(out[0]) == [*RECORD_FIELDS, "themes", "signals", "theme_stances"]
    assert out[0]["tags"] == ["vip"]
    assert out[0]["theme_stances"]["billing"] == "issue"
    assert out[0]["theme_stances"]["vip"] == "mention"  # tagged by hand only
    assert "vip" in out[0]["themes"]  # a manual tag is a theme too
    assert "billing" in out[0]["themes"]
    assert len(out[0]["uid"]) == 32


def test_export_takes_the_list_filters_and_streams_oldest_first(voc):
    voc("capture", "Old one", "-a", "Acme", "-d", "2026-10-01")
    voc("capture", "New one", "-a", "Acme", "-d", "2026-11-01")
    voc("capture", "Other account", "-a", "Globex", "-d", "2026-11-02")
    assert [r["text"] for r in records(voc("export", "-a", "acme").stdout)] == [
        "Old one",
        "New one",
    ]
    since = voc("export", "--since", "2026-10-15", "-n", "1").stdout
    assert [r["text"] for r in records(since)] == ["New one"]


def test_csv_export_keeps_lists_as_json_text(voc):
    voc("capture", "Loves the dashboard", "-t", "praise-wall", "-c", "Ana")
    rows = list(csv.DictReader(io.StringIO(voc("export", "--format", "csv").stdout)))
    assert list(rows[0]) == list(EXPORT_FIELDS)
    assert json.loads(rows[0]["tags"]) == ["praise-wall"]
    assert rows[0]["quotable"] == "1"


def test_export_file_is_private_and_not_overwritten_by_accident(voc, isolated):
    voc("capture", "Something said")
    target = isolated / "out.jsonl"
    result = voc("export", "-o", str(target))
    assert result.stdout == ""
    assert "exported 1 note(s)" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert voc("export", "-o", str(target), code=1).stderr.startswith("voc: error:")
    target.chmod(0o644)
    voc("export", "-o", str(target), "--force")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(records(target.read_text())) == 1


def test_merge_two_databases_with_overlap_no_duplicates_manual_tags_kept(voc, isolated):
    dana, lead = str(isolated / "dana.db"), str(isolated / "lead.db")
    answers = isolated / "answers.json"
    answers.write_text(json.dumps({"concerns": "SSO setup confuses admins", "story": "A win"}))
    voc("--db", dana, "capture", "They would pay more for SSO", "-t", "pricing", "-a", "Acme")
    voc("--db", dana, "capture", "--guide", "support-debrief", "--answers", str(answers))
    voc("--db", lead, "capture", "The lead's own note", "-a", "Initech")
    week1 = isolated / "week1.jsonl"
    voc("--db", dana, "export", "-o", str(week1))
    voc("--db", lead, "import", str(week1))

    voc("--db", dana, "capture", "Export to Excel is slow", "-a", "Globex", "-t", "reporting")
    week2 = isolated / "week2.jsonl"
    voc("--db", dana, "export", "-o", str(week2))  # overlaps week 1
    voc("--db", lead, "import", str(week2))
    voc("--db", lead, "import", str(week2))  # and again: nothing new

    merged = records(voc("--db", lead, "export").stdout)
    texts = [n["text"] for n in merged]
    assert sorted(texts) == sorted(
        [
            "They would pay more for SSO",
            "SSO setup confuses admins",
            "A win",
            "The lead's own note",
            "Export to Excel is slow",
        ]
    )
    mine = by_text(records(voc("--db", dana, "export").stdout))
    theirs = by_text(merged)
    for text, note in mine.items():
        assert theirs[text]["uid"] == note["uid"]
        assert theirs[text]["tags"] == note["tags"]
        assert theirs[text]["session_id"] == note["session_id"]
        assert theirs[text]["question_key"] == note["question_key"]
    assert theirs["They would pay more for SSO"]["tags"] == ["pricing"]
    assert "pricing" in theirs["They would pay more for SSO"]["themes"]
    assert "reporting" in theirs["Export to Excel is slow"]["themes"]


def test_csv_export_imports_into_another_database(voc, isolated):
    first, second = str(isolated / "a.db"), str(isolated / "b.db")
    voc("--db", first, "capture", "Setup, took, two weeks", "-t", "onboarding", "-c", "Lee")
    voc("--db", first, "capture", 'She said "no way" to the price', "--no-quote")
    sheet = isolated / "notes.csv"
    voc("--db", first, "export", "--format", "csv", "-o", str(sheet))
    voc("--db", second, "import", str(sheet))
    voc("--db", second, "import", str(sheet))
    fields = ("uid", "text", "tags", "customer", "quotable", "occurred_at")
    mine = [{k: n[k] for k in fields} for n in records(voc("--db", first, "export").stdout)]
    theirs = [{k: n[k] for k in fields} for n in records(voc("--db", second, "export").stdout)]
    assert theirs == mine
