"""How well the built-in taxonomy and sentiment tag customer notes.

Prints, for a split of the labelled set in `examples/eval/notes.jsonl` (the `test` half by
default; the `tune` half is the one to look at while editing patterns):
- precision, recall and F1 per theme, and micro-averaged over all (target F1 >= 0.85);
- sentiment accuracy against the labels (target >= 0.80), with a confusion table;
and on real text nobody here wrote (when ../shared/data is present):
- sentiment sign agreement on VADER's 4,200 human-scored tweets with |score| >= 1;
- sentiment sign agreement on VADER's movie-review and NYT editorial snippets: the rules
  alone, the classifier alone and both (voc's tagging: the rules, and voc_polarity where
  they are unsure, unless the config key `sentiment_model` is false), on polar snippets
  (|human score| >= 1 and >= 2, of -4..4), on the held-out half (`--split test`, the
  default; odd lines of each file) or the tune half (`tune`: even lines, the one to look
  at while tuning). The classifier is trained on the tune half
  (scripts/train_sentiment.py), so its figures there are on what it learnt from; the
  test half it never saw;
- how many feature-tagged App Store / Google Play review sentences get at least one theme;
- for review sentences others labelled by hand (bug report, feature request, stability,
  performance), how many get the matching theme and, of sentences with another label, how
  many get it anyway (labels are one per sentence, so that share over-counts mistakes), and
  how bug reports and requests read (bug reports should be negative, requests neutral);
- per category, precision, recall and F1 of theme + stance on those hand-labelled review
  sentences (SHAH.xlsx and P3-Golden.xlsx), on their tune and test halves, beside the eval
  set: a bug report (SHAH "B", P3 "Stability") should get reliability as an `issue`, a
  performance complaint (P3 "performance") performance (or a child) as an `issue`, a
  feature request (SHAH "R", P3 "feature") a `request` stance on any theme or the
  feature_requests theme. SHAH's unclassified ("rate") and mixed ("M") sentences are left
  out (SHAH's "E", user experience, stays as a sentence of no category), and a category is
  scored only on the workbooks that label it (performance on P3 alone). The workbooks have no
  usability or security labels.

The review sentences are split once, deterministically: a sentence is in the tune half when
the first 8 hex digits of the SHA-256 of its text (whitespace collapsed, lower-cased) make
an even number, else in the test half. Edit patterns looking at the tune half only
(`--reviews-errors` lists its mistakes; it never lists the test half).

    .venv/bin/python benchmarks/tag_quality.py [--split test|tune|all] [--errors]
        [--reviews-errors] [--rules-only]

`--rules-only` measures everything else without voc_polarity (`sentiment_model = false`).
"""

import argparse
import hashlib
import html
import json
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "examples" / "eval" / "notes.jsonl"
SHARED = ROOT.parent / "shared" / "data" / "feedback"


def tag(nlp, texts: list[str]):
    from voc.nlp.tagger import tags_of

    return [tags_of(i, doc) for i, doc in enumerate(nlp.pipe(texts, batch_size=64))]


def theme_scores(gold: list[set[str]], predicted: list[set[str]]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for want, got in zip(gold, predicted, strict=True):
        for theme in want | got:
            c = counts.setdefault(theme, Counter())
            c["tp"] += theme in want and theme in got
            c["fp"] += theme in got and theme not in want
            c["fn"] += theme in want and theme not in got
    return counts


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate_set(nlp, split: str, show_errors: bool) -> None:
    notes = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    notes = [n for n in notes if split == "all" or n["split"] == split]
    tags = tag(nlp, [n["text"] for n in notes])
    gold = [set(n["themes"]) for n in notes]
    predicted = [{h.theme for h in t.themes} for t in tags]
    counts = theme_scores(gold, predicted)
    print(f"themes on the {split} split ({len(notes)} notes):")
    print(f"  {'theme':<18} {'P':>5} {'R':>5} {'F1':>5}  tp fp fn")
    for theme in sorted(counts):
        p, r, f = prf(counts[theme])
        c = counts[theme]
        print(f"  {theme:<18} {p:5.2f} {r:5.2f} {f:5.2f}  {c['tp']:2} {c['fp']:2} {c['fn']:2}")
    total = sum(counts.values(), Counter())
    p, r, f = prf(total)
    print(f"  {'micro':<18} {p:5.2f} {r:5.2f} {f:5.2f}  (target F1 >= 0.85)")
    labels = [t.sentiment_label for t in tags]
    right = sum(got == n["sentiment"] for got, n in zip(labels, notes, strict=True))
    print(f"sentiment accuracy: {right / len(notes):.2f} ({right}/{len(notes)}, target >= 0.80)")
    confusion = Counter((n["sentiment"], got) for got, n in zip(labels, notes, strict=True))
    for want in ("negative", "neutral", "positive"):
        row = "  ".join(
            f"{confusion[(want, got)]:3}" for got in ("negative", "neutral", "positive")
        )
        print(f"  labelled {want:<8} -> predicted neg/neu/pos: {row}")
    if show_errors:
        _print_errors(notes, predicted, tags)


def _print_errors(notes, predicted, tags) -> None:
    for n, got, t in zip(notes, predicted, tags, strict=True):
        want = set(n["themes"])
        if want != got or t.sentiment_label != n["sentiment"]:
            print(
                f"  #{n['id']} missing {sorted(want - got)} extra {sorted(got - want)} "
                f"sentiment {n['sentiment']}->{t.sentiment_label} ({t.sentiment:+.2f}): "
                f"{n['text'][:110]}"
            )


def vader_tweets(nlp) -> None:
    path = SHARED / "vader" / "tweets_GroundTruth.txt"
    if not path.exists():
        print("VADER tweets: not found, skipped")
        return
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3 and abs(float(parts[1])) >= 1:
            rows.append((float(parts[1]), html.unescape(parts[2])))
    tags = tag(nlp, [text for _, text in rows])
    agree = sum(
        (score > 0) == (t.sentiment > 0) and t.sentiment != 0
        for (score, _), t in zip(rows, tags, strict=True)
    )
    print(
        f"VADER tweets, |human score| >= 1: sign agreement {agree / len(rows):.2f} "
        f"({agree}/{len(rows)}; VADER itself: 0.98)"
    )


SNIPPETS = ("movieReviewSnippets_GroundTruth.txt", "nytEditorialSnippets_GroundTruth.txt")
POLAR = (1.0, 2.0)  # |human mean score| at least this (of 4) counts as polar


def snippet_half(split: str) -> list[tuple[float, str]]:
    """(human score, text) of the movie and NYT snippets: tune = even lines of each file,
    test = odd lines (split once, by line, so that no one tunes on the test half)."""
    rows = []
    for name in SNIPPETS:
        lines = (SHARED / "vader" / name).read_text(encoding="utf-8", errors="replace")
        for i, line in enumerate(lines.splitlines()):
            parts = line.split("\t", 2)
            if len(parts) == 3 and split in ("all", ("tune", "test")[i % 2]):
                rows.append((float(parts[1]), html.unescape(parts[2]).strip()))
    return rows


def sign_agreement(rows, scores, polar: float) -> tuple[int, int]:
    pairs = [(h, s) for (h, _), s in zip(rows, scores, strict=True) if abs(h) >= polar]
    return sum((h > 0) == (s > 0) and s != 0 for h, s in pairs), len(pairs)


def label_agreement(rows, scores, polar: float) -> tuple[int, int]:
    from voc.nlp.sentiment import label

    pairs = [(h, label(s)) for (h, _), s in zip(rows, scores, strict=True) if abs(h) >= polar]
    return sum(got == ("positive" if h > 0 else "negative") for h, got in pairs), len(pairs)


def vader_snippets(nlp, split: str) -> None:
    if not (SHARED / "vader" / SNIPPETS[0]).exists():
        print("VADER snippets: not found, skipped")
        return
    from voc.nlp.pipeline import build_pipeline
    from voc.nlp.polarity import model_scores
    from voc.nlp.sentiment import tokens_sentiment

    rows = snippet_half(split)
    texts = [text for _, text in rows]
    alone = build_pipeline(sentiment_model=False).pipe(texts, batch_size=64)
    rules = [tokens_sentiment(d, 0, len(d)) for d in alone]
    docs = list(build_pipeline(sentiment_model=True).pipe(texts, batch_size=64))
    alone = model_scores(docs)
    both = [tokens_sentiment(d, 0, len(d)) for d in docs]
    print(f"VADER movie/NYT snippets ({split} half), sign agreement on polar snippets:")
    for polar in POLAR:
        figures = []
        for name, scores in (("rules", rules), ("classifier", alone), ("both", both)):
            agree, total = sign_agreement(rows, scores, polar)
            figures.append(f"{name} {agree / total:.3f}")
        print(f"  |human score| >= {polar:g} ({total}): " + ", ".join(figures))
    # voc calls |score| < 0.05 neutral: some of the classifier's signs are read as neutral.
    for polar in POLAR:
        figures = []
        for name, scores in (("rules", rules), ("both", both)):
            agree, total = label_agreement(rows, scores, polar)
            figures.append(f"{name} {agree / total:.3f}")
        print(f"  as labels (neutral counts as wrong), >= {polar:g}: " + ", ".join(figures))


def app_reviews(nlp) -> None:
    folder = SHARED / "app-review-sentences" / "SHAH_UNION"
    if not folder.exists():
        print("app review sentences: not found, skipped")
        return
    texts = []
    for path in sorted(folder.glob("*.xml")):
        for sentence in ET.parse(path).getroot().iter("sentence"):
            if sentence.find("aspectTerms") is not None:
                texts.append(sentence.findtext("text") or "")
    tags = tag(nlp, texts)
    themed = sum(bool(t.themes) for t in tags)
    print(
        f"app review sentences with a feature tag: {themed / len(texts):.2f} get at least "
        f"one theme ({themed}/{len(texts)})"
    )


# (workbook, hand label, theme it should get, sentiment it should read or None)
LABELLED_REVIEWS = [
    ("P3-Golden.xlsx", "Stability", "reliability", None),
    ("P3-Golden.xlsx", "performance", "performance", None),
    ("P3-Golden.xlsx", "feature", "feature_requests", None),
    ("SHAH.xlsx", "B", "reliability", "negative"),
    ("SHAH.xlsx", "R", "feature_requests", "neutral"),
]
XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_rows(path: Path) -> list[list[str]]:
    """The first sheet's rows as text, with the standard library (no openpyxl needed)."""
    with zipfile.ZipFile(path) as z:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{XLSX}t"))
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{XLSX}si")
        ]
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{XLSX}row"):
        cells = []
        for c in row.iter(f"{XLSX}c"):
            value = c.findtext(f"{XLSX}v") or "".join(t.text or "" for t in c.iter(f"{XLSX}t"))
            cells.append(shared[int(value)] if c.get("t") == "s" else value)
        rows.append(cells)
    return rows[1:]


def labelled_reviews(nlp) -> None:
    folder = SHARED / "app-review-sentences"
    if not (folder / "SHAH.xlsx").exists():
        print("labelled review sentences: not found, skipped")
        return
    for name in sorted({name for name, *_ in LABELLED_REVIEWS}):
        rows = [r for r in xlsx_rows(folder / name) if len(r) >= 2 and r[0].strip()]
        tags = tag(nlp, [r[0] for r in rows])
        for book, wanted, theme, mood in LABELLED_REVIEWS:
            if book != name:
                continue
            mine = [t for r, t in zip(rows, tags, strict=True) if r[1] == wanted]
            rest = [t for r, t in zip(rows, tags, strict=True) if r[1] != wanted]
            hit = sum(any(h.theme == theme for h in t.themes) for t in mine)
            other = sum(any(h.theme == theme for h in t.themes) for t in rest)
            line = (
                f"  {name} '{wanted}' ({len(mine)}): {theme} {hit / len(mine):.2f}, "
                f"on other labels {other / len(rest):.2f}"
            )
            if mood:
                read = sum(t.sentiment_label == mood for t in mine) / len(mine)
                line += f"; read {mood} {read:.2f}"
            print(line)


# hand label -> category, per workbook
CATEGORIES = {
    "SHAH.xlsx": {"B": "reliability", "R": "request"},
    "P3-Golden.xlsx": {
        "Stability": "reliability",
        "performance": "performance",
        "feature": "request",
    },
}
# SHAH's "rate" rows (class 0) are the sentences nobody classified: many are bug reports or
# requests, so they measure nothing; its "M" (mixed) rows have no one category.
LEFT_OUT = {("SHAH.xlsx", "M"), ("SHAH.xlsx", "rate")}


def review_half(text: str) -> str:
    """ "tune" or "test": the split rule in the module docstring."""
    key = " ".join(text.split()).lower().encode("utf-8")
    return "tune" if int(hashlib.sha256(key).hexdigest()[:8], 16) % 2 == 0 else "test"


def categories_of(tags) -> set[str]:
    """The categories a tagged sentence is predicted to belong to, from themes and stances."""
    found = set()
    for hit in tags.themes:
        stance = getattr(hit, "stance", "issue")
        if hit.theme == "reliability" and stance == "issue":
            found.add("reliability")
        if hit.theme.split("/")[0] == "performance" and stance == "issue":
            found.add("performance")
        if stance == "request" or hit.theme == "feature_requests":
            found.add("request")
    return found


def labelled_sentences() -> list[tuple[str, str, set[str], str]]:
    """(text, half, gold categories, workbook) for every hand-labelled review sentence."""
    folder = SHARED / "app-review-sentences"
    out = []
    for name, mapping in CATEGORIES.items():
        for row in xlsx_rows(folder / name):
            if len(row) < 2 or not row[0].strip() or (name, row[1]) in LEFT_OUT:
                continue
            gold = {mapping[row[1]]} if row[1] in mapping else set()
            out.append((row[0], review_half(row[0]), gold, name))
    return out


def review_categories(nlp, show_errors: bool) -> None:
    if not (SHARED / "app-review-sentences" / "SHAH.xlsx").exists():
        print("review categories: not found, skipped")
        return
    rows = labelled_sentences()
    tags = tag(nlp, [row[0] for row in rows])
    # A category is scored only on the workbooks that label it: SHAH has no performance label.
    predicted = [
        categories_of(t) & set(CATEGORIES[row[3]].values())
        for row, t in zip(rows, tags, strict=True)
    ]
    for half in ("tune", "test"):
        pick = [i for i, row in enumerate(rows) if row[1] == half]
        counts = theme_scores([rows[i][2] for i in pick], [predicted[i] for i in pick])
        print(f"review categories, {half} half ({len(pick)} sentences):")
        print(f"  {'category':<18} {'P':>5} {'R':>5} {'F1':>5}   tp   fp   fn")
        for name in sorted(counts):
            c = counts[name]
            p, r, f = prf(c)
            print(f"  {name:<18} {p:5.2f} {r:5.2f} {f:5.2f} {c['tp']:4} {c['fp']:4} {c['fn']:4}")
        issues = sum((counts.get(k, Counter()) for k in ("reliability", "performance")), Counter())
        p, r, f = prf(issues)
        print(f"  {'issue micro':<18} {p:5.2f} {r:5.2f} {f:5.2f}  (target F1 >= 0.70)")
        p, r, f = prf(sum(counts.values(), Counter()))
        print(f"  {'all micro':<18} {p:5.2f} {r:5.2f} {f:5.2f}")
    if show_errors:  # the tune half only: the test half stays unseen
        for (text, half, gold, _), got, t in zip(rows, predicted, tags, strict=True):
            if half == "tune" and gold != got:
                hits = ", ".join(f"{h.theme}:{getattr(h, 'stance', '?')}" for h in t.themes)
                print(f"  want {sorted(gold)} got {sorted(got)} [{hits}] {text[:140]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["test", "tune", "all"], default="test")
    parser.add_argument("--errors", action="store_true", help="List every wrong note.")
    parser.add_argument(
        "--reviews-errors", action="store_true", help="List the tune half's wrong sentences."
    )
    parser.add_argument("--rules-only", action="store_true", help="Tag without voc_polarity.")
    args = parser.parse_args()
    from voc.nlp.pipeline import build_pipeline

    nlp = build_pipeline(sentiment_model=not args.rules_only)
    evaluate_set(nlp, args.split, args.errors)
    vader_tweets(nlp)
    vader_snippets(nlp, args.split)
    app_reviews(nlp)
    print("review sentences labelled by hand:")
    labelled_reviews(nlp)
    review_categories(nlp, args.reviews_errors)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
