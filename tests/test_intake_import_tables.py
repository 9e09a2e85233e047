"""`voc import` of tables and text: CSV/TSV with --map, JSONL, JSON arrays, plain text,
and the round trip from voc's own json/jsonl/csv output into another database."""

import json
from pathlib import Path

import pytest


def summary(result) -> dict:
    return dict(pair.split("=", 1) for pair in result.stdout.split())


def listed(voc, *args: str) -> list[dict]:
    return json.loads(voc(*args, "list", "--format", "json").stdout)


def test_csv_with_mapped_columns(voc, tmp_path):
    table = tmp_path / "tickets.csv"
    table.write_text(
        "Ticket body,Created,Requester,Company\n"
        '"The invoice flow is confusing, twice charged",2026-11-02,Ana Ruiz,Acme\n'
        "Love the new export,2026-11-03T09:30:00Z,Lee,Globex\n",
        encoding="utf-8",
    )
    maps = ["--map", "Ticket body=text", "--map", "Created=occurred_at",
            "--map", "Requester=customer", "--map", "Company=account"]  # fmt: skip
    result = voc("import", str(table), *maps, "--source", "support")
    assert "as csv" in result.stderr and summary(result)["new"] == "2"
    notes = listed(voc)
    assert [(n["customer"], n["account"], n["occurred_at"], n["source"]) for n in notes] == [
        ("Lee", "Globex", "2026-11-03T09:30:00Z", "support"),
        ("Ana Ruiz", "Acme", "2026-11-02T12:00:00Z", "support"),
    ]
    assert summary(voc("import", str(table), *maps, "--source", "support"))["duplicate"] == "2"


def test_a_row_with_the_wrong_number_of_fields_is_rejected_and_the_rest_imported(voc, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("text,customer\nfirst,Ana\nsecond,Lee,extra\n,Nobody\nthird,Kim\n")
    rejects = tmp_path / "rejects.jsonl"
    result = voc("import", str(table), "--rejects", str(rejects), code=3)
    got = summary(result)
    assert (got["new"], got["rejected"]) == ("2", "2")
    lines = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [(r["position"], r["reason"]) for r in lines] == [
        ("t.csv line 3", "3 fields where the header has 2"),
        ("t.csv line 4", "no text"),
    ]


def test_tsv_jsonl_and_a_json_array(voc, tmp_path):
    (tmp_path / "a.tsv").write_text("text\tcustomer\nSlow sync\tAna\n")
    (tmp_path / "b.jsonl").write_text(
        '{"text": "SSO please", "tags": ["sso"]}\nnot json\n\n{"text": "Great support"}\n'
    )
    (tmp_path / "c.json").write_text('[{"text": "Too pricey", "quotable": false}, 42]')
    assert summary(voc("import", str(tmp_path / "a.tsv")))["new"] == "1"
    result = voc("import", str(tmp_path / "b.jsonl"), code=3)
    assert (summary(result)["new"], summary(result)["rejected"]) == ("2", "1")
    result = voc("import", str(tmp_path / "c.json"), code=3)
    assert (summary(result)["new"], summary(result)["rejected"]) == ("1", "1")
    notes = {n["text"]: n for n in listed(voc)}
    assert notes["SSO please"]["tags"] == ["sso"]
    assert notes["Too pricey"]["quotable"] is False
    assert notes["Slow sync"]["source"] == "other"


def test_a_truncated_json_array_keeps_what_came_before(voc, tmp_path):
    (tmp_path / "cut.json").write_text('[{"text": "one"}, {"text": "two"}, {"text": "thr')
    result = voc("import", str(tmp_path / "cut.json"), code=3)
    assert (summary(result)["new"], summary(result)["rejected"]) == ("2", "1")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_voc_output_round_trips_into_another_database_idempotently(voc, tmp_path, fmt):
    voc("capture", "They want SSO", "-s", "sales", "-c", "Ana", "-a", "Acme", "-t", "sso")
    voc("capture", "Export is slow", "-s", "support", "--no-quote", "-d", "2026-11-02")
    exported = voc("list", "--format", fmt).stdout
    other = str(tmp_path / "other.db")
    first = voc("--db", other, "import", "-", "--from", fmt, input=exported)
    assert summary(first)["new"] == "2"
    again = voc("--db", other, "import", "-", "--from", fmt, input=exported)
    assert summary(again)["duplicate"] == "2"
    keys = ("uid", "text", "source", "customer", "account", "tags", "quotable", "occurred_at")
    mine = [{k: n[k] for k in keys} for n in listed(voc)]
    theirs = [{k: n[k] for k in keys} for n in listed(voc, "--db", other)]
    assert theirs == mine
    same_db = voc("import", "-", "--from", fmt, input=exported)
    assert summary(same_db)["duplicate"] == "2"


def test_plain_text_files_and_paragraphs(voc, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("Setup took two weeks.\n")
    (folder / "b.md").write_bytes("Caf\xe9 owners love it.\r\n".encode("latin-1"))
    assert "as txt" in voc("import", str(folder)).stderr
    paragraphs = tmp_path / "review.txt"
    paragraphs.write_text("First point.\n\n\nSecond point,\nstill second.\n\n")
    assert summary(voc("import", str(paragraphs), "--split-on-blank-lines"))["new"] == "2"
    texts = sorted(n["text"] for n in listed(voc))
    assert texts == [
        "Café owners love it.", "First point.", "Second point,\nstill second.",
        "Setup took two weeks.",
    ]  # fmt: skip


def test_bad_options_are_usage_errors(voc, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("text\nhi\n")
    assert voc("import", str(table), "--map", "body", code=2).stderr
    assert "no such file" in voc("import", str(tmp_path / "missing.csv"), code=2).stderr
    assert "unknown source" in voc("import", str(table), "-s", "fax", code=2).stderr
    assert voc("import", str(table), "--from", "xls", code=2).stderr


def test_an_unknown_source_in_a_row_is_a_reject_not_a_crash(voc, tmp_path):
    (tmp_path / "s.jsonl").write_text('{"text": "hi", "source": "fax"}\n')
    result = voc("import", str(tmp_path / "s.jsonl"), code=3)
    assert summary(result)["rejected"] == "1"


def test_the_examples_import_as_the_readme_says(voc):
    examples = Path(__file__).resolve().parents[1] / "examples"
    result = voc("import", str(examples / "sample.mbox"), "--team-domain", "example.com")
    got = summary(result)
    assert (got["new"], got["skipped"], got["rejected"]) == ("4", "1", "0")
    maps = ["--map", "Ticket body=text", "--map", "Created=occurred_at",
            "--map", "Requester=customer", "--map", "Company=account"]  # fmt: skip
    result = voc("import", str(examples / "sample.csv"), *maps, "--source", "support")
    assert summary(result)["new"] == "4"


def test_voc_export_into_another_database_is_idempotent_and_keeps_manual_tags(voc, tmp_path):
    voc("capture", "They want SSO with Okta", "-c", "Ana", "-a", "Acme", "-t", "sso")
    voc("import", str(Path(__file__).resolve().parents[1] / "examples" / "sample.mbox"))
    exported = voc("export").stdout
    other = str(tmp_path / "other.db")
    assert summary(voc("--db", other, "import", "-", input=exported))["new"] == "6"
    assert summary(voc("--db", other, "import", "-", input=exported))["duplicate"] == "6"
    tagged = listed(voc, "--db", other)
    assert [n["tags"] for n in tagged if n["customer"] == "Ana"] == [["sso"]]
    assert {n["uid"] for n in tagged} == {n["uid"] for n in listed(voc)}


def test_a_piped_table_is_recognised_by_its_mapped_columns(voc):
    table = "Ticket body,Requester\nThe invoice flow is confusing,Ana\n"
    result = voc("import", "-", "--map", "Ticket body=text", "--map", "Requester=customer",
                 input=table)  # fmt: skip
    assert "standard input as csv" in result.stderr
    assert [n["customer"] for n in listed(voc)] == ["Ana"]


def test_a_table_without_a_text_column_is_refused_up_front(voc, tmp_path):
    table = tmp_path / "tickets.csv"
    table.write_text("Ticket ID,Ticket body\n1,The invoice is wrong\n")
    result = voc("import", str(table), code=1)
    assert result.stderr.splitlines()[-1] == (
        "voc: error: tickets.csv has no text column (columns: Ticket ID, Ticket body): "
        "name it with --map 'COLUMN=text'"
    )
    assert voc("list", "--format", "json").stdout == "[]\n"


def readme_table_imports() -> list[list[str]]:
    """The README's `voc import examples/sample.csv ...` commands, continuation lines joined."""
    import shlex

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.split("#")[0] for line in readme.splitlines()]
    return [
        shlex.split(line)[1:] for line in lines if line.startswith("voc import examples/sample.csv")
    ]


def test_the_readmes_table_imported_again_with_more_columns_adds_nothing(voc, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    two_maps, five_maps = readme_table_imports()
    assert two_maps.count("--map") == 2 and five_maps.count("--map") == 5
    first = voc(*two_maps)
    assert summary(first)["new"] == "4"
    named = [line for line in first.stderr.splitlines() if "ignored columns" in line]
    assert named == [
        "voc: ignored columns: Ticket ID, Requester, Company "
        "(no note field has these names: --map 'COLUMN=FIELD' to keep one)"
    ]
    second = voc(*five_maps)
    assert (summary(second)["new"], summary(second)["duplicate"]) == ("0", "4")
    assert "ignored columns" not in second.stderr
    assert (summary(voc(*five_maps))["new"], summary(voc(*two_maps))["new"]) == ("0", "0")
    assert len(listed(voc)) == 4


def test_the_same_words_from_two_customers_on_one_day_stay_two_notes(voc, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("ID,Body,Who,When\n1,Thanks!,Ana,2026-11-02\n2,Thanks!,Lee,2026-11-02\n")
    maps = ["--map", "Body=text", "--map", "When=occurred_at", "--map", "Who=customer"]
    assert summary(voc("import", str(table), *maps))["new"] == "2"
    # the ticket ID mapped as well, the second time: the same two rows
    again = voc("import", str(table), *maps, "--map", "ID=origin")
    assert (summary(again)["new"], summary(again)["duplicate"]) == ("0", "2")


def test_voc_own_files_and_unknown_json_fields(voc, tmp_path):
    voc("capture", "Exports time out", "-c", "Ana")
    exported = voc("list", "--format", "csv").stdout
    other = ["--db", str(tmp_path / "other.db")]
    back = voc(*other, "import", "-", "--from", "csv", input=exported)
    assert summary(back)["new"] == "1" and "ignored" not in back.stderr
    lines = tmp_path / "x.jsonl"
    lines.write_text(
        '{"text": "a", "Priority": "high"}\n{"text": "b", "Team": "x", "Priority": 1}\n'
    )
    result = voc(*other, "import", str(lines))
    assert "voc: ignored columns: Priority, Team (" in result.stderr
