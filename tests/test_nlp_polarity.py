"""voc_polarity: the trained classifier speaks where the sentiment rules found no opinion."""

import subprocess
import sys

import pytest

from voc.nlp.pipeline import build_pipeline
from voc.nlp.sentiment import tokens_sentiment
from voc.nlp.signals import PAIN_AT, PRAISE_AT
from voc.nlp.tagger import tags_of
from voc.nlp.version import DATA_FILES


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(sentiment_model=True)


NEGATIVE = "Total rip off."
POSITIVE = "A modestly made but profoundly moving documentary."


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
        doc = nlp(text)
        sentences = [(s.start, s.end) for s in doc.sents]
        assert all(tokens_sentiment(doc, *bounds) != 0 for bounds in sentences)
        tags = tags_of(0, doc)
        assert PAIN_AT < tags.sentiment < PRAISE_AT
        with nlp.select_pipes(disable=["voc_polarity"]):
            assert tags.signals == tags_of(0, nlp(text)).signals


def test_the_rules_stand_where_they_scored(nlp):
    rules, both = rules_and_both(nlp, "The app doesn't load after the update.")
    assert rules < 0 and both == rules


def test_requests_stay_neutral(nlp):
    for text in ("Please add a dark mode.", "We would like an export to Excel."):
        assert rules_and_both(nlp, text) == (0.0, 0.0)


def test_where_the_classifier_leans_little_it_abstains(nlp):
    # Plain statements it leans on a little (trained on tweets): neutral, as before.
    for text in ("We use Slack as well.", "Enter the number of seats on the order form."):
        assert rules_and_both(nlp, text) == (0.0, 0.0)


def test_each_sentence_of_a_longer_note_is_asked_on_its_own(nlp):
    doc = nlp(f"The sync works great. {NEGATIVE}")
    first, second, end = [s.start for s in doc.sents] + [len(doc)]
    assert tokens_sentiment(doc, first, second) > 0.3  # the rules' own score
    assert tokens_sentiment(doc, second, end) < 0


def test_the_weights_are_read_on_the_first_note_not_on_building_the_pipeline():
    code = (
        "from voc.nlp import polarity; from voc.nlp.pipeline import build_pipeline; "
        "nlp = build_pipeline(sentiment_model=True); "
        "before = polarity.classifier.cache_info().currsize; "
        f"nlp({NEGATIVE!r}); "
        "print(before, polarity.classifier.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "1"]


def test_tagging_runs_without_it():
    assert "voc_polarity" not in build_pipeline(lean=True).pipe_names
    assert "sentiment_bow.bin.gz" not in DATA_FILES  # so it retags nothing
