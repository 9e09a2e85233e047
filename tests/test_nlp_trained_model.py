"""A trained pipeline given as `--model` (a package name or a folder) keeps its text
classifier: voc's components run after it, so a classifier trained on feedback can join."""

from pathlib import Path

import spacy

from voc.intake.write import add as add_note
from voc.nlp.pipeline import VOC_COMPONENTS, build_pipeline
from voc.nlp.themes import theme_mentions
from voc.nlp.version import pipeline_version
from voc.notes.note import Note
from voc.notes.store import Store
from voc.tagging.pending import stale_ids
from voc.tagging.run import refresh


def trained_classifier(folder: Path) -> str:
    """A tiny trained pipeline on disk: spaCy's blank English and a two-label classifier."""
    trained = spacy.blank("en")
    textcat = trained.add_pipe("textcat_multilabel")
    for label in ("BILLING", "PRAISE"):
        textcat.add_label(label)
    trained.initialize()
    trained.to_disk(folder)
    return str(folder)


def test_a_trained_model_s_text_classifier_stays_and_voc_s_components_follow(tmp_path):
    nlp = build_pipeline(model=trained_classifier(tmp_path), lean=True)
    names = nlp.pipe_names
    assert "textcat_multilabel" in names
    assert names[-len(VOC_COMPONENTS) :] == list(VOC_COMPONENTS)
    assert names.index("textcat_multilabel") < names.index("voc_normalizer")
    doc = nlp("The invoice is wrong.")
    assert set(doc.cats) == {"BILLING", "PRAISE"}
    assert [m.theme for m in theme_mentions(doc)] == ["billing"]
    # A path model keeps spaCy's every word attribute (lean is for the blank pipeline),
    # and is part of the version a note is tagged with.
    assert nlp.vocab["Invoice"].shape_ == "Xxxxx"
    assert f":{tmp_path}:" in pipeline_version("v1", str(tmp_path))


def test_notes_tagged_with_a_model_folder_are_current_for_it_and_stale_without(tmp_path, db_file):
    model = trained_classifier(tmp_path / "model")
    day = "2026-11-20T12:00:00Z"
    with Store.open(db_file) as store:
        note, _ = add_note(
            store, Note(text="The invoice is wrong.", occurred_at=day, captured_at=day)
        )
        result = refresh(store, model=model)
        assert result.tagged == 1 and model in result.version
        assert refresh(store, model=model).tagged == 0
        themes = store.conn.execute("SELECT theme FROM note_themes WHERE note_id = ?", (note.id,))
        assert [row[0] for row in themes] == ["billing"]
        assert refresh(store).tagged == 1  # the blank pipeline's version differs
        assert list(stale_ids(store, result.version)) == [note.id]
