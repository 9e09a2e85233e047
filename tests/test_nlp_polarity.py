"""voc_polarity (in tagging unless the config key `sentiment_model` is false): the trained
classifier decides where the sentiment rules are unsure, and stays out of everything the
rules are sure of and the signals read."""

import json
import subprocess
import sys

import pytest

from voc.nlp.pipeline import build_pipeline
from voc.nlp.polarity import NEGATIVE_AT, POSITIVE_AT, UNSURE_BELOW, model_scores
from voc.nlp.sentiment import tokens_sentiment
from voc.nlp.signals import PAIN_AT
from voc.nlp.tagger import tags_of
from voc.nlp.version import DATA_FILES, pipeline_version


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


# No word of it is in the lexicon: the rules score 0, the classifier reads a complaint.
SHADY = "Charging extra for basic features like exporting your own data is shady."


def rules_and_both(nlp, text: str) -> tuple[float, float]:
    with nlp.select_pipes(disable=["voc_polarity"]):
        doc = nlp(text)
        rules = tokens_sentiment(doc, 0, len(doc))
    doc = nlp(text)
    return rules, tokens_sentiment(doc, 0, len(doc))


def leans(nlp, text: str) -> float:
    return model_scores([nlp.make_doc(text)])[0]


def test_it_runs_after_the_signals_by_default():
    names = build_pipeline(lean=True).pipe_names
    assert names[-2:] == ["voc_signals", "voc_polarity"]
    assert "voc_polarity" not in build_pipeline(lean=True, sentiment_model=False).pipe_names


def test_tagging_runs_with_it_unless_the_config_says_false(voc, isolated):
    # its weights are hashed into the version only when it runs: turning it off retags
    assert "sentiment_bow.bin.gz" not in DATA_FILES
    assert pipeline_version("v1", sentiment_model=False) != pipeline_version("v1")
    voc("capture", SHADY, "-s", "support")
    assert json.loads(voc("list", "--format", "json").stdout)[0]["sentiment_label"] == "negative"
    (isolated / "config").mkdir()
    (isolated / "config" / "config.toml").write_text("sentiment_model = false\n")
    # the version differs, so the note is tagged again, by the rules alone
    assert json.loads(voc("list", "--format", "json").stdout)[0]["sentiment_label"] == "neutral"


def test_a_sentiment_model_key_that_is_not_true_or_false_is_refused(voc, isolated):
    (isolated / "config").mkdir()
    (isolated / "config" / "config.toml").write_text('sentiment_model = "yes"\n')
    voc("capture", SHADY, "-s", "support")
    result = voc("list", code=1)
    assert "sentiment_model must be true or false" in result.stderr


def test_a_complaint_without_lexicon_words_reads_negative(nlp):
    rules, both = rules_and_both(nlp, SHADY)
    assert rules == 0 and both < 0
    assert tags_of(0, nlp(SHADY)).sentiment_label == "negative"


def test_a_problem_the_classifier_leans_positive_on_is_not_made_positive(nlp):
    # A reliability issue, and a bug report no theme names: the classifier leans positive
    # (exclamation marks, "iPhone"), and never makes positive what the rules score 0.
    for text in (
        "The bank connection has been down since Monday!!!!",
        "It worked differently on the iPhone versus the iPad.",
    ):
        assert leans(nlp, text) > 0.7
        assert rules_and_both(nlp, text) == (0.0, 0.0)


def test_the_classifier_never_reaches_the_signals_thresholds(nlp):
    doc = nlp(SHADY)
    tags = tags_of(0, doc)
    assert PAIN_AT < tags.sentiment < 0
    with nlp.select_pipes(disable=["voc_polarity"]):
        assert tags.signals == tags_of(0, nlp(SHADY)).signals


def test_the_rules_stand_where_they_scored(nlp):
    rules, both = rules_and_both(nlp, "The app doesn't load after the update.")
    assert rules < 0 and both == rules
    # sure of themselves either way: the classifier is not asked
    text = "I love the new reports, they saved me hours."
    assert leans(nlp, text) < 0.7
    rules, both = rules_and_both(nlp, text)
    assert rules >= UNSURE_BELOW and both == rules


def test_a_little_praise_the_classifier_reads_as_a_complaint_is_one(nlp):
    # "quickly" is all the rules see; what drains quickly is what the classifier knows
    text = "Watching any videos drains the battery very quickly."
    assert leans(nlp, text) <= -NEGATIVE_AT
    rules, both = rules_and_both(nlp, text)
    assert 0 < rules < UNSURE_BELOW and both < 0


def test_a_negated_complaint_word_stays_praise(nlp):
    # the classifier sees "hard" and "complaints", not the negation before them
    for text in ("The buttons are not hard to press at all.", "No real complaints so far."):
        rules, both = rules_and_both(nlp, text)
        assert rules > 0 and both == rules, text
    assert leans(nlp, "The buttons are not hard to press at all.") <= -NEGATIVE_AT


def test_a_little_complaint_the_classifier_reads_as_praise_is_praise(nlp):
    text = "Don't love the new format - miss the list view of my notes  Overall a good app."
    assert leans(nlp, text) >= POSITIVE_AT
    rules, both = rules_and_both(nlp, text)
    assert -UNSURE_BELOW < rules < 0 and both > 0


def test_a_complaint_the_signals_read_is_not_made_positive(nlp):
    text = (
        "I see absolutely nothing in this new version that qualifies as an improvement "
        "on the app that I used to love."
    )
    assert leans(nlp, text) >= POSITIVE_AT
    rules, both = rules_and_both(nlp, text)
    assert -UNSURE_BELOW < rules < 0 and both == rules
    doc = nlp(text)
    assert "pain" in {s.label_ for s in doc.spans["voc_signals"]}


def test_requests_and_praise_are_not_made_negative(nlp):
    for text in ("Please add an export of your own data.", "10/10 for the data export."):
        assert leans(nlp, text) <= -NEGATIVE_AT
        assert rules_and_both(nlp, text) == (0.0, 0.0)


def test_a_comparison_of_amount_is_left_alone(nlp):
    text = "The buttons have been scaled down and are a lot less sensitive."
    assert leans(nlp, text) <= -NEGATIVE_AT
    assert rules_and_both(nlp, text) == (0.0, 0.0)


def test_where_the_classifier_leans_little_it_abstains(nlp):
    for text in ("We use Slack as well.", "Enter the number of seats on the order form."):
        assert rules_and_both(nlp, text) == (0.0, 0.0)


def test_each_sentence_of_a_longer_note_is_asked_on_its_own(nlp):
    doc = nlp(f"The sync works great. {SHADY}")
    first, second, end = [s.start for s in doc.sents] + [len(doc)]
    assert tokens_sentiment(doc, first, second) > 0.3  # the rules' own score
    assert tokens_sentiment(doc, second, end) < 0


def test_the_weights_are_read_on_the_first_note_not_on_building_the_pipeline():
    code = (
        "from voc.nlp import polarity; from voc.nlp.pipeline import build_pipeline; "
        "nlp = build_pipeline(); "
        "before = polarity.classifier.cache_info().currsize; "
        f"nlp({SHADY!r}); "
        "print(before, polarity.classifier.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "1"]
