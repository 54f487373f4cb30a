"""leadq: qualify B2B sales leads from CSV/Excel exports.

The Python API mirrors the command line::

    import leadq
    result = leadq.score(["leads.csv"])                 # leadq score leads.csv
    result.table.head()                                 # every lead, ranked, with its reasons
    leadq.explain("leads.csv", row=17)                  # leadq explain leads.csv --row 17
    leadq.check_rules("my-rules.yaml")                  # leadq rules check my-rules.yaml
    options = leadq.ScoreOptions(against=("crm.csv",))  # leadq score leads.csv --against crm.csv
    result = leadq.score(["leads.csv"], options)
    leadq.write_handoff(result.table, result.context, Path("handoff"))  # ... --handoff handoff
    routing = leadq.ScoreOptions(rules="my.yaml", route=leadq.RouteOptions(dry_run=True))
    leadq.route("scored.csv", routing).table        # leadq route scored.csv -r my.yaml --dry-run
    leadq.evaluate("history.csv", leadq.Target("converted"))  # leadq evaluate ... -t converted
"""

from leadq.api import (
    DedupeResult,
    LinkResult,
    RouteResult,
    ScoreOptions,
    ScoreResult,
    dedupe,
    explain,
    link,
    route,
    score,
)
from leadq.comparison import Comparison, compare
from leadq.crm import write_handoff
from leadq.errors import InputError, LeadqError, OutputError, RuleProblem, RulesError
from leadq.evaluation import Evaluation, evaluate
from leadq.learning import LearnResult, LearnSettings, learn
from leadq.load import ReadOptions, read_leads
from leadq.outcome import Target
from leadq.routing.run import RouteOptions
from leadq.rule_tests import RuleTestReport, run_rule_tests
from leadq.ruleset import check_rules, default_rules_text, load_rules
from leadq.write import OutputFormat, write_table

__version__ = "0.1.0"

__all__ = [
    "Comparison",
    "Evaluation",
    "LearnResult",
    "LearnSettings",
    "RuleTestReport",
    "Target",
    "compare",
    "evaluate",
    "learn",
    "run_rule_tests",
    "DedupeResult",
    "InputError",
    "LeadqError",
    "LinkResult",
    "OutputError",
    "OutputFormat",
    "ReadOptions",
    "RouteOptions",
    "RouteResult",
    "RuleProblem",
    "RulesError",
    "ScoreOptions",
    "ScoreResult",
    "check_rules",
    "dedupe",
    "default_rules_text",
    "explain",
    "link",
    "load_rules",
    "read_leads",
    "route",
    "score",
    "write_handoff",
    "write_table",
]
