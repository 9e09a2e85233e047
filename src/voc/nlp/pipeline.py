"""Building the tagging pipeline: a blank English pipeline (or a trained one named with
`--model`) plus voc's components, in the order each needs the last one's work."""

from pathlib import Path

import spacy
from spacy.attrs import IDS
from spacy.language import Language

from voc.errors import VocError

# Importing the modules registers the factories.
from voc.nlp import normalizer, polarity, sentiment, sents, signals, themes  # noqa: F401
from voc.nlp.version import MAX_CHARS
from voc.nlp.version import pipeline_version as pipeline_version  # where callers import it
from voc.themes.taxonomy import Taxonomy

# In this order; voc_polarity unless built with sentiment_model=False.
VOC_COMPONENTS = ("voc_normalizer", "voc_themes", "voc_sentiment", "voc_signals", "voc_polarity")


def build_pipeline(
    themes_path: str | Path | None = None,
    model: str | None = None,
    *,
    lean: bool = False,
    sentiment_model: bool = True,
) -> Language:
    """The pipeline for a taxonomy file (None: the built-in) and an optional trained model.
    `lean` (tagging's own pipelines): new words get only the attributes voc reads, so
    e.g. `token.shape_` is empty for them; the default keeps spaCy's every attribute for
    reuse in plain spaCy code. `sentiment_model` (on unless the config key of that name
    is false) adds voc_polarity, the classifier that decides where the sentiment rules are
    unsure (voc.nlp.polarity)."""
    nlp = _base(model)
    nlp.max_length = MAX_CHARS + 1
    if not nlp.has_pipe("senter") and not nlp.has_pipe("parser"):
        # spaCy's sentencizer's boundaries (and its name), faster
        nlp.add_pipe("voc_sentencizer", name="sentencizer")
    nlp.add_pipe("voc_normalizer")
    nlp.add_pipe("voc_themes", config={"themes_path": str(themes_path or "")})
    nlp.add_pipe("voc_sentiment")
    nlp.add_pipe("voc_signals")
    if sentiment_model:
        nlp.add_pipe("voc_polarity")  # last: it reads the signals' stances
    if lean and not model:  # a trained pipeline's own components read more (shape...)
        _only_read_attributes(nlp, nlp.get_pipe("voc_themes").taxonomy)
    return nlp


# The word attributes voc's components read. spaCy works out every attribute it knows (word
# shape, prefix, suffix, URL and e-mail likeness...) for each word the tokenizer meets the
# first time, and keeps their strings: with a long-tail vocabulary that was a tenth of
# tokenising, for attributes nothing here reads.
READ_ATTRIBUTES = "LOWER NORM IS_ALPHA IS_DIGIT IS_LOWER IS_UPPER IS_TITLE IS_PUNCT IS_SPACE "
READ_ATTRIBUTES += "IS_STOP LIKE_NUM"


def _only_read_attributes(nlp: Language, taxonomy: Taxonomy) -> None:
    """New words get only the attributes voc reads, and those a token pattern names."""
    named = {
        str(k).upper() for theme in taxonomy for p in theme.token_patterns for t in p for k in t
    }
    keep = {IDS[name] for name in {*READ_ATTRIBUTES.split(), *named} if name in IDS}
    getters = nlp.vocab.lex_attr_getters
    for attr in [attr for attr in getters if attr not in keep]:
        del getters[attr]


def _base(model: str | None) -> Language:
    if not model:
        return spacy.blank("en")
    try:
        # The entity recogniser is left out: voc reads no entities, and it costs time. A
        # text classifier (textcat, textcat_multilabel) stays, so a trained one can join.
        return spacy.load(model, exclude=["ner"])
    except OSError:
        raise VocError(
            f"cannot load the spaCy pipeline {model!r}: install it (pip install {model}) "
            "or drop --model / the config key model"
        ) from None
