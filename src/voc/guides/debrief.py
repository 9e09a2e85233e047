"""Guided capture: walking a debrief guide, and storing each answer as its own note.

The walk is a plain state machine (`Walk`): the command asks the questions and feeds the
answers in; nothing here prints or prompts. Every answer becomes a note with the
session's id and its question key, so themes are tagged per answer and a session can be
read back (or forgotten) as a whole.
"""

import hashlib
import json
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from voc.errors import InvalidInput
from voc.guides.guide import Guide, Question
from voc.intake import write
from voc.intake.capture import build_note
from voc.notes.note import Note
from voc.notes.store import Store


@dataclass
class Walk:
    """Where a person is in a guide, and what they answered so far."""

    guide: Guide
    answers: dict[str, str] = field(default_factory=dict)
    position: int = 0

    @property
    def done(self) -> bool:
        return self.position >= len(self.guide.questions)

    @property
    def current(self) -> Question:
        return self.guide.questions[self.position]

    def answer(self, text: str) -> None:
        """Record an answer and move on. An empty answer keeps an earlier one (after
        `back`), else skips the question if it may be skipped."""
        question = self.current
        if text.strip():
            self.answers[question.key] = text.strip()
        elif question.key not in self.answers:
            self.skip()
            return
        self.position += 1

    def skip(self) -> None:
        question = self.current
        if not question.skippable:
            raise InvalidInput(f"question {question.key!r} needs an answer")
        self.answers.pop(question.key, None)
        self.position += 1

    def back(self) -> None:
        self.position = max(0, self.position - 1)

    def ordered_answers(self) -> list[tuple[str, str]]:
        return [(q.key, self.answers[q.key]) for q in self.guide.questions if q.key in self.answers]


@dataclass
class Shared:
    """What is asked once per session and carried by every answer's note."""

    author: str | None = None  # the colleague being debriefed
    customer: str | None = None
    account: str | None = None
    occurred_at: str | None = None
    source: str | None = None  # default: the guide's
    quotable: bool = True
    redact_pii: bool = True


def new_session_id(origin: str | None = None) -> str:
    """A random id, or one derived from a script's `--origin` so re-runs are idempotent."""
    if origin:
        return hashlib.sha256(f"guide-session:{origin}".encode()).hexdigest()[:32]
    return uuid.uuid4().hex


def build_notes(
    guide: Guide,
    answers: list[tuple[str, str]],
    shared: Shared,
    session_id: str,
    sources: tuple[str, ...] | None = None,
) -> list[Note]:
    """One note per answer, titled with its question, linked by the session id."""
    notes = []
    for key, text in answers:
        note = build_note(
            text,
            source=shared.source or guide.source,
            customer=shared.customer,
            account=shared.account,
            author=shared.author,
            occurred_at=shared.occurred_at,
            quotable=shared.quotable,
            redact_pii=shared.redact_pii,
            sources=sources,
        )
        note.title = guide.question(key).prompt
        note.session_id = session_id
        note.question_key = key
        # One stable key per answer, in capture's `origin:` form, so re-running the same
        # --answers with --origin, or importing an export of it, stores it once.
        note.origin = f"guide:{guide.name}:{session_id}:{key}"
        note.dedupe_key = f"origin:{note.origin}"
        notes.append(note)
    return notes


def save_notes(store: Store, notes: list[Note]) -> list[tuple[Note, bool]]:
    """Store a session's notes all together or not at all."""
    return write.add_all(store, notes)


def load_answers(path: Path, guide: Guide) -> list[tuple[str, str]]:
    """Read a JSON or TOML mapping of question key to answer, in the guide's order."""
    data = _read_mapping(path)
    known = {q.key for q in guide.questions}
    for key, value in data.items():
        if key not in known:
            raise InvalidInput(
                f"{path}: guide {guide.name!r} has no question {key!r} "
                f"(its keys: {', '.join(q.key for q in guide.questions)})"
            )
        if not isinstance(value, str):
            raise InvalidInput(f"{path}: the answer to {key!r} must be text")
    answers = [(q.key, data[q.key].strip()) for q in guide.questions if q.key in data]
    answers = [(k, v) for k, v in answers if v]
    given = {k for k, _ in answers}
    missing = [q.key for q in guide.questions if not q.skippable and q.key not in given]
    if missing:
        raise InvalidInput(f"{path}: no answer to {missing[0]!r}, which cannot be skipped")
    return answers


def _read_mapping(path: Path) -> dict:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        raise InvalidInput(f"{path}: YAML answers are not supported: use JSON or TOML")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"{path}: cannot read the answers: {e.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except (UnicodeDecodeError, ValueError) as e:
        kind = "TOML" if suffix == ".toml" else "JSON"
        raise InvalidInput(f"{path}: not valid {kind}: {e}") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: expected a mapping of question key to answer")
    return data
