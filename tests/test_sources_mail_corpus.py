"""Issue 16's floor on real mail: on the test half of shared/data/email, at least 97% of
the messages with words of their own become a note that keeps >= 60% of them and no
quoted line, and every message without such words is rejected. The oracle and the
split are benchmarks/mail_corpus.py's (run it for the tally by class)."""

import importlib.util

from conftest import ROOT, SHARED

_spec = importlib.util.spec_from_file_location(
    "mail_corpus", ROOT / "benchmarks" / "mail_corpus.py"
)
mail_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mail_corpus)


def test_the_test_half_keeps_own_words_of_97_percent_of_real_messages():
    counts = mail_corpus.tally(SHARED / "email")["test"]
    assert sum(counts.values()) > 150, "shared/data/email is missing or incomplete"
    assert mail_corpus.share_ok(counts) >= mail_corpus.FLOOR, dict(counts)
    assert counts["no words, kept"] <= 1 and counts["no words, wrong reason"] == 0, dict(counts)
