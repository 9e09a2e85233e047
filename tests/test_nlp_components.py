"""The spaCy components on their own: normaliser, theme matcher, sentiment, signals."""

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from voc.nlp.pipeline import MAX_CHARS, build_pipeline
from voc.nlp.tagger import tags_of

TAXONOMY = """
[themes.billing]
patterns = ["invoice", "charged twice"]

[themes.praise]
patterns = ["love", "great"]
skip_negated = true
exclude = ["would love"]

[themes.competitor]
group = true

[themes."competitor/acme"]
label = "Acme"
patterns = ["acme"]

[themes.login]
patterns = ["sign in"]
token_patterns = [[{LOWER = "log"}, {LOWER = {IN = ["in", "on"]}}]]
"""


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="session")
def small_nlp(tmp_path_factory):
    path = tmp_path_factory.mktemp("themes") / "themes.toml"
    path.write_text(TAXONOMY, encoding="utf-8")
    return build_pipeline(path)


def themes_of(nlp, text: str) -> dict[str, str]:
    doc = nlp(text)  # spans need their Doc alive
    return {span.label_: span.text for span in doc.spans["voc_themes"]}


def signals_of(nlp, text: str) -> set[str]:
    doc = nlp(text)
    return {span.label_ for span in doc.spans["voc_signals"]}


def test_pipeline_is_plain_spacy_components(nlp):
    assert nlp.pipe_names == [
        "sentencizer",
        "voc_normalizer",
        "voc_themes",
        "voc_sentiment",
        "voc_signals",
        "voc_polarity",
    ]
    assert "voc_themes" in spacy.registry.factories.get_all()


def test_normaliser_lowercases_then_looks_up(nlp):
    doc = nlp("Invoices INVOICING invoice Billing settings Setting slowww")
    assert [t.lemma_ for t in doc] == [
        "invoice",
        "invoice",
        "invoice",
        "bill",
        "setting",
        "set",
        "slow",
    ]


def test_phrases_match_on_lemmas_whatever_the_case(small_nlp):
    for text in ("Two INVOICES arrived", "invoicing is broken", "the invoice"):
        assert "billing" in themes_of(small_nlp, text)
    assert themes_of(small_nlp, "They CHARGES Twice")["billing"] == "CHARGES Twice"
    assert "billing" not in themes_of(small_nlp, "They charged us twice")  # phrases are exact


def test_pattern_and_child_theme_and_token_pattern(small_nlp):
    doc = small_nlp("Acme is cheaper. I cannot log in.")
    spans = {s.label_: s for s in doc.spans["voc_themes"]}
    assert spans["competitor/acme"]._.pattern == "acme"
    assert spans["login"].text == "log in"
    assert spans["login"]._.pattern == "token pattern 1"


def test_skip_negated_and_exclude(small_nlp):
    assert "praise" in themes_of(small_nlp, "I love the new editor")
    assert "praise" not in themes_of(small_nlp, "It is not great at all")
    assert "praise" not in themes_of(small_nlp, "We would love a dark mode")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The app is slow.", "negative"),
        ("The app is not slow at all.", "positive"),
        ("I love it 😍", "positive"),
        ("It crashes daily 😡", "negative"),
        ("Customer asked about the Berlin office.", "neutral"),
        ("It doesn't load.", "negative"),
        ("Nobody answered my ticket.", "negative"),
        ("Way too many clicks to send one invoice.", "negative"),
        ("The font is too small.", "negative"),
        ("The refund took 6 weeks to show up.", "negative"),
        ("Setup only took 5 minutes.", "neutral"),
        ("Me too.", "neutral"),
        ("Great app except it crashes all the time.", "negative"),
        ("They are matching payments by hand.", "neutral"),
        ("Need the ability to create an approval workflow.", "neutral"),
        ("the sync is flaky 💔", "negative"),
        ("awsome update 👏", "positive"),
        ("Reports time out on long ranges.", "negative"),
        ("Dashboards used to load in 2 seconds.", "negative"),
        ("We got used to it.", "neutral"),
    ],
)
def test_sentiment_labels(nlp, text, label):
    assert nlp(text)._.sentiment_label == label


def test_sentiment_negation_but_caps_and_sentences(nlp):
    assert nlp("not good")._.sentiment < 0 < nlp("good")._.sentiment
    assert nlp("It is GOOD")._.sentiment > nlp("It is good")._.sentiment
    doc = nlp("The setup was great but the reports are awful.")
    assert doc._.sentiment < 0
    two = nlp("The export is broken. Support was lovely.")
    first, second = list(two.sents)
    assert first._.sentiment < 0 < second._.sentiment


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Thank you, the new editor is brilliant.", "praise"),
        ("The export doesn't work and it's so frustrating.", "pain"),
        ("Is there a way to export to Excel?", "feature_request"),
        ("Please add a dark mode.", "feature_request"),
        ("We are switching to another vendor next month.", "churn_risk"),
        ("We will not be renewing.", "churn_risk"),
        ("We're moving to HubSpot next quarter.", "churn_risk"),
        ("We're moving to another tool.", "churn_risk"),
        ("I am done with Angry Birds.", "churn_risk"),
        ("Acme does this for half the price.", "competitor"),
    ],
)
def test_each_signal(small_nlp, text, signal):
    assert signal in signals_of(small_nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        # Real app reviews (SHAH, CC BY 4.0): moving files, "things to do with"
        # ("done with" as lemmas), a rival only praised, competing "options".
        "I can't move to sd card.",
        "Great way to find some things to do with good honest reviews.",
        "DropBox easily exceeds other options of cloud service.",
        "I plan to keep using it regularly.",
        "I'd like to see a true Evernote competitor with fonts.",
    ],
)
def test_what_only_looks_like_leaving_is_no_churn(nlp, text):
    assert "churn_risk" not in signals_of(nlp, text)
    assert "churn_risk" not in themes_of(nlp, text)


def test_a_move_is_churn_only_to_somewhere_named(nlp):
    # The signal reads the word after "move to"; the theme's phrases cannot (its exclude
    # list names the usual places things are moved to, like "sd card").
    assert "churn_risk" not in signals_of(nlp, "It keeps telling me to move to twitter v1.1")
    assert "churn_risk" not in signals_of(nlp, "We are moving to the new office in May.")
    assert "churn_risk" not in signals_of(nlp, "We're not moving to HubSpot.")
    assert "churn_risk" in signals_of(nlp, "We're moving to HubSpot next quarter.")


def test_negated_or_hypothetical_signals_are_not_given(small_nlp):
    assert "churn_risk" not in signals_of(small_nlp, "We won't cancel, we are happy.")
    assert "praise" not in signals_of(small_nlp, "It would be great to have a dark mode.")
    assert "pain" not in signals_of(small_nlp, "Lovely product, easy to use.")


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Refund issued within a day.", "reliability"),
        ("We took a break over the holidays.", "reliability"),
        ("Handles 200k records without breaking a sweat.", "reliability"),
        ("Lost many of my documents after the update.", "documentation"),
        ("I snap receipts in the van.", "billing"),
        ("I have been using it for a month.", "pricing"),
        ("Sent a cancellation request yesterday.", "feature_requests"),
        ("Let me pin favourite projects.", "praise"),
        ("If you add dark mode I'd give it 5 stars.", "praise"),
        ("A video walkthrough would be really helpful.", "praise"),
        # real app reviews (SHAH, P3: CC BY 4.0, ../shared/data/feedback)
        ("One note Can't even tell you how much this app makes my life easier!", "reliability"),
        ("5 stars if it weren't for the annoying Sticker notifications.", "feature_requests"),
        ("I was unable to press the buttons from that position .", "reliability"),
    ],
)
def test_built_in_themes_skip_words_that_only_look_alike(nlp, text, theme):
    assert theme not in themes_of(nlp, text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("The export is broken again.", "reliability"),
        ("The import got stuck at 67%.", "reliability"),
        ("Same issue as last week.", "reliability"),
        ("its sooo slow, pls fix", "performance"),
        ("Please bring back the old editor.", "feature_requests"),
        ("Customer requested audit logs.", "feature_requests"),
        ("This is my favourite app.", "praise"),
        ("Constantly closes after clicking the icon.", "reliability"),
        ("Need to be able to share folders.", "feature_requests"),
        # real app reviews (SHAH, P3: CC BY 4.0, ../shared/data/feedback)
        ("Cant even download the app", "reliability"),
        ("It's not able to save small video clips ...", "reliability"),
        ("Current version is NOT compatible with updated Apple iPad OIS 7.", "reliability"),
        ("Could use a function for  re-prioritizing Folder order.", "feature_requests"),
        ("Good\tits pretty good but masking tool can be improved", "feature_requests"),
        ("Great App. Need alerts and then 5 stars", "feature_requests"),
    ],
)
def test_built_in_themes_find(nlp, text, theme):
    assert theme in themes_of(nlp, text)


def test_signals_do_not_take_a_break_for_pain(nlp):
    assert "pain" not in signals_of(nlp, "We took a break and came back.")
    assert "pain" in signals_of(nlp, "The export is broken.")


def test_tags_are_plain_data_with_offsets_into_the_text(nlp):
    text = "Hi team.\nThe invoice was charged twice. Love the app though!"
    tags = tags_of(7, nlp(text))
    billing = next(h for h in tags.themes if h.theme == "billing")
    assert text[billing.start : billing.end] == billing.evidence == "invoice"
    assert billing.sentence == "The invoice was charged twice."
    assert billing.sentiment < 0
    assert tags.note_id == 7 and tags.sentiment_label in {"negative", "positive", "neutral"}
    assert "team" in tags.terms


def test_components_tag_a_batch_as_they_tag_one_doc(nlp):
    """`nlp.pipe` hands each voc component a batch (each has its own `pipe`, as spaCy's
    components do): a batch, cut anywhere, must tag each note as if it were alone."""
    texts = [
        "The invoice was charged twice!",
        "",
        "Not slow at all. We love the new editor, but we are switching to Acme.",
        "Is there a way to export to CSV? Onboarding took weeks...",
        "🙄 the app keeps crashing",
    ]
    assert all(hasattr(component, "pipe") for name, component in nlp.pipeline)
    alone = [tags_of(i, nlp(text)) for i, text in enumerate(texts)]
    for batch_size in (1, 2, 64):
        docs = nlp.pipe(texts, batch_size=batch_size)
        assert [tags_of(i, doc) for i, doc in enumerate(docs)] == alone


def test_doc_spans_and_extensions_serialise(nlp):
    doc = nlp("The invoice is wrong and I want a refund.")
    restored = next(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))
    assert [s.label_ for s in restored.spans["voc_themes"]] == ["billing", "billing"]
    assert Doc.has_extension("sentiment")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "🙂🙂🙂 👍",
        "これはテストです。料金が高い。",
        "Цена слишком высокая",
        "<p>Login <b>broken</b> &amp; <script>alert(1)</script></p>",
        "!!!???...",
    ],
)
def test_odd_input_tags_without_error(nlp, text):
    tags = tags_of(1, nlp(text))
    assert -1.0 <= tags.sentiment <= 1.0


def test_a_one_megabyte_note_tags(nlp):
    text = ("the invoice was wrong and the page load is slow " * 25_000)[:MAX_CHARS]
    tags = tags_of(1, nlp(text))
    assert {"billing", "performance"} <= {h.theme for h in tags.themes}
    assert all(len(h.sentence) <= 302 for h in tags.themes)


def test_token_patterns_may_name_any_word_attribute(tmp_path):
    # voc works out only the word attributes it reads, and those patterns name.
    path = tmp_path / "themes.toml"
    path.write_text(
        '[themes.times]\ntoken_patterns = [[{SHAPE = "dd:dd"}]]\n'
        "[themes.links]\ntoken_patterns = [[{like_url = true}]]\n",
        encoding="utf-8",
    )
    nlp = build_pipeline(path, lean=True)  # as tagging builds it
    doc = nlp("Sync failed at 17:42 again, see qxzv.example.org/status")
    assert {s.label_: s.text for s in doc.spans["voc_themes"]} == {
        "times": "17:42",
        "links": "qxzv.example.org/status",
    }
    assert [t.is_alpha for t in nlp("Zqxvb 42")] == [True, False]
    assert [t.prefix_ for t in nlp("Qwzzk")] == [""]  # lean: not read, not worked out
    assert [t.prefix_ for t in build_pipeline(path)("Qwzzj")] == ["Q"]  # for reuse


def test_a_memory_zone_leaves_the_vocabulary_and_voc_s_word_caches_as_they_were():
    from voc.nlp import tagger, zones
    from voc.nlp.pipeline import build_pipeline

    nlp = build_pipeline()
    list(nlp.pipe(["The invoice was wrong and the app is slow."]))  # learnt outside: kept
    held = zones.word_caches(nlp)
    assert {name for _, name in held} == {"CONTENT_WORDS", "lemmas", "scores"}
    before = [(getattr(owner, name), len(getattr(owner, name))) for owner, name in held]
    strings = len(nlp.vocab.strings)
    text = "Zorbliquent frobnicators are slowwwww, Qwxyzzy keeps crashing"
    with zones.zone(nlp):
        inside = tagger.tags_of(1, nlp(text), text)
        assert len(tagger.CONTENT_WORDS) > 0 and len(nlp.vocab.strings) > strings
    assert len(nlp.vocab.strings) == strings
    after = [(getattr(owner, name), len(getattr(owner, name))) for owner, name in held]
    assert all(a[0] is b[0] and a[1] == b[1] for a, b in zip(before, after, strict=True))
    with zones.zone(nlp):  # the same new words again, in another zone
        assert tagger.tags_of(1, nlp(text), text) == inside
    assert "zorbliquent" in inside.terms and inside.sentiment < 0
