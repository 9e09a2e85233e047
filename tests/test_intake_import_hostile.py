"""One bad record never sinks an import: a message nested a thousand parts deep, a JSON
line or array element nested past what Python decodes, a field of the wrong type. Each
goes to the rejects file with its position and reason, the good records land, the exit
status is 3, and a re-run adds nothing. A file that is not JSON at all is one error."""

import json
import os
import subprocess
import sys
from pathlib import Path

from voc.intake.importer import BATCH

VOC = Path(sys.executable).parent / "voc"


def message(number: int) -> str:
    return (
        "From someone@example.com Mon Apr  2 18:22:10 2012\n"
        f"From: Ana <ana{number}@acme.example>\nSubject: ticket {number}\n"
        f"Message-ID: <m{number}@acme.example>\nDate: Mon, 2 Apr 2012 10:00:00 +0000\n\n"
        f"The export number {number} times out again.\n\n"
    )


def nested_message(depth: int) -> str:
    heads = "".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(depth)
    )
    tails = "".join(f"--b{i}--\n" for i in reversed(range(depth)))
    return (
        "From someone@example.com Mon Apr  2 18:22:10 2012\n"
        "From: Deep <deep@acme.example>\nSubject: deep\nMessage-ID: <deep@acme.example>\n"
        "MIME-Version: 1.0\n" + heads + "Content-Type: text/plain\n\nburied\n" + tails + "\n"
    )


TOO_DEEP = "JSON nested too deeply to read (lists or objects within each other)"


def summary(result) -> dict:
    return json.loads(result.stdout)


def rejects_of(path: Path) -> list[tuple[str, str]]:
    return [(r["position"], r["reason"]) for r in map(json.loads, path.read_text().splitlines())]


def test_a_message_nested_1000_deep_is_rejected_and_the_six_others_stored(voc, tmp_path):
    box = tmp_path / "deep.mbox"
    box.write_text("".join(message(n) for n in (1, 2, 3)) + nested_message(1000)
                   + "".join(message(n) for n in (4, 5, 6)))  # fmt: skip
    rejects = tmp_path / "rejects.jsonl"
    args = ("import", str(box), "--rejects", str(rejects), "--format", "json")
    first = voc(*args, code=3)
    assert (summary(first)["new"], summary(first)["rejected"]) == (6, 1)
    assert "Traceback" not in first.stderr and first.exception.code == 3
    [(position, reason)] = rejects_of(rejects)
    assert position.startswith("deep.mbox message 4 (byte ")
    assert reason == "cannot read: MIME parts nested too deeply within each other"
    again = summary(voc(*args, code=3))
    assert (again["new"], again["duplicate"], again["rejected"]) == (0, 6, 1)


def test_in_worker_processes_a_bad_message_is_a_reject_not_a_lost_batch(tmp_path):
    """Past one batch the messages are read in worker processes: a real `voc` process."""
    count = BATCH + 50
    box = tmp_path / "big.mbox"
    box.write_text("".join(message(n) for n in range(count // 2)) + nested_message(1000)
                   + "".join(message(n) for n in range(count // 2, count)))  # fmt: skip
    env = {**os.environ, "VOC_DB": str(tmp_path / "voc.db")}
    run = [str(VOC), "import", str(box), "--format", "json"]
    done = subprocess.run(run, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    got = json.loads(done.stdout)
    assert (got["new"], got["rejected"]) == (count, 1)
    [(position, _)] = rejects_of(Path(got["rejects_file"]))
    assert position.startswith(f"big.mbox message {count // 2 + 1} ")


def test_a_jsonl_line_nested_5000_deep_and_wrong_types_are_rejected(voc, tmp_path):
    lines = tmp_path / "feedback.jsonl"
    lines.write_text(
        json.dumps({"text": "Search is slow", "origin": "t-1"}) + "\n"
        + '{"text": ' + "[" * 5000 + "]" * 5000 + "}\n"
        + json.dumps({"text": "Exports time out", "origin": "t-2"}) + "\n"
        + json.dumps({"text": 5}) + "\n"
        + json.dumps({"text": "tags as an object", "tags": {"a": 1}}) + "\n"
        + json.dumps({"text": "customer as a list", "customer": ["Ana"]}) + "\n"
        + json.dumps({"text": "A ticket number is fine", "origin": 1042}) + "\n"
    )  # fmt: skip
    rejects = tmp_path / "rejects.jsonl"
    args = ("import", str(lines), "--rejects", str(rejects), "--format", "json")
    first = voc(*args, code=3)
    assert (summary(first)["new"], summary(first)["rejected"]) == (3, 4)
    assert "Traceback" not in first.stderr
    assert rejects_of(rejects) == [
        ("feedback.jsonl line 2", TOO_DEEP),
        ("feedback.jsonl line 4", "text is a number, not text"),
        ("feedback.jsonl line 5", "tags is not a list of names"),
        ("feedback.jsonl line 6", "customer is a list, not text"),
    ]  # fmt: skip
    assert summary(voc(*args, code=3))["new"] == 0


def test_a_deeply_nested_json_array_element_is_rejected_and_the_rest_read(voc, tmp_path):
    array = tmp_path / "export.json"
    deep = "[" * 5000 + '"a ] and a [ in a string"' + "]" * 5000
    array.write_text(
        f"[{json.dumps({'text': 'Billing page is confusing'})},\n {deep},\n"
        f" {json.dumps({'text': 'Love the new chart'})}]"
    )
    rejects = tmp_path / "rejects.jsonl"
    args = ("import", str(array), "--rejects", str(rejects), "--format", "json")
    first = voc(*args, code=3)
    assert (summary(first)["new"], summary(first)["rejected"]) == (2, 1)
    assert rejects_of(rejects) == [
        ("export.json element 2", TOO_DEEP)
    ]  # fmt: skip
    assert summary(voc(*args, code=3))["new"] == 0


def test_a_json_file_that_cannot_be_read_at_all_is_one_error_and_writes_nothing(
    voc, tmp_path, db_file
):
    for name, content, why in [
        ("object.json", '{"text": "one object"}', "it does not open with ["),
        ("broken.json", '[{"text": "x" "y"}, {"text": "z"}]', "Expecting ','"),
    ]:
        path = tmp_path / name
        path.write_text(content)
        result = voc("import", str(path), "--rejects", str(tmp_path / "r.jsonl"), code=1)
        [line] = [x for x in result.stderr.splitlines() if x.startswith("voc: error:")]
        assert f"{name} is not a JSON array of records: {why}" in line
        assert line.endswith("nothing was imported")
        assert not (tmp_path / "r.jsonl").exists()
    assert json.loads(voc("list", "--format", "json").stdout) == []
