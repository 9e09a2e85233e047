"""Derive src/voc/nlp/data/opinion_adjectives.tsv from Pattern's English subjectivity
lexicon (en-sentiment.xml, Tom De Smedt and Walter Daelemans, CLiPS; PDDL, public domain;
shipped in TextBlob's wheel as textblob/en/en-sentiment.xml).

VADER's lexicon lacks many adjectives of opinion that reviews use ("captivating",
"banal", "shallow", "priceless"): a sentence built on them scored 0. Pattern scores
adjectives per WordNet sense (polarity -1..1, subjectivity 0..1); this keeps, per word form,
the mean over its senses when the word is clearly polar and clearly subjective, leaves out
the words VADER or voc's feedback lexicon already score, and the quantity and time words
whose "polarity" is no opinion in feedback ("more", "latest", "many", "own", "full").
Polarity is scaled into VADER's -4..4 band by SCALE.

    .venv/bin/python scripts/derive_opinion_lexicon.py PATH/TO/en-sentiment.xml
"""

import argparse
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "voc" / "nlp" / "data"
MIN_POLARITY = 0.3  # |mean polarity| at least this...
MIN_SUBJECTIVITY = 0.5  # ...and mean subjectivity at least this
SCALE = 2.5  # Pattern's polarity 1.0 reads like a strong VADER word ("great" is 3.1)
# Pattern calls these polar; in product feedback they count or date, they do not judge...
PLAIN = """more most many much few latest new old first last other own full random mighty
    whole same certain main next only real sure such various different several""".split()
# ...or they name things ("knowledge base", "light mode", "cold start", "client secret",
# "on the fly", "primary e-mail", "static IP"), or Pattern's sense is not feedback's
# ("hazardous" +, "cheap" +, "collectible" -, "elect" +), or they are the lemma of a plain
# word ("late" of "latest" and "later").
PLAIN += """able base behind cheap cold static secret fly rose rank primary detailed filled
    common confirmed guarded light mean thin decreased approximate elect hazardous artesian
    collectible unsalted ungraded uncut pregnant sexual gay chicken catching fitting becoming
    touching terminally stabbing dramatic affirmative applicative apportioned calculable
    elementary golden extinct dusty nameless unilateral uncontroversial autonomous lifelike
    motley skittish licentious flippant absorbed acquainted advertent acute late""".split()
HEADER = """# Opinion adjectives VADER lacks, from Pattern's en-sentiment.xml (De Smedt and
# Daelemans, CLiPS; PDDL): mean polarity over senses x {scale}, where |polarity| >= {pol} and
# subjectivity >= {sub}. Written by scripts/derive_opinion_lexicon.py; do not edit by hand.
# token\tvalence
"""


def known_words() -> set[str]:
    words = set()
    for name in ("vader_lexicon.tsv", "feedback_lexicon.tsv"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                words.add(line.partition("\t")[0])
    return words


def derive(path: Path) -> dict[str, float]:
    polarity, subjectivity = defaultdict(list), defaultdict(list)
    for word in ET.parse(path).getroot().iter("word"):
        form = word.get("form", "").lower()
        polarity[form].append(float(word.get("polarity", 0)))
        subjectivity[form].append(float(word.get("subjectivity", 0)))
    known, plain = known_words(), set(PLAIN)
    found = {}
    for form, values in polarity.items():
        mean = sum(values) / len(values)
        subjective = sum(subjectivity[form]) / len(subjectivity[form])
        if not form.isalpha() or form in known or form in plain:
            continue
        if abs(mean) >= MIN_POLARITY and subjective >= MIN_SUBJECTIVITY:
            found[form] = round(mean * SCALE, 2)
    return dict(sorted(found.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", type=Path, help="Pattern's en-sentiment.xml")
    args = parser.parse_args()
    found = derive(args.xml)
    lines = [f"{word}\t{value:g}" for word, value in found.items()]
    header = HEADER.format(scale=SCALE, pol=MIN_POLARITY, sub=MIN_SUBJECTIVITY)
    (DATA / "opinion_adjectives.tsv").write_text(header + "\n".join(lines) + "\n")
    print(f"wrote {len(found)} words to {DATA / 'opinion_adjectives.tsv'}")


if __name__ == "__main__":
    main()
