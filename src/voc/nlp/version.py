"""What a note records as `tagged_with`, computed without importing spaCy: a command
that finds nothing stale never pays for loading the pipeline."""

import hashlib
from functools import cache
from importlib import resources

MAX_CHARS = 1_000_000  # longer notes are tagged on their first million characters
# Bump when a component's logic changes; edits to the shipped word lists and the
# classifier's weights count by themselves.
PIPELINE_REVISION = "11"
DATA_FILES = (
    "en_lemma_lookup.json.gz",
    "vader_lexicon.tsv",
    "opinion_adjectives.tsv",
    "feedback_lexicon.tsv",
    "sentiment_bow.bin.gz",
    "sentiment_bow.json",
)


@cache
def data_hash() -> str:
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(resources.files("voc.nlp").joinpath("data", name).read_bytes())
    return digest.hexdigest()[:8]


def pipeline_version(taxonomy_version: str, model: str | None = None) -> str:
    """Taxonomy, model, components and word lists: a note tagged with anything else is stale."""
    return f"{taxonomy_version}:{model or 'blank'}:{PIPELINE_REVISION}.{data_hash()}"
