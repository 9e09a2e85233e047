"""Why a rising item moved, in plain words: who and where its notes came from against the
period before (its drivers), how far rising items share notes, and how its count compares
with the usual.

A driver is an account or a source that accounts for at least DRIVER_SHARE of the item's
rise on the period before (of its notes, when it did not rise on that period), and for at
least MIN_DRIVER_NOTES notes of it: "43 from Acme (0 last week)". A customer is named as
a driver only when one accounts for half the rise or more, and then counted, never named:
the digest attributes words to a source and an account, not to a person.
"""

from collections import Counter, defaultdict

DRIVER_SHARE = 0.25
CUSTOMER_SHARE = 0.5
MIN_DRIVER_NOTES = 2
MAX_ACCOUNTS, MAX_SOURCES = 2, 1
ACCOUNT, SOURCE, CUSTOMER = 1, 2, 3  # columns of data.item_notes' rows


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def drivers(now: list[tuple], before: list[tuple]) -> dict:
    """The accounts, sources and customers behind most of the change, each with its
    notes now and in the period before, and how many of each there are now."""
    return {
        "accounts": _movers(now, before, ACCOUNT)[:MAX_ACCOUNTS],
        "sources": _movers(now, before, SOURCE)[:MAX_SOURCES],
        "customers": [
            {"notes": m["notes"], "previous": m["previous"]}
            for m in _movers(now, before, CUSTOMER, CUSTOMER_SHARE)[:1]
        ],
        "account_count": len(_spellings(now, ACCOUNT)),
        "source_count": len(_spellings(now, SOURCE)),
    }


def _movers(
    now: list[tuple], before: list[tuple], column: int, share: float = DRIVER_SHARE
) -> list[dict]:
    names = _spellings(now, column)
    if len(names) < 2:
        return []  # all from one account (or source): saying so explains nothing
    counts_now = Counter(_key(r[column]) for r in now if r[column])
    counts_before = Counter(_key(r[column]) for r in before if r[column])
    rise = len(now) - len(before)
    if rise > 0:
        weight = {k: n - counts_before.get(k, 0) for k, n in counts_now.items()}
        basis = rise
    else:
        weight, basis = dict(counts_now), len(now)
    chosen = sorted(
        (k for k, w in weight.items() if w >= max(MIN_DRIVER_NOTES, share * basis)),
        key=lambda k: (-weight[k], -counts_now[k], k),
    )
    return [
        {"name": names[k], "notes": counts_now[k], "previous": counts_before.get(k, 0)}
        for k in chosen
    ]


def _key(name: str) -> str:
    return name.strip().lower()


def _spellings(found: list[tuple], column: int) -> dict[str, str]:
    """Each name (case-blind) -> its most used spelling (then the first in order)."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for r in found:
        if r[column]:
            seen[_key(r[column])][r[column].strip()] += 1
    return {k: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for k, c in seen.items()}


def overlaps(items: list[dict], now: dict[str, set], before: dict[str, set]) -> None:
    """Set each rising item's `overlaps` (notes it shares with each other rising item,
    most first) and `within`: the larger item whose notes carry most of its rise, when
    there is one (then it is the same problem counted twice, not a separate cause)."""
    for a in items:
        ids = now[_id(a)]
        shared = [(b, len(ids & now[_id(b)])) for b in items if b is not a]
        a["overlaps"] = [
            {"kind": b["kind"], "key": b["key"], "label": b["label"], "notes": n}
            for b, n in sorted(shared, key=lambda bn: (-bn[1], bn[0]["key"]))
            if n
        ]
        a["within"] = None
        for b, n in sorted(shared, key=lambda bn: (-bn[0]["notes"], bn[0]["key"])):
            if _larger(b, a) and _mostly_shared(a, b, now, before):
                a["within"] = {"kind": b["kind"], "key": b["key"], "label": b["label"], "notes": n}
                break


def _id(item: dict) -> str:
    return f"{item['kind']}:{item['key']}"


def _larger(b: dict, a: dict) -> bool:
    return (b["notes"], a["key"]) > (a["notes"], b["key"])


def _mostly_shared(a: dict, b: dict, now: dict[str, set], before: dict[str, set]) -> bool:
    """More than half of a's notes, and of its rise on the period before, are notes b
    has too."""
    a_now, a_before = now[_id(a)], before[_id(a)]
    shared_now = len(a_now & now[_id(b)])
    if 2 * shared_now <= len(a_now):
        return False
    rise = len(a_now) - len(a_before)
    return rise <= 0 or 2 * (shared_now - len(a_before & before[_id(b)])) > rise


def baseline_words(entry: dict, unit: str) -> str:
    """How this period compares with the usual: "about 50% above the usual 90-120 a
    week, the highest in 8 weeks"; "new: none in the 4 weeks before"."""
    baseline, notes = entry["baseline"], entry["notes"]
    units = f"{len(baseline)} {unit}s" if len(baseline) != 1 else unit
    if entry["status"] == "new" or not any(baseline):
        return f"new: none in the {units} before"
    mean = sum(baseline) / len(baseline)
    low, high = min(baseline), max(baseline)
    usual = f"{low:,}" if low == high else f"{low:,}-{high:,}"
    per = f"a {unit}"
    ratio = notes / mean
    if ratio >= 2:
        amount = f"{ratio:.1f}".removesuffix(".0") if ratio < 3 else f"{round(ratio)}"
        said = f"about {amount} times the usual {usual} {per}"
    else:
        said = f"about {round(100 * (ratio - 1))}% above the usual {usual} {per}"
    if entry.get("highest_in", 0) >= 3:
        said += f", the highest in {entry['highest_in']} {unit}s"
    return said


def driver_words(found: dict, last: str) -> str:
    """ "43 from Acme (0 last week), 40 from review (2 last week)", or how widely the
    notes are spread when no account or source stands out."""
    parts = [
        f"{m['notes']:,} from {m['name']} ({m['previous']:,} {last})" for m in found["accounts"]
    ]
    parts += [
        f"{m['notes']:,} from {m['name']} ({m['previous']:,} {last})" for m in found["sources"]
    ]
    parts += [
        f"{m['notes']:,} from a single customer ({m['previous']:,} {last})"
        for m in found["customers"]
    ]
    if not found["accounts"] and found["account_count"] > 1:
        parts.append(f"spread over {plural(found['account_count'], 'account')}")
    return ", ".join(parts)


def overlap_words(entry: dict) -> str:
    within = entry.get("within")
    if within:
        return (
            f"mostly the same notes as {within['label']} ({within['notes']:,} of "
            f"{entry['notes']:,}): the same problem, not a separate cause"
        )
    return "; ".join(
        f"{o['notes']:,} of these {'is' if o['notes'] == 1 else 'are'} also in {o['label']}"
        for o in entry.get("overlaps", [])[:2]
    )


def last_words(kind: str, days: int) -> str:
    """How the period before is named beside a count: "last week"."""
    return {"week": "last week", "month": "last month"}.get(kind, f"in the {days} days before")
