"""Feedback's complaint cues: words VADER scores 0 that make a complaint together or in
place. "too" before a plain word ("too many clicks", "too small"), a wait ("took 3 weeks",
"takes 8 seconds to load", unless "only" or "just" took it; "spent a whole day"), a failure
or a demand for a fix VADER has no word for ("times out", "kicked me out", "shuts down",
"please fix"), a regression ("used to load in 2 seconds", not "got used to it"; "since the
last update"), a change made "without any warning", and leaving for someone else ("moving
to HubSpot", "switched to another tool"). Each cue is one token's valence; the sentiment
component scores it with the rest."""

from spacy.strings import StringStore
from spacy.tokens import Doc

TOO_COMPLAINT = -0.8  # voc's: "too many clicks", "too small" (words with no valence)
# Stop words that still say "more than wanted" after "too" ("me too", "too" + verb do not).
EXCESS = ("many", "much", "few", "little", "long", "often", "late", "early", "far")
WAIT_COMPLAINT = -0.8  # voc's: "took 6 weeks", "takes 8 seconds to load"
WAIT_VERBS = ("take", "took", "takes", "taking", "taken", "wait", "waited", "waiting")
WAIT_VERBS += ("spent", "spend", "spends", "spending", "wasted", "lost")  # time lost
WAIT_UNITS = """seconds minutes mins hours hrs days weeks months ages forever""".split()
WAIT_UNITS += """day hour week month""".split()
# Words that make a unit a long time: "a whole day", "an entire week", "several hours"; not
# "a day" or "one afternoon", which customers also say of a quick setup.
AMOUNTS = ("whole", "entire", "full", "all", "several", "few", "couple", "many")
WITHOUT = "without"
WITHOUT_COMPLAINT = -0.8  # voc's: "changed without any warning", "charged without notice"
UNANNOUNCED = """warning warnings notice notification explanation reason asking consent
    permission apology""".split()
WITHOUT_FILLERS = ("any", "prior", "a", "an", "advance", "much", "further")
CHURN_COMPLAINT = -0.8  # voc's: "moving to HubSpot", "switched to another tool"
CHURN_VERBS = """moving move moved switching switch switched migrating migrate migrated
    leaving""".split()
DESTINATIONS = ("another", "other", "competitor", "competitors", "alternative", "alternatives")
WAIT_EXCUSES = ("only", "just", "under", "less", "within")  # "only took 5 minutes" is praise
PAIR_COMPLAINT = -0.8  # voc's: two plain words that are a complaint together
# A word, then (maybe after "me"/"us": "kicked me out", "logs us out") one of the words
# that make it a failure, a regression or a demand for a fix.
COMPLAINT_PAIRS = {
    **dict.fromkeys(("time", "times", "timed", "timing"), ("out",)),
    **dict.fromkeys(("kicked", "kicks", "kicking", "logged", "logs"), ("out",)),
    **dict.fromkeys(("cut", "cuts", "cutting"), ("off",)),
    **dict.fromkeys(("shut", "shuts", "shutting"), ("down",)),
    "force": ("close", "closes", "closed", "closing", "quit", "quits"),
    **dict.fromkeys(("deleted", "wiped", "erased"), ("all", "everything")),
    **dict.fromkeys(("please", "pls", "plz"), ("fix",)),
    "fix": ("this", "it", "that", "asap"),
    "needs": ("fixing",),
    "used": ("to",),
}
OBJECTS = ("me", "us", "you", "him", "her", "them")
UPDATE_COMPLAINT = -0.8  # voc's: "since the last update it won't open"
SINCE = ("since", "after")  # "since the update", "after the latest upgrade"
UNTIL = ("until", "till", "before")  # "was great until the update": the praise is past
UPDATE_FILLERS = """the this that last latest recent new newest an a ios today 's most
    yesterday""".split()
UPDATES = "update updates updated upgrade upgrades upgraded version release patch".split()
USED_TO_NOT = ("get", "got", "gets", "getting", "be", "am", "'m", "is", "are", "'re", "were")


class ComplaintCues:
    def __init__(self, strings: StringStore):
        self.excess = frozenset(strings.add(w) for w in EXCESS)
        self.wait_units = frozenset(strings.add(w) for w in WAIT_UNITS)
        self.wait_excuses = frozenset(strings.add(w) for w in WAIT_EXCUSES)
        self.amounts = frozenset(strings.add(w) for w in AMOUNTS)
        self.unannounced = frozenset(strings.add(w) for w in UNANNOUNCED)
        self.without_fillers = frozenset(strings.add(w) for w in WITHOUT_FILLERS)
        self.churn_to = frozenset(strings.add(w) for w in ("to", "for"))
        self.destinations = frozenset(strings.add(w) for w in DESTINATIONS)
        self.pairs = {
            strings.add(a): frozenset(strings.add(w) for w in b) for a, b in COMPLAINT_PAIRS.items()
        }
        self.objects = frozenset(strings.add(w) for w in OBJECTS)
        self.update_fillers = frozenset(strings.add(w) for w in UPDATE_FILLERS)
        self.updates = frozenset(strings.add(w) for w in UPDATES)
        self.used_to_not = frozenset(strings.add(w) for w in USED_TO_NOT)
        self.without = strings.add(WITHOUT)
        self.used = strings.add("used")
        self.rules = self._cue_rules(strings)

    def find(
        self,
        doc: Doc,
        lowers: list[int],
        values: list[float],
        found: dict[int, float],
        watched: list[int],
    ) -> list[int]:
        """Positions given a complaint cue's valence, ascending. `watched`: ascending
        positions that include every word in `self.rules` (most words start no cue)."""
        cues = []
        rules = self.rules
        for i in [i for i in watched if lowers[i] in rules]:
            if i == len(lowers) - 1:
                break
            for test, value in rules[lowers[i]]:
                if test(doc, lowers, i, found):
                    values[i] = value
                    cues.append(i)
                    break
        return cues

    def _cue_rules(self, strings) -> dict[int, list]:
        """word -> the tests (and valences) of the cues it may start, in this order."""
        rules: dict[int, list] = {}
        for words, test, value in (
            (("too",), self._too, TOO_COMPLAINT),
            (WAIT_VERBS, self._wait, WAIT_COMPLAINT),
            (COMPLAINT_PAIRS, self._pair, PAIR_COMPLAINT),
            (SINCE + UNTIL, self._update, UPDATE_COMPLAINT),
            ((WITHOUT,), self._unannounced, WITHOUT_COMPLAINT),
            (CHURN_VERBS, self._leaving, CHURN_COMPLAINT),
        ):
            for word in words:
                rules.setdefault(strings.add(word), []).append((test, value))
        return rules

    def _too(self, doc: Doc, lowers: list[int], i: int, found: dict[int, float]) -> bool:
        return self._excess(doc[i + 1], found)

    def _pair(self, doc: Doc, lowers: list[int], i: int, found: dict[int, float]) -> bool:
        """Every pair counts but "used to" after "get" or "be" ("we got used to it")."""
        j = i + 1
        if lowers[j] in self.objects and j + 1 < len(lowers):
            j += 1
        if lowers[j] not in self.pairs[lowers[i]]:
            return False
        return lowers[i] != self.used or i == 0 or lowers[i - 1] not in self.used_to_not

    def _update(self, doc: Doc, lowers: list[int], i: int, found: dict[int, float]) -> bool:
        """ "since the last update", "after the iOS 7 upgrade", "until the new version"."""
        for j in range(i + 1, min(i + 5, len(lowers))):
            if lowers[j] in self.updates:
                return True
            if lowers[j] not in self.update_fillers and not doc[j].like_num:
                return False
        return False

    def _excess(self, token, found: dict[int, float]) -> bool:
        """ "too" + a plain word: "too many", "too small"; not "me too", "too good"."""
        if not token.is_alpha or token.i in found:
            return False
        return token.lower in self.excess or not token.is_stop

    def _wait(self, doc: Doc, lowers: list[int], i: int, found: dict[int, float]) -> bool:
        """ "took 6 weeks", "waited 3 days", "takes like 8 seconds"; not "only took 5 min"."""
        if any(lowers[j] in self.wait_excuses for j in range(max(i - 2, 0), i)):
            return False
        ahead = range(i + 1, min(i + 5, len(lowers)))
        if any(lowers[j] in self.wait_excuses for j in ahead):
            return False
        return any(
            lowers[j] in self.wait_units
            and (j == i + 1 or lowers[j - 1] in self.amounts or doc[j - 1].like_num)
            for j in ahead
        )

    def _unannounced(self, doc: Doc, lowers: list[int], i: int, found: dict[int, float]) -> bool:
        """ "without (any) warning", "without notice": the word after is no longer a
        negated sentiment word ("warning" is negative to VADER; flipped it read as praise)."""
        j = i + 1
        while j < len(lowers) - 1 and lowers[j] in self.without_fillers:
            j += 1
        if lowers[j] not in self.unannounced:
            return False
        found.pop(j, None)
        return True

    def _leaving(self, doc: Doc, lowers: list[int], i: int, found: dict[int, float]) -> bool:
        """ "moving to HubSpot", "switched to another tool", "leaving for Acme": a name or
        an alternative after "to"/"for" (not "moving to the new office")."""
        if i + 2 >= len(lowers) or lowers[i + 1] not in self.churn_to:
            return False
        after = doc[i + 2]
        named = after.text[:1].isupper() and not after.is_sent_start
        return named or lowers[i + 2] in self.destinations
