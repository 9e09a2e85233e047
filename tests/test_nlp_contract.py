"""What voc's components promise each other and a spaCy user: the attributes each factory
declares, the theme mentions read through one function, a private `doc.user_data` key per
owner module, and no way from voc.nlp to the database."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import DocBin

import voc.nlp
from voc.nlp.pipeline import build_pipeline
from voc.nlp.tagger import tags_of
from voc.nlp.themes import ThemeMention, theme_mentions

NLP_SOURCE = Path(voc.nlp.__file__).parent
TEXT = "Thanks in advance! The invoice is wrong and we are switching to Acme. Best regards"


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()  # voc_polarity too, as tagging has it


def test_every_component_declares_what_it_assigns_and_needs_nothing_missing(nlp):
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values())
    summary = analysis["summary"]
    assert summary["voc_normalizer"]["assigns"] == ["token.lemma"]
    assert summary["voc_themes"]["assigns"] == ["doc.spans"]
    assert summary["voc_themes"]["requires"] == ["token.lemma"]
    assert "doc._.sentiment" in summary["voc_sentiment"]["assigns"]
    assert "doc.spans" in summary["voc_signals"]["requires"]


def test_theme_mentions_are_named_tuples_however_the_doc_came(nlp):
    doc = nlp("Hello! The invoice is wrong and we are switching to Acme.")
    mentions = theme_mentions(doc)
    assert mentions == [
        ThemeMention("billing", "invoice", 3, 4),
        ThemeMention("churn_risk", "switching to", 9, 11),
    ]
    assert [(m.theme, m.pattern) for m in mentions] == [
        (span.label_, span._.pattern) for span in doc.spans["voc_themes"]
    ]
    kept = next(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))
    spans_only = next(DocBin(docs=[doc], store_user_data=False).get_docs(nlp.vocab))
    for restored in (kept, spans_only):
        again = theme_mentions(restored)
        assert again == mentions and all(type(m) is ThemeMention for m in again)


def test_the_private_user_data_keys_are_the_ones_the_contract_lists(nlp):
    # a sentence only voc_polarity scores; the tagger then reads the sentence scores
    doc = nlp(f"{TEXT}. Charging extra for exporting your own data is shady.")
    tags_of(0, doc)
    listed = set(re.findall(r"^- (voc_\w+)(?:, (voc_\w+))?", voc.nlp.__doc__, re.M))
    listed = {key for pair in listed for key in pair if key}
    assert set(doc.user_data) == listed


def test_each_private_key_is_named_in_its_owner_module_only():
    owners = re.findall(r"^- (voc_\w+)(?:, (voc_\w+))? \(owner: (\w+)\)", voc.nlp.__doc__, re.M)
    assert len(owners) == 8
    sources = {
        path.stem: path.read_text(encoding="utf-8")
        for path in NLP_SOURCE.rglob("*.py")
        if path.name != "__init__.py"
    }
    src = NLP_SOURCE.parent
    sources |= {
        str(p): p.read_text(encoding="utf-8") for p in src.rglob("*.py") if "nlp" not in p.parts
    }
    for *keys, owner in owners:
        for key in filter(None, keys):
            naming = {name for name, text in sources.items() if f'"{key}"' in text}
            assert naming == {owner}, key


def test_the_spacy_side_never_reaches_the_database_or_the_tagging_run():
    modules = sorted(f"voc.nlp.{path.stem}" for path in NLP_SOURCE.glob("*.py"))
    code = (
        f"import sys; [__import__(m) for m in {modules!r}]; "
        "print(sorted(m for m in sys.modules if m.startswith(('voc.notes', 'voc.tagging'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(modules) > 10 and out.stdout.strip() == "[]"
