"""Build the example database from examples/notes.jsonl, ready for `voc digest`.

    python examples/build_example_db.py example.db
    voc --db example.db digest --week 2026-W47

Ninety notes from a fictional invoicing app's customers, 2026-09-28 to 2026-11-22, from
support, sales, interviews, reviews, surveys and e-mail, plus one support debrief. Ids,
uids and capture times are fixed, so the digest it gives is the same everywhere
(examples/digest-2026-W47.md). Themes are tagged by the first voc command that reads them.
"""

import json
import sys
from pathlib import Path

from voc.intake.write import insert as insert_note
from voc.notes.note import Note
from voc.notes.store import Store

HERE = Path(__file__).resolve().parent
NOTES = HERE / "notes.jsonl"


def build(db: Path, notes: Path = NOTES) -> int:
    """Create `db` (which must not exist) and store every note; returns how many."""
    if db.exists():
        raise SystemExit(f"{db} exists: remove it first")
    count = 0
    with Store.open(db) as store, store.transaction():
        for line in notes.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            note = Note(
                uid=record["origin"].replace(":", "-"),
                captured_at=record["occurred_at"],
                **{k: v for k, v in record.items() if v is not None},
            )
            insert_note(store, note)
            count += 1
    return count


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("example.db")
    print(f"{build(target)} notes in {target}", file=sys.stderr)
