"""Every reader, in the order `--from` lists them and `--from auto` tries them.

The reader modules declare their own `Reader`s; this is the one list of them. The
`--from` choices and help, `auto`'s suffixes, folder tests and sniffs, and the source a
record gets when it names none are all derived from it.
"""

from voc.sources import Reader, mail, tables, text

READERS: tuple[Reader, ...] = (*mail.READERS, *tables.READERS, *text.READERS)
# What no reader claims is read as plain text: one note per file.
FALLBACK = text.TXT
BY_NAME = {reader.name: reader for reader in READERS}
BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}
# Items carry their family, not their reader: the worker looks the source up by it.
DEFAULT_SOURCES = {reader.family: reader.default_source for reader in READERS}


def names() -> tuple[str, ...]:
    return tuple(BY_NAME)


def reader_named(name: str) -> Reader:
    return BY_NAME[name]


def default_source(family: str) -> str:
    return DEFAULT_SOURCES.get(family, "other")
