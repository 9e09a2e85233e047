"""Change, rising and new: how a count compares with the periods before it.

The rule against noise is explicit so a reader can check it: a theme or term is *rising*
when it has at least `min_notes` notes from at least `min_reach` customers this period
and its count stands `min_z` standard deviations above the mean of the baseline
periods. The deviation is floored at the square root of the mean (counts vary at least
that much by chance) and at 1, so a flat or empty baseline cannot make a tiny count look
like a surge. *New* means nothing at all in the baseline, with the same volume and reach.

Only periods that start on or after the first note (in the digest's scope) are a
baseline: an empty period before anything was recorded says nothing about what is usual.
With fewer than `min_history` such periods the history is too short, and nothing is
called rising or new. At most `max_rising` items are listed as rising; the rest are named.
"""

import math
from dataclasses import asdict, dataclass

SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Thresholds:
    min_notes: int = 3
    min_reach: int = 2
    min_z: float = 2.0
    baseline: int = 4  # periods before this one
    max_terms: int = 200  # phrases considered: the most used this period
    min_history: int = 2  # complete periods after the first note, before rising can be said
    max_rising: int = 5  # listed in full; any further rising items are named only

    def to_dict(self) -> dict:
        return asdict(self)


def change(current: int, previous: int) -> dict:
    """Absolute and relative change; the percentage is None when there was nothing."""
    percent = round(100 * (current - previous) / previous) if previous else None
    return {"previous": previous, "delta": current - previous, "percent": percent}


def zscore(current: int, baseline: list[int]) -> float:
    mean = sum(baseline) / len(baseline) if baseline else 0.0
    variance = sum((b - mean) ** 2 for b in baseline) / len(baseline) if baseline else 0.0
    spread = max(math.sqrt(variance), math.sqrt(mean), 1.0)
    return round((current - mean) / spread, 2)


def classify(current: int, reach: int, baseline: list[int], rule: Thresholds) -> str | None:
    """ "new", "rising" or None under the stated rule; None too when `baseline` (the
    periods that count as history) is shorter than the rule asks."""
    if len(baseline) < rule.min_history:
        return None
    if current < rule.min_notes or reach < rule.min_reach:
        return None
    if not any(baseline):
        return "new"
    if zscore(current, baseline) >= rule.min_z:
        return "rising"
    return None


def sparkline(values: list[int]) -> str:
    """One block per period, scaled to the largest; zero is the lowest block."""
    top = max(values, default=0)
    if top == 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[round(v / top * (len(SPARK) - 1))] for v in values)


def net_sentiment(positive: int, negative: int, total: int) -> int | None:
    """Percent positive minus percent negative, rounded; None without notes."""
    if not total:
        return None
    return round(100 * (positive - negative) / total)
