"""Job titles -> how much say the person has in a purchase, from RU, PL and EN (and DE) titles.

The levels are tried in ``LEVEL_PATTERNS`` order and the first that matches wins, so an
assistant to the CEO is not C-level and a project manager ("руководитель проекта") is not a
head of department. Functional directors (commercial, finance, IT) are ``director_head``; CxO
titles, general and managing directors, owners, founders and board members are
``owner_c_level``; a title that matches nothing is ``other``.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

_L = r"[^\W\d_]"


class AuthorityLevel(StrEnum):
    """The role level a job title names, most say first."""

    OWNER_C_LEVEL = "owner_c_level"
    DIRECTOR_HEAD = "director_head"
    MANAGER = "manager"
    SPECIALIST = "specialist"
    OTHER = "other"  # juniors (assistant, student, intern) and titles none of the lists name


LEVEL_PATTERNS: tuple[tuple[AuthorityLevel, str], ...] = (
    (AuthorityLevel.OTHER,
     r"assistant|помощни\w*|ассистент\w*|asystent\w*|secretary|секретар\w*|sekretar\w*"
     r"|student\w*|студент\w*|intern|стажер\w*|praktykant\w*|stażyst\w*|trainee|werkstudent"
     r"|praktikant\w*"),
    (AuthorityLevel.OWNER_C_LEVEL,
     r"c[a-z]o|chief \w+ officer|owner|co-?owner|founder|co-?founder|president|chairman"
     r"|managing director|executive director|managing partner|board member|partner"
     r"|генеральн\w* директор\w*|гендиректор\w*|ген\. ?директор\w*|исполнительн\w* директор\w*"
     r"|собственни\w*|владел\w*|совладел\w*|учредител\w*|соучредител\w*|основател\w*"
     r"|президент\w*|председател\w*|член\w* правлени\w*|ип|индивидуальн\w* предпринимател\w*"
     r"|prezes\w*|wiceprezes\w*|właściciel\w*|współwłaściciel\w*|założyciel\w*"
     r"|dyrektor\w* generaln\w*|dyrektor\w* zarządzając\w*|członek zarządu|zarząd\w*"
     r"|wspólnik|geschäftsführer\w*|inhaber\w*|vorstand\w*"),
    (AuthorityLevel.SPECIALIST, r"office[- ]manager|офис-?менеджер\w*"),
    (AuthorityLevel.MANAGER,
     r"project manager|product manager|руководител\w* проект\w*|kierownik\w* projekt\w*"
     r"|projektleiter\w*"),
    (AuthorityLevel.DIRECTOR_HEAD,
     r"director|head|vp|vice president|chief|директор\w*|руководител\w*|начальни\w*"
     r"|заведующ\w*|глава|заместител\w*|замдиректор\w*|главн\w*|dyrektor\w*|kierownik\w*"
     r"|szef\w*|główn\w*|zastępca|\w*leiter\w*|leitung|prokurist\w*"),
    (AuthorityLevel.MANAGER,
     r"manager|менеджер\w*|menedżer\w*|управляющ\w*|team ?lead\w*|тимлид\w*|lead|supervisor"
     r"|coordinator|координатор\w*|koordynator\w*|lider\w*"),
    (AuthorityLevel.SPECIALIST,
     r"specialist|специалист\w*|specjalist\w*|engineer|инженер\w*|inżynier\w*|analyst"
     r"|аналитик\w*|analityk\w*|accountant|бухгалтер\w*|księgow\w*|consultant|консультант\w*"
     r"|konsultant\w*|developer|разработчик\w*|programist\w*|informatyk\w*|администратор\w*"
     r"|administrator\w*|маркетолог\w*|marketer|handlowiec|przedstawiciel\w*|representative"
     r"|sales rep|sachbearbeiter\w*|expert|эксперт\w*|ekspert\w*|юрист\w*|lawyer|prawnik\w*"
     r"|designer|дизайнер\w*|buyer|закупщик\w*|logist\w*|логист\w*|officer|executive"),
)  # fmt: skip


def parse_authority_levels(titles: pd.Series) -> pd.Series:
    """The ``authority_level`` of case-folded job titles (NA where the title is missing)."""
    level = pd.Series(None, index=titles.index, dtype=object)
    for name, pattern in LEVEL_PATTERNS:
        hit = titles.str.contains(rf"(?<!{_L})(?:{pattern})(?!{_L})").fillna(False).astype(bool)
        level = level.mask(hit & level.isna(), name.value)
    return level.mask(titles.notna() & level.isna(), AuthorityLevel.OTHER.value).astype("str")
