"""Country cells -> ISO 3166 alpha-2, so phones written without "+" are read in the right region.

Exports write the country as a code ("PL", "POL"), a name in English, Russian or Polish, or a
colloquial variant ("РФ", "USA", "Great Britain"). The table comes from CLDR via babel (names in
three languages, alpha-3 aliases) plus a short list of variants CLDR does not carry; it is built
once, and each distinct cell is looked up once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import babel
import pandas as pd
from babel.core import get_global

__all__ = ["country_codes"]

_LANGUAGES = ("en", "ru", "pl")
# CLDR territories that are not countries: groupings and placeholders.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
# Colloquial and official forms CLDR's territory names do not cover.
_VARIANTS: dict[str, str] = {
    "рф": "RU",
    "российская федерация": "RU",
    "russian federation": "RU",
    "rosja federacja": "RU",
    "federacja rosyjska": "RU",
    "usa": "US",
    "сша": "US",
    "united states of america": "US",
    "america": "US",
    "америка": "US",
    "stany zjednoczone ameryki": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "англия": "GB",
    "британия": "GB",
    "великобритания": "GB",
    "соединенное королевство": "GB",
    "anglia": "GB",
    "deutschland": "DE",
    "germany": "DE",
    "белоруссия": "BY",
    "беларусь": "BY",
    "республика беларусь": "BY",
    "belorussia": "BY",
    "byelorussia": "BY",
    "republic of belarus": "BY",
    "казахстан": "KZ",
    "республика казахстан": "KZ",
    "qazaqstan": "KZ",
    "украина": "UA",
    "україна": "UA",
    "ukraina": "UA",
    "czech republic": "CZ",
    "чехия": "CZ",
    "republika czeska": "CZ",
    "czechy": "CZ",
    "holland": "NL",
    "the netherlands": "NL",
    "голландия": "NL",
    "holandia": "NL",
    "polen": "PL",
    "rzeczpospolita polska": "PL",
    "republic of poland": "PL",
    "киргизия": "KG",
    "молдавия": "MD",
    "the united states": "US",
    "the united kingdom": "GB",
}
_SPACES = re.compile(r"[\s\-_]+")


def _fold(text: str) -> str:
    """Case, dots, spaces, hyphens and accents do not tell countries apart: drop them."""
    text = text.casefold().replace("ё", "е").replace("ł", "l").replace(".", "")
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip()


def _alpha3_aliases() -> dict[str, str]:
    """CLDR's alpha-3 -> alpha-2 aliases where they name exactly one country."""
    aliases = get_global("territory_aliases")
    return {
        code: targets[0]
        for code, targets in aliases.items()
        if len(code) == 3 and code.isalpha() and len(targets) == 1
    }


@lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    """Folded spelling -> alpha-2, built once per process."""
    table: dict[str, str] = {}
    for language in _LANGUAGES:
        for code, name in babel.Locale(language).territories.items():
            if code.isalpha() and code not in _NOT_COUNTRIES:
                table.setdefault(_fold(name), code)
                table.setdefault(_fold(code), code)
    for alias, code in _alpha3_aliases().items():
        table.setdefault(_fold(alias), code)
    table.update({_fold(name): code for name, code in _VARIANTS.items()})
    return table


def country_code(value: str) -> str | None:
    """ISO alpha-2 for one country spelling, or None when it is not recognised."""
    return _country_table().get(_fold(value))


def country_codes(values: pd.Series) -> pd.Series:
    """Map a country column to ISO 3166 alpha-2 codes.

    Args:
        values: country cells: ISO-2 or ISO-3 codes, English, Russian or Polish names, or common
            variants ("РФ", "USA", "UK"); any case and spacing.

    Returns:
        "str" Series under the same index: the alpha-2 code, NA when missing or unknown.

    Example:
        >>> country_codes(pd.Series(["Россия", "polska", "USA", "Narnia"])).tolist()
        ['RU', 'PL', 'US', nan]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = pd.array([country_code(str(v)) for v in uniques] + [None], dtype="str")
    return pd.Series(mapped.take(codes), index=values.index, name=values.name, dtype="str")
