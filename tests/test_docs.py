"""The documentation keeps its promises: the README's commands are CI's, every operator and
section is documented, every shipped rule file loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leadq.conditions import OPERATORS
from leadq.ruleset import TOP_KEYS, check_rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
DEFAULT_RULES = ROOT / "leadq" / "rules" / "default.yaml"


def readme_commands() -> list[str]:
    return re.findall(r"```\n(python3 -m venv .*)\n```", README)


def test_the_readme_gives_the_two_commands_install_and_run_and_install_and_test():
    install_and_run, install_and_test = readme_commands()
    assert install_and_run.endswith("leadq score examples/leads.csv")
    assert install_and_test.endswith("pytest")


def test_ci_runs_the_readmes_test_command():
    assert readme_commands()[1] in CI.splitlines()


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_every_operator_is_in_the_readme(operator):
    assert f"`{operator}`" in README


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_every_operator_is_named_in_the_default_rules(operator):
    assert operator in DEFAULT_RULES.read_text(encoding="utf-8")


@pytest.mark.parametrize("section", TOP_KEYS)
def test_every_rule_file_section_is_in_the_readme_and_the_default_rules(section):
    assert f"`{section}`" in README
    shown = rf"^(# )?{section}:"  # `extend` can only be shown commented in the default itself
    assert re.search(shown, DEFAULT_RULES.read_text(encoding="utf-8"), re.MULTILINE)


@pytest.mark.parametrize(
    "path", sorted([DEFAULT_RULES, *(ROOT / "rules").glob("*.yaml")]), ids=lambda p: p.name
)
def test_every_shipped_rule_file_loads(path):
    assert check_rules(path) == []
    assert load_rules(path).disqualify


def test_the_default_rules_ship_inside_the_package():
    assert load_rules(None).source == "default"
