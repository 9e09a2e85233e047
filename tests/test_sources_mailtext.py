"""E-mail bodies: decoding, HTML as text, and the customer's own words out of a reply.

Reply bodies are real ones from email-reply-parser test suites (tests/data/email); the
Crisp ones open with the same five lines of reply ("Fusce bibendum ... nec nibh.")."""

import email
from pathlib import Path

import pytest

from voc.sources import Item
from voc.sources.mailfields import message_fields
from voc.sources.mailstrip import customer_text
from voc.sources.mailtext import body_and_attachments, decode_bytes, header_text, html_to_text

DATA = Path(__file__).parent / "data" / "email"
REPLIES = DATA / "replies"
CRISP_REPLY_END = (
    "et mollis ligula rutrum quis. Fusce sed odio id arcu varius aliquet nec nec nibh."
)


def stripped(name: str) -> str:
    return customer_text(REPLIES.joinpath(name).read_text())


@pytest.mark.parametrize(
    "name",
    [
        "email_german_outlook.txt",  # -----Ursprüngliche Nachricht----- + Von:/An:
        "email_gmail_split_line_from.txt",  # "On ... <\naddress> wrote:" over two lines
        "email_ios_outlook.txt",  # "Get Outlook for iOS" + underscore rule + From:/Sent:
        "email_danish_dash_separator.txt",  # -------- Oprindelig besked --------
        "email_tricky_12_no_space_after_header.txt",  # header right under the text
        "email_norwegian_gmail.txt",  # "tir. 18. apr. 2017 kl. 13:09 skrev ...:"
    ],
)
def test_quoted_replies_are_cut_after_the_customers_words(name):
    text = stripped(name)
    assert text.startswith("Fusce bibendum")
    assert text.endswith(CRISP_REPLY_END)


def test_an_inline_reply_keeps_the_answers_between_the_quotes():
    assert stripped("email_tricky_18_inline_reply.txt") == (
        "I think option A is great.\n\nOption B has some drawbacks.\n\n"
        "Option C is not suitable for our use case."
    )


def test_an_answer_under_the_quote_survives():
    text = stripped("github_email_1_2.txt")
    assert text.startswith("Hi,\n\nYou can list the keys for the bucket")
    assert "What is the best way" not in text
    assert "On Tue, 2011-03-01" not in text


def test_a_forwarded_message_is_kept():
    text = stripped("email_tricky_17_forward_header.txt")
    assert "---------- Forwarded message ---------" in text
    assert "This is the forwarded content" in text


def test_lines_opening_with_on_are_not_reply_headers():
    text = stripped("email_tricky_1_on_false_positive.txt")
    assert text.endswith("I wanted to mention that performance is great.")


def test_regards_inside_a_sentence_is_not_a_sign_off():
    assert stripped("email_tricky_6_regards_in_sentence.txt").endswith(
        "This is the actual content that should be visible."
    )


def test_signatures_go():
    assert stripped("github_correct_sig.txt") == "this is an email with a correct -- signature."
    assert stripped("email_iphone.txt") == "Here is another email"
    assert stripped("email_zoho.txt").endswith("running a test?")


def test_a_sign_off_with_a_contact_block_goes_and_a_disclaimer_too():
    body = (
        "The export times out on big reports.\n\nBest regards,\nAna Ruiz\nHead of Ops, Acme\n"
        "+1 555 123 4567\n\nThis e-mail and any attachments are confidential and intended "
        "solely for the addressee."
    )
    assert customer_text(body) == "The export times out on big reports."
    assert customer_text("Thank you!") == "Thank you!"  # a whole message is not a sign-off


def test_a_disclaimer_paragraph_in_the_middle_is_dropped():
    body = (
        "Please fix the invoice flow.\n\nCONFIDENTIAL: this message is intended only for "
        "the named recipient.\n\nIt double-charges us."
    )
    assert customer_text(body) == "Please fix the invoice flow.\n\nIt double-charges us."


def test_a_pathological_long_line_is_kept_and_its_quote_dropped():
    """How fast this is, is measured in benchmarks/mailstrip_speed.py."""
    body = "a" * 200_000 + " wrote\n" + ("> " + "x" * 100 + "\n") * 5000
    assert customer_text(body) == "a" * 200_000 + " wrote"


def test_html_keeps_paragraphs_and_list_items_and_drops_scripts_and_quotes():
    html = (
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        "<p>First&nbsp;point &amp; more</p><ul><li>one</li><li>two</li></ul>"
        '<div class="gmail_quote">On Mon, Bob wrote:<blockquote>old</blockquote></div>'
        "</body></html>"
    )
    assert html_to_text(html) == "First point & more\n\n- one\n- two"


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        ("café".encode("latin-1"), "iso-8859-1", "café"),
        ("café".encode(), "iso-8859-1", "café"),  # labelled latin-1, really UTF-8
        ("café".encode("latin-1"), None, "café"),  # no label, not UTF-8
        ("café".encode(), "x-unknown-charset", "café"),
        ("Привет".encode("koi8-r"), "koi8-r", "Привет"),
    ],
)
def test_charsets_are_decoded_and_repaired(data, declared, expected):
    assert decode_bytes(data, declared) == expected


def fields(name: str) -> dict:
    data = (DATA / name).read_bytes()
    result = message_fields(Item("mail", name, data, mtime=1_700_000_000.0))
    assert isinstance(result, dict), result
    return result


def test_shift_jis_and_korean_mail_are_read():
    assert "このメールはテスト用のメールです。" in fields("japanese_shift_jis.eml")["text"]
    assert fields("ks_c_5601-1987.eml")["text"] == "스티해"


def test_a_base64_reply_with_a_russian_header_keeps_only_the_answer():
    got = fields("android.eml")
    assert got["text"] == "Hello"
    assert got["customer"] == "Sergey Obykhov"
    assert got["account"] == "example.com"
    assert got["occurred_at"] == "2012-04-02T14:22:10Z"
    assert got["origin"].startswith("<CAEAsyCZ")


def test_free_mail_is_no_account_and_the_address_is_only_hashed():
    from voc.notes.note import contact_hash

    got = fields("gmail.eml")
    assert got["account"] is None
    assert got["contact_hash"] == contact_hash("XXX@Gmail.com")  # case-blind
    assert all("@" not in str(v) for k, v in got.items() if k != "origin")


def test_a_non_ascii_attachment_name_is_listed_not_stored():
    got = fields("attachment_nonascii_filename.eml")
    assert got["attachments"] == ["ciële.txt"]
    assert got["text"] == "This is the first part."


def test_a_broken_encoded_subject_is_kept_raw_rather_than_lost():
    assert fields("bad_encoded_subject.eml")["title"] == "=?NONE?B?VEVTVA=?="


def test_a_missing_date_falls_back_to_received():
    got = fields("raw_email_with_bad_date.eml")
    assert (got["occurred_at"], got["_date_from"]) == ("2007-11-05T09:17:37Z", "received")


def test_crlf_mail_and_8bit_bodies_parse():
    assert fields("crlf-arf.eml")["text"].startswith("This is an email abuse report")
    assert fields("content_transfer_encoding_with_8bits.eml")["text"].startswith("December 04")


def test_an_outlook_msg_binary_is_refused_with_a_reason():
    data = (DATA / "outlook-head.msg").read_bytes()
    result = message_fields(Item("mail", "x.msg", data))
    assert "Outlook .msg" in result.reason


def test_rfc2047_headers_are_decoded():
    msg = email.message_from_bytes(
        b"From: =?utf-8?b?Sm9yZyBNw7xsbGVy?= <j@acme.de>\nSubject: =?iso-8859-1?q?caf=E9?=\n\nhi"
    )
    assert header_text(msg, "Subject") == "café"
    assert body_and_attachments(msg) == ("hi", [])
