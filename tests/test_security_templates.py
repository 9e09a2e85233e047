"""A user's digest template runs in Jinja2's sandbox: it cannot read files, reach Python's
internals or run commands. Each attempt ends in one `voc: error:` line naming the template,
and nothing it tried to reach appears in the output.
"""

import pytest

SECRET = "s3cr3t-customer-list"

ATTACKS = {
    "class walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals of a filter": "{{ (digest|attr('items')).__globals__ }}",
    "globals of lipsum": "{{ lipsum.__globals__['os'].popen('echo PWNED').read() }}",
    "globals of cycler": "{{ cycler.__init__.__globals__.os.system('echo PWNED') }}",
    "template self": "{{ self.__init__.__globals__ }}",
    "format string": "{{ '{0.__class__.__base__.__subclasses__}'.format(digest) }}",
    "format_map": "{{ '{x.__class__}'.format_map({'x': digest}) }}",
    "dunder via attr": "{{ digest|attr('__class__')|attr('__init__')|attr('__globals__') }}",
    "open builtin": "{{ open('SECRET').read() }}",
    "import": "{% import 'os' as os %}{{ os.getcwd() }}",
    "absolute include": "{% include '/etc/passwd' %}",
    "parent include": "{% include '../secret.txt' %}",
    "absolute include of the secret": "{% include 'SECRET' %}",
    "huge range": "{% for i in range(10**9) %}{% endfor %}",
    "frame walk": "{{ namespace.__init__.__code__.co_consts }}",
}


@pytest.fixture
def seeded(voc):
    voc("capture", "Pricing is too high for our team", "-s", "sales", "-d", "2026-11-17")


@pytest.mark.parametrize("name", ATTACKS)
def test_a_template_cannot_escape_the_sandbox(voc, seeded, tmp_path, name):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    folder = tmp_path / "mine"
    folder.mkdir()
    template = folder / "evil.md.j2"
    template.write_text("# Digest\n" + ATTACKS[name].replace("SECRET", str(secret)) + "\n")
    result = voc("digest", "--week", "2026-W47", "--template", str(template), code=None)
    assert result.exit_code == 1, (name, result.stdout)
    assert result.stderr.startswith("voc: error: template "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for leaked in (SECRET, "PWNED", "root:", "<class", "<function", "<module"):
        assert leaked not in result.stdout + result.stderr, (name, leaked)


def test_a_harmless_user_template_still_renders(voc, seeded, tmp_path):
    """The sandbox only stops the dangerous: data, loops, filters and methods on it work."""
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "# {{ period.label }}\n{{ totals.notes }} notes;"
        " {% for s in sources if s.notes %}{{ s.source|upper }}{% endfor %}"
        " {{ digest.keys()|list|length > 3 }}\n"
    )
    result = voc("digest", "--week", "2026-W47", "--template", str(template))
    assert result.stdout == "# 2026-W47\n1 notes; SALES True\n"


# Templates that would take the machine: each is refused in one line naming the template.
EXHAUSTING = {
    "endless recursion": "{% macro r(n) %}{{ r(n+1) }}{% endmacro %}{{ r(0) }}",
    "huge string": "{{ 'A' * 100000000 * 100 }}",
    "a gigabyte measured": "{{ ('A' * 1000000000)|length }}",
    "huge list": "{{ ([0] * 2000000)|length }}",
    "huge concatenation": "{{ ('A' * 1000000 + 'A' * 1000000)|length }}",
    "huge power": "{{ 10 ** 10000000000 }}",
    "huge %-width": "{{ '%0999999999d' % 1 }}",
    "huge format filter width": "{{ '%0999999999d'|format(1) }}",
    "huge str.format width": "{{ '{:>999999999}'.format(1) }}",
    "huge center": "{{ 'a'|center(1000000000) }}",
    "huge output": "{% for i in range(100) %}{{ 'A ' * 500000 }}{% endfor %}",
}


def _digest_with(voc, tmp_path, body: str):
    template = tmp_path / "greedy.md.j2"
    template.write_text(body + "\n")
    result = voc("digest", "--week", "2026-W47", "--template", str(template), code=None)
    return template, result


@pytest.mark.parametrize("name", EXHAUSTING)
def test_a_template_cannot_exhaust_the_machine(voc, seeded, tmp_path, name):
    template, result = _digest_with(voc, tmp_path, EXHAUSTING[name])
    assert result.exit_code == 1, (name, result.stdout[:200])
    assert result.stdout == ""
    assert result.stderr.startswith(f"voc: error: template {template}"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("name", ["endless recursion", "huge string", "huge output"])
def test_an_html_template_has_the_same_limits(voc, seeded, tmp_path, name):
    template = tmp_path / "greedy.html.j2"
    template.write_text(EXHAUSTING[name] + "\n")
    args = ("digest", "--week", "2026-W47", "--format", "html", "--template", str(template))
    result = voc(*args, code=None)
    assert result.exit_code == 1, (name, result.stdout[:200])
    assert result.stdout == ""
    assert result.stderr.startswith(f"voc: error: template {template}"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr


def test_a_template_that_runs_too_long_is_stopped(voc, seeded, tmp_path, monkeypatch):
    from voc.digest import limits

    monkeypatch.setattr(limits, "MAX_SECONDS", 0.5)  # the same limit, sooner
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    template, result = _digest_with(voc, tmp_path, loops)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"voc: error: template {template}, line 1: too much: it ran for more than 0.5 seconds\n"
    )


def test_a_template_that_grows_memory_without_end_is_stopped(voc, seeded, tmp_path, monkeypatch):
    """`~` cannot be checked before it runs: the address-space limit stops the doubling."""
    from voc.digest import limits

    monkeypatch.setattr(limits, "MAX_MEMORY", 128 << 20)  # the same limit, sooner
    doubling = (
        "{% set ns = namespace(s='AAAAAAAA') %}"
        "{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    )
    template, result = _digest_with(voc, tmp_path, doubling)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"voc: error: template {template}")
    assert "memory" in result.stderr and result.stderr.count("\n") == 1
    assert len("x" * (64 << 20)) == 64 << 20  # and the limit is gone once the render ends


def test_modest_uses_of_the_bounded_operators_still_work(voc, seeded, tmp_path):
    body = (
        "{{ 'x' * 3 }} {{ ([1, 2] * 2)|length }} {{ 'ab' + 'c' }} {{ 2 ** 10 }}"
        " {{ '%03d'|format(7) }} {{ '%d%%' % 5 }} {{ '{:>3}|'.format(1) }} {{ 'a'|center(3) }}|"
    )
    _, result = _digest_with(voc, tmp_path, body)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "xxx 4 abc 1024 007 5%  1\\|  a |\n"
