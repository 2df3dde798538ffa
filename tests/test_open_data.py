"""The policy as data (data/*.json, sitebuild/open_data.py): each file as the build publishes it matches the JSON
Schema published beside it; the clauses' text, joined, is the official text; the site's notes stay apart from it;
every rule names a clause that exists and quotes it verbatim; a file's content changes only with a new version
and changelog line; and the files are linked from the 开放数据 and about pages and listed in the sitemap."""

import datetime
import json

import jsonschema
import pytest
from site_html import parse as soup

from policytext import load_clauses, load_glossary, official_text
from sitebuild.open_data import CONTENT, DATA_DIR, FILES, SCHEMAS, data_file, digest, history

CLAUSE_LABELS = {clause.label for clause in load_clauses()}


@pytest.fixture(scope="module")
def published(built_site) -> dict[str, dict]:
    return {
        name: json.loads((built_site.directory / DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
        for name in FILES
    }


@pytest.mark.parametrize("name", FILES)
def test_each_file_matches_the_schema_published_beside_it(built_site, published, name):
    schema = json.loads((built_site.directory / DATA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(published[name])]
    assert not errors


def test_a_schema_refuses_a_file_that_does_not_match_it():
    # The schemas are strict enough to catch a slip: a clause without its text, a force level nobody defined.
    clauses_schema = json.loads((SCHEMAS / "clauses.schema.json").read_text(encoding="utf-8"))
    broken = data_file("clauses")
    del broken["clauses"][0]["text"]
    assert not jsonschema.Draft202012Validator(clauses_schema).is_valid(broken)
    rules_schema = json.loads((SCHEMAS / "rules.schema.json").read_text(encoding="utf-8"))
    broken = data_file("rules")
    broken["provisions"][0]["level"] = "optional"
    assert not jsonschema.Draft202012Validator(rules_schema).is_valid(broken)


def test_the_clauses_text_joined_is_the_official_text_whitespace_aside(published):
    clauses = published["clauses"]["clauses"]
    assert [c["label"] for c in clauses] == [c.label for c in load_clauses()]
    joined = "".join("".join(c["text"].split()) for c in clauses)
    assert joined == "".join(official_text().split())


def test_the_sites_notes_are_kept_apart_from_the_text(published):
    clauses = published["clauses"]["clauses"]
    assert all(clause["notes"] for clause in clauses)  # every clause has its 解读
    for clause in clauses:
        kinds = [note["kind"] for note in clause["notes"]]
        assert kinds[0] == "interpretation" and set(kinds) <= {"interpretation", "slip"}
        assert all(note["markdown"] and "!!!" not in note["markdown"] for note in clause["notes"])
        assert "解读" not in clause["text"] and "**" not in clause["text"]
    slips = {c["label"] for c in clauses if any(n["kind"] == "slip" for n in c["notes"])}
    assert "署名" in slips  # 山西省妇联女联合会, noted, not corrected
    assert "山西省妇联女联合会" in next(c["text"] for c in clauses if c["label"] == "署名")


def test_each_clause_has_its_chapter_and_its_address(published):
    by_label = {c["label"]: c for c in published["clauses"]["clauses"]}
    assert by_label["文号"]["chapter"] is None and by_label["三"]["chapter"] == "三"
    assert by_label["三（二）3"]["chapter"] == "三" and by_label["三（二）3"]["url"] == "policy/#s3-2-3"
    assert by_label["四（一）"]["chapter"] == "四"


def test_every_rule_names_a_clause_that_exists_and_quotes_it_verbatim(published):
    rules = published["rules"]
    texts = {c["label"]: "".join(c["text"].split()) for c in published["clauses"]["clauses"]}
    for provision in rules["provisions"]:
        assert provision["clause"] in CLAUSE_LABELS, provision["id"]
        pieces = [piece for piece in "".join(provision["text"].split()).split("……") if piece]
        position = 0
        for piece in pieces:  # each piece verbatim, in order
            position = texts[provision["clause"]].find(piece, position)
            assert position >= 0, (provision["id"], piece)
        assert provision["word"].split("…")[0] in provision["text"]
        assert not provision["addressee"] or provision["addressee"] in texts[provision["clause"]]
    ids = {p["id"] for p in rules["provisions"]}
    for kind in rules["org_types"]:
        assert set(kind["provisions"]) <= ids and set(kind["clauses"]) <= CLAUSE_LABELS and kind["clauses"]
    assert rules["threshold"]["percent"] == "70%" and rules["threshold"]["clause"] == "三（二）3"
    assert {q["code"]: [lv["grade"] for lv in q["levels"]] for q in rules["qualifications"]} == {
        "assistant": [11, 12],
        "social-worker": [8, 9, 10],
        "senior": [],
    }


def test_the_glossary_file_holds_every_term(published):
    terms = published["glossary"]["terms"]
    assert [t["term"] for t in terms] == [t.term for t in load_glossary()]
    assert all(set(t["clauses"]) <= CLAUSE_LABELS for t in terms)


@pytest.mark.parametrize("name", FILES)
def test_a_files_content_changes_only_with_a_new_version_and_changelog_line(published, name):
    versions = history()[name]
    assert [entry["version"] for entry in versions] == list(range(1, len(versions) + 1))
    assert all(datetime.date.fromisoformat(entry["date"]) and entry["change"] for entry in versions)
    current = digest(CONTENT[name]())
    assert current == versions[-1]["digest"], (
        f"data/{name}.json has changed: add a [[{name}]] entry to sitebuild/open_data.toml with version "
        f'{len(versions) + 1}, today\'s date, digest = "{current}" and a line saying what changed'
    )
    assert published[name]["version"] == versions[-1]["version"]
    assert [line["version"] for line in published[name]["changelog"]] == [entry["version"] for entry in versions]


def test_the_files_are_linked_from_the_data_and_about_pages_and_listed_in_the_sitemap(built_site):
    site = built_site.directory
    data_page = soup(site / "data" / "index.html")
    links = {a["href"] for a in data_page.select("article a[href]")}
    for name in FILES:
        assert f"{name}.json" in links and f"{name}.schema.json" in links
        assert (site / DATA_DIR / f"{name}.json").is_file() and (site / DATA_DIR / f"{name}.schema.json").is_file()
    about = {a["href"] for a in soup(site / "about" / "index.html").select("article a[href]")}
    assert "../data/" in about
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"data/{name}.json</loc>" in sitemap for name in FILES)
