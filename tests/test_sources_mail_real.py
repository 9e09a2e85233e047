"""Issue 16: real mail nobody here wrote, one test per class of words lost or junk kept.

Real messages come from tests/data/email (see its README); where no real one was at
hand, the smallest construction that shows the class."""

from pathlib import Path

from voc.sources import Item, Reject
from voc.sources.mailfields import message_fields
from voc.sources.mailstrip import customer_text

DATA = Path(__file__).parent / "data" / "email"
HEAD = b"From: Ana Ruiz <ana@acme.com>\nDate: Tue, 4 Nov 2025 10:00:00 +0000\nSubject: s\n"


def fields(data: bytes) -> dict | Reject:
    return message_fields(Item("mail", "m", data))


def of_file(name: str) -> dict | Reject:
    return fields((DATA / name).read_bytes())


# -- words lost ---------------------------------------------------------------------------


def test_1_a_message_forwarded_as_an_attachment_is_the_note():
    note = of_file("attachment_message_rfc822.eml")
    assert note["text"].startswith("Just attaching another PDF, here")
    assert note["title"] == "Another PDF"  # the forwarded message's subject
    assert (note["customer"], note["account"]) == ("Test Tester", "xxxx.com")
    assert note["text"].endswith("(forwarded with: This is the first part.)")


def test_1_the_forwarder_is_the_author():
    inner = b"From: Ana Ruiz <ana@acme.com>\nSubject: export broken\n\nThe export fails.\n"
    outer = (
        b"From: Sam Support <sam@ourco.com>\nSubject: Fwd: export broken\n"
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\n'
        b"FYI, see below.\n--b\nContent-Type: message/rfc822\n\n" + inner + b"--b--\n"
    )
    note = fields(outer)
    assert note["text"] == "The export fails.\n\n(forwarded with: FYI, see below.)"
    assert (note["author"], note["customer"], note["account"]) == (
        "Sam Support",
        "Ana Ruiz",
        "acme.com",
    )


def test_2_an_inline_text_part_with_a_file_name_is_body():
    for disposition in (b'Content-Disposition: inline; filename="msg.txt"\n', b""):
        data = (
            HEAD + b'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
            b'Content-Type: text/plain; name="msg.txt"\n' + disposition + b"\n"
            b"The invoice page times out.\n--b--\n"
        )
        assert fields(data)["text"] == "The invoice page times out."


def test_3_text_enriched_is_read_without_its_markup():
    note = fields(
        HEAD + b"Content-Type: text/enriched\n\n<bold>Search</bold> is <italic>slow</italic>.\n"
    )
    assert note["text"] == "Search is slow."
    assert of_file("raw_email11.eml")["text"].startswith("XXXXX Xxxxx")


def test_4_a_multipart_cut_by_another_boundary_than_declared_is_read():
    note = of_file("mail_malformed_3")  # declares one boundary, uses another
    assert note["text"].startswith("Problemas para visualizar")


def test_4_a_multipart_without_boundary_is_read_as_text():
    note = fields(HEAD + b"Content-Type: multipart/mixed\n\nThe app crashes on login.\n")
    assert note["text"] == "The app crashes on login."


def test_4_text_in_the_preamble_is_read():
    data = (
        HEAD + b'Content-Type: multipart/mixed; boundary="b"\n\nPlease refund order 12.\n'
        b"--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0K\n--b--\n"
    )
    assert fields(data)["text"] == "Please refund order 12."


def test_5_an_attribution_block_over_quotes_keeps_the_answer():
    body = (
        "From: Kim Lee <kim@example.org>\nDate: Mon, 3 Mar 2014 10:00:00 +0100\n\n"
        "> [PATCH] fix the build\n> more of the patch\n\nApplied."
    )
    assert customer_text(body) == "Applied."


def test_6_an_unfamiliar_attribution_and_initials_before_quotes():
    body = (
        "Twas brillig at 14:00:54 when someone@example.org did gyre and gimble:\n\n"
        "LK> the quoted question\nLK> more of it\n\nThe answer below the quote."
    )
    assert customer_text(body) == "The answer below the quote."


def test_7_a_diff_hunk_or_a_log_line_does_not_end_the_text():
    body = (
        "This patch fixes it:\n\n@@ -420,7 +420,7 @@\n- old line\n+ new line\n\n"
        "2016-04-14 11:06:01 user@host failed at step 3:\nand the rest of the report."
    )
    text = customer_text(body)
    assert text.endswith("and the rest of the report.")


def test_8_sent_from_my_is_a_signature_only_as_a_short_closing_line():
    text = customer_text(
        (DATA / "replies" / "github_email_sent_from_my_not_signature.txt").read_text()
    )
    assert "Sent from my desk, is much easier then my mobile phone." in text
    assert customer_text("It broke.\n\nSent from my iPhone") == "It broke."


def test_9_a_byte_order_mark_before_the_headers():
    note = of_file("feedback-report.txt")  # starts with EF BB BF
    assert note["text"].startswith("This is an email abuse report")


# -- junk kept ----------------------------------------------------------------------------


def test_10_list_footers_placeholders_and_team_sign_offs_go():
    body = (
        "The sync stops after an hour.\n\n{EMAILSIGNATURE}\n\n"
        "_______________________________________________\nriak-users mailing list\n"
        "riak-users@lists.basho.com\nhttp://lists.basho.com/mailman/listinfo/riak-users\n"
    )
    assert customer_text(body) == "The sync stops after an hour."
    assert customer_text("Your receipt is attached.\n\nEnjoy, The Square Team") == (
        "Your receipt is attached."
    )
    signed = "Works now.\n\n-- \nAna Ruiz\nTel: +34 600 000 000\nFax: +34 900 000 000"
    assert customer_text(signed) == "Works now."


def test_11_gmail_and_excerpts_attributions_go():
    gmail = (
        "Fine by me.\n\n2016-04-14 11:06 GMT+02:00 A. Person <person at example.com>:\n\n"
        "> the question\n"
    )
    assert customer_text(gmail) == "Fine by me."
    sup = "Yes.\n\nExcerpts from someone's message of 2014-05-01 10:00:00 +0200:\n> asked\n"
    assert customer_text(sup) == "Yes."


def test_12_message_partial_and_headers_in_the_body_are_rejected():
    partial = fields(HEAD + b'Content-Type: message/partial; id="x"; number=1\n\nQUJD\n')
    assert isinstance(partial, Reject) and "message/partial" in partial.reason
    broken = of_file("issue358.txt")  # a header line without a name cut the headers short
    assert isinstance(broken, Reject) and broken.reason.startswith("broken headers")


def test_16_a_message_with_no_text_says_why():
    encrypted = fields(
        HEAD + b'Content-Type: multipart/encrypted; boundary="b"\n\n--b\n'
        b"Content-Type: application/pgp-encrypted\n\nVersion: 1\n--b\n"
        b"Content-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\n--b--\n"
    )
    assert encrypted.reason == "no text part (encrypted)"
    image = fields(HEAD + b"Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBO\n")
    assert image.reason == "no text part (images only)"
    quoted = fields(HEAD + b"\n> only a quote\n")
    assert quoted.reason == "empty body after stripping quotes and signatures"


# -- fields -------------------------------------------------------------------------------


def test_13_no_customer_from_an_address_nor_an_account_from_odd_domains():
    bare = fields(b"From: mailusr1@acme.com\nSubject: s\n\nHello.\n")
    assert bare["customer"] is None and bare["contact_hash"] and bare["account"] == "acme.com"
    dotless = fields(b"From: Jang <jang@xyzlinu>\nSubject: s\n\nHello.\n")
    assert dotless["account"] is None
    munged = fields(b"From: Bo <bo-Xy1@public.gmane.org>\nSubject: s\n\nHello.\n")
    assert munged["account"] is None


def test_14_a_zone_comment_before_the_offset_is_not_the_zone():
    note = of_file("disposition-notification.txt")  # Wed, 20 Sep 1995 00:19:00 (EDT) -0400
    assert note["occurred_at"] == "1995-09-20T04:19:00Z"


# -- readers ------------------------------------------------------------------------------


def test_15_a_maildir_skips_files_that_are_not_mail(voc, tmp_path, db_file):
    box = tmp_path / "box"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "cur" / ".gitkeep").write_bytes(b"")
    (box / "new" / "1.host").write_bytes(HEAD + b"\nThe export is slow.\n")
    result = voc("import", str(box), "--from", "maildir")
    assert result.exit_code == 0, result.stderr
    assert "new=1" in result.stdout and "rejected=0" in result.stdout


def test_15_a_folder_read_as_eml_reads_txt_files_that_are_mail(voc, tmp_path, db_file):
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "a.txt").write_bytes(HEAD + b"\nThe export is slow.\n")
    (folder / "notes.txt").write_bytes(b"just a note, not mail\n")
    result = voc("import", str(folder), "--from", "eml")
    assert "new=1" in result.stdout and "rejected=0" in result.stdout, result.stdout
