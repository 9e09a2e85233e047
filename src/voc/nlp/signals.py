"""Signals marketers ask for, as spans in `doc.spans["voc_signals"]` labelled with one of
SIGNALS. Runs after the theme matcher and sentiment: praise and pain come from a sentence's
sentiment or a telling phrase, feature requests and churn risk from phrases, competitor
mentions from the taxonomy's `competitor/...` themes (or the word "competitor")."""

from itertools import pairwise

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from voc.nlp.batches import Batched
from voc.nlp.columns import column
from voc.nlp.lexicons import NEGATORS
from voc.nlp.phrases import phrase_matcher
from voc.nlp.sentiment import courtesy_positions, sentence_sentiment
from voc.nlp.sents import sentence_bounds, sentence_starts
from voc.nlp.themes import theme_mentions

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


class SignalFinder(Batched):
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
        self.labels: dict[int, str] = {}  # match key -> signal

    def __call__(self, doc: Doc) -> Doc:
        # (label, start, end) until the end: most matches are dropped or need no Span.
        found = [hit for hit in self._phrases(doc) if self._holds(doc, *hit)]
        requests = {
            sentence_bounds(doc, start)[0]
            for signal, start, _ in found
            if signal == "feature_request"
        }
        found = [
            hit
            for hit in found
            if not (hit[0] == "praise" and sentence_bounds(doc, hit[1])[0] in requests)
        ]
        found += self._by_sentiment(doc, requests, {signal for signal, _, _ in found})
        found += [
            ("competitor", mention.start, mention.end)
            for mention in theme_mentions(doc)
            if mention.theme.startswith("competitor/")
        ]
        found.sort(key=lambda hit: (hit[1], -hit[2]))
        spans = [Span(doc, start, end, label=signal) for signal, start, end in found]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=spans)
        return doc

    def _phrases(self, doc: Doc) -> list[tuple[str, int, int]]:
        return [(self._label(key), start, end) for key, start, end in self.matcher(doc)]

    def _label(self, key: int) -> str:
        label = self.labels.get(key)
        if label is None:
            label = self.labels[key] = self.strings[key]
        return label

    def _holds(self, doc: Doc, signal: str, start: int, end: int) -> bool:
        """A phrase counts unless negated, and praise or pain only where the sentence agrees."""
        if signal in ("praise", "pain"):
            score = sentence_sentiment(doc, *sentence_bounds(doc, start))
            if signal == "praise" and (score < 0 or _courtesy(doc, start, end)):
                return False
            if signal == "pain" and score > PRAISE_AT:
                return False
        return not self._negated(doc, signal, start, end)

    def _negated(self, doc: Doc, signal: str, start: int, end: int) -> bool:
        lowers = column(doc, LOWER)
        negators = self.negators
        if signal not in NEGATED_SIGNALS or any(lowers[i] in negators for i in range(start, end)):
            return False
        first = max(start - 3, sentence_bounds(doc, start)[0])
        return any(lowers[j] in negators for j in range(first, start))

    def _by_sentiment(
        self, doc: Doc, requests: set[int], found: set[str]
    ) -> list[tuple[str, int, int]]:
        """Praise and pain from sentence sentiment, when no phrase already found them."""
        hits = []
        for start, end in pairwise(sentence_starts(doc)):
            score = sentence_sentiment(doc, start, end)
            if score >= PRAISE_AT and "praise" not in found and start not in requests:
                hits.append(("praise", start, end))
                found.add("praise")
            elif score <= PAIN_AT and "pain" not in found:
                hits.append(("pain", start, end))
                found.add("pain")
            if {"praise", "pain"} <= found:
                break
        return hits


def _courtesy(doc: Doc, start: int, end: int) -> bool:
    """ "Thanks in advance", "Best regards": words of courtesy, not praise."""
    courtesy = courtesy_positions(doc)
    return bool(courtesy) and any(i in courtesy for i in range(start, end))


@Language.factory(
    "voc_signals",
    assigns=["doc.spans"],  # doc.spans["voc_signals"]
    # the theme matcher's mentions and sentiment's valences
    requires=["doc.spans", "doc._.valences"],
)
def make_signals(nlp: Language, name: str) -> SignalFinder:
    return SignalFinder(nlp)
