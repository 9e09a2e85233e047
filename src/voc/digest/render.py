"""Turning digest data into markdown with Jinja2 templates, safely.

Templates run in Jinja2's sandbox: a team's own template can read the data and format
it, never reach Python's internals. Customer text is data, not markup, so every `{{ }}`
value is escaped for markdown unless a filter marked it safe (autoescape, markdown
flavour): pipes cannot split a table cell, a leading `#` cannot make a heading, HTML and
backticks print as themselves, and very long words are cut.

Built-in templates live in the top-level `templates/` folder, shipped in the wheel as
`voc/templates`. A name is looked up in the user's folder (`templates/` in the config
folder) first, then among the built-ins; a path is read from its own folder first.
"""

import re
import traceback
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2 import TemplateError as JinjaError
from jinja2.filters import do_format
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from voc.digest import limits
from voc.digest.limits import TemplateLimit
from voc.errors import VocError
from voc.paths import cache_dir, config_dir

SUFFIX = ".md.j2"
LONG_WORD = 60
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What would open a block at the start of a line: a heading, a list item, a rule.
_BLOCK_START = re.compile(r"^(?:#{1,6}|[-+]|\d{1,9}[.)])(?=\s|$)|^[-=]{2,}")
_SPACE = re.compile(r"\s+")
# Control characters left after whitespace is folded: shown as their symbols (ESC as ␛),
# as `voc list` does, so a digest read with `cat` or a pager cannot clear or retitle the
# terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")
_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")
# What a broken user template typically raises while it runs.
_RUNTIME_ERRORS = (JinjaError, TypeError, ValueError, KeyError, AttributeError, ArithmeticError)


class TemplateError(VocError):
    """A template that cannot be used; the message names it, the line and the reason."""


class _LimitedEnvironment(SandboxedEnvironment):
    """Jinja2's sandbox, with the operators and formats that can build huge values checked
    before they run: the sandbox alone bounds `range` but not `'A' * 10**9`."""

    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def call_binop(self, context, operator: str, left, right):
        limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:  # `'{:>999999999}'.format(...)`: refuse at the lookup
            limits.check_format_widths(value.__self__)
        return wrapped


def builtin_dir() -> Path:
    """The shipped templates: inside the package when installed from a wheel, else the
    repository's top-level folder (an editable install)."""
    packaged = Path(str(resources.files("voc"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def user_dir() -> Path:
    return config_dir() / "templates"


def available() -> dict[str, str]:
    """Template name -> where it comes from ("built-in" or its path); the user's win."""
    return _available(SUFFIX, _md_name)


def _available(suffix: str, name_of: Callable[[Path], str]) -> dict[str, str]:
    found = {name_of(p): "built-in" for p in _templates_in(builtin_dir(), suffix)}
    found.update({name_of(p): str(p) for p in _templates_in(user_dir(), suffix)})
    return dict(sorted(found.items()))


def _templates_in(folder: Path, suffix: str) -> list[Path]:
    return sorted(folder.glob(f"*{suffix}")) if folder.is_dir() else []


def _md_name(path: Path) -> str:
    return path.name.removesuffix(SUFFIX)


def shipped() -> list[str]:
    """The built-in templates' names, markdown and HTML (`weekly`, `weekly-html`), whether
    or not the user has a copy of one."""
    found = [_md_name(p) for p in _templates_in(builtin_dir(), SUFFIX)]
    found += [_html_name(p) for p in _templates_in(builtin_dir(), HTML_SUFFIX)]
    return sorted(found)


def builtin_path(name: str) -> Path:
    """`weekly` -> the shipped `weekly.md.j2`; `weekly-html` -> `weekly.html.j2`."""
    html = name.endswith(HTML_NAME)
    suffix, kind = (HTML_SUFFIX, "HTML template") if html else (SUFFIX, "template")
    path = builtin_dir() / f"{name.removesuffix(HTML_NAME)}{suffix}"
    if not path.is_file():
        listed = available_html() if html else available()
        names = ", ".join(n for n, w in listed.items() if w == "built-in")
        raise TemplateError(f"no built-in {kind} {name!r}: try one of {names}")
    return path


def is_path(name: str) -> bool:
    """`weekly` and `weekly.md.j2` are names; `./mine.md.j2` or an existing file, paths."""
    return "/" in name or Path(name).is_file()


def environment(template: str) -> tuple[SandboxedEnvironment, str]:
    """A sandboxed environment that finds `template` (a name or a path), and the name
    to load it by."""
    folders, name = _search_path(template)
    if name is None:
        name = template if template.endswith(SUFFIX) else f"{template}{SUFFIX}"
        if template.removesuffix(SUFFIX) not in available():
            raise TemplateError(
                f"no template {template!r}: try one of {', '.join(available())} "
                "(or give the path to a .md.j2 file)"
            )
    # `_finalize` escapes every value for markdown and marks it safe, so the HTML escaping
    # that autoescape adds never fires on it; autoescape is on so macros and blocks return
    # safe markup instead of being escaped again as text.
    env = _sandbox(folders, finalize=_finalize)
    env.filters.update(md=md_escape, join=join, signed=signed, pct=pct, change=change_text)
    return env, name


def _search_path(template: str) -> tuple[list[str], str | None]:
    """The folders to load from (the user's, then the built-ins; a path's own folder
    first) and, for a path, the name to load it by (None for a name)."""
    folders = [str(user_dir()), str(builtin_dir())]
    if not is_path(template):
        return folders, None
    path = Path(template).expanduser()
    if not path.is_file():
        raise TemplateError(f"template {template}: no such file")
    return [str(path.resolve().parent), *folders], path.name


def _sandbox(folders: list[str], **options) -> SandboxedEnvironment:
    """The environment every digest template runs in: the sandbox with its size checks,
    strict about undefined names, autoescaping, compiled templates cached."""
    env = _LimitedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(f) for f in folders]),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
        **options,
    )
    env.filters.update({n: _bounded(env.filters[n]) for n in ("center", "indent")})
    env.filters["format"] = _format
    return env


def _format(value, *args, **kwargs):
    """Jinja's `format` filter (printf-style), with its widths bounded."""
    limits.check_percent_widths(str(value))
    return do_format(value, *args, **kwargs)


def _bounded(jinja_filter):
    """A filter whose number arguments are widths: none may pass limits.MAX_SEQUENCE."""

    def bounded(value, *args, **kwargs):
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, int):
                limits.check_width(arg)
        return jinja_filter(value, *args, **kwargs)

    return bounded


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept in the user's cache folder: compiling the weekly template
    on every run was a noticeable part of a digest's time (benchmarks/RESULTS.md). Jinja
    keys each entry on the template's source, so edits count; not on the environment's
    options (`finalize` is compiled in), hence the revision in the file names."""
    folder = cache_dir() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None  # a read-only home still renders, only slower
    return FileSystemBytecodeCache(str(folder), f"__voc{_COMPILED_WITH}_%s.cache")


# Bumped whenever the environments' compile-time options change (finalize, autoescape,
# trimming): templates compiled under other options are then compiled again.
_COMPILED_WITH = 2


def render(data: dict, template: str = "weekly") -> str:
    """The digest as markdown; a broken template raises TemplateError with its line."""
    env, name = environment(template)
    return tidy(_run(env, name, template, data))


def _run(env: SandboxedEnvironment, name: str, template: str, data: dict) -> str:
    """Render within the limits (digest/limits.py); every way a template can fail or
    overreach ends in one TemplateError naming it."""
    try:
        with limits.time_limit(), limits.memory_limit():
            return limits.bounded_output(env.get_template(name).generate(data, digest=data))
    except TemplateSyntaxError as e:
        raise TemplateError(
            f"template {e.filename or e.name}, line {e.lineno}: {e.message}"
        ) from None
    except TemplateNotFound as e:
        raise TemplateError(f"template {template}: cannot find {e.name}") from None
    except TemplateLimit as e:
        raise TemplateError(f"template {_template_frame(e, template)}: too much: {e}") from None
    except RecursionError as e:
        where = _template_frame(e)
        raise TemplateError(
            f"template {where}: a macro or include calls itself without end"
        ) from None
    except MemoryError:
        megabytes = limits.MAX_MEMORY >> 20
        raise TemplateError(
            f"template {template}: too much: it needed more than {megabytes} MB of memory"
        ) from None
    except _RUNTIME_ERRORS as e:
        where = _template_frame(e)
        raise TemplateError(f"template {where}: {type(e).__name__}: {e}") from None


def tidy(text: str) -> str:
    """One blank line at most between blocks (markdown reads them as one anyway), and
    one newline at the end: templates stay readable without whitespace tricks."""
    return _BLANK_LINES.sub("\n\n", text).strip("\n") + "\n"


def _template_frame(error: BaseException, template: str = "") -> str:
    """`file, line N` of the innermost template frame: Jinja2 rewrites tracebacks so
    template code shows its own file and line."""
    frames = [
        f for f in traceback.extract_tb(error.__traceback__) if not f.filename.endswith(".py")
    ]
    if not frames:
        return template or "(unknown line)"
    return f"{frames[-1].filename}, line {frames[-1].lineno}"


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return md_escape(value)
    return value


def _html_finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _CONTROL.sub(_control_symbol, value)
    return value


def md_escape(value: object) -> Markup:
    """Customer text as inline markdown that renders as the same text: one line, markup
    characters backslash-escaped, a block marker at the start defused, long words cut."""
    if isinstance(value, Markup):
        return value
    text = _CONTROL.sub(_control_symbol, _SPACE.sub(" ", str(value)))
    text = _WORD.sub(lambda m: m.group(0)[: LONG_WORD - 1] + "…", text)
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _BLOCK_START.sub(_defuse, text)
    return Markup(text)


def _control_symbol(match: re.Match) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def _defuse(match: re.Match) -> str:
    """`1.` -> `1\\.`, `#` -> `\\#`, `-` -> `\\-`: the same text, no longer a marker."""
    marker = match.group(0)
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def join(values, separator: str = ", ") -> Markup:
    """Jinja's join, escaping each item for markdown instead of for HTML."""
    return Markup(separator).join(md_escape(v) for v in values)


def signed(value: int | None) -> Markup:
    if value is None:
        return Markup("")
    return Markup(f"+{value}" if value > 0 else f"−{-value}" if value < 0 else "0")


def pct(value: int | None) -> Markup:
    return Markup("" if value is None else f"{value}%")


def change_text(change: dict) -> Markup:
    """`+3 (+25%)`; `+3` when there was nothing before; `=` when nothing moved."""
    if not change["previous"]:
        return signed(change["delta"]) if change["delta"] else Markup("=")
    if not change["delta"]:
        return Markup("=")
    return Markup(f"{signed(change['delta'])} ({signed(change['percent'])}%)")


# The HTML digest: the same data and sandbox, HTML's own escaping, charts from charts.py.

HTML_SUFFIX = ".html.j2"
HTML_NAME = "-html"  # `weekly-html` names `weekly.html.j2` where a name must be unique


def available_html() -> dict[str, str]:
    """HTML template name (`weekly-html`) -> "built-in" or its path; the user's win."""
    return _available(HTML_SUFFIX, _html_name)


def _html_name(path: Path) -> str:
    return path.name.removesuffix(HTML_SUFFIX) + HTML_NAME


def html_environment(template: str) -> tuple[SandboxedEnvironment, str]:
    """A sandboxed environment with HTML autoescaping that finds `template`: a name
    (`weekly`, `weekly-html`) looked up as NAME.html.j2, or a path."""
    from voc.digest import charts

    folders, name = _search_path(template)
    if name is None:
        name = template.removesuffix(HTML_SUFFIX).removesuffix(HTML_NAME) + HTML_SUFFIX
        if _html_name(Path(name)) not in available_html():
            raise TemplateError(
                f"no HTML template {template!r}: try one of {', '.join(available_html())} "
                "(or give the path to a .html.j2 file)"
            )
    # customer text is text: <, >, & and quotes are escaped, control characters shown
    env = _sandbox(folders, finalize=_html_finalize)
    env.filters.update(signed=signed, pct=pct, change=change_text)
    env.globals.update(
        trend_chart=charts.trend_chart,
        sentiment_chart=charts.sentiment_chart,
        sources_chart=charts.sources_chart,
        source_colours=charts.source_colours,
        stance_key=charts.stance_key,
        short_period=charts.short_period,
    )
    return env, name


def render_html(data: dict, template: str = "weekly") -> str:
    """The digest as one self-contained HTML page; a broken template raises TemplateError."""
    env, name = html_environment(template)
    return tidy(_run(env, name, template, data))
