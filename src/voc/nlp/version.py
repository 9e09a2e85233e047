"""What a note records as `tagged_with`, computed without importing spaCy: a command
that finds nothing stale never pays for loading the pipeline."""

import hashlib
from functools import cache
from importlib import resources

MAX_CHARS = 1_000_000  # longer notes are tagged on their first million characters
# Bump when a component's logic changes; edits to the shipped word lists count by themselves.
PIPELINE_REVISION = "11"
DATA_FILES = (
    "en_lemma_lookup.json.gz",
    "vader_lexicon.tsv",
    "opinion_adjectives.tsv",
    "feedback_lexicon.tsv",
)
# voc_polarity's, hashed only when it tags (unless the config key `sentiment_model` is false)
MODEL_FILES = ("sentiment_bow.bin.gz", "sentiment_bow.json")
POLARITY_REVISION = "2"  # bump when voc_polarity's logic changes


@cache
def data_hash(names: tuple[str, ...] = DATA_FILES) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update(resources.files("voc.nlp").joinpath("data", name).read_bytes())
    return digest.hexdigest()[:8]


def pipeline_version(
    taxonomy_version: str, model: str | None = None, *, sentiment_model: bool = True
) -> str:
    """Taxonomy, model, components and word lists, and voc_polarity's weights when it tags:
    a note tagged with anything else is stale."""
    version = f"{taxonomy_version}:{model or 'blank'}:{PIPELINE_REVISION}.{data_hash()}"
    if sentiment_model:
        version += f"+polarity{POLARITY_REVISION}.{data_hash(MODEL_FILES)}"
    return version
