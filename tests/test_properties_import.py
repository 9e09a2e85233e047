"""Whatever file an import is given, every record is stored or rejected with a reason.

Arbitrary bytes as an e-mail, random MIME trees (nested multiparts, odd charsets and
transfer encodings, broken base64), arbitrary unicode in CSV cells and arbitrary bytes as
a CSV: the readers and cleaners raise nothing but a VocError, the summary accounts for
every record (new + duplicate + skipped + rejected), each reject has a reason in the
rejects file, and text that was valid is stored whole.
"""

import base64
import csv
import io
import json
import quopri
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from voc.intake.importer import ImportOptions, import_items
from voc.intake.rejects import RejectLog
from voc.notes.engine import sqlite3
from voc.notes.store import Store
from voc.sources import ReadOptions, reader_for

SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
OPTIONS = ImportOptions(workers=1, redact=False)
MARKER = "The onboarding checklist saved our team a week"


def run_import(db_file: Path, path: Path, kind: str, run: int) -> tuple[dict, list[dict], int]:
    """Import through the real readers and importer; the summary, the rejects, the count."""
    rejects_path = path.with_suffix(f".rejects{run}.jsonl")
    log = RejectLog(rejects_path, path.name)
    items = list(reader_for(kind)(path, ReadOptions()))
    with Store.open(db_file) as store:
        summary = import_items(store, items, OPTIONS, log)
    log.close()
    rejected = [json.loads(line) for line in rejects_path.read_text().splitlines()] if (
        rejects_path.exists()
    ) else []  # fmt: skip
    return summary.to_dict(), rejected, len(items)


def accounted(summary: dict, rejected: list[dict], records: int) -> None:
    total = summary["new"] + summary["duplicate"] + summary["skipped"] + summary["rejected"]
    assert total == records, summary
    assert len(rejected) == summary["rejected"]
    assert all(r["reason"].strip() and r["position"] for r in rejected), rejected


class Counter:
    n = 0

    @classmethod
    def next(cls) -> int:
        cls.n += 1
        return cls.n


# -- e-mail ---------------------------------------------------------------------------------


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_an_eml_are_stored_or_rejected_with_a_reason(db_file, tmp_path, data):
    n = Counter.next()
    path = tmp_path / f"m{n}.eml"
    path.write_bytes(data)
    summary, rejected, records = run_import(db_file, path, "eml", n)
    assert records == 1
    accounted(summary, rejected, records)


@SETTINGS
@given(data=st.binary(max_size=3000), cut=st.integers(min_value=0, max_value=3000))
def test_any_bytes_as_an_mbox_are_stored_or_rejected_with_a_reason(db_file, tmp_path, data, cut):
    n = Counter.next()
    path = tmp_path / f"m{n}.mbox"
    path.write_bytes(
        b"From a@b Thu Nov 20 10:00:00 2026\n" + data[:cut] + b"\nFrom x\n" + data[cut:]
    )
    summary, rejected, records = run_import(db_file, path, "mbox", n)
    accounted(summary, rejected, records)


CHARSETS = ["utf-8", "us-ascii", "iso-8859-1", "windows-1252", "shift_jis", "utf-7", "x-bogus", ""]
ENCODINGS = ["7bit", "8bit", "base64", "quoted-printable", "x-uuencode", "binary", "bogus"]
LEAF_TYPES = ["text/plain", "text/html", "application/octet-stream", "image/png", "text/calendar"]
header_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40
)


@st.composite
def leaf(draw) -> bytes:
    ctype = draw(st.sampled_from(LEAF_TYPES))
    charset = draw(st.sampled_from(CHARSETS))
    encoding = draw(st.sampled_from(ENCODINGS))
    body = draw(st.one_of(st.binary(max_size=300), st.text(max_size=200).map(str.encode)))
    if encoding == "base64":
        body = base64.encodebytes(body)
        if draw(st.booleans()):
            body = body[: draw(st.integers(0, len(body)))] + b"!*"  # broken base64
    elif encoding == "quoted-printable":
        body = quopri.encodestring(body) + draw(st.sampled_from([b"", b"=", b"=Z"]))
    headers = [f"Content-Type: {ctype}" + (f'; charset="{charset}"' if charset else "")]
    headers.append(f"Content-Transfer-Encoding: {encoding}")
    if draw(st.booleans()):
        name = draw(header_text)
        headers.append(f'Content-Disposition: attachment; filename="{name}"')
    return ("\r\n".join(headers) + "\r\n\r\n").encode("utf-8", "replace") + body


def multipart(children: st.SearchStrategy) -> st.SearchStrategy:
    @st.composite
    def build(draw) -> bytes:
        boundary = draw(st.text("abcXYZ019'()+_,-./:=?", min_size=1, max_size=30))
        kind = draw(st.sampled_from(["mixed", "alternative", "related", "digest", "signed"]))
        parts = draw(st.lists(children, max_size=4))
        head = f'Content-Type: multipart/{kind}; boundary="{boundary}"\r\n\r\n'.encode()
        preamble = draw(st.binary(max_size=30))
        body = b"".join(b"\r\n--" + boundary.encode() + b"\r\n" + p for p in parts)
        closing = draw(st.sampled_from([b"\r\n--" + boundary.encode() + b"--\r\n", b""]))
        return head + preamble + body + closing

    return build()


mime_tree = st.recursive(leaf(), multipart, max_leaves=8)


@st.composite
def message(draw, with_marker: bool) -> bytes:
    headers = [
        f"From: {draw(header_text)} <{draw(st.sampled_from(['ana@acme.test', 'x', '']))}>",
        f"Subject: {draw(header_text)}",
        f"Date: {draw(st.one_of(header_text, st.just('Thu, 20 Nov 2026 10:00:00 +0000')))}",
        f"Message-ID: <{draw(st.text('abc123', min_size=1, max_size=8))}@test>",
        "MIME-Version: 1.0",
    ]
    tree = draw(mime_tree)
    if with_marker:  # a plain first part: what a customer wrote, whatever follows it
        plain = b'Content-Type: text/plain; charset="utf-8"\r\n\r\n' + MARKER.encode()
        tree = b'Content-Type: multipart/mixed; boundary="=b="\r\n\r\n--=b=\r\n' + plain
        tree += b"\r\n--=b=\r\n" + draw(mime_tree) + b"\r\n--=b=--\r\n"
    return "\r\n".join(headers).encode("utf-8", "replace") + b"\r\n" + tree


@SETTINGS
@given(raw=message(with_marker=False))
def test_random_mime_trees_are_stored_or_rejected_with_a_reason(db_file, tmp_path, raw):
    n = Counter.next()
    path = tmp_path / f"t{n}.eml"
    path.write_bytes(raw)
    summary, rejected, records = run_import(db_file, path, "eml", n)
    accounted(summary, rejected, records)


@SETTINGS
@given(raw=message(with_marker=True))
def test_the_customers_words_survive_any_parts_after_them(db_file, tmp_path, raw):
    n = Counter.next()
    path = tmp_path / f"w{n}.eml"
    path.write_bytes(raw)
    summary, rejected, records = run_import(db_file, path, "eml", n)
    accounted(summary, rejected, records)
    assert summary["rejected"] == 0, rejected
    with sqlite3.connect(db_file) as conn:
        texts = [row[0] for row in conn.execute("SELECT text FROM notes")]
    assert any(MARKER in text for text in texts)


# -- tables ---------------------------------------------------------------------------------

cell = st.text(max_size=60)
COLUMNS = ["text", "customer", "account", "occurred_at", "tags", "quotable", "source"]


@SETTINGS
@given(rows=st.lists(st.lists(cell, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=12))
def test_any_unicode_in_csv_cells_is_stored_whole_or_rejected(db_file, tmp_path, rows):
    n = Counter.next()
    path = tmp_path / f"c{n}.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # \r\n rows: a cell holding \r or \n is quoted
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    summary, rejected, records = run_import(db_file, path, "csv", n)
    accounted(summary, rejected, records)
    with sqlite3.connect(db_file) as conn:
        stored = {row[0] for row in conn.execute("SELECT text FROM notes")}
    rejected_at = {r["position"] for r in rejected}
    for row, line in zip(rows, record_lines(buffer.getvalue()), strict=True):
        if f"{path.name} line {line}" in rejected_at or not row[0].strip():
            continue
        assert row[0].strip() in stored, row  # a row that was not rejected is in, whole


def record_lines(text: str) -> list[int]:
    """The line each record ends on, as the reader reports it (cells may hold newlines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    lines = []
    for _ in reader:
        lines.append(reader.line_num)
    return lines


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_a_csv_are_stored_or_rejected_with_a_reason(db_file, tmp_path, data):
    n = Counter.next()
    path = tmp_path / f"b{n}.csv"
    path.write_bytes(b"text,customer\n" + data)
    summary, rejected, records = run_import(db_file, path, "csv", n)
    accounted(summary, rejected, records)


# -- the CLI, format detection included -----------------------------------------------------

KIND_FLAGS = [[], ["--from", "eml"], ["--from", "mbox"], ["--from", "csv"], ["--from", "tsv"],
              ["--from", "jsonl"], ["--from", "json"], ["--from", "txt"]]  # fmt: skip


@settings(SETTINGS, max_examples=60)
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(str.encode),
        st.sampled_from([b"[", b"[{", b'[{"text": 1}]', b"{}", b"From \n", b"\xef\xbb\xbf"]),
    ),
    flags=st.sampled_from(KIND_FLAGS),
)
def test_any_bytes_piped_to_voc_import_end_in_a_summary_or_one_error_line(voc, data, flags):
    result = voc("import", "-", *flags, "--format", "json", input=data, code=None)
    event(f"exit {result.exit_code}")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code in (0, 3):  # 3: finished, with rejects
        summary = json.loads(result.stdout)
        assert (summary["rejected"] > 0) == (result.exit_code == 3), summary
        return
    assert result.exit_code in (1, 2), result.stderr
    assert result.stderr.splitlines()[-1].startswith("voc: error: "), result.stderr
