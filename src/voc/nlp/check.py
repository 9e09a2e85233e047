"""`voc themes list --check`: taxonomy problems a loader cannot see without a tokenizer."""

from spacy.language import Language

from voc.nlp.normalizer import normalize_phrase
from voc.nlp.phrases import is_matchable
from voc.themes.taxonomy import Taxonomy


def check_taxonomy(nlp: Language, taxonomy: Taxonomy) -> list[str]:
    """One line per problem: patterns that can never match, patterns shared by themes."""
    problems = []
    owners: dict[tuple[str, ...], str] = {}
    for theme in taxonomy:
        for pattern in (*theme.patterns, *theme.exclude):
            if not is_matchable(nlp, pattern):
                problems.append(
                    f"{theme.slug}: pattern {pattern!r} can never match "
                    "(punctuation and spaces alone are not matched)"
                )
        for pattern in theme.patterns:
            lemmas = tuple(normalize_phrase(nlp, pattern))
            owner = owners.setdefault(lemmas, theme.slug)
            if owner != theme.slug and not theme.slug.startswith(owner + "/"):
                problems.append(
                    f"{theme.slug}: pattern {pattern!r} also tags {owner} "
                    f"(both match {' '.join(lemmas)!r})"
                )
    return problems
