"""Signals marketers ask for, as spans in `doc.spans["voc_signals"]` labelled with one of
SIGNALS, and the stance of every theme mention. Runs after the theme matcher and sentiment:
praise and pain come from a sentence's sentiment or a telling phrase, feature requests and
churn risk from phrases, competitor mentions from the taxonomy's `competitor/...` themes
(or the word "competitor"), or from a name the note itself leaves for ("left for Acme").

A comparison that favours a competitor ("Acme is cheaper", "Acme has a better app", "left
for Acme", "switching to Acme") is churn risk and never praise: its sentence's mentions are
issues, and `favours_competitor(doc)` tells the tagger to read the note as no better than
neutral. A mention's stance (`mention_stances(doc)`, in the order of `theme_mentions`) comes
from its own sentence: a request there makes it a request, a complaint an issue, a warm
sentence praise; else the theme's default (`stance` in the taxonomy). A theme about
problems (default issue) needs a clearly warm sentence (PRAISE_AT) to read as praise, and
the praise theme is always praise."""

from itertools import pairwise

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from voc.nlp.batches import Batched
from voc.nlp.columns import column
from voc.nlp.lexicons import NEGATORS
from voc.nlp.phrases import phrase_matcher
from voc.nlp.sentiment import THRESHOLD, courtesy_positions, sentence_sentiment
from voc.nlp.sents import sentence_bounds, sentence_starts
from voc.nlp.themes import ThemeMention, theme_mentions
from voc.themes.names import NOT_NAMES

SPANS_KEY = "voc_signals"
# This module's keys in doc.user_data, read through the functions below only.
_STANCES_KEY = "voc_stances"  # one stance per theme mention, in theme_mentions' order
_RIVALS_KEY = "voc_rivals"  # True when a comparison favours a competitor
REQUEST_THEME = "feature_requests"  # its mentions make their sentence a request
# Words after a competitor's name that favour it ("Acme is cheaper", "Acme has a better app");
# before "than" the name is on the losing side ("better than Acme").
FAVOURING = """better cheaper faster easier simpler nicer smoother quicker cleaner superior
    friendlier prettier smarter""".split()
# Words before a competitor's name that leave for it: "left for Acme", "switching to Acme".
LEAVING = """left leave leaving switch switched switching move moved moving migrate migrated
    migrating went go going chose choose prefer preferred""".split()
# Of those, the verbs that name where a customer went when no competitor theme names it:
# "left for Acme", "switched to Acme"; a move only "over to" ("moved to Berlin", "going to
# Berlin" name no rival).
LEAVES = "left leave leaving switch switched switching migrate migrated migrating".split()
MOVES = "move moved moving".split()
COMPARE_WINDOW = 6
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
        exploring alternatives | stop using | stopped using | quit using |
        look at other options | looking at other options | exploring other options |
        considering other options | evaluate other | evaluating other | close my account |
        close our account | delete my account | terminate | end our contract | end the contract |
        i'm done with | i am done with | im done with | we're done with | we are done with |
        fed up | last straw | deal breaker | dealbreaker |
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


def mention_stances(doc: Doc) -> list[str]:
    """The stance of each theme mention, in the order of `theme_mentions(doc)`."""
    stances = doc.user_data.get(_STANCES_KEY)
    return stances if stances is not None else ["mention"] * len(theme_mentions(doc))


def favours_competitor(doc: Doc) -> bool:
    """Whether a sentence compares the product with a competitor to the competitor's favour."""
    return bool(doc.user_data.get(_RIVALS_KEY))


class SignalFinder(Batched):
    def __init__(self, nlp: Language, defaults: dict[str, str] | None = None):
        self.defaults = defaults or {}  # theme slug -> its default stance
        self.strings = nlp.vocab.strings
        self.favouring = {self.strings.add(w) for w in FAVOURING}
        self.leaving = {self.strings.add(w) for w in LEAVING}
        self.moves = {self.strings.add(w) for w in MOVES}
        self.leaves = {self.strings.add(w) for w in LEAVES} | self.moves
        self.leave_fillers = {self.strings.add(w) for w in ("us", "over")}
        self.leave_to = {self.strings.add(w) for w in ("for", "to")}
        self.than = self.strings.add("than")
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
        mentions = theme_mentions(doc)
        named = [(m.start, m.end) for m in mentions if m.theme.startswith("competitor/")]
        unnamed = [r for r in self._left_for(doc) if not any(s <= r[0] < e for s, e in named)]
        rivals = self._rivals(doc, named + unnamed)
        requests = {
            sentence_bounds(doc, start)[0]
            for signal, start, _ in found
            if signal == "feature_request"
        }
        no_praise = requests | {sentence_bounds(doc, start)[0] for start, _ in rivals}
        found = [
            hit
            for hit in found
            if not (hit[0] == "praise" and sentence_bounds(doc, hit[1])[0] in no_praise)
        ]
        pains = {sentence_bounds(doc, start)[0] for signal, start, _ in found if signal == "pain"}
        found += self._by_sentiment(doc, no_praise, {signal for signal, _, _ in found})
        found += [("competitor", start, end) for start, end in named + unnamed]
        found += [("churn_risk", start, end) for start, end in rivals]
        doc.user_data[_RIVALS_KEY] = bool(rivals)
        doc.user_data[_STANCES_KEY] = self._stances(doc, mentions, requests, pains, rivals)
        found.sort(key=lambda hit: (hit[1], -hit[2]))
        spans = [Span(doc, start, end, label=signal) for signal, start, end in found]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=spans)
        return doc

    def _stances(
        self,
        doc: Doc,
        mentions: list[ThemeMention],
        requests: set[int],
        pains: set[int],
        rivals: list[tuple[int, int]],
    ) -> list[str]:
        if not mentions:
            return []
        requests = requests | {
            sentence_bounds(doc, m.start)[0] for m in mentions if m.theme == REQUEST_THEME
        }
        rival_starts = {sentence_bounds(doc, start)[0] for start, _ in rivals}
        return [self._stance(doc, m, requests, pains, rival_starts) for m in mentions]

    def _stance(
        self, doc: Doc, mention: ThemeMention, requests: set[int], pains: set[int], rivals: set[int]
    ) -> str:
        """A mention's stance from its sentence (the rule in the module docstring)."""
        start, end = sentence_bounds(doc, mention.start)
        default = self.defaults.get(mention.theme, "mention")
        if start in rivals:
            return "issue"
        if default == "praise":
            return "praise"
        score = sentence_sentiment(doc, start, end)
        negative = score <= -THRESHOLD or start in pains
        if start in requests:
            return "issue" if default == "issue" and negative else "request"
        if negative:
            return "issue"
        if default == "issue":
            return "praise" if score >= PRAISE_AT else "issue"
        return "praise" if score >= THRESHOLD else default

    def _rivals(self, doc: Doc, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The token ranges of comparisons that favour a competitor: a competitor's name
        (start, end) followed by a favouring word ("Acme is cheaper"), or after a leaving
        verb."""
        lowers = column(doc, LOWER)
        found = []
        for start, end in names:
            first, last = sentence_bounds(doc, start)
            before = range(max(first, start - 3), start)
            if any(lowers[i] == self.than for i in before):
                continue  # "better than Acme": the comparison is ours
            leaves = [i for i in before if lowers[i] in self.leaving]
            if leaves:
                verb = leaves[0]
                negated = range(max(first, verb - 3), verb)
                if not any(lowers[i] in self.negators for i in negated):
                    found.append((verb, end))  # "switching to Acme", the verb on
                continue  # "nobody left us for Acme", "we won't switch to Acme"
            for i in range(end, min(last, end + COMPARE_WINDOW)):
                if lowers[i] in self.negators:
                    break  # "Acme is not cheaper"
                if lowers[i] in self.favouring:
                    found.append((start, i + 1))
                    break
        return found

    def _left_for(self, doc: Doc) -> list[tuple[int, int]]:
        """Every place the note names a company it leaves for, though no competitor theme
        names it: the capitalised word after "left for", "switched to", "moved over to",
        "migrated to" ("Two of our customers left for Acme"), wherever the note writes it
        again ("Acme is cheaper")."""
        lowers = column(doc, LOWER)
        names = set()
        for i in [i for i, lower in enumerate(lowers) if lower in self.leaves]:
            j = i + 1
            if j < len(doc) and lowers[j] in self.leave_fillers:  # "left us for", "moved over to"
                j += 1
            elif lowers[i] in self.moves:
                continue
            if j + 1 < len(doc) and lowers[j] in self.leave_to and _a_name(doc[j + 1]):
                names.add(doc[j + 1].orth)
        if not names:
            return []
        orths = column(doc, ORTH)
        return [(i, i + 1) for i, orth in enumerate(orths) if orth in names]

    def _phrases(self, doc: Doc) -> list[tuple[str, int, int]]:
        return [(self._label(key), start, end) for key, start, end in self.matcher(doc)]

    def _label(self, key: int) -> str:
        label = self.labels.get(key)
        if label is None:
            label = self.labels[key] = self.strings[key]
        return label

    def _holds(self, doc: Doc, signal: str, start: int, end: int) -> bool:
        """A phrase counts unless negated, and praise or pain only where the sentence agrees;
        a move only to a named or another tool ("moving to HubSpot", "move to another
        tool"), not "move to SD card"."""
        moving = signal == "churn_risk" and column(doc, LOWER)[start] in self.moves
        if moving and not (end < len(doc) and _names_a_destination(doc[end])):
            return False
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
        self, doc: Doc, no_praise: set[int], found: set[str]
    ) -> list[tuple[str, int, int]]:
        """Praise and pain from sentence sentiment, when no phrase already found them."""
        hits = []
        for start, end in pairwise(sentence_starts(doc)):
            score = sentence_sentiment(doc, start, end)
            if score >= PRAISE_AT and "praise" not in found and start not in no_praise:
                hits.append(("praise", start, end))
                found.add("praise")
            elif score <= PAIN_AT and "pain" not in found:
                hits.append(("pain", start, end))
                found.add("pain")
            if {"praise", "pain"} <= found:
                break
        return hits


def _a_name(token) -> bool:
    """A capitalised word that may name a company: "Acme", "HubSpot"; not "The", "Monday"."""
    return token.text[:1].isupper() and token.is_alpha and token.lower_ not in NOT_NAMES


def _names_a_destination(token) -> bool:
    """ "HubSpot", "another", "a different": where a move to leaves for."""
    destinations = ("another", "a", "an", "other", "different", "something")
    return token.lower_ in destinations or _a_name(token)


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
    """Theme stances default to the taxonomy's, when the theme matcher is in the pipeline."""
    defaults = {}
    if nlp.has_pipe("voc_themes"):
        defaults = {theme.slug: theme.stance for theme in nlp.get_pipe("voc_themes").taxonomy}
    return SignalFinder(nlp, defaults)
