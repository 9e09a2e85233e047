"""Token attributes as plain lists, read from a Doc once and shared by the components.

Each component used to call `doc.to_array` for the two or three attributes it reads and
turn the rows into Python ints; one read of every attribute they share costs less than
the second of those calls. The lists live in `doc.user_data` beside the sentence starts,
like them valid for the Doc as tokenised (no voc component retokenises). The normaliser
writes the lemmas it sets."""

from spacy.attrs import IDX, IS_PUNCT, LENGTH, LOWER, ORTH
from spacy.tokens import Doc

KEY = "voc_columns"
SHARED = (ORTH, LOWER, IS_PUNCT, IDX, LENGTH)  # read together on first use


def columns(doc: Doc) -> dict[int, list[int]]:
    """attribute id -> one value per token (the shared ones, and any read since)."""
    found = doc.user_data.get(KEY)
    if found is None:
        rows = doc.to_array(list(SHARED)).T.tolist() if len(doc) else [[] for _ in SHARED]
        found = doc.user_data[KEY] = dict(zip(SHARED, rows, strict=True))
    return found


def set_column(doc: Doc, attr: int, values: list[int]) -> None:
    """A component that sets an attribute gives its values here, so readers after it
    see them without reading the Doc again."""
    columns(doc)[attr] = values


def column(doc: Doc, attr: int) -> list[int]:
    """One attribute's values, token by token."""
    found = columns(doc)
    values = found.get(attr)
    if values is None:
        values = found[attr] = doc.to_array(attr).tolist() if len(doc) else []
    return values
