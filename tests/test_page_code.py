"""The page code's build-time parts: the self-check's checklists are rendered by the build, one <template> per
org type, and hold exactly the points calculators.selfcheck asks of that type (the page only shows them)."""

import re

from calculators.rules import ratio_rules
from calculators.selfcheck import checklist
from sitebuild.calculator_forms import render_selfcheck

FORM = render_selfcheck("../../policy/", "../../")


def _templates() -> dict[str, str]:
    return dict(re.findall(r'<template data-jm-checklist="([^"]+)"[^>]*>(.*?)</template>', FORM))


def test_every_org_type_has_its_checklist_template():
    assert set(_templates()) == {kind.code for kind in ratio_rules().org_types}


def test_each_template_holds_the_points_of_its_org_type_in_order():
    for code, content in _templates().items():
        assert re.findall(r'data-jm-point="([^"]+)"', content) == [point.id for point in checklist(code)], code


def test_each_point_offers_yes_no_and_not_applicable_or_the_two_counts():
    for code, content in _templates().items():
        for point in checklist(code):
            if point.kind == "ratio":
                assert 'name="total"' in content and 'name="social_work"' in content
            else:
                values = re.findall(rf'name="point-{re.escape(point.id)}" value="(\w+)"', content)
                assert values == ["yes", "no", "na"], (code, point.id)


def test_the_templates_are_kept_out_of_the_search_index():
    assert all("data-search-exclude" in opening for opening in re.findall(r"<template[^>]*>", FORM))
