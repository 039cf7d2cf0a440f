"""The `policywatch` command: analyze, extract, diff, classify and history, without Redis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import RESOURCES, SEEDS, serve_text
from tests.local_http import LocalHTTPServer
from worker.cli import main
from worker.ingest.extract import extract_file
from worker.ingest.normalise import version_id

GITHUB = sorted((RESOURCES / "ota" / "GitHub").glob("*.md"))
HTML_PAGE = RESOURCES / "extract" / "1306_www.chasepaymentech.com.html"


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_analyze_files_prints_one_report_per_line() -> None:
    result = CliRunner().invoke(main, ["analyze", str(SEEDS[0]), str(GITHUB[0]), "--json"])
    assert result.exit_code == 0, result.output
    reports = json_lines(result.output)
    assert len(reports) == 2
    for report in reports:
        assert report["badge"]["grade"] in "ABCDE"
        assert report["findings"]
        assert len(report["version"]["id"]) == 64


def test_a_failing_input_prints_an_error_line_and_the_others_still_run(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    result = CliRunner().invoke(main, ["analyze", str(missing), str(SEEDS[1]), "--json"])
    assert result.exit_code == 1
    lines = json_lines(result.output)
    assert lines[0]["input"] == str(missing) and lines[0]["error"]["code"]
    assert lines[1]["badge"]["grade"] in "ABCDE"


def test_analyze_readable_summary() -> None:
    result = CliRunner().invoke(main, ["analyze", str(SEEDS[2])])
    assert result.exit_code == 0
    assert "Grade " in result.output and "/100" in result.output


def test_analyze_url_in_process(policy_site: LocalHTTPServer) -> None:
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    refused = CliRunner().invoke(main, ["analyze", url, "--json"])
    assert json_lines(refused.output)[0]["error"]["code"] == "blocked_url"
    allowed = CliRunner().invoke(main, ["analyze", url, "--json", "--allow-private-hosts"])
    assert allowed.exit_code == 0, allowed.output
    assert json_lines(allowed.output)[0]["url"] == url


def test_extract_json_gives_input_and_text() -> None:
    result = CliRunner().invoke(main, ["extract", str(HTML_PAGE), str(SEEDS[2]), "--json"])
    assert result.exit_code == 0, result.output
    lines = json_lines(result.output)
    assert [line["input"] for line in lines] == [str(HTML_PAGE), str(SEEDS[2])]
    assert "â€™" not in lines[1]["text"]  # the seed's mojibake is repaired
    assert "<" not in lines[0]["text"][:200]


def test_diff_pairs_print_one_diff_each() -> None:
    ddg = sorted((RESOURCES / "ota" / "DuckDuckGo").glob("*.md"))
    args = ["diff", str(GITHUB[1]), str(GITHUB[2]), str(ddg[0]), str(ddg[1]), "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    diffs = json_lines(result.output)
    assert len(diffs) == 2
    for diff, (old, new) in zip(diffs, [GITHUB[1:3], ddg], strict=True):
        old_text, new_text = (extract_file(path).text for path in (old, new))
        assert "".join(text for op, text in diff["ops"] if op >= 0) == new_text
        assert "".join(text for op, text in diff["ops"] if op <= 0) == old_text
        assert diff["stats"]["changed"] is True
        assert diff["from"] == version_id(old_text) and diff["to"] == version_id(new_text)


def test_markup_only_change_is_no_change() -> None:
    """OTA's GitHub versions of 2021-06-14 and 2021-07-20 differ only in Markdown links."""
    result = CliRunner().invoke(main, ["diff", str(GITHUB[0]), str(GITHUB[1]), "--json"])
    diff = json_lines(result.output)[0]
    assert diff["stats"]["changed"] is False
    assert diff["from"] == diff["to"]


def test_diff_needs_pairs() -> None:
    result = CliRunner().invoke(main, ["diff", str(GITHUB[0])])
    assert result.exit_code == 2


def test_classify_jsonl(tmp_path: Path) -> None:
    source = tmp_path / "segments.jsonl"
    source.write_text(
        json.dumps({"text": "We keep your data for 30 days and then delete it."})
        + "\n"
        + json.dumps({"text": ""})
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "predictions.jsonl"
    result = CliRunner().invoke(main, ["classify", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 0, result.output
    lines = json_lines(target.read_text(encoding="utf-8"))
    assert len(lines) == 2
    assert "Data Retention" in lines[0]["labels"]


def test_history_lists_stored_versions(
    tmp_path: Path, policy_site: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worker.pipeline import analyse
    from worker.store import Store

    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("POLICYWATCH_DATABASE_URL", database)
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    store = Store(database)
    analyse(url, store=store, allow_private=True)
    serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8") + "\n\nNew terms.")
    analyse(url, store=store, allow_private=True)
    store.dispose()

    result = CliRunner().invoke(main, ["history", url, "--json"])
    assert result.exit_code == 0, result.output
    assert len(json_lines(result.output)[0]["versions"]) == 2
    unknown = CliRunner().invoke(main, ["history", "https://example.com/never"])
    assert unknown.exit_code == 1


def test_a_policy_in_another_language_is_reported_ungraded() -> None:
    french = RESOURCES / "ota" / "Instagram" / "2021-02-23T07-49-54.md"
    result = CliRunner().invoke(main, ["analyze", str(french), "--json"])
    assert result.exit_code == 0, result.output
    report = json_lines(result.output)[0]
    assert report["language"] == "fr"
    assert report["badge"] is None and report["findings"] == []
    assert "French" in report["summary"]


def test_a_failing_diff_pair_names_both_files_and_the_next_pair_still_runs(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.md")
    args = ["diff", missing, str(GITHUB[0]), str(GITHUB[1]), str(GITHUB[2]), "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    lines = json_lines(result.output)
    assert lines[0]["input"] == [missing, str(GITHUB[0])]
    assert lines[1]["stats"]["changed"] is True


def test_errors_are_one_plain_line_on_stderr_without_json(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    result = CliRunner().invoke(main, ["analyze", str(missing)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"{missing}: No such file or directory: {missing}"


def test_a_refused_url_names_the_setting_that_allows_it(policy_site: LocalHTTPServer) -> None:
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["analyze", url])
    assert result.exit_code == 1
    assert "POLICYWATCH_ALLOW_PRIVATE_HOSTS" in result.stderr, result.stderr


def test_analyze_a_saved_file_with_the_url_it_came_from() -> None:
    url = "https://example.com/privacy"
    result = CliRunner().invoke(main, ["analyze", str(SEEDS[0]), "--url", url, "--json"])
    assert result.exit_code == 0, result.output
    [report] = json_lines(result.output)
    assert report["url"] == url and report["final_url"] == url
    two = CliRunner().invoke(main, ["analyze", str(SEEDS[0]), str(SEEDS[1]), "--url", url])
    assert two.exit_code == 2 and "exactly one saved file" in two.output
