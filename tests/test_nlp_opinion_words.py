"""The rules' lexicon beyond VADER: Pattern's opinion adjectives and "un" + a positive word."""

import pytest

from voc.nlp.lexicons import base_valences, valences
from voc.nlp.pipeline import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def test_opinion_adjectives_vader_lacks_take_a_side(nlp):
    assert nlp("A captivating new film.")._.sentiment_label == "positive"
    assert nlp("The story is banal and the dialogue tiresome.")._.sentiment_label == "negative"


def test_un_before_a_positive_word_is_a_complaint(nlp):
    assert "unfunny" not in base_valences() and valences()["unfunny"] < 0
    assert nlp("Unfunny and uninspired.")._.sentiment_label == "negative"
    assert nlp("Not complicated at all.")._.sentiment_label == "positive"


def test_words_that_name_things_in_software_stay_plain(nlp):
    for text in (
        "Their CISO wants the latest pen test summary.",
        "Save for later is in the light mode menu.",
        "Search the knowledge base for the client secret.",
    ):
        assert nlp(text)._.sentiment_label == "neutral", text


def test_voc_feedback_corrections_have_the_last_word():
    # "like" is zeroed for feedback ("like 10 seconds"), so no "unlike" is derived from it
    assert "like" not in valences() and "unlike" not in valences()
