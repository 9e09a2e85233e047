"""Bounds on what a digest template may take: characters, items, memory and time.

A template is code a team writes; these keep a mistaken (or hostile) one from taking the
machine, each ending in a TemplateLimit that render.py turns into one error line naming
the template. Checks run before the operation where they can (`'A' * 10**9` is refused
before Python builds it); the memory and time limits are the backstop for what no check
foresees. Free of Jinja2 on purpose: render.py wires these into its sandbox.
"""

import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# A real digest is a few kilobytes, made in well under a second.
MAX_SEQUENCE = 1_000_000  # characters or items one `*`, `+` or format width may build
MAX_POWER_BITS = 100_000  # size of an integer `**` may build
MAX_OUTPUT = 16 << 20  # characters of markdown
MAX_SECONDS = 10.0
# Memory a render may add to the process: the backstop for what no check above foresees
# (`~` doubling a string in a loop, a width passed as a format argument).
MAX_MEMORY = 512 << 20
# A width or precision in a %-format or str.format spec: `%0999999999d`, `{:>999999999}`.
_PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d+)?(?:\.(\d+))?")
_FORMAT_WIDTH = re.compile(r"\{[^{}]*:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")


class TemplateLimit(ArithmeticError):
    """A template asked for more than a digest can need (raised inside the render)."""


def check_binop(operator: str, left, right) -> None:
    sized = (str, list, tuple)
    if operator == "*":
        if isinstance(left, sized) and isinstance(right, int):
            check_length(len(left) * right)
        elif isinstance(right, sized) and isinstance(left, int):
            check_length(len(right) * left)
    elif operator == "+" and isinstance(left, sized) and isinstance(right, sized):
        check_length(len(left) + len(right))
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if right > 0 and abs(left) > 1 and right * abs(left).bit_length() > MAX_POWER_BITS:
            raise TemplateLimit(f"{left} ** {right} is too large a number for a digest")
    elif operator == "%" and isinstance(left, str):
        check_percent_widths(left)


def check_length(length: int) -> None:
    if length > MAX_SEQUENCE:
        raise TemplateLimit(
            f"that would build {length:,} characters or items (at most {MAX_SEQUENCE:,})"
        )


def check_percent_widths(text: str) -> None:
    _check_widths(_PERCENT_WIDTH, text)


def check_format_widths(text: str) -> None:
    _check_widths(_FORMAT_WIDTH, text)


def check_width(width: int) -> None:
    if width > MAX_SEQUENCE:
        raise TemplateLimit(f"a width of {width:,} (at most {MAX_SEQUENCE:,})")


def _check_widths(pattern: re.Pattern, text: str) -> None:
    for match in pattern.finditer(text):
        for width in match.groups():
            if width and (len(width) > 7 or int(width) > MAX_SEQUENCE):
                raise TemplateLimit(f"a format width of {width} (at most {MAX_SEQUENCE:,})")


def bounded_output(chunks: Iterator[str]) -> str:
    """The rendered text, read as Jinja streams it, stopped once it passes MAX_OUTPUT."""
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateLimit(f"the output passed {MAX_OUTPUT >> 20} MB")
        parts.append(chunk)
    return "".join(parts)


@contextmanager
def memory_limit(extra: int | None = None):
    """Let the process's address space grow by at most `extra` bytes while a template
    runs (Linux: the current size is read from /proc); past it Python raises MemoryError."""
    extra = MAX_MEMORY if extra is None else extra
    try:
        import resource

        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * resource.getpagesize()
        previous = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield
        return
    hard = previous[1]
    wanted = in_use + extra if hard == resource.RLIM_INFINITY else min(in_use + extra, hard)
    if previous[0] != resource.RLIM_INFINITY and previous[0] <= wanted:
        yield  # already stricter than ours
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, previous)


@contextmanager
def time_limit(seconds: float | None = None):
    """Stop a render that runs longer than `seconds` (a loop of loops), where a timer
    signal can reach it: in the main thread of a platform with SIGALRM."""
    seconds = MAX_SECONDS if seconds is None else seconds
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def too_slow(_signum, _frame):
        raise TemplateLimit(f"it ran for more than {seconds:g} seconds")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, too_slow)
    earlier, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier:  # someone else's timer was running: give it back what is left
            signal.setitimer(signal.ITIMER_REAL, max(earlier - (time.monotonic() - started), 1e-3))
