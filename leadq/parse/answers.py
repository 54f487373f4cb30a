"""Yes / no / don't-know answers to qualification questions, in RU, PL and EN.

Sales reps and forms fill "need", "decision maker", "solution fit" and "trust" with yes/no
words or short phrases ("есть потребность", "no need", "nie wiem", "ЛПР", "not the decision
maker"). An answer reads as True, False or NA (don't know, or missing); "не знаю" is checked
before "не ...", and a negation before a yes word, so "no, not yet" is False.
"""

from __future__ import annotations

import pandas as pd

_L = r"[^\W\d_]"

UNSURE = (
    r"не знаю|не уверен\w*|неизвестно|возможно|может быть|пока неясно|unknown|not sure|maybe"
    r"|perhaps|don'?t know|dunno|unsure|tbd|n/a|nie wiem|może|być może|nie jestem pewien|trudno "
    r"powiedzieć|\?+"
)
NO = r"нет|не|нету|отсутству\w*|no|not|none|false|nope|n|0|nie|brak|żadn\w*|nein"
YES = (
    r"да|есть|конечно|имеется|подтвержд\w*|lpr|лпр|yes|y|yeah|yep|sure|true|of course"
    r"|absolutely|confirmed|1|\+|tak|jest|oczywiście|potwierdz\w*|decydent\w*|ja|x"
    r"|decision maker"
)


def parse_answers(texts: pd.Series, free_text_means_yes: bool = False) -> pd.Series:
    """True / False / NA for case-folded answers (a boolean Series).

    Args:
        texts: case-folded answers, None when missing.
        free_text_means_yes: whether any other text counts as yes: a described need
            ("нужна CRM для отдела продаж") states a need; a comment in a trust field does not
            state trust.
    """
    unsure = _starts_with(texts, UNSURE)
    no = _starts_with(texts, NO) & ~unsure
    yes = _starts_with(texts, YES) & ~unsure & ~no
    answer = pd.Series(pd.NA, index=texts.index, dtype="boolean")
    answer[yes] = True
    answer[no] = False
    if free_text_means_yes:
        other = texts.notna() & ~unsure & ~no & ~yes
        answer[other & texts.str.contains(_L).fillna(False).astype(bool)] = True
    return answer


def _starts_with(texts: pd.Series, words: str) -> pd.Series:
    pattern = rf"\s*(?:{words})(?![^\W_])"
    return texts.str.match(pattern).fillna(False).astype(bool)
