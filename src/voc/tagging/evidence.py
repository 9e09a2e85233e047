"""Why a note has its themes and signals, as tagging wrote them: what `voc show` and
`voc why` print."""

from dataclasses import dataclass
from typing import Any

from voc.notes.note import Note
from voc.notes.store import Store


@dataclass
class NoteEvidence:
    """Why a note has its themes and signals: what `voc show` and `voc why` print."""

    sentiment: float | None
    sentiment_label: str | None
    themes: list[dict[str, Any]]
    signals: list[dict[str, Any]]

    def describe(self) -> list[str]:
        score = "-" if self.sentiment is None else f"{self.sentiment:+.2f}"
        lines = [f"sentiment: {self.sentiment_label or '-'} ({score})"]
        lines.append(f"themes:    {'-' if not self.themes else ''}".rstrip())
        lines += [f"  {explain(row)}" for row in self.themes]
        lines.append(f"signals:   {'-' if not self.signals else ''}".rstrip())
        lines += [
            f"  {row['signal']}: {row['sentence'] or row['evidence']}" for row in self.signals
        ]
        return lines

    def record(self, note: Note) -> dict[str, Any]:
        """`voc show --format json`: the note's public record, its themes and signals as
        `voc export` lists them, and the evidence for each (what `voc why` prints)."""

        def own(row: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in row.items() if k not in ("note_id", "occurred_at")}

        return {
            **note.to_record(),
            "themes": sorted(row["theme"] for row in self.themes),
            "signals": sorted(row["signal"] for row in self.signals),
            "evidence": {
                "themes": [own(row) for row in self.themes],
                "signals": [own(row) for row in self.signals],
            },
        }


def explain(row: dict[str, Any]) -> str:
    """One theme row as a line: the slug and its stance, then the pattern and the sentence
    that matched ("reliability (issue): "crash" in: ...")."""
    manual = " (manual)" if row["manual"] else ""
    if row["pattern"] is None:
        return f"{row['theme']}{manual}: tagged by hand"
    stance = f" ({row['stance']})" if row.get("stance") else ""
    return f'{row["theme"]}{stance}{manual}: "{row["pattern"]}" in: {row["sentence"]}'


def note_evidence(store: Store, note_id: int) -> NoteEvidence:
    note = store.get(note_id)
    themes = store.conn.execute(
        "SELECT * FROM note_themes WHERE note_id = ? ORDER BY manual DESC, theme", (note_id,)
    )
    signals = store.conn.execute(
        "SELECT * FROM note_signals WHERE note_id = ? ORDER BY signal", (note_id,)
    )
    return NoteEvidence(
        note.sentiment, note.sentiment_label, [dict(r) for r in themes], [dict(r) for r in signals]
    )
