"""Compiled templates are cached between runs, and an edited template is never stale."""


def test_an_edited_template_renders_its_new_text(voc, tmp_path):
    template = tmp_path / "mine.md.j2"
    template.write_text("# First {{ digest.period.label }}\n")
    first = voc("digest", "--week", "2026-W47", "--template", str(template)).stdout
    assert list((tmp_path / "cache" / "voc" / "jinja").iterdir())  # compiled once, kept
    template.write_text("# Second {{ digest.period.label }}\n")
    second = voc("digest", "--week", "2026-W47", "--template", str(template)).stdout
    assert (first, second) == ("# First 2026-W47\n", "# Second 2026-W47\n")
