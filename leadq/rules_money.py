"""The ``currency_rates:`` section of a rule file: read with positions, merged, built.

``currency_rates: {EUR: 100, USD: 92}`` says what one unit of each currency is worth in the
rule set's currency (``defaults: currency``), so budgets typed in euros or dollars get a
``budget_amount`` that rules can compare. The rates are understood in the currency in force
in the file that writes them; a file that extends another and changes ``defaults: currency``
can keep the inherited rates when they give a rate for its new currency (1 EUR = 100 RUB and
1 PLN = 23 RUB make 1 EUR = 100/23 PLN).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml
from babel.numbers import list_currencies

from leadq.conditions import node_number, node_text, unknown_word
from leadq.rules_yaml import Problems

if TYPE_CHECKING:
    from leadq.rules_sections import FileReader


@dataclass
class RawRates:
    """One file's ``currency_rates:``: code -> rate, in ``written_in`` (None: the default)."""

    node: yaml.Node
    file: str
    written_in: str | None
    rates: dict[str, float] = field(default_factory=dict)


def read_rates(reader: FileReader, node: yaml.Node, path: str) -> RawRates:
    """Each entry an ISO 4217 code with a positive number; every mistake reported."""
    written_in = reader.raw.currency
    raw = RawRates(node, reader.file, written_in)
    known = list_currencies()
    unit = written_in or "the rule set's currency"
    for key, key_node, value_node in reader.entries(node, path, "a mapping such as {EUR: 100}"):
        code = key.strip().upper()
        where = f"{path}.{key}"
        if code not in known:
            reader.report(key_node, where, unknown_word("currency code", key, known))
            continue
        rate = node_number(value_node)
        if rate is None or rate <= 0:
            shown = node_text(value_node) or "nothing"
            message = (
                f"needs a positive number: what one {code} is worth in {unit}; found {shown!r}"
            )
            reader.report(value_node, where, message)
            continue
        raw.rates[code] = rate
    return raw


def merge_rates(
    base: RawRates | None, child: RawRates | None, base_currency: str | None
) -> RawRates | None:
    """The child's rates replace the base's; rates written without a currency of their own
    are in the base's currency."""
    if child is None:
        return base
    if child.written_in is None:
        return RawRates(child.node, child.file, base_currency, dict(child.rates))
    return child


def build_rates(
    raw: RawRates | None, currency: str, default_currency: str, problems: Problems
) -> dict[str, float]:
    """Factors into ``currency``: one unit of each code is worth this many of ``currency``."""
    if raw is None:
        return {currency: 1.0}
    written_in = raw.written_in or default_currency
    own = raw.rates.get(written_in)
    if own is not None and own != 1:
        message = f"{written_in} is the currency these rates are in: leave it out or give 1"
        problems.add(raw.file, raw.node, f"currency_rates.{written_in}", message)
    if currency == written_in:
        return {**raw.rates, currency: 1.0}
    target = raw.rates.get(currency)
    if target is None:
        message = (
            f"these rates are in {written_in} but the rule set's currency is {currency}: "
            f"add {currency}'s rate in {written_in}, or give the rates in {currency}"
        )
        problems.add(raw.file, raw.node, "currency_rates", message)
        return {currency: 1.0}
    factors = {code: rate / target for code, rate in raw.rates.items()}
    return {**factors, written_in: 1 / target, currency: 1.0}
