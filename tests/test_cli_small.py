"""Small things people expect of a command line: unwrapped messages in a pipe, indented
wrapped evidence, prompts without empty defaults, help with examples, value completion."""

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

VOC = str(Path(sys.executable).with_name("voc"))


def terminal_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "EDITOR")}
    env.update(VOC_DB=str(tmp_path / "t.db"), VOC_CONFIG_DIR=str(tmp_path / "cfg"), NO_COLOR="1")
    return {**env, **extra}


def test_a_message_into_a_pipe_is_one_line_however_long(tmp_path):
    target = tmp_path / ("a-rather-long-folder-name-" * 6) / "themes.toml"
    result = subprocess.run(
        [VOC, "themes", "init", str(target)],
        env=terminal_env(tmp_path, COLUMNS="80"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"wrote {target}: edit it; voc re-tags notes on its next run\n"


def test_show_wraps_evidence_under_its_own_start(voc, tmp_path):
    sentence = (
        "The dashboard is really slow after the November release and the invoice export "
        "keeps timing out for our accountants with many years of history"
    )
    env = terminal_env(tmp_path)
    subprocess.run([VOC, "capture", sentence], env=env, check=True, capture_output=True)
    child = pexpect.spawn(VOC, ["show", "1"], env=env, encoding="utf-8", dimensions=(50, 80))
    child.expect(pexpect.EOF, timeout=60)
    lines = child.before.splitlines()
    evidence = next(i for i, line in enumerate(lines) if line.startswith("  billing (issue): "))
    assert len(lines[evidence]) <= 80
    lead = len("  billing (issue): ")
    assert lines[evidence + 1].startswith(" " * lead) and lines[evidence + 1].strip()


def test_the_capture_prompt_shows_no_empty_default(tmp_path):
    child = pexpect.spawn(
        VOC, ["capture", "-s", "sales"], env=terminal_env(tmp_path), encoding="utf-8", timeout=20
    )
    child.expect(r"Customer \(person\)([^:]*):")
    assert child.match.group(1) == ""
    child.sendline("")
    child.expect(r"Account \(company\)([^:]*):")
    assert child.match.group(1) == ""
    child.close(force=True)


@pytest.mark.parametrize("group", ["themes", "guides", "templates", "db"])
def test_every_group_help_has_an_example(voc, group):
    assert f"Example: voc {group} " in voc(group, "--help").stdout


@pytest.mark.parametrize(
    "words, expected",
    [
        ("voc list -s su", ["support", "survey"]),
        ("voc list --theme bil", ["billing"]),
        ("voc list --signal ch", ["churn_risk"]),
        ("voc list --sentiment ne", ["negative", "neutral"]),
        ("voc digest -T we", ["weekly"]),
        ("voc capture --guide su", ["support-debrief"]),
        ("voc themes show pri", ["pricing"]),
    ],
)
def test_completion_offers_the_known_values(tmp_path, words, expected):
    env = terminal_env(tmp_path, _VOC_COMPLETE="complete_bash", COMP_WORDS=words)
    env["COMP_CWORD"] = str(len(words.split()) - 1)
    result = subprocess.run([VOC], env=env, capture_output=True, text=True)
    assert sorted(result.stdout.split()) == expected, result.stderr


def test_completion_with_a_broken_taxonomy_offers_nothing_quietly(tmp_path):
    env = terminal_env(tmp_path, _VOC_COMPLETE="complete_bash", COMP_WORDS="voc list --theme b")
    env.update(COMP_CWORD="3", VOC_THEMES=str(tmp_path / "missing.toml"))
    result = subprocess.run([VOC], env=env, capture_output=True, text=True)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "", "")
