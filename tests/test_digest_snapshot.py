"""A digest reads one snapshot in which every note is tagged, even while an import commits
notes between tagging and reading (issue 15: "84% matched no theme" during an import).

The import is a second connection writing through voc's one write path after tagging
has finished and before the digest reads: the seam is the digest core's `tag` step."""

import pytest

from voc.digest.build import SNAPSHOT_ROUNDS, DigestOptions, tagged_digest
from voc.errors import VocError
from voc.intake.capture import build_note
from voc.intake.write import add
from voc.notes.store import Store
from voc.periods import parse_week
from voc.tagging.run import refresh

DAY = "2026-11-18T10:00:00Z"  # in 2026-W47
OPTIONS = DigestOptions(period=parse_week("2026-W47"))


def capture(store: Store, text: str, customer: str) -> None:
    add(store, build_note(text, source="support", customer=customer, occurred_at=DAY))


@pytest.fixture
def store(db_file):
    with Store.open(db_file) as store:
        capture(store, "The dashboard is slow every morning", "Ana")
        capture(store, "We love the mobile app", "Kim")
        yield store


def importing_after_tagging(db_file, rounds: int):
    """A `tag` step after which another process commits untagged notes, `rounds` times."""
    arrived = []

    def tag(store: Store) -> str:
        version = refresh(store).version
        if len(arrived) < rounds:
            with Store.open(db_file) as other:
                for i in range(3):
                    capture(other, f"We were charged twice, refund {len(arrived)}-{i}", f"C{i}")
            arrived.append(3)
        return version

    return tag


def test_notes_committed_after_tagging_are_tagged_before_the_digest_counts_them(store, db_file):
    data = tagged_digest(store, OPTIONS, importing_after_tagging(db_file, rounds=2))
    assert data["totals"]["notes"] == 2 + 6
    assert data["totals"]["uncovered"] == 0  # read alone, the six would match no theme
    billing = next(t for t in data["themes"] if t["slug"] == "billing")
    assert billing["notes"] == 6
    stale = store.conn.execute("SELECT count(*) FROM notes WHERE tagged_with IS NULL")
    assert stale.fetchone()[0] == 0
    assert not store.conn.in_transaction


def test_notes_that_never_stop_arriving_are_an_error_not_wrong_figures(store, db_file):
    endless = importing_after_tagging(db_file, rounds=SNAPSHOT_ROUNDS)
    with pytest.raises(VocError, match=r"notes keep arriving .* an import is running"):
        tagged_digest(store, OPTIONS, endless)
    assert not store.conn.in_transaction
