"""Job titles in RU, PL and EN -> authority level; decision-maker answers -> yes / no."""

from __future__ import annotations

import pandas as pd
import pytest

from leadq.parse.answers import parse_answers
from leadq.parse.authority import parse_authority_levels
from leadq.parse.per_value import parse_per_value


def level(title: str | None) -> str | None:
    values = pd.Series([title], dtype="str")
    parsed = parse_per_value(values, lambda folded: parse_authority_levels(folded).to_frame())
    value = parsed.iloc[0, 0]
    return None if pd.isna(value) else value


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Russian
        ("Генеральный директор", "owner_c_level"),
        ("генеральный директор", "owner_c_level"),
        ("Собственник", "owner_c_level"),
        ("Учредитель", "owner_c_level"),
        ("ИП", "owner_c_level"),
        ("Коммерческий директор", "director_head"),
        ("ИТ-директор", "director_head"),
        ("Руководитель отдела продаж", "director_head"),
        ("Начальник отдела", "director_head"),
        ("Главный бухгалтер", "director_head"),
        ("Руководитель проекта", "manager"),
        ("Менеджер по закупкам", "manager"),
        ("Ведущий специалист", "specialist"),
        ("Бухгалтер", "specialist"),
        ("Офис-менеджер", "specialist"),
        ("Помощник руководителя", "other"),  # an assistant to a head is no head
        ("Стажёр", "other"),
        # Polish
        ("Prezes zarządu", "owner_c_level"),
        ("Właściciel", "owner_c_level"),
        ("Członek Zarządu", "owner_c_level"),
        ("Dyrektor zarządzający", "owner_c_level"),
        ("Dyrektor handlowy", "director_head"),
        ("Kierownik", "director_head"),
        ("Kierownik działu sprzedaży", "director_head"),
        ("Kierownik projektu", "manager"),
        ("Specjalista ds. zakupów", "specialist"),
        ("Przedstawiciel handlowy", "specialist"),
        ("Asystentka", "other"),
        ("Stażysta", "other"),
        # English
        ("CEO", "owner_c_level"),
        ("CTO", "owner_c_level"),
        ("Founder", "owner_c_level"),
        ("Managing Director", "owner_c_level"),
        ("Chief Revenue Officer", "owner_c_level"),
        ("cto / co-founder", "owner_c_level"),
        ("Head of Sales", "director_head"),
        ("VP Sales", "director_head"),
        ("IT Director", "director_head"),
        ("Procurement Manager", "manager"),
        ("Team Lead", "manager"),
        ("Analyst", "specialist"),
        ("Engineer", "specialist"),
        ("Assistant", "other"),
        ("Intern", "other"),
        # German, as generated exports have it
        ("Geschäftsführer", "owner_c_level"),
        ("Einkaufsleiter", "director_head"),
        # nothing recognisable
        ("Pilot", "other"),
        ("asdf", "other"),
        ("12345", "other"),
        ("", None),
        (None, None),
    ],
)
def test_title_gives_level(title, expected):
    assert level(title) == expected


def answers(*texts: str | None, free_text_means_yes: bool = False) -> list[bool | None]:
    values = pd.Series(texts, dtype="str")
    parsed = parse_per_value(
        values, lambda folded: parse_answers(folded, free_text_means_yes).to_frame()
    )
    return [None if pd.isna(value) else bool(value) for value in parsed.iloc[:, 0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("да", True), ("Нет", False), ("ЛПР", True), ("не ЛПР", False), ("не знаю", None),
        ("tak", True), ("nie", False), ("decydent", True), ("nie wiem", None),
        ("yes", True), ("No", False), ("decision maker", True), ("not the decision maker", False),
        ("maybe", None), ("n/a", None), ("?", None), ("1", True), ("0", False), ("x", True),
        ("123", None), ("garbage", None), ("", None), (None, None),
    ],
)  # fmt: skip
def test_decision_maker_answer(text, expected):
    assert answers(text) == [expected]


def test_a_described_need_counts_as_yes_only_where_asked():
    texts = ("нужна CRM для отдела продаж", "нет потребности", "no need", "brak potrzeby", "12")
    assert answers(*texts, free_text_means_yes=True) == [True, False, False, False, None]
    assert answers(*texts) == [None, False, False, False, None]
