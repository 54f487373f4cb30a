"""Rule files: the schema, every kind of mistake with its exact message, and extend merging."""

from __future__ import annotations

import contextlib
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadq import ruleset
from leadq.errors import InputError, RulesError
from leadq.ruleset import check_rules, default_rules_text, load_rules
from leadq.schema import FieldType, Stage

FULL = """\
version: 1
defaults: {region: pl, currency: pln}
missing_values: ["", "-", "N/A ", нет, no]
columns:
  email: [email, e-mail, "адрес электронной почты"]
  deal_size: [deal size, "сумма сделки"]
fields:
  employees: number
  deal_size: number
lists:
  test_names: [test, asdf, тест]
  competitors: {file: lists/competitors.txt}
disqualify:
  - id: no_contact
    when: {all: [{field: email_valid, is: false}, {field: phone_valid, is: false}]}
    reason: no valid e-mail or phone
  - id: competitor
    when: {field: company, contains: {list: competitors}}
score:
  fit:
    cap: 40
    rules:
      - id: mid_market
        when: {field: employees, between: [50, 1000]}
        points: 15
      - id: off
        enabled: false
  bant:
    - id: big_deal
      when: {field: deal_size, at_least: 100000}
      points: 20
  social:
    - id: webinar
      when: {field: webinar, is: true}
      points: -5
quality:
  - id: valid_email
    when: {field: email_valid, is: true}
    points: 30
grades:
  - {grade: A, at_least: 70}
  - {grade: B, at_least: 40}
  - {grade: C}
stages:
  sql: {when: {field: score_bant, at_least: 40}}
  mql: {when: {field: score_social, at_least: 30}}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    """Rendered problems with the folder left out, as a user reads them."""
    return [str(problem).replace(f"{path.parent}/", "") for problem in check_rules(path)]


@pytest.fixture
def full(tmp_path: Path) -> Path:
    write(tmp_path, "lists/competitors.txt", "# rivals\nGlobex\n\n  Initech  \n")
    return write(tmp_path, "rules.yaml", FULL)


# --------------------------------------------------------------------------- a valid file


def test_full_file_loads_into_typed_rule_set(full: Path) -> None:
    rules = load_rules(full)
    assert (rules.source, rules.version, rules.region, rules.currency) == (
        str(full),
        1,
        "PL",
        "PLN",
    )
    assert rules.missing_values == {"", "-", "n/a", "нет", "no"}
    assert rules.columns["deal_size"] == ("deal size", "сумма сделки")
    assert rules.fields["deal_size"] is FieldType.NUMBER
    assert rules.fields["score_social"] is FieldType.NUMBER
    assert rules.lists["competitors"] == ("Globex", "Initech")
    assert [r.id for r in rules.disqualify] == ["no_contact", "competitor"]
    assert rules.disqualify[1].reason == "competitor"
    assert [(c.name, c.cap, [r.id for r in c.rules]) for c in rules.score] == [
        ("fit", 40, ["mid_market"]),
        ("engagement", None, []),
        ("bant", None, ["big_deal"]),
        ("social", None, ["webinar"]),
    ]
    assert rules.score[3].rules[0].points == -5
    assert [(g.name, g.at_least) for g in rules.grades] == [("A", 70), ("B", 40), ("C", None)]
    assert set(rules.stages) == {Stage.SQL, Stage.MQL}
    mid = rules.score[0].rules[0]
    assert (mid.position.line, mid.position.column) == (23, 9)
    assert mid.when.describe() == "employees between 50 and 1000"


def test_norway_and_no_stay_text(tmp_path: Path) -> None:
    rules = load_rules(
        write(tmp_path, "r.yaml", "defaults: {region: NO}\nmissing_values: [no, off]\n")
    )
    assert rules.region == "NO"
    assert rules.missing_values == {"", "no", "off"}


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        load_rules(tmp_path / "nope.yaml")
    assert str(raised.value) == f"{tmp_path / 'nope.yaml'}: no such file"


# --------------------------------------------------------------------------- exact messages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 2\n", "r.yaml:1:10: version: unsupported version 2; this leadq reads version 1"),
        ("scor: {}\n", "r.yaml:1:1: scor: unknown key 'scor'; did you mean 'score'?"),
        (
            "- a\n- b\n",
            "r.yaml:1:1: a rule file is a mapping of sections such as 'score:'; found a list",
        ),
        (
            "score: {fit: [",
            "r.yaml:1:15: invalid YAML: expected the node content, but found '<stream end>' (while parsing a flow node)",  # noqa: E501
        ),
        ("", "r.yaml:1:1: the rule file is empty"),
        (
            "quality:\n  - id: q\n    when: {field: employees, grater_than: 5}\n    points: 1\n",
            "r.yaml:3:30: quality[0].when: unknown operator 'grater_than'; did you mean 'greater_than'?",  # noqa: E501
        ),
        (
            "quality:\n  - id: q\n    when: {field: employes, at_least: 5}\n    points: 1.5\n",
            "r.yaml:3:19: quality[0].when.field: unknown field 'employes'; did you mean 'employees'?",  # noqa: E501
        ),
        (
            "score:\n  fit: {cap: -1, rules: []}\n",
            "r.yaml:2:14: score.fit.cap: needs a whole number, 0 or more; found '-1'",
        ),
        (
            "fields: {deal: numbr}\n",
            "r.yaml:1:16: fields.deal: unknown field type 'numbr'; did you mean 'number'?",
        ),
        (
            "stages: {sqll: {when: {field: score, at_least: 1}}}\n",
            "r.yaml:1:10: stages.sqll: unknown stage 'sqll'; did you mean 'sql'?",
        ),
        (
            "defaults: {currency: euro}\n",
            "r.yaml:1:22: defaults.currency: needs a 3-letter currency code, e.g. RUB or PLN; found 'euro'",  # noqa: E501
        ),
        (
            "quality:\n  - id: q\n    when: {field: employees, at_least: 5}\n    points: 1\n"
            "    enabled: maybe\n",
            "r.yaml:5:14: quality[0].enabled: needs true or false; found 'maybe'",
        ),
        (
            "queues:\n  - id: rest\n    when: {field: employees, at_least: 5}\n    fallback: 1\n",
            "r.yaml:4:15: queues[0].fallback: needs true or false; found '1'",
        ),
        (
            "a: &x 1\nb: *x\n",
            "r.yaml:1:4: YAML anchors and aliases (&name, *name) are not allowed in rule files",
        ),
        (
            "score: !!python/object:os.system {}\n",
            "r.yaml:1:8: YAML tags such as 'tag:yaml.org,2002:python/object:os.system' are not allowed in rule files",  # noqa: E501
        ),
    ],
)
def test_exact_messages(tmp_path: Path, text: str, expected: str) -> None:
    assert problems_of(write(tmp_path, "r.yaml", text))[0] == expected


def test_points_must_be_whole_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.yaml",
        "quality:\n  - {id: q, when: {field: email_valid, is: true}, points: 1.5}\n",
    )
    assert problems_of(path) == [
        "r.yaml:2:59: quality[0].points: needs a whole number, e.g. 15 or -10; found '1.5'"
    ]


def test_duplicate_ids_name_both_lines(tmp_path: Path) -> None:
    text = """\
    disqualify:
      - {id: junk, when: {field: company, missing: true}}
    quality:
      - {id: junk, when: {field: email_valid, is: true}, points: 5}
    """
    assert problems_of(write(tmp_path, "r.yaml", text)) == [
        "r.yaml:4:10: quality[0].id: rule id 'junk' is used twice, on lines 2 and 4"
    ]


def test_grades_must_descend(tmp_path: Path) -> None:
    text = "grades:\n  - {grade: A, at_least: 40}\n  - {grade: B}\n  - {grade: C, at_least: 70}\n"
    assert problems_of(write(tmp_path, "r.yaml", text)) == [
        "r.yaml:3:5: grades[1]: only the last grade may leave out 'at_least'",
        "r.yaml:4:26: grades[2].at_least: grades go from the highest score down: 'C' "
        "(at_least 70) must be below 'A' (at_least 40)",
    ]


def test_bad_regex_is_a_rule_problem(tmp_path: Path) -> None:
    text = "disqualify:\n  - {id: rx, when: {field: company, matches: '(a)\\1'}}\n"
    (problem,) = check_rules(write(tmp_path, "r.yaml", text))
    assert (problem.line, problem.column, problem.path) == (2, 46, "disqualify[0].when.matches")
    assert "backreferences" in problem.message


def test_every_problem_is_reported_at_once_in_line_order(tmp_path: Path) -> None:
    text = """\
    versoin: 1
    lists:
      junk: {file: missing.txt}
    disqualify:
      - id: Bad-ID
        when: {field: employees, at_least: 5, at_most: 9}
      - id: ok
    score:
      fit:
        - {id: a, when: {field: company, at_least: 5}, points: x}
    stages:
      nurture: {when: {field: score, at_least: 1}}
    """
    path = write(tmp_path, "r.yaml", text)
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    lines = [p.line for p in raised.value.problems]
    assert lines == sorted(lines)
    assert [p.path for p in raised.value.problems] == [
        "versoin",
        "lists.junk.file",
        "disqualify[0].id",
        "disqualify[0].when",
        "disqualify[1]",
        "score.fit[0].when",
        "score.fit[0].points",
        "stages.nurture",
    ]
    assert str(raised.value).count("\n") == 7


# --------------------------------------------------------------------------- hostile files


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path, "r.yaml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    problems = check_rules(path)
    assert time.perf_counter() - started < 2
    assert [p.message for p in problems] == [ruleset._ANCHORS]


def test_a_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "# " + "x" * (1 << 20) + "\n")
    assert problems_of(path) == ["r.yaml:1:1: the rule file is larger than 1 MiB; split it up"]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested more than 64 levels" in problems_of(path)[0]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(max_size=300) | st.from_regex(r"[a-z_]{1,9}: [\[\]{}:,\-&* a-z0-9'\"!\n]{0,60}")
)
def test_junk_never_raises_anything_but_our_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "junk.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(RulesError, InputError):
        load_rules(path)


# --------------------------------------------------------------------------- extend


BASE = """\
columns:
  email: [email, e-mail]
fields: {deal: number}
lists: {junk: [test]}
disqualify:
  - {id: junk, when: {field: company, contains: {list: junk}}}
  - {id: no_email, when: {field: email, missing: true}}
score:
  fit:
    cap: 30
    rules:
      - {id: small, when: {field: employees, less_than: 10}, points: -5}
      - {id: mid, when: {field: employees, between: [50, 1000]}, points: 15}
grades: [{grade: A, at_least: 50}, {grade: B}]
"""


def test_extend_merges_by_id(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "team/child.yaml",
        """\
        extend: ../base.yaml
        columns:
          email: [E-Mail, "почта"]
        lists: {junk: [asdf]}
        disqualify:
          - {id: no_email, enabled: false}
          - {id: no_phone, when: {field: phone, missing: true}}
        score:
          fit:
            cap: 40
            rules:
              - {id: small, when: {field: employees, less_than: 5}, points: -10}
          bant:
            - {id: big, when: {field: deal, at_least: 1000}, points: 5}
        """,
    )
    rules = load_rules(child)
    assert rules.columns["email"] == ("email", "e-mail", "почта")
    assert rules.lists["junk"] == ("asdf",)
    assert [r.id for r in rules.disqualify] == ["junk", "no_phone"]
    fit = rules.score[0]
    assert fit.cap == 40
    assert [(r.id, r.points) for r in fit.rules] == [("small", -10), ("mid", 15)]
    assert fit.rules[0].position.file == str(child)
    assert fit.rules[1].position.file == str(tmp_path / "base.yaml")
    assert [r.id for r in rules.score[2].rules] == ["big"]
    assert [g.name for g in rules.grades] == ["A", "B"]


def test_disabling_an_unknown_rule_suggests_one(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        "extend: base.yaml\ndisqualify:\n  - {id: no_emial, enabled: false}\n",
    )
    assert problems_of(child) == [
        "child.yaml:3:5: disqualify[0]: cannot disable rule 'no_emial': the extended rules have "
        "no such rule here; did you mean 'no_email'?"
    ]


def test_problems_in_a_base_carry_its_path(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", "scor: {}\n")
    child = write(tmp_path, "child.yaml", "extend: base.yaml\n")
    assert problems_of(child) == ["base.yaml:1:1: scor: unknown key 'scor'; did you mean 'score'?"]


def test_extend_target_missing_or_cyclic(tmp_path: Path) -> None:
    missing = write(tmp_path, "m.yaml", "extend: nowhere.yaml\n")
    assert problems_of(missing)[0].startswith(
        "m.yaml:1:9: extend: cannot extend 'nowhere.yaml': no such file"
    )
    write(tmp_path, "a.yaml", "extend: b.yaml\n")
    write(tmp_path, "b.yaml", "extend: a.yaml\n")
    (problem,) = check_rules(tmp_path / "a.yaml")
    assert problem.message.startswith("extend cycle: ")
    assert problem.message.endswith(
        "a.yaml -> " + str(tmp_path / "b.yaml") + " -> " + str(tmp_path / "a.yaml")
    )


def test_extend_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = write(tmp_path, "pkg/default.yaml", BASE)
    monkeypatch.setattr(ruleset, "_default_rules_path", lambda: fake)
    child = write(
        tmp_path, "child.yaml", "extend: default\ndisqualify:\n  - {id: junk, enabled: false}\n"
    )
    assert [r.id for r in load_rules(child).disqualify] == ["no_email"]
    assert load_rules().source == "default"
    assert default_rules_text() == textwrap.dedent(BASE)


def test_packaged_default_loads() -> None:
    try:
        text = default_rules_text()
    except InputError:
        pytest.skip("leadq/rules/default.yaml not written yet")
    rules = load_rules()
    assert text.strip()
    assert [c.name for c in rules.score][:3] == ["fit", "engagement", "bant"]
