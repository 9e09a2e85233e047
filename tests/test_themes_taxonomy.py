"""The taxonomy loader: resolution order, the built-in file, and refusals naming file and line."""

import pytest

from voc.themes.taxonomy import TaxonomyError, builtin_taxonomy_text, load_taxonomy, parse_taxonomy

REQUIRED = (
    "pricing billing onboarding usability performance reliability integrations import_export "
    "security support documentation mobile feature_requests praise churn_risk competitor"
).split()


def write(tmp_path, text, name="themes.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_has_the_promised_themes():
    taxonomy = load_taxonomy()
    assert taxonomy.path is None
    assert set(REQUIRED) <= set(taxonomy.themes)
    assert taxonomy.themes["competitor"].group
    assert taxonomy.themes["competitor"].patterns == ()
    assert all(t.patterns for t in taxonomy if not t.group)


def test_parent_child_and_helpers(tmp_path):
    path = write(
        tmp_path,
        '[themes.competitor]\ngroup = true\n\n[themes."competitor/acme"]\nlabel = "Acme"\n'
        'patterns = ["acme", "Acme Corp"]\n\n[themes.competitor.globex]\npatterns = ["globex"]\n',
    )
    taxonomy = load_taxonomy(path)
    assert taxonomy.themes["competitor/acme"].parent == "competitor"
    assert [t.slug for t in taxonomy.children("competitor")] == [
        "competitor/acme",
        "competitor/globex",
    ]
    assert taxonomy.label("competitor/acme") == "Acme"
    assert taxonomy.label("competitor/globex") == "Globex"
    assert taxonomy.label("nope") == "nope"


def test_version_ignores_comments_but_not_patterns():
    text = builtin_taxonomy_text()
    base = parse_taxonomy(text, None).version
    assert parse_taxonomy("# a comment\n" + text, None).version == base
    changed = text.replace('"invoice",', '"invoice", "statement",', 1)
    assert parse_taxonomy(changed, None).version != base


def test_resolution_order(tmp_path, monkeypatch):
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    user = write(config_dir, '[themes.a]\npatterns = ["a"]\n')
    assert load_taxonomy().path == user
    configured = write(tmp_path, '[themes.b]\npatterns = ["b"]\n', "configured.toml")
    (config_dir / "config.toml").write_text(f'themes = "{configured}"\n')
    assert load_taxonomy().path == configured
    env = write(tmp_path, '[themes.c]\npatterns = ["c"]\n', "env.toml")
    monkeypatch.setenv("VOC_THEMES", str(env))
    assert list(load_taxonomy().themes) == ["c"]
    explicit = write(tmp_path, '[themes.d]\npatterns = ["d"]\n', "explicit.toml")
    assert list(load_taxonomy(explicit).themes) == ["d"]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('[themes.a]\npatterns = ["a"\n', 2, "invalid TOML"),
        ('[themes.a]\npatterns = ["a"]\n\n[themes.b]\nlabel = "B"\n', 4, "has no patterns"),
        ('[themes.a]\npatterns = ["a"]\n[themes.a]\npatterns = ["b"]\n', 3, "twice"),
        ('[themes.a]\npatterns = ["a"]\n\n[themes."x/b"]\npatterns = ["b"]\n', 4, "parent 'x'"),
        ('[themes.a]\npatterns = ["a"]\n[themes.Big]\npatterns = ["b"]\n', 3, "bad slug"),
        ('[themes.a]\npatterns = "a"\n', 1, "list of strings"),
        ('[themes.a]\npatterns = ["a"]\ncolour = "red"\n', 1, "unknown key 'colour'"),
        ("[themes.a]\ntoken_patterns = [1]\n", 1, "spaCy Matcher"),
        ('title = "no themes"\n', 1, "no [themes.SLUG]"),
    ],
)
def test_invalid_files_name_file_line_and_reason(tmp_path, text, line, reason):
    path = write(tmp_path, text)
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert f"line {line}" in message
    assert reason in message


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(TaxonomyError, match="no such theme file"):
        load_taxonomy(tmp_path / "absent.toml")
