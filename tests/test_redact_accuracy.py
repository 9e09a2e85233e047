"""Redaction errs neither way: what is personal data becomes a placeholder, ids and
addresses of machines stay. Cases from real mail (../shared/data/email) and the issue."""

import json

import pytest

from voc.redact import card_brand_ok, redact, redact_field, ssn_ok


@pytest.mark.parametrize(
    "text",
    [
        "telnet 127.0.0.1 52698",
        "Free Software Foundation, Boston, MA 02111-1307 USA",
        "Portland, Oregon 97225-2668",
        "X-Mms-Transaction-Id: 3198421808-0",
        "Received: by mm1.sprynet.com id <148226-12799>; Mon, 29 Jul 1996",
        "x-exchange-antispam-report-test: UriScan:(227612066756510)(21748063052155);",
        'boundary="===============3455449757443551301=="',
        "id <20071118085627.TQWF6995.oaamta05sl.mx.bigpond.com@[10.0.0.1]>;",
        "Received: from mail.datavalet.com (80.238.29.115)",
        "Received: from [192.0.0.253] (60-241-138-146.static.tpgi.com.au [60.0.0.146])",
        "X-Assp-Message-Score: -2 (104.47.0.0 in griplist (0.13))",
        "panose-1:2 11 6 4 3 5 4 4 2 4;}",
        "look at acme.com, we met at Acme.com HQ",
        "X-Virus-Scanned: amavisd-new at textdrive.com",
        "an invalid SSN 000-12-3456 and 987-65-4321",
    ],
)
def test_machine_numbers_and_plain_english_survive(text):
    assert redact(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "expected", "kinds"),
    [
        ("my SSN is 123-45-6789", "my SSN is [id-number]", {"id-number": 1}),
        ("write ana (at) acme (dot) com", "write [email]", {"email": 1}),
        ("or Ana [at] Acme [dot] com", "or [email]", {"email": 1}),
        ("mail jan at ryngle.com please", "mail [email] please", {"email": 1}),
        ("ana at acme dot com", "[email]", {"email": 1}),
        ("my number is 993-8586", "my number is [phone]", {"phone": 1}),
        ("order from +1-800-FLOWERS", "order from [phone]", {"phone": 1}),
        ("or 1-800-GOT-JUNK", "or [phone]", {"phone": 1}),
        ("Mobile:+229 97292685", "Mobile:[phone]", {"phone": 1}),
        ("503-203-1539 (voice)", "[phone] (voice)", {"phone": 1}),
        ("Telefon: 0711 21041-43", "Telefon: [phone]", {"phone": 1}),
        ("Amex 3782 822463 10005", "Amex [card]", {"card": 1}),
        (  # side by side, the two first read as one run of digits (found by hypothesis)
            "+44 20 7946 0958 4111 1111 1111 1111",
            "[phone] [card]",
            {"phone": 1, "card": 1},
        ),
    ],
)
def test_personal_data_the_patterns_missed_is_caught(text, expected, kinds):
    redacted, counts = redact(text)
    assert redacted == expected
    assert dict(counts) == kinds


def test_a_card_number_needs_an_issuer_that_issues_its_length():
    assert card_brand_ok("4111111111111111")  # Visa, 16
    assert card_brand_ok("378282246310005")  # Amex, 15
    assert not card_brand_ok("227612066756510")  # 22..: Mastercard issues 16 digits only
    assert not card_brand_ok("3455449757443551301")  # 34..: Amex issues 15
    assert not card_brand_ok("1700000000123")  # no network starts with 1


def test_the_ssn_rules_are_the_administrations():
    assert ssn_ok("123", "45", "6789")
    assert not ssn_ok("000", "45", "6789") and not ssn_ok("666", "45", "6789")
    assert not ssn_ok("900", "45", "6789") and not ssn_ok("123", "00", "6789")
    assert not ssn_ok("123", "45", "0000")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ana Ruiz", "Ana Ruiz"),
        ("7-Eleven", "7-Eleven"),
        ("Acme 2024", "Acme 2024"),
        ("0612345678", "[phone]"),
        ("+49 30 1234567", "[phone]"),
        ("4111 1111 1111 1111", "[card]"),
        ("221B Baker Street", "[address]"),
        ("ana@acme.com", "[email]"),
    ],
)
def test_a_customer_or_account_field_is_redacted_unless_a_plain_name(value, expected):
    assert redact_field(value) == expected


def test_a_table_imports_customer_and_account_redacted(voc, isolated):
    sheet = isolated / "crm.csv"
    sheet.write_text(
        "text,customer,account\n"
        "Loves it,0612345678,221B Baker Street\n"
        "Hates it,ana@acme.com,4111 1111 1111 1111\n"
        "Fine,Ana Ruiz,Acme\n"
    )
    voc("import", str(sheet))
    notes = [json.loads(line) for line in voc("export").stdout.splitlines()]
    stored = {n["text"]: (n["customer"], n["account"]) for n in notes}
    assert stored == {
        "Loves it": ("[phone]", "[address]"),
        "Hates it": ("[email]", "[card]"),
        "Fine": ("Ana Ruiz", "Acme"),
    }


def test_no_redact_imports_customer_and_account_as_given(voc, isolated):
    sheet = isolated / "crm.csv"
    sheet.write_text("text,customer,account\nLoves it,0612345678,221B Baker Street\n")
    voc("import", "--no-redact", str(sheet))
    note = json.loads(voc("export").stdout)
    assert (note["customer"], note["account"]) == ("0612345678", "221B Baker Street")
