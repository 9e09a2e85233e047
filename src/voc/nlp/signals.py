"""Signals marketers ask for, as spans in `doc.spans["voc_signals"]` labelled with one of
SIGNALS. Runs after the theme matcher and sentiment: praise and pain come from a sentence's
sentiment or a telling phrase, feature requests and churn risk from phrases, competitor
mentions from the taxonomy's `competitor/...` themes (or the word "competitor")."""

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from voc.nlp.lexicons import NEGATORS
from voc.nlp.phrases import phrase_matcher
from voc.nlp.sentiment import COURTESY_KEY, span_sentiment
from voc.nlp.sents import sentence_of, sentences
from voc.nlp.themes import SPANS_KEY as THEMES_KEY

SPANS_KEY = "voc_signals"
SIGNALS = ("praise", "pain", "feature_request", "churn_risk", "competitor")
PRAISE_AT = 0.45  # a sentence this positive is praise without a telling phrase
PAIN_AT = -0.35

PHRASES = {
    "feature_request": """i wish | wish there be | wish it | would love | would be nice |
        would be great | would be awesome | would be helpful | would be good | would really help |
        it'd be nice | it'd be great | itd be nice | please add | pls add | plz add |
        please make | please let | please allow | please support | please bring | can you add |
        could you add | can you make | could you make | add support for | add an option |
        add the option | add a way | is there a way to | is there any way to | any way to |
        need a way to | need the ability | need an option | want the ability | feature request |
        any plans to | any plan to | on the roadmap | hope you add | hoping you add |
        hope you guys add | would pay for | would pay extra | why can't i | why cant i |
        why can i not | should be able to | should let | should have an option | should allow |
        it would help if | would help a lot | missing feature | lack of | no option to |
        no way to | there's no way to | allow us to | let us | give us | suggestion |
        i suggest | we suggest | feature request | requested | would like | i'd like |
        we'd like | would like to see | when will you | when would you | will you add |
        please implement | also needs | in need of | would be better if |
        would be even better | if you added | want to be able to | still no""",
    "churn_risk": """cancel | cancellation | cancelling | canceling | unsubscribe |
        not renew | not renewing | not be renewing | won't renew | wont renew |
        not going to renew | will not renew | switching to | switched to | moving to |
        move to | migrate to | leaving |
        migrating to | look at alternatives | looking at alternatives | looking for alternatives |
        other options | evaluate other | evaluating other | close my account |
        close our account | delete my account | terminate | end our contract | end the contract |
        done with | fed up | last straw | deal breaker | dealbreaker |
        refund and cancel | churn | find another | find something else | going elsewhere""",
    "pain": """doesn't work | does not work | doesnt work | not working | stopped working |
        hard to | difficult to | struggle | struggling | can't figure | cant figure |
        waste of time | pain point | takes forever | take forever | too long | too many clicks |
        keeps crashing | keep crashing | frustrating | frustrated | annoying | confusing |
        is broken | are broken | was broken | still broken | completely broken | totally broken |
        can't find | cant find | no idea how | gave up | give up | nightmare | unusable""",
    "praise": """love | loving | luv | thank you | thanks | kudos | great job | nice job |
        well done | highly recommend | recommend | game changer | lifesaver | life saver |
        best | awesome | amazing | excellent | fantastic | impressed | delighted | brilliant |
        works great | works well | 10/10 | five stars | 5 stars""",
    "competitor": "competitor | competition",
}
# A phrase preceded by one of these is not the signal ("we won't cancel", "not great").
NEGATED_SIGNALS = ("churn_risk", "praise", "pain", "feature_request")


class SignalFinder:
    def __init__(self, nlp: Language):
        self.strings = nlp.vocab.strings
        self.matcher = phrase_matcher(
            nlp,
            (
                (signal, phrase.strip())
                for signal, text in PHRASES.items()
                for phrase in text.split("|")
                if phrase.strip()
            ),
        )
        self.negators = {self.strings.add(w) for w in NEGATORS}

    def __call__(self, doc: Doc) -> Doc:
        spans = [s for s in self._phrases(doc) if self._holds(doc, s)]
        requests = {sentence_of(s).start for s in spans if s.label_ == "feature_request"}
        spans = [
            s for s in spans if not (s.label_ == "praise" and sentence_of(s).start in requests)
        ]
        spans += self._by_sentiment(doc, requests, {s.label_ for s in spans})
        spans += [
            Span(doc, s.start, s.end, label="competitor")
            for s in doc.spans.get(THEMES_KEY, [])
            if s.label_.startswith("competitor/")
        ]
        spans.sort(key=lambda s: (s.start, -s.end))
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=spans)
        return doc

    def _phrases(self, doc: Doc) -> list[Span]:
        return [
            Span(doc, start, end, label=self.strings[key]) for key, start, end in self.matcher(doc)
        ]

    def _holds(self, doc: Doc, span: Span) -> bool:
        """A phrase counts unless negated, and praise or pain only where the sentence agrees."""
        if span.label_ == "praise" and span_sentiment(sentence_of(span)) < 0:
            return False
        if span.label_ == "praise" and _courtesy(doc, span):
            return False
        if span.label_ == "pain" and span_sentiment(sentence_of(span)) > PRAISE_AT:
            return False
        return not self._negated(doc, span)

    def _negated(self, doc: Doc, span: Span) -> bool:
        if span.label_ not in NEGATED_SIGNALS or any(t.lower in self.negators for t in span):
            return False
        start = max(span.start - 3, sentence_of(span).start)
        return any(doc[j].lower in self.negators for j in range(start, span.start))

    def _by_sentiment(self, doc: Doc, requests: set[int], found: set[str]) -> list[Span]:
        """Praise and pain from sentence sentiment, when no phrase already found them."""
        spans = []
        for sent in sentences(doc):
            score = span_sentiment(sent)
            if score >= PRAISE_AT and "praise" not in found and sent.start not in requests:
                spans.append(Span(doc, sent.start, sent.end, label="praise"))
                found.add("praise")
            elif score <= PAIN_AT and "pain" not in found:
                spans.append(Span(doc, sent.start, sent.end, label="pain"))
                found.add("pain")
            if {"praise", "pain"} <= found:
                break
        return spans


def _courtesy(doc: Doc, span: Span) -> bool:
    """ "Thanks in advance", "Best regards": words of courtesy, not praise."""
    courtesy = doc.user_data.get(COURTESY_KEY)
    return bool(courtesy) and any(i in courtesy for i in range(span.start, span.end))


@Language.factory("voc_signals")
def make_signals(nlp: Language, name: str) -> SignalFinder:
    return SignalFinder(nlp)
