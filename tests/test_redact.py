"""Redaction: typed placeholders for what is surely personal data, nothing else touched."""

import pytest

from voc.redact import iban_ok, luhn_ok, redact


@pytest.mark.parametrize(
    ("text", "expected", "kinds"),
    [
        ("write to ana.ruiz@acme.com today", "write to [email] today", {"email": 1}),
        ("call +1 (555) 123-4567 or +44 20 7946 0958", "call [phone] or [phone]", {"phone": 2}),
        ("tel 06 12 34 56 78, fax: 0612345678", "tel [phone], fax: [phone]", {"phone": 2}),
        ("French style 01.23.45.67.89", "French style [phone]", {"phone": 1}),
        ("card 4111 1111 1111 1111 expires soon", "card [card] expires soon", {"card": 1}),
        ("card 4111-1111-1111-1111.", "card [card].", {"card": 1}),
        ("IBAN DE89 3704 0044 0532 0130 00 please", "IBAN [iban] please", {"iban": 1}),
        ("pay GB82WEST12345698765432 now", "pay [iban] now", {"iban": 1}),
        ("ship to 221B Baker Street, London", "ship to [address], London", {"address": 1}),
        ("office at 1600 Pennsylvania Avenue NW.", "office at [address].", {"address": 1}),
        (
            "Lieferung an Hauptstraße 5 in Berlin",
            "Lieferung an [address] in Berlin",
            {"address": 1},
        ),
        ("livré au 12 rue de la Paix", "livré au [address]", {"address": 1}),
    ],
)
def test_personal_data_becomes_a_typed_placeholder(text, expected, kinds):
    redacted, counts = redact(text)
    assert redacted == expected
    assert dict(counts) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Upgraded to 2.14.3.1 and then 10.0.19045.3803 yesterday",
        "It broke on 2026-11-20 14:05:00 and again on 20.11.2026 and 11/20/2026",
        "Server 192.168.100.200 refused user@localhost in the stack trace",
        "The retina asset icon@2x.png is missing",
        "Order 123456789012 shipped, ticket #48213, 10,000 users, 1,234,567 rows",
        "A wrong card 4111 1111 1111 1112 and a wrong IBAN DE89 3704 0044 0532 0130 01",
        "uuid 123e4567-e89b-12d3-a456-426614174000 and ISBN 978-3-16-148410-0",
        "We have 3 seats on Main and 2 in the Street team",
        "Between 2019-2020 we grew; timestamp 1700000000123",
    ],
)
def test_numbers_that_are_not_personal_data_survive(text):
    assert redact(text) == (text, {})


def test_the_checksums_are_the_real_ones():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert luhn_ok("5500 0000 0000 0004")
    assert iban_ok("DE89370400440532013000") and not iban_ok("DE89370400440532013001")
    assert iban_ok("FR14 2004 1010 0505 0001 3M02 606")


def test_capture_redacts_on_the_way_in_and_keeps_with_no_redact(voc):
    voc("capture", "Mail ana@acme.com or call +49 30 1234567", "--format", "json")
    kept = voc("capture", "Mail ana@acme.com", "--no-redact", "--format", "json")
    listed = voc("list", "--format", "json").stdout
    assert "Mail [email] or call [phone]" in listed
    assert '"Mail ana@acme.com"' in kept.stdout


def test_capture_still_never_imports_spacy():
    import subprocess
    import sys

    code = "import sys, voc.intake.capture, voc.redact; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
