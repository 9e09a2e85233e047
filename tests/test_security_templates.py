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
