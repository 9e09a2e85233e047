"""voc_polarity: the trained classifier speaks where the sentiment rules found no opinion."""

import subprocess
import sys

import pytest

from voc.nlp.pipeline import build_pipeline
from voc.nlp.sentiment import tokens_sentiment
from voc.nlp.signals import PAIN_AT, PRAISE_AT
from voc.nlp.tagger import tags_of
from voc.nlp.version import DATA_FILES, data_hash


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


NEGATIVE = "Refund requested, the screen cracked within a week."
POSITIVE = "Five stars, my kids use it every day."


def rules_and_both(nlp, text: str) -> tuple[float, float]:
    with nlp.select_pipes(disable=["voc_polarity"]):
        doc = nlp(text)
        rules = tokens_sentiment(doc, 0, len(doc))
    doc = nlp(text)
    return rules, tokens_sentiment(doc, 0, len(doc))


def test_a_note_without_lexicon_words_gets_the_classifiers_side(nlp):
    # No word of either is in the lexicon; the classifier learnt their side from tweets.
    assert rules_and_both(nlp, NEGATIVE)[0] == 0 and rules_and_both(nlp, NEGATIVE)[1] < 0
    assert rules_and_both(nlp, POSITIVE)[0] == 0 and rules_and_both(nlp, POSITIVE)[1] > 0


def test_the_classifier_never_reaches_the_signals_thresholds(nlp):
    for text in (NEGATIVE, POSITIVE, f"{NEGATIVE} {POSITIVE}"):
        tags = tags_of(0, nlp(text))
        assert PAIN_AT < tags.sentiment < PRAISE_AT and tags.sentiment != 0
        with nlp.select_pipes(disable=["voc_polarity"]):
            assert tags.signals == tags_of(0, nlp(text)).signals


def test_the_rules_stand_where_they_scored(nlp):
    rules, both = rules_and_both(nlp, "The app doesn't load after the update.")
    assert rules < 0 and both == rules


def test_requests_stay_neutral(nlp):
    for text in ("Please add a dark mode.", "We would like an export to Excel."):
        assert rules_and_both(nlp, text) == (0.0, 0.0)


def test_each_sentence_of_a_longer_note_is_asked_on_its_own(nlp):
    doc = nlp(f"The sync works great. {NEGATIVE}")
    first, second, end = [s.start for s in doc.sents] + [len(doc)]
    assert tokens_sentiment(doc, first, second) > 0.3  # the rules' own score
    assert tokens_sentiment(doc, second, end) < 0


def test_the_weights_are_read_on_the_first_note_not_on_building_the_pipeline():
    code = (
        "from voc.nlp import polarity; from voc.nlp.pipeline import build_pipeline; "
        "nlp = build_pipeline(); before = polarity.classifier.cache_info().currsize; "
        f"nlp({NEGATIVE!r}); "
        "print(before, polarity.classifier.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "1"]


def test_the_weights_count_in_the_pipeline_version():
    assert {"sentiment_bow.bin.gz", "sentiment_bow.json"} <= set(DATA_FILES)
    assert len(data_hash()) == 8
