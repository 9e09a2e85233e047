"""`voc capture --guide NAME`: the terminal side of a debrief (prompts on stderr)."""

from pathlib import Path

from voc.commands.common import DataFormat, err_console, open_store, print_json
from voc.errors import InvalidInput
from voc.guides.debrief import Shared, Walk

COMMANDS_HELP = (
    "Type the answer; an empty line ends it. On a line of its own: "
    ":skip, :back, or :quit to save what is answered so far (Ctrl-D does the same)."
)


def guided_capture(
    guide_name: str,
    answers_file: Path | None,
    shared: Shared,
    *,
    origin: str | None,
    fmt: DataFormat,
    sources: tuple[str, ...] | None,
    interactive: bool,
) -> None:
    """Walk the guide on the terminal (or read `--answers`), then save every answer."""
    from voc.guides.debrief import build_notes, load_answers, new_session_id
    from voc.guides.guide import load_guide

    guide = load_guide(guide_name, sources) if sources else load_guide(guide_name)
    if answers_file is not None:
        answers = load_answers(answers_file, guide)
    elif interactive:
        ask_shared(shared)
        answers = walk(Walk(guide))
    else:
        raise InvalidInput("a guided capture needs a terminal, or --answers FILE")
    if not answers:
        err_console.print("nothing answered, nothing saved", highlight=False)
        return
    session_id = new_session_id(origin)
    notes = build_notes(guide, answers, shared, session_id, sources)
    _save_and_report(notes, session_id, fmt)


def _save_and_report(notes, session_id: str, fmt: DataFormat) -> None:
    from voc.guides.debrief import save_notes

    with open_store() as store:
        saved = save_notes(store, notes)
    if fmt == DataFormat.json:
        print_json([note.to_record() for note, _ in saved])
    else:
        for note, _ in saved:
            print(note.id)
    new = sum(created for _, created in saved)
    message = f"saved {new} answer(s) as notes, session {session_id}"
    if new < len(saved):
        message += f" ({len(saved) - new} already stored)"
    err_console.print(message, highlight=False, soft_wrap=True)


def ask_shared(shared: Shared) -> None:
    """Ask once for what every answer shares, unless a flag already gave it."""
    from rich.prompt import Prompt

    from voc.dates import parse_when, to_iso

    def ask(label: str, default: str = "") -> str:
        shown = bool(default)  # an empty default would show as "()"
        return Prompt.ask(label, default=default, show_default=shown, console=err_console).strip()

    if shared.author is None:
        shared.author = ask("Colleague (who you are debriefing)", _default_author()) or None
    if shared.customer is None:
        shared.customer = ask("Customer (person, if one)") or None
    if shared.account is None:
        shared.account = ask("Account (company, if one)") or None
    while shared.occurred_at is None:
        try:
            shared.occurred_at = to_iso(parse_when(ask("Date", "today")))
        except InvalidInput as e:
            err_console.print(str(e), highlight=False, markup=False)


def _default_author() -> str:
    from voc.config import default_author, load_config

    return default_author(load_config())


def walk(state: Walk) -> list[tuple[str, str]]:
    """Ask each question in turn; returns the answers given, in the guide's order."""
    err_console.print(COMMANDS_HELP, highlight=False, markup=False)
    while not state.done:
        _show_question(state)
        lines = _read_answer()
        if lines is None or lines[:1] == [":quit"]:
            break
        try:
            if lines[:1] == [":skip"]:
                state.skip()
            elif lines[:1] == [":back"]:
                state.back()
            else:
                state.answer("\n".join(lines))
        except InvalidInput as e:
            err_console.print(str(e), highlight=False, markup=False)
    return state.ordered_answers()


def _show_question(state: Walk) -> None:
    from rich.text import Text

    question = state.current
    total = len(state.guide.questions)
    header = Text(f"\n[{state.position + 1}/{total}] {question.prompt}", style="bold")
    if not question.skippable:
        header.append("  (needs an answer)", style="dim")
    err_console.print(header)
    if question.help:
        err_console.print(Text(question.help, style="dim"))
    earlier = state.answers.get(question.key)
    if earlier:
        err_console.print(Text(f"(answered: {earlier}; an empty line keeps it)", style="dim"))


def _read_answer() -> list[str] | None:
    """Lines until an empty one; None on Ctrl-D before anything was typed."""
    lines: list[str] = []
    while True:
        try:
            line = err_console.input("> " if not lines else "  ")
        except EOFError:
            return lines or None
        if not line.strip():
            return lines
        lines.append(line.rstrip())
        if line.strip() in (":quit", ":skip", ":back") and len(lines) == 1:
            return [line.strip()]
