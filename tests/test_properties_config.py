"""Random theme taxonomies and debrief guides: loaded, or refused with a message that names
the file; never an exception of another kind. A taxonomy that loads also builds a tagging
pipeline that tags text (its patterns cannot crash spaCy's matcher later).
"""

import json
import re
import tomllib

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from voc.errors import VocError
from voc.guides.guide import parse_guide
from voc.notes.engine import sqlite3
from voc.themes.taxonomy import load_taxonomy

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: str) -> str:
    return key if BARE_KEY.match(key) else toml_value(key)


def toml_value(value) -> str:
    """A value as inline TOML (JSON's string escapes are TOML's too)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):  # raw non-ASCII: a JSON surrogate pair is no TOML escape
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


words = st.text(min_size=0, max_size=20)
scalars = st.one_of(words, st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False))
token = st.dictionaries(
    st.sampled_from(["LOWER", "ORTH", "LEMMA", "OP", "IS_DIGIT", "TEXT", "bogus", "lower"]),
    st.one_of(words, st.sampled_from(["?", "+", "*", "!", "{2}"]), st.booleans(), st.integers()),
    max_size=3,
)
theme_values = {
    "label": st.one_of(words, scalars),
    "description": words,
    "patterns": st.one_of(st.lists(words, max_size=4), scalars),
    "exclude": st.one_of(st.lists(words, max_size=2), scalars),
    "token_patterns": st.one_of(st.lists(st.lists(token, max_size=3), max_size=2), scalars),
    "skip_negated": st.one_of(st.booleans(), scalars),
    "group": st.one_of(st.booleans(), scalars),
}
slugs = st.one_of(
    st.sampled_from(["pricing", "billing", "competitor", "competitor/acme", "a/b/c", "x/"]),
    st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}(/[a-z0-9]{1,5})?", fullmatch=True),
    words,
)


@st.composite
def taxonomy_text(draw) -> str:
    tables = []
    for slug in draw(st.lists(slugs, max_size=5)):
        keys = draw(st.lists(st.sampled_from([*theme_values, "colour"]), unique=True, max_size=6))
        lines = [f"[themes.{toml_key(slug)}]"]
        for key in keys:
            value = draw(theme_values.get(key, scalars))
            lines.append(f"{key} = {toml_value(value)}")
        tables.append("\n".join(lines))
    return "\n\n".join(tables) + "\n"


phrase = st.text(min_size=1, max_size=20).filter(str.strip)
valid_token = st.dictionaries(
    st.sampled_from(["LOWER", "ORTH", "LEMMA", "TEXT", "OP"]),
    st.one_of(phrase, st.sampled_from(["?", "+", "*", "!"])),
    min_size=1,
    max_size=2,
)


@st.composite
def plausible_taxonomy_text(draw) -> str:
    """Mostly well-formed: right keys and types, parents present; odd words and patterns."""
    tables = []
    for parent in draw(st.lists(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True),
                                min_size=1, max_size=4, unique=True)):  # fmt: skip
        children = draw(st.lists(st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True), max_size=2,
                                 unique=True))  # fmt: skip
        for slug in [parent, *(f"{parent}/{c}" for c in children)]:
            lines = [f"[themes.{toml_key(slug)}]", f"label = {toml_value(draw(words))}"]
            lines.append(f"patterns = {toml_value(draw(st.lists(phrase, min_size=1, max_size=4)))}")
            if draw(st.booleans()):
                lines.append(f"exclude = {toml_value(draw(st.lists(phrase, max_size=2)))}")
            if draw(st.booleans()):
                lines.append(f"skip_negated = {toml_value(draw(st.booleans()))}")
            if draw(st.booleans()):
                patterns = draw(st.lists(st.lists(valid_token, min_size=1, max_size=3), max_size=2))
                lines.append(f"token_patterns = {toml_value(patterns)}")
            tables.append("\n".join(lines))
    return "\n\n".join(tables) + "\n"


@pytest.fixture(scope="module")
def sentence() -> str:
    return "The pricing is too high, acme is cheaper and the invoice was wrong. I love it!"


@SETTINGS
@given(text=st.one_of(plausible_taxonomy_text(), taxonomy_text(), st.text(max_size=300)))
def test_any_taxonomy_file_loads_and_tags_or_is_refused_naming_the_file(tmp_path, sentence, text):
    path = tmp_path / "themes.toml"
    path.write_text(text, encoding="utf-8")
    try:
        taxonomy = load_taxonomy(path)
    except VocError as e:
        assert str(path) in str(e), e
        event("taxonomy refused")
        return
    event("taxonomy loaded")
    from voc.nlp.pipeline import build_pipeline

    try:  # token patterns are checked against spaCy's schema when the matcher is built
        nlp = build_pipeline(path)
    except VocError as e:
        assert str(path) in str(e), e
        event("taxonomy refused by the matcher")
        return
    doc = nlp(sentence)
    # the themes are exactly the tables the file declares, read here with tomllib alone
    assert {t.slug for t in taxonomy} == set(tomllib.loads(text)["themes"])
    assert doc.text == sentence


question_values = {
    "key": st.one_of(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), words, scalars),
    "prompt": st.one_of(words, scalars),
    "help": st.one_of(words, scalars),
    "skippable": st.one_of(st.booleans(), scalars),
}


@st.composite
def guide_text(draw) -> str:
    lines = []
    for key, values in {
        "name": st.one_of(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True), words, scalars),
        "description": words,
        "source": st.one_of(st.sampled_from(["sales", "support", "nope"]), scalars),
        "extra": scalars,
    }.items():
        if draw(st.booleans()):
            lines.append(f"{key} = {toml_value(draw(values))}")
    for _ in range(draw(st.integers(0, 4))):
        keys = draw(st.lists(st.sampled_from([*question_values, "odd"]), unique=True, max_size=5))
        lines.append("\n[[questions]]")
        for key in keys:
            lines.append(f"{key} = {toml_value(draw(question_values.get(key, scalars)))}")
    return "\n".join(lines) + "\n"


@st.composite
def plausible_guide_text(draw) -> str:
    name = draw(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True))
    lines = [
        f"name = {toml_value(name)}",
        f"source = {toml_value(draw(st.sampled_from(['sales', 'support', 'other'])))}",
    ]
    for key in draw(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), min_size=1,
                             max_size=4)):  # fmt: skip
        lines += ["", "[[questions]]", f"key = {toml_value(key)}"]
        lines.append(f"prompt = {toml_value(draw(st.one_of(phrase, words)))}")
        if draw(st.booleans()):
            lines.append(f"help = {toml_value(draw(words))}")
        if draw(st.booleans()):
            lines.append(f"skippable = {toml_value(draw(st.booleans()))}")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(plausible_guide_text(), guide_text(), st.text(max_size=300)))
def test_any_guide_file_loads_or_is_refused_naming_the_file(text):
    try:
        guide = parse_guide(text, "my-guide.toml")
    except VocError as e:
        assert str(e).startswith("my-guide.toml"), e
        event("guide refused")
        return
    event("guide loaded")
    assert guide.name
    assert all(q.key and q.prompt for q in guide.questions)


answer_values = st.one_of(
    st.text(max_size=80), st.integers(), st.booleans(), st.none(), st.lists(st.text(max_size=5))
)
QUESTION_KEYS_OF_SALES = ["won", "lost", "objections", "competitors", "job"]


@SETTINGS
@given(
    answers=st.one_of(
        st.fixed_dictionaries({k: st.text(max_size=80) for k in QUESTION_KEYS_OF_SALES}),
        st.dictionaries(
            st.one_of(st.sampled_from(QUESTION_KEYS_OF_SALES), st.text(max_size=10)),
            answer_values,
            max_size=5,
        ),
    ),
    raw=st.one_of(st.none(), st.none(), st.binary(max_size=200)),
    as_toml=st.booleans(),
)
def test_any_answers_file_is_stored_or_one_error_line(
    voc, db_file, tmp_path, answers, raw, as_toml
):
    """`voc capture --guide G --answers FILE`: whatever the file holds."""
    path = tmp_path / ("answers.toml" if as_toml else "answers.json")
    if as_toml:  # TOML has no null: such answers are left out of the file
        answers = {k: v for k, v in answers.items() if v is not None}
    if raw is not None:
        path.write_bytes(raw)
    elif as_toml:
        path.write_text("".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in answers.items()))
    else:
        path.write_text(json.dumps(answers))
    result = voc(
        "capture", "--guide", "sales-debrief", "--answers", str(path), "--no-redact", code=None
    )
    event(f"exit {result.exit_code}")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code != 0:
        assert result.exit_code in (1, 2), result.stderr
        assert result.stderr.splitlines()[-1].startswith("voc: error: "), result.stderr
        return
    if raw is not None:
        return
    with sqlite3.connect(db_file) as conn:
        stored = dict(conn.execute(
            "SELECT question_key, text FROM notes WHERE session_id = "
            "(SELECT session_id FROM notes ORDER BY id DESC LIMIT 1)"
        ).fetchall())  # fmt: skip
    given = {k: v.strip() for k, v in answers.items() if v.strip()}
    assert stored == given  # every answer a note, whole (redaction off: nothing to work out)
