"""Checking a page in a real browser: headless Chromium, run as a plain process.

No JavaScript and no driver: Chromium takes a screenshot while writing a net log (every
request the browser made), or prints the DOM it built. The page's own requests are told
apart from Chromium's (its updater and account checks, which the flags do not all stop)
by who asked: the page's carry a `file://` network isolation key or an initiator.
"""

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Any name the page might look up resolves to nothing: a leak fails, never connects.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
LOCAL = ("file:", "data:", "about:")
# What can fetch: attributes holding a URL, and CSS url(...) or @import.
URL_ATTRIBUTES = {
    "src", "href", "srcset", "poster", "background", "action", "formaction", "data",
    "xlink:href", "manifest", "ping", "cite", "longdesc",
}  # fmt: skip
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]*)|@import\s+["']?([^"';\s]*)""", re.I)
_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$)"
    r"|font-size\s*:\s*0(?:px)?\s*(?:;|$)|max-height\s*:\s*0|(?<!-)height\s*:\s*0(?:px)?\s*(?:;|$)",
    re.I,
)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass(frozen=True)
class Chromium:
    binary: str

    @classmethod
    def find(cls) -> "Chromium | None":
        for name in ("chromium", "chromium-browser", "google-chrome"):
            if found := shutil.which(name):
                return cls(found)
        return None

    def screenshot(self, page: Path, png: Path, net_log: Path) -> list[str]:
        """Screenshot `page` at 1000x2400 into `png`; returns the URLs the page requested
        that are not local (file:, data:)."""
        self._run(
            f"--screenshot={png}", "--window-size=1000,2400", f"--log-net-log={net_log}", page
        )
        return page_requests(net_log)

    def dump_dom(self, page: Path) -> str:
        return self._run("--dump-dom", page)

    def _run(self, *args) -> str:
        with tempfile.TemporaryDirectory() as profile:
            page = Path(args[-1]).resolve().as_uri()
            result = subprocess.run(
                [self.binary, *FLAGS, f"--user-data-dir={profile}", *args[:-1], page],
                capture_output=True,
                text=True,
                timeout=120,
            )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout


def page_requests(net_log: Path) -> list[str]:
    """URLs of requests the page made (not Chromium's own), in order, not local ones."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] != start or "url" not in params:
            continue
        by_page = params.get("initiator") != "not an origin" or "file://" in params.get(
            "network_isolation_key", ""
        )
        if by_page and not params["url"].startswith(LOCAL) and params["url"] not in urls:
            urls.append(params["url"])
    return urls


def external_references(html: str) -> list[str]:
    """Every URL in the page's tags or CSS (text is text) that is not data: or #fragment."""
    parser = _References()
    parser.feed(html)
    return [u for u in parser.urls if u and not u.strip().startswith(("data:", "#"))]


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_style = tag == "style"
        for name, value in attrs:
            if name in URL_ATTRIBUTES:
                self.urls.append(value or "")
            elif name == "style":
                self.urls += [a or b for a, b in _CSS_URL.findall(value or "")]

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.urls += [a or b for a, b in _CSS_URL.findall(data)]

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False


class _VisibleText(HTMLParser):
    """The text a reader sees: none from <head>, <title>/<desc> of SVG, or any element
    (or its ancestors) hidden by the `hidden` attribute or a hiding inline style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        hidden = (
            bool(self.stack and self.stack[-1][1])
            or tag in ("head", "script", "style", "template", "title", "desc")
            or "hidden" in values
            or values.get("aria-hidden") == "true"
            or bool(_HIDING.search(values.get("style") or ""))
        )
        if tag not in _VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def visible_text(dom: str) -> str:
    parser = _VisibleText()
    parser.feed(dom)
    return " ".join(" ".join(parser.parts).split())
