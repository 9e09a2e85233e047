"""Debrief guides: the questions to ask a colleague, as small TOML files a team can edit.

```toml
name = "support-debrief"
description = "Hear what customers tell support."
source = "support"                 # the default source of the notes it produces

[[questions]]
key = "concerns"                   # short, stable: stored on each answer's note
prompt = "What are customers' day-to-day concerns right now?"
help = "Their words if you can."   # optional
skippable = false                  # optional, default true
```

Built-in guides ship in `voc/data/guides/`; a team's own live in `guides/` in the config
folder (same name: theirs wins) or anywhere, given by path.
"""

import re
import tomllib
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from voc.errors import VocError
from voc.notes.choices import unknown_message
from voc.notes.note import SOURCES
from voc.paths import config_dir

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
GUIDE_KEYS = {"name", "description", "source", "questions"}
QUESTION_KEYS = {"key", "prompt", "help", "skippable"}


class GuideError(VocError):
    """A guide that cannot be used; the message names the file, the line and the reason."""


class UnknownGuide(GuideError):
    """A guide name voc does not know: bad input, as an unknown source is."""

    exit_code = 2


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    help: str = ""
    skippable: bool = True


@dataclass(frozen=True)
class Guide:
    name: str
    description: str
    source: str
    questions: tuple[Question, ...]
    path: str  # where it was read from, for `voc guides list`

    def question(self, key: str) -> Question:
        for q in self.questions:
            if q.key == key:
                return q
        raise GuideError(f"guide {self.name!r} has no question {key!r}")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["questions"] = [asdict(q) for q in self.questions]
        return data


def user_guides_dir() -> Path:
    return config_dir() / "guides"


def builtin_names() -> list[str]:
    folder = resources.files("voc.data").joinpath("guides")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def builtin_text(name: str) -> str:
    if name not in builtin_names():
        raise UnknownGuide(unknown_message(name, builtin_names(), "built-in guide"))
    path = resources.files("voc.data").joinpath("guides", f"{name}.toml")
    return path.read_text(encoding="utf-8")


def available() -> dict[str, str]:
    """Guide name -> where it comes from (a path, or "built-in"); the user's win."""
    found = {name: "built-in" for name in builtin_names()}
    folder = user_guides_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            found[path.stem] = str(path)
    return dict(sorted(found.items()))


def load_guide(name_or_path: str, sources: tuple[str, ...] = SOURCES) -> Guide:
    """A guide by name (the user's folder, then the built-ins) or by path to a TOML file."""
    if name_or_path.endswith(".toml") or "/" in name_or_path:
        path = Path(name_or_path).expanduser()
        return parse_guide(_read(path), str(path), sources)
    where = available().get(name_or_path)
    if where is None:
        message = unknown_message(name_or_path, list(available()), "guide")
        raise UnknownGuide(f"{message} (or give a path to a .toml file)")
    if where == "built-in":
        return parse_guide(builtin_text(name_or_path), "built-in", sources)
    guide = parse_guide(_read(Path(where)), where, sources)
    if guide.name != name_or_path:
        raise GuideError(
            f"{_Lines(_read(Path(where)), where).of_key('name')}: name {guide.name!r} differs "
            f"from the file name: rename one so that both say {name_or_path!r}"
        )
    return guide


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GuideError(f"{path}: no such guide file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise GuideError(f"{path}: cannot read the guide: {e}") from None


def parse_guide(text: str, name: str, sources: tuple[str, ...] = SOURCES) -> Guide:
    """Check a guide's TOML; every problem names the file and the line it is on."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise GuideError(f"{name}: invalid TOML: {e}") from None
    lines = _Lines(text, name)
    unknown = sorted(set(data) - GUIDE_KEYS)
    if unknown:
        raise GuideError(f"{lines.of_key(unknown[0])}: unknown key {unknown[0]!r}")
    title = _text(data, "name", lines.of_key("name"), required=True)
    if not KEY.match(title):
        raise GuideError(f"{lines.of_key('name')}: name {title!r}: use a-z, 0-9, - and _")
    source = _text(data, "source", lines.of_key("source")) or "other"
    if source not in sources:
        raise GuideError(
            f"{lines.of_key('source')}: unknown source {source!r}: use one of {', '.join(sources)}"
        )
    questions = _questions(data.get("questions"), lines)
    description = _text(data, "description", lines.of_key("description"))
    return Guide(title, description, source, questions, name)


def _questions(value: Any, lines: "_Lines") -> tuple[Question, ...]:
    if not isinstance(value, list) or not value:
        raise GuideError(f"{lines.at(1)}: no questions: add [[questions]] tables")
    questions: list[Question] = []
    for number, table in enumerate(value, start=1):
        where = lines.of_question(number)
        if not isinstance(table, dict):
            raise GuideError(f"{where}: each question must be a [[questions]] table")
        unknown = sorted(set(table) - QUESTION_KEYS)
        if unknown:
            raise GuideError(f"{where}: question {number}: unknown key {unknown[0]!r}")
        key = _text(table, "key", where, required=True)
        if not KEY.match(key):
            raise GuideError(f"{where}: question key {key!r}: use a-z, 0-9, - and _")
        if any(q.key == key for q in questions):
            raise GuideError(f"{where}: duplicate question key {key!r}")
        skippable = table.get("skippable", True)
        if not isinstance(skippable, bool):
            raise GuideError(f"{where}: question {key!r}: skippable must be true or false")
        prompt = _text(table, "prompt", where, required=True)
        questions.append(Question(key, prompt, _text(table, "help", where), skippable))
    return tuple(questions)


def _text(table: dict, key: str, where: str, required: bool = False) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise GuideError(f"{where}: {key} must be a string")
    if required and not value.strip():
        raise GuideError(f"{where}: {key} is missing")
    return " ".join(value.split())


class _Lines:
    """Line numbers for error messages (tomllib gives none for valid TOML)."""

    def __init__(self, text: str, name: str):
        self.name = name
        self.lines = text.splitlines()

    def at(self, number: int) -> str:
        return f"{self.name}: line {number}"

    def of_key(self, key: str) -> str:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number, line in enumerate(self.lines, start=1):
            if line.lstrip().startswith("["):
                break  # top-level keys come before the first table
            if pattern.match(line):
                return self.at(number)
        return self.at(1)

    def of_question(self, nth: int) -> str:
        seen = 0
        for number, line in enumerate(self.lines, start=1):
            if re.match(r"^\s*\[\[\s*questions\s*\]\]", line):
                seen += 1
                if seen == nth:
                    return self.at(number)
        return self.at(1)


def init_guide(
    name: str, *, start_from: str = "support-debrief", path: Path | None = None, force: bool = False
) -> Path:
    """Write a built-in guide (or a copy of one under a new name) to a file to edit."""
    if not KEY.match(name):
        raise GuideError(f"guide name {name!r}: use a-z, 0-9, - and _")
    builtins = builtin_names()
    text = builtin_text(name if name in builtins else start_from)
    if name not in builtins:
        text = re.sub(r'(?m)^name = ".*"$', f'name = "{name}"', text, count=1)
    target = (path or user_guides_dir() / f"{name}.toml").expanduser()
    if target.exists() and not force:
        raise GuideError(f"{target} already exists: edit it, or use --force to overwrite")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as e:
        raise GuideError(f"cannot write {target}: {e.strerror}") from None
    return target
