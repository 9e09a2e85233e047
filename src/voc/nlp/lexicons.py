"""The word lists the components share, read once per process from package data."""

import gzip
import json
from functools import cache
from importlib import resources

# Words that flip the sentiment of what follows (VADER's list, plus the halves spaCy's
# tokenizer leaves: "don't" -> "do" "n't", "dont" -> "do" "nt", "cant" -> "ca" "nt", and
# "zero" as feedback uses it: "zero downtime", "zero help"; and the "t" of "won t",
# "doesn t", "can t" where a review site lost the apostrophe).
NEGATORS = frozenset(
    """not n't nt no never none nothing nobody nowhere neither nor cannot without hardly
    barely rarely seldom aint arent cant couldnt didnt doesnt dont hadnt hasnt havent isnt
    shouldnt wasnt werent wont wouldnt nope zero t""".split()
)

# Degree adverbs and their effect on the next sentiment word (VADER's constants).
BOOST_UP = 0.293
BOOST_DOWN = -0.293
BOOSTERS = {
    **dict.fromkeys(
        """absolutely amazingly awfully completely considerably deeply enormously entirely
        especially exceptionally extremely fully greatly hella highly hugely incredibly
        insanely intensely majorly particularly quite really remarkably so soo sooo
        substantially super thoroughly totally tremendously truly unbelievably utterly very
        most""".split(),
        BOOST_UP,
    ),
    **dict.fromkeys(
        """almost barely hardly kinda kindof less little marginally occasionally partly
        slightly somewhat sorta""".split(),
        BOOST_DOWN,
    ),
}


def _data(name: str):
    return resources.files("voc.nlp").joinpath("data", name)


@cache
def lemma_table() -> dict[str, str]:
    """lower-case form -> lemma, from WordNet via spacy-lookups-data (see data/README.md)."""
    with _data("en_lemma_lookup.json.gz").open("rb") as raw, gzip.open(raw, "rt") as f:
        return json.load(f)


@cache
def zeroed() -> frozenset[str]:
    """Words voc's feedback lexicon sets to 0: plain words in feedback whatever VADER says."""
    return frozenset(
        token
        for token, _, value in (
            line.partition("\t")
            for line in _data("feedback_lexicon.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        )
        if float(value) == 0
    )


# "un" before a word VADER scores positive: "unfunny", "uninspired", "unconvincing" are
# complaints VADER does not know. Scaled as a negation is.
UN_SCALE = -0.74


def _table(*names: str) -> dict[str, float]:
    table: dict[str, float] = {}
    for name in names:
        for line in _data(name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                token, _, value = line.partition("\t")
                table[token] = float(value)
    return table


@cache
def base_valences() -> dict[str, float]:
    """token -> valence from VADER and voc's feedback corrections only: what the optional
    classifier (voc.nlp.polarity) was trained on."""
    table = _table("vader_lexicon.tsv", "feedback_lexicon.tsv")
    return {token: value for token, value in table.items() if value}


@cache
def valences() -> dict[str, float]:
    """token (lower case, or an emoji) -> valence: VADER; opinion adjectives it lacks (from
    Pattern's lexicon, data/README.md); "un" + a positive VADER word, negated; then voc's
    feedback corrections, which have the last word."""
    base = base_valences()  # a word feedback zeroes ("like") makes no "un" word either
    table = {**_table("opinion_adjectives.tsv"), **_table("vader_lexicon.tsv")}
    for word, value in base.items():
        if value > 0 and word.isalpha():
            table.setdefault(f"un{word}", round(value * UN_SCALE, 3))
    table.update(_table("feedback_lexicon.tsv"))
    return {token: value for token, value in table.items() if value}
