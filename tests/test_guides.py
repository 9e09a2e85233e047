"""Debrief guides: loading and checking the TOML, `voc guides`, and `--answers`."""

import json
from pathlib import Path

import pytest

from voc.errors import InvalidInput
from voc.guides.debrief import Walk
from voc.guides.guide import GuideError, builtin_names, load_guide, parse_guide

GOOD = """\
name = "success-debrief"
description = "Hear from customer success."
source = "support"

[[questions]]
key = "renewals"
prompt = "Which renewals worry you?"
skippable = false

[[questions]]
key = "wins"
prompt = "What went well?"
help = "Their words."
"""


def test_builtin_guides_load_with_the_questions_the_issue_names():
    assert builtin_names() == ["customer-interview", "sales-debrief", "support-debrief"]
    support = load_guide("support-debrief")
    assert support.source == "support"
    assert [q.key for q in support.questions] == [
        "concerns",
        "like_most",
        "like_least",
        "competitors",
        "story",
    ]
    assert load_guide("sales-debrief").source == "sales"
    assert load_guide("customer-interview").question("would_miss").skippable


def test_a_good_guide_parses():
    guide = parse_guide(GOOD, "g.toml")
    assert guide.name == "success-debrief"
    assert guide.questions[0].skippable is False
    assert guide.questions[1].help == "Their words."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = [", "g.toml: invalid TOML"),
        (GOOD.replace('source = "support"', 'source = "fax"'), "g.toml: line 3: unknown source"),
        (GOOD + '\n[[questions]]\nkey = "wins"\nprompt = "Again?"\n', "line 15: duplicate"),
        (GOOD.replace('prompt = "What went well?"\n', ""), "g.toml: line 10: prompt is missing"),
        (GOOD.replace("skippable = false", 'skippable = "no"'), "line 5: question 'renewals'"),
        (GOOD.replace('key = "wins"', 'key = "Big Wins"'), "line 10: question key 'Big Wins'"),
        (GOOD.replace('help = "Their words."', 'hint = "x"'), "line 10: question 2: unknown"),
        ('name = "x"\ncolour = "red"\n', "g.toml: line 2: unknown key 'colour'"),
        ('name = "x"\n', "g.toml: line 1: no questions"),
        ('description = "no name"\n[[questions]]\n', "line 1: name is missing"),
    ],
)
def test_bad_guides_name_file_line_and_reason(text, message):
    with pytest.raises(GuideError) as caught:
        parse_guide(text, "g.toml")
    assert message in str(caught.value)


def test_a_users_guide_overrides_a_builtin_of_the_same_name(voc, isolated):
    folder = isolated / "config" / "guides"
    folder.mkdir(parents=True)
    (folder / "support-debrief.toml").write_text(GOOD.replace("success", "support"))
    shown = voc("guides", "show", "support-debrief", "--format", "json")
    assert [q["key"] for q in json.loads(shown.stdout)["questions"]] == ["renewals", "wins"]
    listed = voc("guides", "list").stdout
    assert f"[{folder / 'support-debrief.toml'}]" in listed
    assert "sales-debrief" in listed


def test_a_broken_user_guide_is_one_error_line(voc, isolated):
    path = isolated / "mine.toml"
    path.write_text(GOOD.replace('source = "support"', "source = 3"))
    result = voc("guides", "show", str(path), code=1)
    assert result.stderr == f"voc: error: {path}: line 3: source must be a string\n"
    assert result.stdout == ""


def test_init_copies_a_builtin_under_a_new_name_and_refuses_to_overwrite(voc, isolated):
    voc("guides", "init", "success-debrief", "--from", "customer-interview")
    written = isolated / "config" / "guides" / "success-debrief.toml"
    guide = load_guide(str(written))
    assert guide.name == "success-debrief"
    assert guide.questions[0].key == "job"
    again = voc("guides", "init", "success-debrief", code=1)
    assert "already exists" in again.stderr
    voc("guides", "init", "success-debrief", "--force")


def test_answers_file_makes_one_note_per_answer_in_one_session(voc, isolated):
    answers = isolated / "answers.json"
    answers.write_text(
        json.dumps({"like_most": "They love the CSV export.", "concerns": "Invoices confuse them."})
    )
    result = voc(
        "capture", "--guide", "support-debrief", "--answers", str(answers),
        "-c", "Ana", "-a", "Initech", "--author", "Sam", "-d", "2026-11-20", "--format", "json",
    )  # fmt: skip
    notes = json.loads(result.stdout)
    assert [n["question_key"] for n in notes] == ["concerns", "like_most"]
    assert notes[0]["title"] == "What are customers' day-to-day concerns right now?"
    assert {n["session_id"] for n in notes} == {notes[0]["session_id"]}
    assert all(n["source"] == "support" and n["author"] == "Sam" for n in notes)
    assert notes[1]["occurred_at"] == "2026-11-20T12:00:00Z"
    assert "saved 2 answer(s)" in result.stderr


def test_answers_in_toml_with_origin_are_idempotent(voc, isolated):
    answers = isolated / "answers.toml"
    answers.write_text('won = "The audit log won it."\nlost = ""\n')
    args = ["capture", "--guide", "sales-debrief", "--answers", str(answers), "--origin", "d-1"]
    first = voc(*args).stdout
    second = voc(*args)
    assert second.stdout == first
    assert "1 already stored" in second.stderr
    listed = json.loads(voc("list", "--format", "json").stdout)
    assert [(n["question_key"], n["source"]) for n in listed] == [("won", "sales")]


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ('{"nope": "x", "concerns": "y"}', ".json", "has no question 'nope'"),
        ('{"like_most": "y"}', ".json", "no answer to 'concerns', which cannot be skipped"),
        ('{"concerns": 3}', ".json", "the answer to 'concerns' must be text"),
        ("[1, 2]", ".json", "expected a mapping"),
        ("{", ".json", "not valid JSON"),
        ("concerns: x", ".yaml", "YAML answers are not supported"),
    ],
)
def test_bad_answers_files_are_refused_and_nothing_is_saved(
    voc, isolated, content, suffix, message
):
    path = isolated / f"answers{suffix}"
    path.write_text(content)
    result = voc("capture", "--guide", "support-debrief", "--answers", str(path), code=2)
    assert message in result.stderr
    assert voc("list", "--format", "json").stdout.strip() == "[]"


def test_guide_options_are_checked(voc, isolated):
    assert "unknown guide 'nope'" in voc("capture", "--guide", "nope", code=2).stderr
    assert "--answers goes with --guide" in voc("capture", "--answers", "x.json", code=2).stderr
    result = voc("capture", "some text", "--guide", "support-debrief", code=2)
    assert "takes no TEXT" in result.stderr
    no_terminal = voc("capture", "--guide", "support-debrief", input="", code=2)
    assert "needs a terminal, or --answers FILE" in no_terminal.stderr


def test_walk_skip_back_and_keep():
    walk = Walk(load_guide("customer-interview"))
    with pytest.raises(InvalidInput, match="'job' needs an answer"):
        walk.answer("   ")
    walk.answer("Run payroll without a spreadsheet.")
    walk.skip()
    walk.back()
    walk.back()
    walk.answer("")  # keeps the earlier answer
    assert walk.current.key == "worked"
    walk.answer("When the bank file just worked.")
    walk.answer("")
    walk.answer("The reports.")
    assert walk.done
    assert walk.ordered_answers() == [
        ("job", "Run payroll without a spreadsheet."),
        ("worked", "When the bank file just worked."),
        ("would_miss", "The reports."),
    ]


def test_builtin_guides_ship_as_package_data():
    import voc.data

    folder = Path(voc.data.__file__).parent / "guides"
    assert sorted(p.stem for p in folder.glob("*.toml")) == builtin_names()


def test_a_guide_in_the_folder_must_be_named_like_its_file(voc, isolated):
    folder = isolated / "config" / "guides"
    folder.mkdir(parents=True)
    (folder / "renewals.toml").write_text(GOOD)
    result = voc("guides", "list", code=1)
    assert result.stderr == (
        f"voc: error: {folder / 'renewals.toml'}: line 1: name 'success-debrief' differs from "
        "the file name: rename one so that both say 'renewals'\n"
    )
