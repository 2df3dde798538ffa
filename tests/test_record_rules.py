"""The rules version a record carries (calculators/record.py, calculators/rules/history.toml): the history's
last entry is the fingerprint of the rules files as they are, and a record made with other rules is told so
plainly, with the version it was made with and what has changed since."""

import json

from calculators.browser import handle
from calculators.record import check_record_rules, rules_history
from sitebuild.rules_fingerprint import RULE_FILES, RULES_DIR, rules_fingerprint


def test_the_last_version_in_the_history_is_the_rules_as_they_are():
    history = rules_history()
    assert [version.number for version in history] == list(range(1, len(history) + 1))
    assert len({version.fingerprint for version in history}) == len(history)
    current = rules_fingerprint()
    assert history[-1].fingerprint == current, (
        "the rules files have changed: add a [[version]] to calculators/rules/history.toml with "
        f'fingerprint = "{current}", today\'s date and a sentence saying what changed'
    )


def test_every_rules_file_is_counted_in_the_fingerprint():
    # A rules file the fingerprint left out could change the answers without a new version.
    on_disk = {path.name for path in RULES_DIR.glob("*.toml")} - {"words.toml", "history.toml"}
    assert on_disk == set(RULE_FILES)


def test_a_record_made_with_the_rules_in_force_needs_no_notice():
    result = check_record_rules(rules_fingerprint())
    assert result.ok and result.current and result.notice is None


def test_a_record_made_with_unknown_rules_is_told_so_and_shown_the_current_result():
    result = check_record_rules("00000000")
    assert result.ok and not result.current and result.made_with is None
    assert "不在本站的规则版本记录中" in result.notice and "按现行规则" in result.notice


def test_a_record_made_with_an_older_version_names_it_and_what_changed(monkeypatch):
    older = {"fingerprint": "0badf00d", "date": "2026-01-05", "change": "旧版本。"}
    newer = {"fingerprint": rules_fingerprint(), "date": "2026-12-06", "change": "比例改为示例值。"}
    monkeypatch.setattr(
        "calculators.record.load_rules_file", lambda name: {"version": [older, newer]} if name == "history.toml" else {}
    )
    rules_history.cache_clear()
    try:
        result = check_record_rules("0badf00d")
    finally:
        monkeypatch.undo()
        rules_history.cache_clear()
    assert result.made_with == 1 and result.in_force == 2
    assert result.notice.startswith(
        "本记录按 2026-01-05 的规则（第 1 版）生成，现行规则（第 2 版，2026-12-06）已有变化："
    )
    assert "比例改为示例值" in result.notice and "旧版本" not in result.notice


def test_a_malformed_fingerprint_gets_a_chinese_message_through_the_worker_entry_point():
    for inputs in ({"fingerprint": "xyz"}, {"fingerprint": 12345678}, {}):
        answer = json.loads(handle("record-rules", json.dumps(inputs)))
        assert answer["ok"] is False and answer["errors"][0]["field"] == "fingerprint"
    assert json.loads(handle("record-rules", json.dumps({"fingerprint": rules_fingerprint()})))["current"] is True
