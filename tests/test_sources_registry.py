"""The reader registry is the one list of `--from` kinds: the CLI's choices and help,
`--from auto`'s suffixes, sniffs and folder tests, and the default source all follow it."""

import re

import pytest

from voc.sources.detect import detect_kind
from voc.sources.registry import BY_SUFFIX, READERS, default_source, names


def _from_help(voc) -> list[str]:
    """The kinds `voc import --help` offers for --from, in order."""
    text = " ".join(voc("import", "--help").stdout.split())
    found = re.search(r"--from <str> (.*?)\. \[default: auto\]", text)
    assert found, text
    return found.group(1).split(", ")


def test_import_help_lists_exactly_the_registry(voc):
    assert _from_help(voc) == ["auto", *names()]
    assert len(set(names())) == len(READERS)


def test_an_unknown_kind_names_exactly_the_registry(voc, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("text\nhi\n")
    stderr = " ".join(voc("import", str(table), "--from", "xls", code=2).stderr.split())
    assert f"use one of {', '.join(['auto', *names()])}" in stderr


@pytest.mark.parametrize(("suffix", "reader"), [(s, r.name) for r in READERS for s in r.suffixes])
def test_each_declared_suffix_detects_to_its_reader(tmp_path, suffix, reader):
    # First bytes that say otherwise: the name wins, in any case.
    for name in (f"input{suffix}", f"INPUT{suffix.upper()}"):
        path = tmp_path / name
        path.write_bytes(b"From someone Mon Jan  1 00:00:00 2024\n")
        assert detect_kind(path, path.read_bytes()) == reader


def test_no_suffix_is_claimed_twice():
    declared = [s for r in READERS for s in r.suffixes]
    assert len(declared) == len(set(declared)) == len(BY_SUFFIX)
    assert all(s == s.lower() and s.startswith(".") for s in declared)


@pytest.mark.parametrize("reader", [r for r in READERS if r.starts], ids=lambda r: r.name)
def test_each_declared_start_detects_its_reader_on_stdin(reader):
    assert detect_kind(None, b"\xef\xbb\xbf\n  " + reader.starts + b"x: y@z\ttext,") == reader.name


@pytest.mark.parametrize(
    "reader", [r for r in READERS if r.subfolders or r.reads_folders], ids=lambda r: r.name
)
def test_each_folder_reader_claims_its_folders(tmp_path, reader):
    if reader.subfolders:
        (tmp_path / reader.subfolders[-1]).mkdir()
    else:
        (tmp_path / "deep").mkdir()
        (tmp_path / "deep" / f"one{reader.suffixes[-1]}").write_bytes(b"hello")
    assert detect_kind(tmp_path, b"") == reader.name


def test_a_folder_nothing_claims_names_the_folder_readers(voc, tmp_path):
    (tmp_path / "data.bin").write_bytes(b"\x00")
    stderr = voc("import", str(tmp_path), code=2).stderr
    folder_readers = "|".join(r.name for r in READERS if r.subfolders or r.reads_folders)
    assert stderr.rstrip().endswith(f"say it with --from {folder_readers}")
    assert folder_readers == "maildir|eml|txt"


def test_mail_defaults_to_the_email_source_and_the_rest_to_other():
    assert {r.family: default_source(r.family) for r in READERS} == {
        "mail": "email",
        "row": "other",
        "text": "other",
    }
    families = {r.family for r in READERS}
    for family in families:  # readers of one family agree on its default
        assert len({r.default_source for r in READERS if r.family == family}) == 1
