"""The comparison, the rising rule, sparklines, and how quotes are chosen."""

from voc.digest.quotes import Candidate, Quoted, informative, pick, quote_text, trim
from voc.digest.trends import Thresholds, change, classify, net_sentiment, sparkline, zscore


def test_change_is_absolute_and_percent_and_none_from_nothing():
    assert change(12, 8) == {"previous": 8, "delta": 4, "percent": 50}
    assert change(3, 4) == {"previous": 4, "delta": -1, "percent": -25}
    assert change(5, 0) == {"previous": 0, "delta": 5, "percent": None}


def test_zscore_spread_is_floored_so_flat_baselines_do_not_explode():
    assert zscore(4, [1, 1, 1, 1]) == 3.0  # spread floored at 1, not 0
    assert zscore(30, [16, 16, 16, 16]) == 3.5  # floored at sqrt(16) = 4
    assert zscore(10, [2, 8, 2, 8]) == 1.67  # the real deviation (3) wins


def test_rising_needs_volume_reach_and_z():
    rule = Thresholds(min_notes=3, min_reach=2, min_z=2.0)
    assert classify(6, 4, [1, 0, 1, 0], rule) == "rising"
    assert classify(6, 1, [1, 0, 1, 0], rule) is None  # one customer, however loud
    assert classify(2, 2, [0, 0, 0, 0], rule) is None  # too few notes to mean anything
    assert classify(3, 3, [0, 0, 0, 0], rule) == "new"
    assert classify(9, 5, [8, 7, 9, 8], rule) is None  # its usual level


def test_sparkline_scales_to_the_largest_value():
    assert sparkline([0, 1, 2, 4, 8]) == "▁▂▃▅█"
    assert sparkline([0, 0, 0]) == "▁▁▁"
    assert len(sparkline([5] * 8)) == 8


def test_net_sentiment_is_positive_share_minus_negative_share():
    assert net_sentiment(6, 2, 10) == 40
    assert net_sentiment(0, 3, 4) == -75
    assert net_sentiment(0, 0, 0) is None


def candidate(note_id, sentence, customer, account="A", source="support", **rest):
    return Candidate(
        note_id=note_id,
        sentence=sentence,
        evidence=rest.pop("evidence", None),
        text=rest.pop("text", None),
        source=source,
        account=account,
        customer=customer,
        occurred_at=rest.pop("occurred_at", "2026-11-18T10:00:00Z"),
        **rest,
    )


def test_quotes_come_from_different_customers_accounts_and_sources():
    pool = [
        candidate(1, "The invoice export is slow and times out every morning.", "Ana", "Acme"),
        candidate(2, "The invoice export is slow again for our whole team.", "Ana", "Acme"),
        candidate(3, "Export of invoices is slow for big clients.", "Ana", "Acme"),
        candidate(4, "The export of invoices is slow since the update.", "Lee", "Acme"),
        candidate(5, "Our invoice export times out, slow every time.", "Kim", "Globex", "sales"),
    ]
    quotes = pick(pool, 3)
    ids = [q["note_id"] for q in quotes]
    assert len(ids) == 3
    customers = {c.note_id: c.customer for c in pool}
    assert len({customers[i] for i in ids}) == 3  # three voices, not Ana three times
    assert 5 in ids  # the only other account and source gets in


def test_representative_beats_odd_and_fragments():
    pool = [
        candidate(1, "Reports are slow since the update.", "A"),
        candidate(2, "Reports take a minute to load since the update, really slow.", "B"),
        candidate(3, "My cat walked over the keyboard while reports loaded slowly.", "C"),
        candidate(4, "Slow.", "D"),
    ]
    first = pick(pool, 1)[0]
    assert first["note_id"] in (1, 2)


def test_same_text_is_never_quoted_twice():
    text = "The bank feed dropped twice this week."
    pool = [candidate(1, text, "A"), candidate(2, text, "B")]
    assert len(pick(pool, 3)) == 1


def test_a_note_is_quoted_once_per_digest_and_a_paraphrase_not_at_all():
    quoted = Quoted()
    pool = [
        candidate(1, "Reports are slow since the November update.", "A"),
        candidate(2, "Reports are slow since the November update!", "B"),
        candidate(3, "The bank feed dropped twice this week.", "C"),
    ]
    assert [q["note_id"] for q in quoted.pick(pool, 1)] == [1]
    # Another section: note 1 is taken, note 2 says the same in other words.
    assert [q["note_id"] for q in quoted.pick(pool, 3)] == [3]


def test_a_quote_carries_information():
    assert not informative("Awesome!")
    assert not informative("This is my reply.")
    assert not informative("i love this apps this is very good apps")
    assert not informative("Best regards, Ana from the Acme finance team")
    assert informative("Double charged again this month.")
    assert not informative("Double charged again this month.", evidence="refund")
    pool = [candidate(1, "Awesome!", "A"), candidate(2, "Great app, love it!", "B")]
    assert pick(pool, 3) == []


def test_attribution_is_source_account_date_and_never_contact_details():
    c = candidate(
        7, "Write to me at ana@example.com or call 555 123 4567 about it.", "Ana Ruiz", "Acme"
    )
    quote = pick([c], 1)[0]
    assert quote["attribution"] == "support, Acme, 2026-11-18"
    assert quote["note_id"] == 7
    assert "ana@example.com" not in quote["text"] and "Ana Ruiz" not in quote["attribution"]


def test_long_sentences_are_cut_around_the_evidence_at_word_boundaries():
    long = "word " * 80 + "the refund never arrived " + "tail " * 80
    cut = trim(long.strip(), "refund")
    assert "refund never arrived" in cut
    assert cut.startswith("…") and cut.endswith("…") and len(cut) <= 222
    assert "  " not in cut and not cut[1:-1].startswith(" ")


def test_without_a_sentence_the_notes_sentence_with_the_evidence_is_used():
    c = candidate(1, None, "A", text="Hello there. The SSO login fails daily! Bye.", evidence="SSO")
    assert quote_text(c) == "The SSO login fails daily!"


def test_a_toned_section_skips_quotes_that_say_the_opposite():
    pool = [
        candidate(
            1, "The bank connection is down and we match payments by hand.", "A", sentiment=-0.6
        ),
        candidate(2, "Love how fast invoices go out.", "B", sentiment=0.7),
    ]
    assert [q["note_id"] for q in pick(pool, 3, tone=1)] == [2]
    assert [q["note_id"] for q in pick(pool[:1], 3, tone=1)] == [1]  # better than nothing
    assert len(pick(pool, 3)) == 2
