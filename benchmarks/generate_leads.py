"""Seeded generator of realistic B2B lead exports (Russian, Polish, English/German leads).

One generator feeds the shipped examples and the benchmarks::

    python benchmarks/generate_leads.py --rows 1000000 --seed 7 --out benchmarks/data/leads_1m.csv
    python benchmarks/generate_leads.py --examples examples/

Same seed, same rows and headers -> byte-identical files. Every column is text; a missing value is
NA in the DataFrame and an empty field in the CSV, as an export read back with ``dtype=str``.

Speed comes from working on integer codes: each row draws indices into module-level pools with
numpy, values that belong to a company (name, domain, city, size, landline) are built once per
distinct company, and strings are joined with numpy object-array arithmetic. Duplicates (a person
contacting again) reuse the "identity" draws of an earlier row and redraw the presentation
(name order, case, phone format, legal-form spelling).

The last seven columns (website, tax id, decision maker, need, call notes, IP address and a
honeypot fax field) feed the junk filter, intent, enrichment and BANT stages; like every column
family they draw from their own random stream, so they left the first seventeen as they were.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import zlib
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from stdnum.gb import vat as gb_vat
from stdnum.iso7064 import mod_11_10
from stdnum.pl import nip as pl_nip
from stdnum.pl import regon as pl_regon
from stdnum.ru import inn as ru_inn
from stdnum.ru import ogrn as ru_ogrn

# --------------------------------------------------------------------------------------------
# Shape of the output
# --------------------------------------------------------------------------------------------

CORE_FIELDS: tuple[str, ...] = (
    "lead_id", "created", "source", "full_name", "company", "job_title", "email", "phone",
    "country", "city", "employees", "industry", "budget", "timeline", "message", "page_views",
    "webinar",
)  # fmt: skip
# Added later for qualification in depth (junk filter, intent, enrichment, BANT); their own random
# streams leave the core columns exactly as they were.
QUALIFICATION_FIELDS: tuple[str, ...] = (
    "website", "tax_id", "decision_maker", "need", "call_notes", "ip_address", "fax",
)  # fmt: skip
FIELDS: tuple[str, ...] = CORE_FIELDS + QUALIFICATION_FIELDS

HEADERS: dict[str, tuple[str, ...]] = {
    "en": (
        "Lead ID", "Created", "Source", "Full Name", "Company", "Job Title", "Email", "Phone",
        "Country", "City", "Employees", "Industry", "Budget", "Timeline", "Message",
        "Page Views", "Webinar", "Website", "Tax ID", "Decision Maker", "Need", "Call Notes",
        "IP Address", "Leave Empty",
    ),
    "ru": (
        "ID", "Дата создания", "Источник", "ФИО", "Компания", "Должность", "Эл. почта",
        "Телефон", "Страна", "Город", "Количество сотрудников", "Отрасль", "Бюджет", "Сроки",
        "Комментарий", "Просмотры страниц", "Вебинар", "Сайт", "ИНН", "ЛПР", "Потребность",
        "Заметки звонка", "IP-адрес", "Не заполнять",
    ),
    "pl": (
        "ID", "Data utworzenia", "Źródło", "Imię i nazwisko", "Firma", "Stanowisko",
        "Adres e-mail", "Telefon", "Kraj", "Miasto", "Liczba pracowników", "Branża", "Budżet",
        "Termin", "Wiadomość", "Odsłony", "Webinar", "Strona www", "NIP", "Decydent", "Potrzeba",
        "Notatki z rozmowy", "Adres IP", "Nie wypełniać",
    ),
}  # fmt: skip

# Lead "languages": who the lead is (names, company forms, phone plan, free-mail providers).
LANGS: tuple[str, ...] = ("ru", "pl", "gb", "us", "de")
DEFAULT_MIX: dict[str, float] = {"ru": 0.40, "pl": 0.35, "gb": 0.10, "us": 0.08, "de": 0.07}

PERIOD_END = datetime(2026, 11, 20)
PERIOD_DAYS = 120
DUPLICATE_SHARE = 0.15
BROKEN_SOURCE = "landing_promo"

PoolByLang = Mapping[str, Sequence[str]]
WeightsByLang = Mapping[str, Sequence[float]]


# --------------------------------------------------------------------------------------------
# Small numpy helpers
# --------------------------------------------------------------------------------------------


def _rng(seed: int, family: str) -> np.random.Generator:
    """An independent stream per column family: editing one family leaves the others as they are."""
    return np.random.default_rng([seed, zlib.crc32(family.encode())])


def _obj(values: Sequence[object]) -> np.ndarray:
    """A 1-D object array (strings stay Python strings, None stays None)."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _categorical(
    rng: np.random.Generator, n: int, weights: Sequence[float] | np.ndarray
) -> np.ndarray:
    cum = np.cumsum(np.asarray(weights, dtype=float))
    idx = np.searchsorted(cum / cum[-1], rng.random(n), side="right")
    return np.minimum(idx, len(cum) - 1)


def _hash_u(keys: np.ndarray, salt: int) -> np.ndarray:
    """Uniform [0, 1) floats that are a pure function of (key, salt): splitmix64."""
    x = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt * 0x632BE5AB + 1)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))


def _pick_weighted(u: np.ndarray, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    cum = np.cumsum(np.asarray(weights, dtype=float))
    return np.minimum(np.searchsorted(cum / cum[-1], u, side="right"), len(cum) - 1)


def _per_lang(
    rng: np.random.Generator,
    lang: np.ndarray,
    pools: PoolByLang,
    weights: WeightsByLang | None = None,
) -> np.ndarray:
    """For each row, a value from the pool of its language ("" in a pool means missing)."""
    out = np.empty(lang.size, dtype=object)
    u = rng.random(lang.size)
    for code, name in enumerate(LANGS):
        rows = lang == code
        pool = _obj([v or None for v in pools[name]])
        w = weights[name] if weights is not None else [1.0] * len(pool)
        out[rows] = pool[_pick_weighted(u[rows], w)]
    return out


def _inherit(fresh: np.ndarray, ctx: Context, keep: float, rng: np.random.Generator) -> np.ndarray:
    """Identity value of the first contact; a repeat keeps it with probability ``keep``."""
    out = fresh[ctx.who]
    changed = ctx.dup & (rng.random(ctx.n) >= keep)
    out[changed] = fresh[changed]
    return out


def _blank(values: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    out = values.copy()
    out[rng.random(values.size) < share] = None
    return out


def _recase(values: np.ndarray, rng: np.random.Generator, upper: float, lower: float) -> np.ndarray:
    """ALL CAPS / all lower case noise on a share of rows (missing values stay missing)."""
    out = values.copy()
    u = rng.random(values.size)
    present = pd.notna(values)
    up, low = present & (u < upper), present & (u >= upper) & (u < upper + lower)
    out[up] = _obj([s.upper() for s in values[up]])
    out[low] = _obj([s.lower() for s in values[low]])
    return out


# --------------------------------------------------------------------------------------------
# Transliteration (pools only, never per row)
# --------------------------------------------------------------------------------------------

_RU_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_FOLD = str.maketrans(
    {"ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
     "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "'": "", " ": "", "-": "", "&": "", ".": ""}
)  # fmt: skip


def latin(text: str) -> str:
    """Lower-case ASCII spelling for e-mail locals and domains: Фёдоров -> fedorov, Łódź -> lodz."""
    low = text.lower()
    return "".join(_RU_LATIN.get(ch, ch) for ch in low).translate(_FOLD)


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

RU_FIRST_M: tuple[str, ...] = (
    "Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Иван", "Евгений", "Михаил",
    "Владимир", "Николай", "Артём", "Павел", "Денис", "Роман", "Игорь", "Олег", "Антон", "Кирилл",
    "Константин", "Виктор", "Юрий", "Илья", "Никита", "Вадим", "Станислав", "Борис", "Григорий",
    "Василий", "Пётр",
)  # fmt: skip
RU_FIRST_F: tuple[str, ...] = (
    "Елена", "Ольга", "Анна", "Татьяна", "Наталья", "Ирина", "Екатерина", "Мария", "Светлана",
    "Юлия", "Анастасия", "Марина", "Дарья", "Ксения", "Виктория", "Алина", "Евгения", "Надежда",
    "Людмила", "Галина", "Вера", "Полина", "Кристина", "Валентина", "Оксана",
)  # fmt: skip
RU_LAST: tuple[str, ...] = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев",
    "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов",
    "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов",
    "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
    "Мартынов", "Ефимов", "Щербаков", "Назаров", "Калинин", "Исаев", "Быков", "Маслов",
    "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Голубев", "Кудрявцев", "Прохоров",
    "Шевченко", "Бондаренко", "Ковальчук", "Лысенко", "Высоцкий", "Троицкий", "Покровский",
    "Успенский",
)  # fmt: skip
RU_PATRONYMIC: tuple[tuple[str, str], ...] = tuple(
    (male, male[:-2] + "на")
    for male in (
        "Александрович", "Сергеевич", "Владимирович", "Андреевич", "Алексеевич", "Дмитриевич",
        "Николаевич", "Михайлович", "Викторович", "Юрьевич", "Петрович", "Олегович",
        "Евгеньевич", "Павлович", "Игоревич", "Анатольевич", "Васильевич", "Геннадьевич",
        "Борисович", "Иванович", "Константинович", "Валерьевич", "Романович", "Максимович",
    )
)  # fmt: skip
PL_FIRST_M: tuple[str, ...] = (
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub", "Adam",
    "Łukasz", "Mateusz", "Marek", "Grzegorz", "Jan", "Wojciech", "Kamil", "Maciej", "Dariusz",
    "Rafał", "Zbigniew", "Robert", "Mariusz", "Jerzy", "Sebastian", "Przemysław", "Bartosz",
    "Szymon", "Dawid", "Jacek", "Stanisław",
)  # fmt: skip
PL_FIRST_F: tuple[str, ...] = (
    "Anna", "Katarzyna", "Maria", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna",
    "Magdalena", "Elżbieta", "Joanna", "Aleksandra", "Monika", "Zofia", "Natalia", "Justyna",
    "Karolina", "Marta", "Beata", "Dorota", "Paulina", "Agata", "Weronika", "Iwona", "Julia",
)  # fmt: skip
PL_LAST: tuple[str, ...] = (
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
    "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
    "Wojciechowski", "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając",
    "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski",
    "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Adamczyk", "Dudek", "Nowicki",
    "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora", "Baran", "Rutkowski", "Michalak",
    "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak", "Zalewski", "Wróblewski", "Marciniak",
    "Jasiński", "Zawadzki", "Bąk", "Jakubowski", "Sadowski", "Duda", "Włodarczyk", "Wilk",
    "Chmielewski", "Borkowski", "Sokołowski", "Szczepański", "Sawicki", "Lis", "Kucharski",
    "Mazurek", "Kubiak", "Kalinowski", "Wysocki",
)  # fmt: skip
EN_FIRST_M: tuple[str, ...] = (
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
    "Daniel", "Matthew", "Mark", "Paul", "Steven", "Andrew", "Oliver", "George", "Harry", "Jack",
    "Chris", "Ryan", "Kevin", "Brian", "Jason", "Tom",
)  # fmt: skip
EN_FIRST_F: tuple[str, ...] = (
    "Sarah", "Emily", "Emma", "Olivia", "Jessica", "Jennifer", "Elizabeth", "Mary", "Laura",
    "Sophie", "Rachel", "Amy", "Hannah", "Lucy", "Karen", "Linda", "Lisa", "Megan", "Nancy",
    "Patricia",
)  # fmt: skip
EN_LAST: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
    "Anderson", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker",
    "Adams", "Hill", "Campbell", "Evans", "Edwards", "Hughes", "Roberts", "Turner", "Phillips",
    "Parker", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Bell", "Ward",
    "Cooper", "Bailey", "O'Brien", "Kelly",
)  # fmt: skip
DE_FIRST_M: tuple[str, ...] = (
    "Thomas", "Michael", "Andreas", "Stefan", "Markus", "Christian", "Alexander", "Jürgen",
    "Frank", "Peter", "Klaus", "Tobias", "Jan", "Florian", "Lukas", "Matthias", "Sebastian", "Uwe",
)  # fmt: skip
DE_FIRST_F: tuple[str, ...] = (
    "Sabine", "Petra", "Julia", "Anna", "Katharina", "Andrea", "Claudia", "Susanne", "Nicole",
    "Lena", "Laura", "Monika", "Birgit", "Stefanie",
)  # fmt: skip
DE_LAST: tuple[str, ...] = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
    "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Köhler", "Maier", "Herrmann", "König",
)  # fmt: skip

JUNK_NAMES: tuple[str, ...] = (
    "test", "asdf", "qwerty", "aaaa", "тест", "Test Testov", "Тест Тестов", "йцукен", "xxx",
    "123", "фыва", "Test", "abc", "-", "...", "ggg", "Тестовый Лид",
)  # fmt: skip
JUNK_EMAILS: tuple[str, ...] = (
    "test@test.com", "test@test.ru", "asdf@asdf.com", "qwerty@gmail.com", "aaa@aaa.aa",
    "123@mail.ru", "test@mail.ru", "a@a.ru", "xxx@xxx.xx",
)  # fmt: skip


def _female_ru(last: str) -> str:
    if last.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return last + "а"
    if last.endswith("ий"):
        return last[:-2] + "ая"
    return last


def _female_pl(last: str) -> str:
    return last[:-1] + "a" if last.endswith("ki") else last


NameParts = tuple[np.ndarray, np.ndarray, np.ndarray]


def _initial(values: np.ndarray) -> np.ndarray:
    return np.asarray(np.frompyfunc(lambda s: s[:1] + ".", 1, 1)(values), dtype=object)


# How a form's name field gets filled in: F first name, L last name, P patronymic, f. initial.
NAME_FORMATS: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]] = {
    "F L": lambda fn, ln, pn: fn + " " + ln,
    "L F": lambda fn, ln, pn: ln + " " + fn,
    "L F P": lambda fn, ln, pn: ln + " " + fn + " " + pn,
    "F P L": lambda fn, ln, pn: fn + " " + pn + " " + ln,
    "F P": lambda fn, ln, pn: fn + " " + pn,
    "L f.p.": lambda fn, ln, pn: ln + " " + _initial(fn) + _initial(pn),
    "L, F": lambda fn, ln, pn: ln + ", " + fn,
    "f. L": lambda fn, ln, pn: _initial(fn) + " " + ln,
    "F": lambda fn, ln, pn: fn.copy(),
}  # fmt: skip


@dataclass(frozen=True)
class NamePool:
    """First names, surnames and patronymics of one language, male block first."""

    first: tuple[str, ...]
    last: tuple[str, ...]
    patronymic: tuple[str, ...]
    males: int  # first/last/patronymic entries [0, males) are male, the rest female
    last_males: int
    formats: tuple[str, ...]  # keys of NAME_FORMATS
    format_weights: tuple[float, ...]


NAME_POOLS: dict[str, NamePool] = {
    "ru": NamePool(
        RU_FIRST_M + RU_FIRST_F,
        RU_LAST + tuple(_female_ru(s) for s in RU_LAST),
        tuple(m for m, _ in RU_PATRONYMIC) + tuple(f for _, f in RU_PATRONYMIC),
        len(RU_FIRST_M),
        len(RU_LAST),
        ("L F P", "F L", "L F", "F P L", "F", "L f.p.", "F P"),
        (0.30, 0.35, 0.15, 0.03, 0.07, 0.05, 0.05),
    ),
    "pl": NamePool(
        PL_FIRST_M + PL_FIRST_F,
        PL_LAST + tuple(_female_pl(s) for s in PL_LAST),
        (),
        len(PL_FIRST_M),
        len(PL_LAST),
        ("F L", "L F", "F", "f. L"),
        (0.80, 0.12, 0.06, 0.02),
    ),
    "gb": NamePool(
        EN_FIRST_M + EN_FIRST_F, EN_LAST + EN_LAST, (), len(EN_FIRST_M), len(EN_LAST),
        ("F L", "L, F", "F", "f. L"), (0.85, 0.05, 0.07, 0.03),
    ),
    "us": NamePool(
        EN_FIRST_M + EN_FIRST_F, EN_LAST + EN_LAST, (), len(EN_FIRST_M), len(EN_LAST),
        ("F L", "L, F", "F", "f. L"), (0.86, 0.04, 0.07, 0.03),
    ),
    "de": NamePool(
        DE_FIRST_M + DE_FIRST_F, DE_LAST + DE_LAST, (), len(DE_FIRST_M), len(DE_LAST),
        ("F L", "L, F", "F", "f. L"), (0.78, 0.12, 0.06, 0.04),
    ),
}  # fmt: skip


@dataclass
class Person:
    """Per-row name parts: display strings and their ASCII spellings for e-mail addresses."""

    first: np.ndarray
    last: np.ndarray
    patronymic: np.ndarray
    first_lat: np.ndarray
    last_lat: np.ndarray
    junk: np.ndarray  # bool


def _skewed_index(u: np.ndarray, size: int) -> np.ndarray:
    """Pool index with the first entries (the common names) more likely."""
    return np.minimum((u**1.6 * size).astype(np.intp), size - 1)


def _people(ctx: Context, seed: int) -> Person:
    rng = _rng(seed, "people")
    n = ctx.n
    male = rng.random(n) < 0.55
    u_first, u_last, u_patr = rng.random(n), rng.random(n), rng.random(n)
    parts = {k: np.empty(n, dtype=object) for k in ("f", "l", "p", "fl", "ll")}
    for code, name in enumerate(LANGS):
        rows = ctx.lang == code
        pool, m = NAME_POOLS[name], male[rows]
        nf_m, nf_f = pool.males, len(pool.first) - pool.males
        fi = np.where(
            m, _skewed_index(u_first[rows], nf_m), nf_m + _skewed_index(u_first[rows], nf_f)
        )
        li = _skewed_index(u_last[rows], pool.last_males) + np.where(m, 0, pool.last_males)
        first, last = _obj(pool.first), _obj(pool.last)
        parts["f"][rows], parts["l"][rows] = first[fi], last[li]
        parts["fl"][rows] = _obj([latin(s) for s in pool.first])[fi]
        parts["ll"][rows] = _obj([latin(s) for s in pool.last])[li]
        if pool.patronymic:
            half = len(pool.patronymic) // 2
            pi = _skewed_index(u_patr[rows], half) + np.where(m, 0, half)
            parts["p"][rows] = _obj(pool.patronymic)[pi]
        else:
            parts["p"][rows] = ""
    junk = rng.random(n) < 0.025
    who = ctx.who
    return Person(
        parts["f"][who],
        parts["l"][who],
        parts["p"][who],
        parts["fl"][who],
        parts["ll"][who],
        junk[who],
    )


def _full_names(ctx: Context, person: Person, seed: int) -> np.ndarray:
    rng = _rng(seed, "full_name")
    n = ctx.n
    out = np.empty(n, dtype=object)
    u = rng.random(n)
    first, last, patr = person.first, person.last, person.patronymic
    for code, name in enumerate(LANGS):
        pool = NAME_POOLS[name]
        fmt = _pick_weighted(u, pool.format_weights)
        for k, key in enumerate(pool.formats):
            rows = (ctx.lang == code) & (fmt == k)
            if rows.any():
                out[rows] = NAME_FORMATS[key](first[rows], last[rows], patr[rows])
    out = _recase(out, rng, upper=0.03, lower=0.04)
    junk = _obj(JUNK_NAMES)[rng.integers(0, len(JUNK_NAMES), n)]
    out[person.junk] = junk[person.junk]
    return _blank(out, rng, 0.02)


# --------------------------------------------------------------------------------------------
# Companies
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanyPool:
    """Company names of one language.

    Rank r < len(heads) is a plain two-part or single-word name; further ranks combine a
    three-part compound with an extra word, which gives a long tail of distinct firms.
    """

    prefixes: tuple[str, ...]
    middles: tuple[str, ...]
    suffixes: tuple[str, ...]
    singles: tuple[str, ...]
    extras: tuple[str, ...]
    joiner: str  # between prefix and suffix of a two-part name
    forms: tuple[tuple[str, ...], ...]  # per legal form: spellings, the usual one first
    form_weights: tuple[float, ...]
    tlds: tuple[str, ...]
    tld_weights: tuple[float, ...]
    junk: tuple[str, ...]


SPELLING_WEIGHTS = (0.55, 0.15, 0.1, 0.08, 0.06, 0.03, 0.02, 0.01)

# Company-name parts shared by the British and American pools.
ENGLISH_PREFIXES = (
    "Acme", "Blue", "North", "Bright", "Global", "Apex", "Nova", "Silver", "Iron", "Green",
    "Red", "Summit", "Pioneer", "Vertex", "Quantum", "Pinnacle", "Harbor", "Atlas",
    "Cedar", "Oak", "Falcon", "Eagle", "Crown", "Prime", "Core", "Clear", "Swift", "Bold",
    "True", "Stone",
)  # fmt: skip
ENGLISH_MIDDLES = (
    "point", "field", "wood", "bridge", "stone", "gate", "line", "way", "view", "star",
)  # fmt: skip
ENGLISH_SUFFIXES = (
    "Systems", "Solutions", "Labs", "Logistics", "Works", "Digital", "Partners", "Tech",
    "Media", "Analytics", "Software", "Group", "Industries", "Dynamics", "Networks",
    "Consulting", "Capital", "Health", "Foods", "Energy",
)  # fmt: skip
ENGLISH_SINGLES = ("ACME", "Initech", "Globex", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne")

COMPANY_POOLS: dict[str, CompanyPool] = {
    "ru": CompanyPool(
        prefixes=(
            "Техно", "Строй", "Агро", "Мед", "Инфо", "Энерго", "Газ", "Нефть", "Транс", "Лог",
            "Софт", "Вест", "Сиб", "Урал", "Волга", "Пром", "Электро", "Метал", "Хим", "Альфа",
            "Бизнес", "Инвест", "Дата", "Сервис", "Торг", "Гео", "Эко", "Био", "Нано", "Авто",
            "Тепло", "Водо", "Спец", "Глобал", "Нова", "Прайм", "Стандарт", "Профи", "Мега", "Росс",
        ),
        middles=("пром", "строй", "торг", "мет", "тех", "энерго", "снаб", "лес", "агро", "хим",
                 "нефте", "мол", "авто", "инжиниринг", "комплект"),
        suffixes=(
            "Сервис", "Групп", "Строй", "Пром", "Торг", "Систем", "Инвест", "Логистик", "Лайн",
            "Трейд", "Снаб", "Комплекс", "Проект", "Маркет", "Софт", "Тех", "Инжиниринг", "Холдинг",
            "Партнёр", "Ресурс", "Консалт", "Девелопмент", "Монтаж", "Снабжение", "Поставка",
            "Технологии", "Решения", "Центр", "Альянс", "Капитал", "Медиа", "Телеком", "Автоматика",
            "Механика", "Индустрия", "Фарм", "Продукт", "Лаб", "Вектор", "Плюс",
        ),
        singles=(
            "Ромашка", "Вектор", "Альфа", "Гарант", "Меридиан", "Орион", "Спектр", "Атлант",
            "Фортуна", "Магистраль", "Лидер", "Сфера", "Империя", "Восток", "Кристалл", "Феникс",
            "Горизонт", "Радуга", "Берёзка", "Престиж", "Эталон", "Монолит", "Прогресс",
            "Авангард", "Ресурс", "Континент", "Стандарт", "Бизнес-Линия", "Рассвет", "Сибирь",
        ),
        extras=("", "-М", " Плюс", "-Центр", "-Урал", "-Сибирь", "-Юг", "-Север", " Регион",
                "-Нева", "-Волга", "-НН", " Проект", " Инвест", " 2000", " XXI"),
        joiner="",
        forms=(
            ("ООО «{n}»", "ООО \"{n}\"", "{n}", "ООО {n}", "{l} LLC", "{n}, ООО",
             "Общество с ограниченной ответственностью «{n}»", "OOO \"{l}\""),
            ("АО «{n}»", "АО \"{n}\"", "{n}", "Акционерное общество «{n}»", "{l} JSC"),
            ("ЗАО «{n}»", "ЗАО \"{n}\"", "{n}", "ЗАО {n}"),
            ("ПАО «{n}»", "ПАО \"{n}\"", "{n}", "{l} PJSC"),
            ("{n}", "ГК «{n}»", "Группа компаний «{n}»", "ТД «{n}»"),
        ),
        form_weights=(0.72, 0.10, 0.05, 0.03, 0.10),
        tlds=(".ru", ".com", ".su", ".net"),
        tld_weights=(0.86, 0.09, 0.02, 0.03),
        junk=("-", "нет", "частное лицо", "Физ. лицо", "ИП", "не работаю", "test"),
    ),
    "pl": CompanyPool(
        prefixes=(
            "Pol", "Bud", "Trans", "Agro", "Med", "Tech", "Inter", "Euro", "Info", "Eko", "Kom",
            "Stal", "Drew", "Elektro", "Hydro", "Term", "Auto", "Art", "Max", "Nord", "Wod", "Gaz",
            "Chem", "Plast", "Met", "Sys", "Net", "Graf", "Print", "Rol", "Mar", "Pro", "Bel",
            "Ster", "Ener", "Fin", "Lux", "Dom", "Rem", "Kras",
        ),
        middles=("pol", "bud", "med", "tech", "trans", "kom", "eko", "stal", "mont", "hurt",
                 "serw", "dom", "ter", "gaz", "lab"),
        suffixes=(
            "ex", "pol", "mat", "bud", "tech", "soft", "med", "trans", "net", "plast", "met",
            "chem", "lux", "tex", "max", "gaz", "rem", "serwis", "instal", "system", "bet", "drew",
            "hurt", "land", "sped", "tor", "mex", "ster", "graf", "kom", "dach", "okna", "ogrod",
            "stal", "farm", "agro", "tel", "bis", "lab", "mar",
        ),
        singles=(
            "Kowalski i Syn", "Nowak i Wspólnicy", "Wiśniewski i Partnerzy", "Orion", "Atlas",
            "Delta", "Sigma", "Zakład Stolarski Kamiński", "Lewandowski Transport",
            "Piekarnia Zielińska", "Wójcik Serwis", "Mazur Logistyka", "Krawczyk Budownictwo",
            "Polmos", "Wawel", "Gryf", "Sokół", "Jantar", "Bursztyn", "Mazowsze",
        ),
        extras=("", " Polska", " Serwis", " Plus", " Group", " Trade", " Consulting", " System",
                " Logistics", " Kraków", " Poznań", " Śląsk", " Mazowsze", " Bis", " Invest",
                " Projekt"),
        joiner="",
        forms=(
            ("{n} Sp. z o.o.", "{n} sp. z o.o.", "{n}", "{n} Sp.z o.o.", "{n} SP. Z O.O.",
             "{n} spółka z ograniczoną odpowiedzialnością", "{n} Sp. z o. o."),
            ("{n} S.A.", "{n} SA", "{n}", "{n} Spółka Akcyjna"),
            ("{n} sp.j.", "{n} Spółka Jawna", "{n}", "{n} s.j."),
            ("{n} Sp. k.", "{n} sp.k.", "{n}", "{n} Spółka Komandytowa"),
            ("{n}", "P.H.U. {n}", "F.H.U. {n}", "PPHU {n}"),
        ),
        form_weights=(0.64, 0.08, 0.08, 0.06, 0.14),
        tlds=(".pl", ".com.pl", ".com", ".eu"),
        tld_weights=(0.78, 0.12, 0.07, 0.03),
        junk=("-", "brak", "osoba prywatna", "prywatnie", "nie dotyczy", "test"),
    ),
    "gb": CompanyPool(
        prefixes=ENGLISH_PREFIXES,
        middles=ENGLISH_MIDDLES,
        suffixes=ENGLISH_SUFFIXES,
        singles=ENGLISH_SINGLES,
        extras=("", " UK", " Europe", " International", " Holdings", " North", " West", " Global",
                " Services", " Trading", " Scotland", " London"),
        joiner=" ",
        forms=(
            ("{n} Ltd", "{n} Ltd.", "{n} Limited", "{n}", "{n} LTD"),
            ("{n} plc", "{n} PLC", "{n}"),
            ("{n}", "{n} & Co"),
        ),
        form_weights=(0.80, 0.05, 0.15),
        tlds=(".co.uk", ".com", ".uk", ".io"),
        tld_weights=(0.6, 0.3, 0.05, 0.05),
        junk=("-", "n/a", "none", "Private", "self-employed", "test"),
    ),
    "us": CompanyPool(
        prefixes=ENGLISH_PREFIXES,
        middles=ENGLISH_MIDDLES,
        suffixes=ENGLISH_SUFFIXES,
        singles=ENGLISH_SINGLES,
        extras=("", " USA", " America", " International", " Holdings", " West", " East",
                " Global", " Services", " Texas", " California", " NY"),
        joiner=" ",
        forms=(
            ("{n}, Inc.", "{n} Inc", "{n} Inc.", "{n}", "{n} Incorporated"),
            ("{n} LLC", "{n}, LLC", "{n}", "{n} L.L.C."),
            ("{n} Corp.", "{n} Corporation", "{n}"),
        ),
        form_weights=(0.45, 0.40, 0.15),
        tlds=(".com", ".io", ".net", ".us"),
        tld_weights=(0.82, 0.08, 0.07, 0.03),
        junk=("-", "n/a", "none", "Private", "self-employed", "test"),
    ),
    "de": CompanyPool(
        prefixes=("Nord", "Süd", "Rhein", "Alpen", "Euro", "Tech", "Bau", "Elektro", "Data",
                  "Stahl", "Auto", "Hansa", "Berg", "Licht", "Main"),
        middles=("werk", "bau", "tec", "haus", "land", "feld", "stein", "tal"),
        suffixes=("Technik", "Systeme", "Logistik", "Bau", "Service", "Software", "Handel",
                  "Werke", "Consulting", "Medien"),
        singles=("Müller & Söhne", "Schmidt Maschinenbau", "Weber Elektrotechnik"),
        extras=("", " Deutschland", " Nord", " Süd", " International", " Holding", " Berlin",
                " Bayern", " Service", " Gruppe"),
        joiner=" ",
        forms=(
            ("{n} GmbH", "{n} Gmbh", "{n}", "{n} GMBH"),
            ("{n} GmbH & Co. KG", "{n} GmbH & Co KG", "{n}"),
            ("{n} AG", "{n}"),
        ),
        form_weights=(0.70, 0.18, 0.12),
        tlds=(".de", ".com", ".eu"),
        tld_weights=(0.85, 0.12, 0.03),
        junk=("-", "privat", "keine", "n/a", "test"),
    ),
}  # fmt: skip

# Two-part and single-word names of each language: the most frequent companies.
COMPANY_HEADS: dict[str, tuple[str, ...]] = {
    lang: pool.singles + tuple(p + pool.joiner + s for p in pool.prefixes for s in pool.suffixes)
    for lang, pool in COMPANY_POOLS.items()
}


# ASCII spellings of every name part, for domains: (heads, prefixes, middles, suffixes, extras).
COMPANY_LATIN: dict[str, tuple[tuple[str, ...], ...]] = {
    lang: tuple(
        tuple(latin(x) for x in part)
        for part in (COMPANY_HEADS[lang], pool.prefixes, pool.middles, pool.suffixes, pool.extras)
    )
    for lang, pool in COMPANY_POOLS.items()
}


def _company_pool_size(lang: str) -> int:
    pool = COMPANY_POOLS[lang]
    tail = len(pool.prefixes) * len(pool.middles) * len(pool.suffixes) * len(pool.extras)
    return len(COMPANY_HEADS[lang]) + tail


# Company ranks are drawn Zipf-Mandelbrot: p(r) ~ 1 / (r + Q) ** S.
ZIPF_S = 1.15
ZIPF_Q = 40.0
LANG_STRIDE = 1 << 24  # global company id = lang * LANG_STRIDE + rank


@cache
def _zipf_cdf(size: int) -> np.ndarray:
    weights = 1.0 / (np.arange(size, dtype=float) + ZIPF_Q) ** ZIPF_S
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def _company_stem(lang: str, rank: int) -> tuple[str, str]:
    """Display name and ASCII domain stem of the company at ``rank`` (a fixed scramble)."""
    pool, heads = COMPANY_POOLS[lang], COMPANY_HEADS[lang]
    lat_heads, lat_pre, lat_mid, lat_suf, lat_extra = COMPANY_LATIN[lang]
    if rank < len(heads):
        k = (rank * 7919 + 11) % len(heads)
        return heads[k], lat_heads[k]
    x = rank - len(heads)
    n_pre, n_mid, n_suf = len(pool.prefixes), len(pool.middles), len(pool.suffixes)
    compounds = n_pre * n_mid * n_suf
    t = (x * 104729 + 7) % compounds
    i, j, k, e = (
        t % n_pre,
        (t // n_pre) % n_mid,
        t // (n_pre * n_mid),
        (x // compounds) % len(pool.extras),
    )
    head, tail = pool.prefixes[i] + pool.middles[j], pool.suffixes[k]
    stem = (
        head + " " + tail if pool.joiner else head + tail.lower()
    )  # Bluepoint Systems / Технопромсервис
    return stem + pool.extras[e], lat_pre[i] + lat_mid[j] + lat_suf[k] + lat_extra[e]


@dataclass
class Firms:
    """Per-row company facts (identity level: a repeat lead keeps its company)."""

    gid: np.ndarray  # global company id, -1 when the lead gave none
    name: np.ndarray  # the Company cell
    domain: np.ndarray  # e-mail domain of the company, None without one
    city: np.ndarray  # city index in the language's city pool
    size_class: np.ndarray
    industry: np.ndarray


def _firms(ctx: Context, seed: int) -> Firms:
    rng = _rng(seed, "companies")
    n = ctx.n
    rank = np.zeros(n, dtype=np.int64)
    u = rng.random(n)
    for code, name in enumerate(LANGS):
        rows = ctx.lang == code
        cdf = _zipf_cdf(_company_pool_size(name))
        rank[rows] = np.minimum(np.searchsorted(cdf, u[rows], side="right"), cdf.size - 1)
    gid = ctx.lang.astype(np.int64) * LANG_STRIDE + rank
    state = rng.random(n)  # < 0.08 empty, < 0.10 junk text, else a company
    gid = np.where(state < 0.10, -1, gid)[ctx.who]  # a repeat contact keeps the company
    state = state[ctx.who]
    names, domains = _company_cells(ctx, gid, rng)
    junk = _per_lang(rng, ctx.lang, {k: p.junk for k, p in COMPANY_POOLS.items()})
    names = np.where((state >= 0.08) & (state < 0.10), junk, names)
    cities = _company_cities(ctx, gid, rng)
    known = np.maximum(gid, 0)
    size_u = np.where(gid >= 0, _hash_u(known, 5), rng.random(n)[ctx.who])
    size_class = _pick_weighted(size_u, SIZE_WEIGHTS)
    industry = np.where(gid >= 0, (_hash_u(known, 6) * len(INDUSTRIES["en"])).astype(np.intp), -1)
    return Firms(gid, names, domains, cities, size_class, industry)


def _company_cells(
    ctx: Context, gid: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Company cell text and e-mail domain, built once per distinct (company, spelling).

    Each company has a legal form and a usual spelling of it; a row uses another spelling now and
    then (more often a repeat contact, typed by hand the second time).
    """
    usual = rng.random(ctx.n) < np.where(ctx.dup, 0.5, 0.8)
    spelling = np.where(usual, 0, _pick_weighted(rng.random(ctx.n), SPELLING_WEIGHTS) + 1)
    key = np.where(gid >= 0, gid * 16 + spelling, -1)
    uniq, inverse = np.unique(key, return_inverse=True)
    names, domains = np.empty(uniq.size, dtype=object), np.empty(uniq.size, dtype=object)
    valid = uniq >= 0
    ids, spellings = uniq[valid] // 16, uniq[valid] % 16
    langs = ids // LANG_STRIDE
    form, tld = np.empty(ids.size, dtype=np.intp), np.empty(ids.size, dtype=object)
    for code, name in enumerate(LANGS):
        mine, pool = langs == code, COMPANY_POOLS[name]
        form[mine] = _pick_weighted(_hash_u(ids[mine], 1), pool.form_weights)
        tld[mine] = _obj(pool.tlds)[_pick_weighted(_hash_u(ids[mine], 3), pool.tld_weights)]
    odd_usual = _hash_u(ids, 2)  # a few companies usually write themselves another way
    cells, doms = [], []
    for g, lg, sp, fm, ou, dot in zip(
        ids.tolist(),
        langs.tolist(),
        spellings.tolist(),
        form.tolist(),
        odd_usual.tolist(),
        tld,
        strict=True,
    ):
        display, stem = _company_stem(LANGS[lg], g % LANG_STRIDE)
        templates = COMPANY_POOLS[LANGS[lg]].forms[fm]
        usual_tpl = 0 if ou < 0.85 else 1 + int(ou * 1000) % max(1, len(templates) - 1)
        tpl = templates[usual_tpl if sp == 0 else (sp - 1) % len(templates)]
        cells.append(tpl.format(n=display, l=stem.capitalize()))
        doms.append(stem + dot)
    names[valid], domains[valid] = cells, doms
    return names[inverse], domains[inverse]


SIZE_CLASSES: tuple[tuple[int, int], ...] = (
    (1, 10), (11, 50), (51, 200), (201, 500), (501, 1000), (1001, 5000), (5001, 20000),
)  # fmt: skip
SIZE_WEIGHTS: tuple[float, ...] = (0.25, 0.30, 0.22, 0.10, 0.06, 0.05, 0.02)
SIZE_RANGE_TEXT: dict[str, tuple[str, ...]] = {
    "ru": ("1-10", "11-50", "50-200", "200-500", "500-1000", "1000-5000", "более 5000"),
    "pl": ("1-9", "10-49", "50-249", "250-499", "500-999", "1000-4999", "powyżej 5000"),
    "gb": ("1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5000+"),
    "us": ("1-10", "11-50", "51-200", "201-500", "501-1,000", "1,001-5,000", "5,000+"),
    "de": ("1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "über 5000"),
}
INDUSTRIES: dict[str, tuple[str, ...]] = {
    "ru": ("Производство", "Розничная торговля", "IT", "Строительство", "Логистика", "Финансы",
           "Медицина", "Образование", "Оптовая торговля", "Государственный сектор",
           "Телекоммуникации", "Недвижимость", "HoReCa", "Энергетика"),
    "pl": ("Produkcja", "Handel detaliczny", "IT", "Budownictwo", "Logistyka", "Finanse",
           "Medycyna", "Edukacja", "Handel hurtowy", "Administracja publiczna", "Telekomunikacja",
           "Nieruchomości", "Gastronomia", "Energetyka"),
    "en": ("Manufacturing", "Retail", "Software", "Construction", "Logistics",
           "Financial Services", "Healthcare", "Education", "Wholesale", "Government",
           "Telecommunications", "Real Estate", "Hospitality", "Energy"),
    "de": ("Produktion", "Einzelhandel", "IT", "Bauwesen", "Logistik", "Finanzen",
           "Gesundheitswesen", "Bildung", "Großhandel", "Öffentlicher Sektor",
           "Telekommunikation", "Immobilien", "Gastronomie", "Energie"),
}  # fmt: skip


def _company_cities(ctx: Context, gid: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """City index: the company's head office, or a random city for a lead without company."""
    out = np.empty(ctx.n, dtype=np.intp)
    u = np.where(gid >= 0, _hash_u(np.maximum(gid, 0), 4), rng.random(ctx.n))[ctx.who]
    for code, name in enumerate(LANGS):
        rows = ctx.lang == code
        out[rows] = _pick_weighted(u[rows], [c.weight for c in CITIES[name]])
    return out


# --------------------------------------------------------------------------------------------
# Geography and phones
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    name: str
    weight: float
    area_codes: tuple[str, ...]  # trunk/area codes of its landlines
    first_digits: str  # allowed first digit of a local number
    variants: tuple[str, ...] = ()  # other spellings seen in exports


CITIES: dict[str, tuple[City, ...]] = {
    "ru": (
        City("Москва", 0.35, ("495", "499"), "0123456789",
             ("г. Москва", "Moscow", "МОСКВА", "москва", "Мск")),
        City("Санкт-Петербург", 0.15, ("812",), "0123456789",
             ("СПб", "Санкт Петербург", "Saint Petersburg", "г. Санкт-Петербург")),
        City("Екатеринбург", 0.06, ("343",), "0123456789", ("Ekaterinburg", "г. Екатеринбург")),
        City("Новосибирск", 0.06, ("383",), "0123456789", ("Novosibirsk",)),
        City("Казань", 0.05, ("843",), "0123456789", ("Kazan", "г.Казань")),
        City("Нижний Новгород", 0.05, ("831",), "0123456789", ("Н. Новгород", "Нижний")),
        City("Самара", 0.04, ("846",), "0123456789"),
        City("Краснодар", 0.05, ("861",), "0123456789", ("г. Краснодар",)),
        City("Ростов-на-Дону", 0.04, ("863",), "0123456789", ("Ростов", "Ростов на Дону")),
        City("Уфа", 0.03, ("347",), "0123456789"),
        City("Пермь", 0.03, ("342",), "0123456789"),
        City("Воронеж", 0.03, ("473",), "0123456789"),
        City("Челябинск", 0.03, ("351",), "0123456789"),
        City("Тюмень", 0.02, ("345",), "0123456789"),
        City("Омск", 0.01, ("381",), "0123456789"),
    ),
    "pl": (
        City("Warszawa", 0.30, ("22",), "2345678", ("Warsaw", "WARSZAWA", "warszawa", "W-wa")),
        City("Kraków", 0.12, ("12",), "2345678", ("Krakow", "Cracow")),
        City("Wrocław", 0.09, ("71",), "2345678", ("Wroclaw",)),
        City("Poznań", 0.08, ("61",), "2345678", ("Poznan",)),
        City("Gdańsk", 0.07, ("58",), "2345678", ("Gdansk",)),
        City("Łódź", 0.07, ("42",), "2345678", ("Lodz",)),
        City("Katowice", 0.07, ("32",), "2345678"),
        City("Lublin", 0.05, ("81",), "2345678"),
        City("Szczecin", 0.05, ("91",), "2345678"),
        City("Bydgoszcz", 0.05, ("52",), "2345678"),
        City("Białystok", 0.03, ("85",), "2345678", ("Bialystok",)),
        City("Rzeszów", 0.02, ("17",), "2345678", ("Rzeszow",)),
    ),
    "gb": (
        City("London", 0.45, ("20",), "378", ("LONDON", "london", "Greater London")),
        City("Manchester", 0.15, ("161",), "2345678"),
        City("Birmingham", 0.12, ("121",), "234567"),
        City("Leeds", 0.08, ("113",), "2345"),
        City("Glasgow", 0.08, ("141",), "234567"),
        City("Edinburgh", 0.07, ("131",), "234567"),
        City("Bristol", 0.05, ("117",), "239"),
    ),
    "us": (
        City("New York", 0.28, ("212", "646"), "23456789", ("NYC", "New York, NY", "new york")),
        City("San Francisco", 0.12, ("415",), "23456789", ("SF",)),
        City("Chicago", 0.12, ("312",), "23456789"),
        City("Boston", 0.09, ("617",), "23456789"),
        City("Los Angeles", 0.10, ("310",), "23456789", ("LA",)),
        City("Austin", 0.08, ("512",), "23456789"),
        City("Seattle", 0.08, ("206",), "23456789"),
        City("Miami", 0.05, ("305",), "23456789"),
        City("Atlanta", 0.04, ("404",), "23456789"),
        City("Houston", 0.04, ("713",), "23456789"),
    ),
    "de": (
        City("Berlin", 0.30, ("30",), "23456789"),
        City("München", 0.20, ("89",), "23456789", ("Munich", "Muenchen")),
        City("Hamburg", 0.16, ("40",), "23456789"),
        City("Frankfurt am Main", 0.12, ("69",), "23456789", ("Frankfurt",)),
        City("Köln", 0.10, ("221",), "23456789", ("Cologne", "Koeln")),
        City("Düsseldorf", 0.07, ("211",), "23456789", ("Duesseldorf",)),
        City("Stuttgart", 0.05, ("711",), "23456789"),
    ),
}  # fmt: skip

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "ru": ("Россия", "", "RU", "Russia", "РФ", "Российская Федерация", "россия", "Rosja"),
    "pl": ("Polska", "", "Poland", "PL", "POLSKA", "Польша"),
    "gb": ("United Kingdom", "", "UK", "GB", "England", "Great Britain", "Wielka Brytania"),
    "us": ("USA", "", "United States", "US", "U.S.A.", "США"),
    "de": ("Germany", "", "Deutschland", "DE", "Niemcy", "Германия"),
}
COUNTRY_WEIGHTS: dict[str, tuple[float, ...]] = {
    "ru": (0.45, 0.20, 0.09, 0.08, 0.06, 0.05, 0.03, 0.04),
    "pl": (0.50, 0.22, 0.13, 0.10, 0.03, 0.02),
    "gb": (0.34, 0.18, 0.25, 0.10, 0.05, 0.05, 0.03),
    "us": (0.35, 0.20, 0.25, 0.15, 0.03, 0.02),
    "de": (0.35, 0.18, 0.30, 0.12, 0.03, 0.02),
}


def _geo(ctx: Context, firms: Firms, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Country and City cells."""
    rng = _rng(seed, "geo")
    country = _per_lang(rng, ctx.lang, COUNTRY_NAMES, COUNTRY_WEIGHTS)
    city = np.empty(ctx.n, dtype=object)
    u = rng.random(ctx.n)
    for code, name in enumerate(LANGS):
        rows = ctx.lang == code
        spellings = [c.name for c in CITIES[name]]
        city[rows] = _obj(spellings)[firms.city[rows]]
        for k, c in enumerate(CITIES[name]):
            odd = rows & (firms.city == k) & (u < 0.22) & (len(c.variants) > 0)
            if c.variants and odd.any():
                city[odd] = _obj(c.variants)[(u[odd] / 0.22 * len(c.variants)).astype(np.intp)]
    return country, _blank(city, rng, 0.18)


Formatter = Callable[[str, str], str]


@dataclass(frozen=True)
class PhonePlan:
    """How numbers of one country look: valid mobile prefixes, lengths and written formats.

    Formatters take (head, rest) of the national number: for a landline the area code and the
    local number, for a mobile the first ``mobile_head`` digits and the rest.
    """

    mobile_prefixes: tuple[str, ...]
    mobile_length: int  # national significant number
    mobile_head: int
    fixed_length: int
    mobile_formats: tuple[Formatter, ...]
    mobile_weights: tuple[float, ...]
    fixed_formats: tuple[Formatter, ...]
    fixed_weights: tuple[float, ...]
    extension: tuple[str, ...]
    junk: tuple[str, ...]


def _g(s: str, *cuts: int) -> tuple[str, ...]:
    """Split ``s`` at ``cuts``: _g("3456789", 3, 5) -> ("345", "67", "89")."""
    bounds = (0, *cuts, len(s))
    return tuple(s[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True))


RU_FORMATS: tuple[Formatter, ...] = (
    lambda h, r: "+7 ({}) {}-{}-{}".format(h, *_g(r, 3, 5)),
    lambda h, r: "8 {} {} {} {}".format(h, *_g(r, 3, 5)),
    lambda h, r: f"8{h}{r}",
    lambda h, r: f"+7{h}{r}",
    lambda h, r: "8({}){}-{}-{}".format(h, *_g(r, 3, 5)),
    lambda h, r: "+7 {} {}-{}-{}".format(h, *_g(r, 3, 5)),
    lambda h, r: f"7{h}{r}",
    lambda h, r: "+7-{}-{}-{}-{}".format(h, *_g(r, 3, 5)),
)  # fmt: skip
PL_MOBILE_FORMATS: tuple[Formatter, ...] = (
    lambda h, r: "{} {} {}".format(h, *_g(r, 3)),
    lambda h, r: "+48 {}-{}-{}".format(h, *_g(r, 3)),
    lambda h, r: f"+48{h}{r}",
    lambda h, r: "{}-{}-{}".format(h, *_g(r, 3)),
    lambda h, r: "+48 {} {} {}".format(h, *_g(r, 3)),
    lambda h, r: "0048 {} {} {}".format(h, *_g(r, 3)),
    lambda h, r: f"{h}{r}",
    lambda h, r: "(+48) {} {} {}".format(h, *_g(r, 3)),
)  # fmt: skip
PL_FIXED_FORMATS: tuple[Formatter, ...] = (
    lambda h, r: "({}) {} {} {}".format(h, *_g(r, 3, 5)),
    lambda h, r: "+48 {} {} {} {}".format(h, *_g(r, 3, 5)),
    lambda h, r: "0048 {} {} {} {}".format(h, *_g(r, 3, 5)),
    lambda h, r: "{} {} {} {}".format(h, *_g(r, 3, 5)),
    lambda h, r: f"+48{h}{r}",
    lambda h, r: "+48 ({}) {}-{}-{}".format(h, *_g(r, 3, 5)),
)  # fmt: skip
GB_MOBILE_FORMATS: tuple[Formatter, ...] = (
    lambda h, r: f"0{h} {r}",
    lambda h, r: f"+44 {h} {r}",
    lambda h, r: f"+44 (0){h} {r}",
    lambda h, r: f"0{h}{r}",
    lambda h, r: f"+44{h}{r}",
    lambda h, r: "0{} {} {}".format(h, *_g(r, 3)),
)  # fmt: skip
GB_FIXED_FORMATS: tuple[Formatter, ...] = (
    lambda h, r: "0{} {} {}".format(h, *_g(r, len(r) - 4)),
    lambda h, r: "+44 {} {} {}".format(h, *_g(r, len(r) - 4)),
    lambda h, r: "+44 (0){} {} {}".format(h, *_g(r, len(r) - 4)),
    lambda h, r: f"0{h}{r}",
)  # fmt: skip
US_FORMATS: tuple[Formatter, ...] = (
    lambda h, r: "({}) {}-{}".format(h, *_g(r, 3)),
    lambda h, r: "+1 {}-{}-{}".format(h, *_g(r, 3)),
    lambda h, r: "{}-{}-{}".format(h, *_g(r, 3)),
    lambda h, r: "{}.{}.{}".format(h, *_g(r, 3)),
    lambda h, r: "+1 ({}) {}-{}".format(h, *_g(r, 3)),
    lambda h, r: "1-{}-{}-{}".format(h, *_g(r, 3)),
    lambda h, r: f"+1{h}{r}",
)  # fmt: skip
DE_FORMATS: tuple[Formatter, ...] = (
    lambda h, r: f"0{h} {r}",
    lambda h, r: f"+49 {h} {r}",
    lambda h, r: f"0{h}/{r}",
    lambda h, r: f"+49 (0){h} {r}",
    lambda h, r: f"+49{h}{r}",
    lambda h, r: f"0049 {h} {r}",
    lambda h, r: f"0{h}-{r}",
)  # fmt: skip

RU_MOBILE_PREFIXES: tuple[str, ...] = tuple(
    f"9{d:02d}"
    for d in (3, 5, 6, 9, *range(10, 30), *range(50, 54), *range(60, 70), 77, *range(80, 90), 99)
)
PHONE_PLANS: dict[str, PhonePlan] = {
    "ru": PhonePlan(
        RU_MOBILE_PREFIXES, 10, 3, 10,
        RU_FORMATS, (0.30, 0.20, 0.15, 0.10, 0.10, 0.08, 0.04, 0.03),
        RU_FORMATS, (0.35, 0.25, 0.10, 0.05, 0.15, 0.10, 0.0, 0.0),
        (" доб. ", " доб.", ", доб. ", " (доб. "),
        ("нет", "не указан", "-", "0", "нет телефона", "+7", "89", "123456", "0000000000", "тел"),
    ),
    "pl": PhonePlan(
        ("50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88", "45"), 9, 3, 9,
        PL_MOBILE_FORMATS, (0.35, 0.10, 0.12, 0.10, 0.15, 0.05, 0.10, 0.03),
        PL_FIXED_FORMATS, (0.30, 0.25, 0.10, 0.20, 0.10, 0.05),
        (" wew. ", " w. ", " wewn. "),
        ("brak", "-", "0", "nie podam", "+48", "123456789", "000000000", "tel"),
    ),
    "gb": PhonePlan(
        tuple(f"7{a}{b}" for a in "4589" for b in "0123456789"), 10, 4, 10,
        GB_MOBILE_FORMATS, (0.35, 0.25, 0.10, 0.10, 0.10, 0.10),
        GB_FIXED_FORMATS, (0.40, 0.30, 0.15, 0.15),
        (" ext. ", " x", " ext "),
        ("n/a", "none", "-", "0", "call me", "TBC", "07", "+44"),
    ),
    "us": PhonePlan(
        tuple(a + d for c in CITIES["us"] for a in c.area_codes for d in "23456789"), 10, 3, 10,
        US_FORMATS, (0.30, 0.15, 0.20, 0.08, 0.12, 0.05, 0.10),
        US_FORMATS, (0.30, 0.15, 0.20, 0.08, 0.12, 0.05, 0.10),
        (" ext. ", " x", " ext "),
        ("n/a", "none", "-", "0", "call me", "TBD", "555-5555", "+1"),
    ),
    "de": PhonePlan(
        ("151", "152", "157", "159", "160", "162", "163", "170", "171", "172", "173", "175",
         "176", "177", "178", "179"), 11, 3, 10,
        DE_FORMATS, (0.25, 0.25, 0.15, 0.10, 0.10, 0.05, 0.10),
        DE_FORMATS, (0.25, 0.25, 0.15, 0.10, 0.10, 0.05, 0.10),
        (" -", " Durchwahl "),
        ("keine", "-", "0", "n/a", "+49", "0000"),
    ),
}  # fmt: skip

# Phone kinds of a person (identity level).
PHONE_KINDS: tuple[str, ...] = ("mobile", "landline", "two_numbers", "broken", "empty")
PHONE_KIND_WEIGHTS: tuple[float, ...] = (0.50, 0.285, 0.03, 0.095, 0.09)
BROKEN_PHONE_KINDS: tuple[str, ...] = ("truncated", "local_only", "text", "overlong")
BROKEN_PHONE_WEIGHTS: tuple[float, ...] = (0.45, 0.20, 0.25, 0.10)


def _format(
    formats: Sequence[Formatter], codes: np.ndarray, heads: Sequence[str], rests: Sequence[str]
) -> np.ndarray:
    return _obj([formats[c](h, r) for c, h, r in zip(codes.tolist(), heads, rests, strict=True)])


@dataclass
class PhoneDraws:
    """Per-row draws of the phone family (identity-level ones taken from the first contact)."""

    kind: np.ndarray
    broken: np.ndarray
    mobile: np.ndarray  # uniform: which mobile prefix
    tail: np.ndarray  # random digits of the mobile number
    line: np.ndarray  # uniform: landline of a lead without company
    ext: np.ndarray  # extension digits (text)
    show_ext: np.ndarray
    mobile_format: np.ndarray
    fixed_format: np.ndarray


def _phone_draws(ctx: Context, rng: np.random.Generator) -> PhoneDraws:
    n, who = ctx.n, ctx.who
    return PhoneDraws(
        kind=_inherit(_categorical(rng, n, PHONE_KIND_WEIGHTS), ctx, 0.95, rng),
        broken=_categorical(rng, n, BROKEN_PHONE_WEIGHTS)[who],
        mobile=rng.random(n)[who],
        tail=rng.integers(0, 10**9, n)[who],
        line=rng.random(n)[who],
        ext=_obj([str(v) for v in range(1000)])[rng.integers(10, 999, n)][who],
        show_ext=rng.random(n) < 0.2,
        mobile_format=_inherit(rng.random(n), ctx, 0.7, rng),  # people keep their habits
        fixed_format=rng.random(n),
    )


def _phones(ctx: Context, firms: Firms, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Phone cells and the kind of each (for the statistics)."""
    rng = _rng(seed, "phones")
    d = _phone_draws(ctx, rng)
    out = np.empty(ctx.n, dtype=object)
    for code, name in enumerate(LANGS):
        rows = np.flatnonzero(ctx.lang == code)
        kinds, plan = d.kind[rows], PHONE_PLANS[name]
        cells = np.empty(rows.size, dtype=object)
        mobile = np.isin(kinds, (0, 2, 3))  # mobile, two numbers, broken (a mangled mobile)
        fixed = np.isin(kinds, (1, 2))
        digits, cells[mobile] = _mobiles(plan, d, rows[mobile])
        fix = np.empty(rows.size, dtype=object)
        fix[fixed] = _landlines(name, firms, d, rows[fixed], rng)
        cells[kinds == 1] = fix[kinds == 1]
        two = kinds == 2
        seps = _obj((" / ", ", ", "; ", " / "))
        cells[two] = cells[two] + seps[rng.integers(0, 4, two.sum())] + fix[two]
        bad = kinds[mobile] == 3
        cells[kinds == 3] = _break_phones(
            cells[kinds == 3], d.broken[rows][kinds == 3], plan, digits[bad], rng
        )
        out[rows] = cells
    return out, _obj(PHONE_KINDS)[d.kind]


def _mobiles(plan: PhonePlan, d: PhoneDraws, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """National digits and written form of the person's mobile number."""
    prefixes = _obj(plan.mobile_prefixes)[
        (d.mobile[rows] * len(plan.mobile_prefixes)).astype(np.intp)
    ]
    size = plan.mobile_length
    digits = [
        p + str(t).zfill(9)[len(p) - size :]
        for p, t in zip(prefixes, d.tail[rows].tolist(), strict=True)
    ]
    k = plan.mobile_head
    codes = _pick_weighted(d.mobile_format[rows], plan.mobile_weights)
    return _obj(digits), _format(
        plan.mobile_formats, codes, [x[:k] for x in digits], [x[k:] for x in digits]
    )


def _landlines(
    lang: str, firms: Firms, d: PhoneDraws, rows: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """The company's switchboard (else the person's own line), sometimes with an extension."""
    plan, cities = PHONE_PLANS[lang], CITIES[lang]
    gid = firms.gid[rows]
    known = np.maximum(gid, 0)
    u1 = np.where(gid >= 0, _hash_u(known, 7), d.line[rows])
    own = _hash_u((d.line[rows] * 2**53).astype(np.int64), 8)  # the person's own line
    tails = np.where(gid >= 0, _hash_u(known, 8), own)
    heads, rests = [], []
    for c, a, t in zip(
        firms.city[rows].tolist(), u1.tolist(), (tails * 1e9).astype(np.int64).tolist(), strict=True
    ):
        city = cities[c]
        head = city.area_codes[int(a * len(city.area_codes))]
        size = plan.fixed_length - len(head)
        heads.append(head)
        rests.append(
            city.first_digits[t % len(city.first_digits)] + str(t).zfill(size)[-(size - 1) :]
        )
    house = np.where(gid >= 0, _hash_u(known, 10), d.fixed_format[rows])  # the company's own style
    style = np.where(d.fixed_format[rows] < 0.75, house, _hash_u(rows, 11))
    cells = _format(plan.fixed_formats, _pick_weighted(style, plan.fixed_weights), heads, rests)
    ext_share = 1.0 if lang in ("ru", "pl") else 0.2  # extensions are common in RU/PL offices
    with_ext = d.show_ext[rows] & (rng.random(rows.size) < ext_share)
    words = _obj(plan.extension)[rng.integers(0, len(plan.extension), with_ext.sum())]
    cells[with_ext] = _obj(
        [
            s + w + e + (")" if "(" in w else "")
            for s, w, e in zip(cells[with_ext], words, d.ext[rows][with_ext], strict=True)
        ]
    )
    return cells


def _break_phones(
    cells: np.ndarray,
    how: np.ndarray,
    plan: PhonePlan,
    digits: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Broken numbers: cut short, local part only, words instead of digits, extra digits."""
    cut = rng.integers(2, 6, cells.size).tolist()
    text = _obj(plan.junk)[rng.integers(0, len(plan.junk), cells.size)]
    fixes: tuple[Callable[[int], str], ...] = (
        lambda i: cells[i][: -cut[i]],
        lambda i: digits[i][-7:],
        lambda i: text[i],
        lambda i: cells[i] + digits[i][-2:],
    )
    return _obj([fixes[h](i) for i, h in enumerate(how.tolist())])


def _truncate(cells: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The broken landing form keeps only the first few characters of the phone field."""
    keep = rng.integers(4, 9, cells.size)
    return _obj([c[:k] if c else c for c, k in zip(cells, keep.tolist(), strict=True)])


# --------------------------------------------------------------------------------------------
# E-mail addresses
# --------------------------------------------------------------------------------------------

EMAIL_KINDS: tuple[str, ...] = (
    "corporate",
    "free",
    "role",
    "disposable",
    "typo",
    "broken",
    "empty",
)
EMAIL_KIND_WEIGHTS: tuple[float, ...] = (0.36, 0.34, 0.07, 0.02, 0.03, 0.04, 0.14)
LOCAL_PATTERNS: tuple[str, ...] = ("f.l", "i.l", "fl", "f_l", "f", "l.f", "il", "li")
CORPORATE_PATTERN_WEIGHTS: tuple[float, ...] = (0.40, 0.20, 0.05, 0.05, 0.15, 0.02, 0.13, 0.0)
FREE_PATTERN_WEIGHTS: tuple[float, ...] = (0.30, 0.05, 0.15, 0.08, 0.12, 0.05, 0.10, 0.15)

FREE_DOMAINS: dict[str, tuple[str, ...]] = {
    "ru": (
        "mail.ru",
        "yandex.ru",
        "gmail.com",
        "bk.ru",
        "list.ru",
        "inbox.ru",
        "rambler.ru",
        "ya.ru",
    ),
    "pl": ("wp.pl", "gmail.com", "o2.pl", "interia.pl", "onet.pl", "op.pl"),
    "gb": (
        "gmail.com",
        "outlook.com",
        "hotmail.co.uk",
        "yahoo.co.uk",
        "icloud.com",
        "btinternet.com",
    ),
    "us": ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com"),
    "de": ("gmx.de", "web.de", "t-online.de", "gmail.com"),
}
FREE_DOMAIN_WEIGHTS: dict[str, tuple[float, ...]] = {
    "ru": (0.33, 0.28, 0.15, 0.07, 0.06, 0.04, 0.04, 0.03),
    "pl": (0.30, 0.28, 0.15, 0.13, 0.10, 0.04),
    "gb": (0.45, 0.15, 0.15, 0.10, 0.08, 0.07),
    "us": (0.55, 0.15, 0.10, 0.08, 0.06, 0.06),
    "de": (0.35, 0.30, 0.15, 0.20),
}
TYPO_DOMAINS: dict[str, tuple[str, ...]] = {
    "ru": (
        "gmial.com",
        "gmail.con",
        "yandex.ry",
        "yandeks.ru",
        "mail.ry",
        "mali.ru",
        "mail.r",
        "yndex.ru",
    ),
    "pl": ("gmial.com", "gmail.con", "wp.pll", "intreia.pl", "onet.pll", "o2.p", "gmai.com"),
    "gb": ("gmial.com", "gmail.con", "gamil.com", "hotmial.co.uk", "outlok.com", "gmail.co"),
    "us": ("gmial.com", "gmail.con", "gamil.com", "yahooo.com", "hotmial.com", "gmail.co"),
    "de": ("gmx.d", "web.de.", "gmial.com", "gmail.con"),
}
DISPOSABLE_DOMAINS: tuple[str, ...] = (
    "mailinator.com", "10minutemail.com", "guerrillamail.com", "yopmail.com", "temp-mail.org",
    "trashmail.com", "sharklasers.com",
)  # fmt: skip
ROLE_LOCALS: dict[str, tuple[str, ...]] = {
    "ru": ("info", "sales", "zakaz", "office", "mail", "zakupki", "secretary", "info"),
    "pl": ("biuro", "info", "kontakt", "sprzedaz", "office", "zamowienia", "biuro"),
    "gb": ("info", "sales", "office", "hello", "contact", "admin"),
    "us": ("info", "sales", "office", "hello", "contact", "admin"),
    "de": ("info", "kontakt", "vertrieb", "office"),
}


LOCAL_BUILDERS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "f.l": lambda fn, ln: fn + "." + ln,
    "i.l": lambda fn, ln: _first_letter(fn) + "." + ln,
    "fl": lambda fn, ln: fn + ln,
    "f_l": lambda fn, ln: fn + "_" + ln,
    "f": lambda fn, ln: fn.copy(),
    "l.f": lambda fn, ln: ln + "." + fn,
    "il": lambda fn, ln: _first_letter(fn) + ln,
    "li": lambda fn, ln: ln + _first_letter(fn),
}  # fmt: skip


def _first_letter(values: np.ndarray) -> np.ndarray:
    return np.asarray(np.frompyfunc(lambda s: s[:1], 1, 1)(values), dtype=object)


def _locals(person: Person, codes: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Local parts for ``rows`` from the person's ASCII names following LOCAL_PATTERNS[codes]."""
    first, last, c = person.first_lat[rows], person.last_lat[rows], codes[rows]
    out = np.empty(first.size, dtype=object)
    for k, pattern in enumerate(LOCAL_PATTERNS):
        mine = c == k
        if mine.any():
            out[mine] = LOCAL_BUILDERS[pattern](first[mine], last[mine])
    return out


def _emails(ctx: Context, person: Person, firms: Firms, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """E-mail cells and the kind of each (for the statistics)."""
    rng = _rng(seed, "emails")
    n, who = ctx.n, ctx.who
    kind = _inherit(_categorical(rng, n, EMAIL_KIND_WEIGHTS), ctx, 0.8, rng)
    no_domain = pd.isna(firms.domain)
    kind[((kind == 0) | (kind == 2)) & no_domain] = 1  # no company: a private address
    corp_pattern = _categorical(rng, n, CORPORATE_PATTERN_WEIGHTS)[who]
    free_pattern = _categorical(rng, n, FREE_PATTERN_WEIGHTS)[who]
    year = rng.integers(60, 106, n) % 100
    suffixes = _obj([""] + [f"{y:02d}" for y in range(100)] + [f"19{y}" for y in range(60, 100)])
    style = rng.random(n)
    suffix = suffixes[np.where(style < 0.25, 1 + year, np.where(style < 0.35, 101 + year % 40, 0))][
        who
    ]
    free_domain = _per_lang(rng, ctx.lang, FREE_DOMAINS, FREE_DOMAIN_WEIGHTS)[who]
    role = _per_lang(rng, ctx.lang, ROLE_LOCALS)
    typo = _per_lang(rng, ctx.lang, TYPO_DOMAINS)[who]
    dispo = _obj(DISPOSABLE_DOMAINS)[rng.integers(0, len(DISPOSABLE_DOMAINS), n)][who]
    cells = np.empty(n, dtype=object)
    rows = kind == 0
    cells[rows] = _locals(person, corp_pattern, rows) + "@" + firms.domain[rows]
    rows = kind == 2
    cells[rows] = role[rows] + "@" + firms.domain[rows]
    for k, domain in ((1, free_domain), (3, dispo), (4, typo), (5, free_domain)):
        rows = kind == k
        cells[rows] = _locals(person, free_pattern, rows) + suffix[rows] + "@" + domain[rows]
    cells[kind == 5] = _break_emails(cells[kind == 5], rng)
    cells[kind == 6] = None
    junk = person.junk & (rng.random(n) < 0.6)
    cells[junk] = _obj(JUNK_EMAILS)[rng.integers(0, len(JUNK_EMAILS), junk.sum())]
    return _email_case(cells, ctx, rng), _obj(EMAIL_KINDS)[kind]


def _break_emails(addresses: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    how = rng.integers(0, 7, addresses.size)
    breakers: tuple[Callable[[str], str], ...] = (
        lambda s: s.replace("@", "."),
        lambda s: s.replace("@", ""),
        lambda s: s.replace(".", " ", 1) if "." in s.split("@")[0] else s.replace("@", " @"),
        lambda s: s.replace(".", "..", 1),
        lambda s: s.replace(".", ",", s.count(".")),
        lambda s: s.split("@")[0] + "@",
        lambda s: s.replace("@", "@@"),
    )
    return _obj([breakers[h](s) for h, s in zip(how.tolist(), addresses, strict=True)])


def _email_case(cells: np.ndarray, ctx: Context, rng: np.random.Generator) -> np.ndarray:
    """UPPER CASE or Capitalised variants, far more often when the person writes in again."""
    out = cells.copy()
    u = rng.random(ctx.n)
    present = pd.notna(cells)
    upper = present & (u < np.where(ctx.dup, 0.15, 0.02))
    title = present & ~upper & (u < np.where(ctx.dup, 0.35, 0.05))
    out[upper] = _obj([s.upper() for s in cells[upper]])
    out[title] = _obj([_title_email(s) for s in cells[title]])
    return out


def _title_email(address: str) -> str:
    """ivan.petrov@mail.ru -> Ivan.Petrov@Mail.ru (as some people and CRMs type it)."""
    local, at, domain = address.partition("@")
    return ".".join(p.capitalize() for p in local.split(".")) + at + domain.capitalize()


def _drop_at(cells: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The broken landing form eats the "@" (or turns it into a space / a dot)."""
    repl = _obj(("", " ", ".", ""))[rng.integers(0, 4, cells.size)]
    return _obj([c.replace("@", r) if c else c for c, r in zip(cells, repl, strict=True)])


# --------------------------------------------------------------------------------------------
# Sources and dates
# --------------------------------------------------------------------------------------------

SOURCES: tuple[str, ...] = (
    "website_form", "landing_crm", "webinar", "linkedin", "google_ads", "yandex_direct",
    "import_expo", "manual", "partner", BROKEN_SOURCE,
)  # fmt: skip
SOURCE_WEIGHTS: dict[str, tuple[float, ...]] = {
    "ru": (0.22, 0.10, 0.07, 0.03, 0.07, 0.20, 0.06, 0.10, 0.08, 0.07),
    "pl": (0.26, 0.12, 0.08, 0.10, 0.18, 0.0, 0.07, 0.08, 0.06, 0.05),
    "gb": (0.25, 0.08, 0.10, 0.20, 0.20, 0.0, 0.05, 0.05, 0.05, 0.02),
    "us": (0.25, 0.08, 0.10, 0.20, 0.20, 0.0, 0.05, 0.05, 0.05, 0.02),
    "de": (0.25, 0.08, 0.10, 0.15, 0.20, 0.0, 0.10, 0.05, 0.05, 0.02),
}
# How each source writes its timestamp: index into DATE_FORMATS.
DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d",
)
SOURCE_DATE_FORMAT: tuple[int, ...] = (0, 0, 2, 2, 2, 3, 1, 1, 4, 0)


def _sources(ctx: Context, seed: int) -> np.ndarray:
    rng = _rng(seed, "sources")
    out = np.empty(ctx.n, dtype=np.intp)
    u = rng.random(ctx.n)
    for code, name in enumerate(LANGS):
        rows = ctx.lang == code
        out[rows] = _pick_weighted(u[rows], SOURCE_WEIGHTS[name])
    return out


def _created(ctx: Context, seed: int) -> np.ndarray:
    """Created cells, each written the way its source writes timestamps."""
    return _format_stamps(_arrivals(ctx, seed), np.asarray(SOURCE_DATE_FORMAT)[ctx.source])


def _arrivals(ctx: Context, seed: int) -> np.ndarray:
    """Arrival minutes since the period start: increasing, a few late-synced rows, working hours."""
    rng = _rng(seed, "created")
    n = ctx.n
    start = PERIOD_END - timedelta(days=PERIOD_DAYS)
    weekend = [(start + timedelta(days=d)).weekday() >= 5 for d in range(PERIOD_DAYS)]
    day_weights = np.where(weekend, 0.35, 1.0)
    hour_weights = np.array(
        [1, 1, 1, 1, 1, 2, 4, 8, 20, 40, 50, 50, 45, 45, 50, 50, 45, 35, 20, 12, 8, 5, 3, 2], float
    )
    day = _categorical(rng, n, day_weights)
    minute = _categorical(rng, n, hour_weights) * 60 + rng.integers(0, 60, n)
    stamp = np.sort(day * 1440 + minute)
    shifted = stamp - rng.integers(60, 3 * 1440, n)  # synced late: out of order
    late = (rng.random(n) < 0.03) & (shifted >= 0)
    stamp[late] = shifted[late]
    return stamp


def _format_stamps(stamp: np.ndarray, fmt: np.ndarray) -> np.ndarray:
    """Minutes since the period start -> text, via per-format tables of days and of times."""
    start = PERIOD_END - timedelta(days=PERIOD_DAYS)
    days = [start + timedelta(days=d) for d in range(PERIOD_DAYS)]
    out = np.empty(stamp.size, dtype=object)
    day, minute = stamp // 1440, stamp % 1440
    seconds = (stamp * 37) % 60  # machine timestamps carry seconds too
    for k, pattern in enumerate(DATE_FORMATS):
        rows = fmt == k
        date_part, _, time_part = pattern.partition(" " if " " in pattern else "T")
        sep = pattern[len(date_part) : len(date_part) + 1]
        dates = _obj([d.strftime(date_part) for d in days])[day[rows]]
        if not time_part:
            out[rows] = dates
            continue
        hhmm = _obj([f"{m // 60:02d}:{m % 60:02d}" for m in range(1440)])[minute[rows]]
        if time_part.endswith("%S"):
            hhmm = hhmm + ":" + _obj([f"{s:02d}" for s in range(60)])[seconds[rows]]
        out[rows] = dates + sep + hhmm
    return out


# --------------------------------------------------------------------------------------------
# Firmographics, BANT, messages, engagement
# --------------------------------------------------------------------------------------------

JOB_TITLES: dict[str, tuple[str, ...]] = {
    "ru": ("Генеральный директор", "Директор", "Коммерческий директор", "Финансовый директор",
           "Технический директор", "ИТ-директор", "Руководитель отдела продаж", "Начальник отдела",
           "Собственник", "Учредитель", "Менеджер", "Менеджер по продажам", "Менеджер по закупкам",
           "Специалист", "Ведущий специалист", "Главный бухгалтер", "Бухгалтер", "Маркетолог",
           "Офис-менеджер", "Секретарь", "Инженер", "Системный администратор",
           "Помощник руководителя", "Студент", "Стажёр", ""),
    "pl": ("Prezes Zarządu", "Prezes", "Właściciel", "Dyrektor handlowy", "Dyrektor finansowy",
           "Dyrektor IT", "Dyrektor zarządzający", "Kierownik działu sprzedaży", "Kierownik",
           "Członek Zarządu", "Specjalista", "Specjalista ds. zakupów",
           "Specjalista ds. marketingu",
           "Handlowiec", "Przedstawiciel handlowy", "Asystentka", "Księgowa", "Główna księgowa",
           "Office Manager", "Kierownik projektu", "Informatyk", "Student", "Stażysta", ""),
    "gb": ("CEO", "Founder", "Managing Director", "Owner", "CFO", "CTO", "COO", "VP Sales",
           "Head of Sales", "Head of Marketing", "Sales Director", "IT Director",
           "Procurement Manager", "Operations Manager", "Marketing Manager", "Account Manager",
           "Sales Manager", "Office Manager", "Analyst", "Engineer", "Consultant", "Assistant",
           "Student", "Intern", ""),
    "de": ("Geschäftsführer", "Inhaber", "Vertriebsleiter", "Leiter IT", "Einkaufsleiter",
           "Prokurist", "Projektleiter", "Sachbearbeiter", "Assistent der Geschäftsführung",
           "Head of Sales", "CEO", "Werkstudent", "Praktikant", ""),
}  # fmt: skip
JOB_TITLES["us"] = JOB_TITLES["gb"]
JOB_TITLE_WEIGHTS: dict[str, tuple[float, ...]] = {
    "ru": (10, 5, 6, 3, 3, 3, 6, 4, 2, 2, 10, 6, 5, 5, 3, 4, 3, 4, 3, 2, 3, 2, 2, 1, 1, 14),
    "pl": (6, 4, 5, 6, 3, 3, 3, 6, 5, 2, 8, 5, 4, 6, 5, 4, 3, 2, 3, 3, 3, 1, 1, 14),
    "gb": (6, 4, 5, 3, 2, 3, 2, 3, 5, 4, 4, 3, 3, 4, 5, 5, 5, 3, 3, 3, 3, 2, 1, 1, 14),
    "us": (6, 4, 5, 3, 2, 3, 2, 3, 5, 4, 4, 3, 3, 4, 5, 5, 5, 3, 3, 3, 3, 2, 1, 1, 14),
    "de": (10, 5, 8, 5, 5, 4, 6, 10, 4, 4, 4, 1, 1, 14),
}


def _job_titles(ctx: Context, seed: int) -> np.ndarray:
    rng = _rng(seed, "job_title")
    titles = _per_lang(rng, ctx.lang, JOB_TITLES, JOB_TITLE_WEIGHTS)[ctx.who]
    return _recase(titles, rng, upper=0.02, lower=0.05)


def _employees(ctx: Context, firms: Firms, seed: int) -> np.ndarray:
    """Employees: the company's head count, a size range, words, or nothing."""
    rng = _rng(seed, "employees")
    n = ctx.n
    lo = np.array([c[0] for c in SIZE_CLASSES])[firms.size_class]
    hi = np.array([c[1] for c in SIZE_CLASSES])[firms.size_class]
    seed_u = np.where(firms.gid >= 0, _hash_u(np.maximum(firms.gid, 0), 9), rng.random(n))
    count = lo + (seed_u * (hi - lo + 1)).astype(np.int64)
    count = np.where(count > 100, count // 10 * 10, count)  # people round large numbers
    how = _categorical(rng, n, (0.40, 0.25, 0.05, 0.30))  # number, range, spaced number, empty
    out = _obj([str(c) for c in count.tolist()])
    ranges = np.empty(n, dtype=object)
    for code, name in enumerate(LANGS):
        rows = ctx.lang == code
        ranges[rows] = _obj(SIZE_RANGE_TEXT[name])[firms.size_class[rows]]
    out[how == 1] = ranges[how == 1]
    spaced = (how == 2) & (count >= 1000)
    out[spaced] = _obj([f"{c:,}".replace(",", " ") for c in count[spaced].tolist()])
    out[how == 3] = None
    return out


def _industries(ctx: Context, firms: Firms, seed: int) -> np.ndarray:
    rng = _rng(seed, "industry")
    n = ctx.n
    idx = np.where(firms.industry >= 0, firms.industry, rng.integers(0, len(INDUSTRIES["en"]), n))
    out = np.empty(n, dtype=object)
    table = {"ru": "ru", "pl": "pl", "gb": "en", "us": "en", "de": "de"}
    for code, name in enumerate(LANGS):
        rows = ctx.lang == code
        out[rows] = _obj(INDUSTRIES[table[name]])[idx[rows]]
    return _blank(out, rng, 0.22)


def _expand(templates: Sequence[str], values: Sequence[str]) -> tuple[str, ...]:
    """Every template with every value in its "{}" (templates without "{}" kept once)."""
    out: list[str] = []
    for t in templates:
        out.extend([t.format(v) for v in values] if "{}" in t else [t])
    return tuple(out)


THOUSANDS = ("50", "100", "150", "200", "300", "500", "700")
MILLIONS = ("1", "1,5", "2", "3", "5", "10")
SMALL_K = ("5", "10", "20", "25", "50", "100", "250")
BUDGETS: dict[str, tuple[str, ...]] = {
    "ru": _expand(
        (
            "от {} тыс.",
            "до {} тыс. руб.",
            "{} 000 руб.",
            "{} тыс. р.",
            "{}000",
            "{} тыс",
            "около {} тыс. руб",
        ),
        THOUSANDS,
    )
    + _expand(("{} млн руб", "до {} млн", "{} млн. рублей"), MILLIONS)
    + ("не определён", "нет бюджета", "обсуждается", "100-200 тыс. руб", "1 000 000", "?"),
    "pl": _expand(("{} tys. zł", "{} 000 PLN", "do {} tys.", "ok. {} tys. zł"), THOUSANDS)
    + _expand(("{} mln zł", "ok. {} mln PLN"), MILLIONS[:4])
    + ("brak", "do ustalenia", "50-100 tys. zł", "nie wiem", "200 000", "15000 zł"),
    "gb": _expand(("£{}k", "{}k GBP", "under £{}k", "£{},000", "{}k EUR", "{},000"), SMALL_K)
    + ("£1.2M", "$1.2M", "£2M", "TBD", "not sure", "£50-100k", "no budget yet"),
    "us": _expand(("${}k", "{}k USD", "under ${}k", "${},000", "{},000 USD", "{}k EUR"), SMALL_K)
    + ("$1.2M", "$2M", "$1.5M", "TBD", "not sure", "$50-100k", "no budget yet"),
    "de": _expand(("{}k EUR", "{} Tsd. €", "bis {} Tsd. €", "ca. {}.000 €", "€{}k"), SMALL_K)
    + ("1,2 Mio. €", "unklar", "TBD", "noch offen"),
}
TIMELINES: dict[str, tuple[str, ...]] = {
    "ru": ("в этом квартале", "в течение месяца", "срочно", "до конца года", "в следующем году",
           "Q1 2027", "1 квартал 2027", "через 3 месяца", "не определены", "пока изучаем рынок",
           "ASAP", "вчера"),
    "pl": ("w ciągu 3 miesięcy", "w tym kwartale", "pilne", "do końca roku", "Q1 2027",
           "w przyszłym roku", "nie wiem", "od zaraz", "ASAP", "I kwartał 2027"),
    "gb": ("ASAP", "this quarter", "Q1 2027", "within 3 months", "next year", "6-12 months",
           "just researching", "end of year", "Q2 2027"),
    "de": ("sofort", "dieses Quartal", "Q1 2027", "in 3 Monaten", "nächstes Jahr", "ASAP",
           "bis Jahresende"),
}  # fmt: skip
TIMELINES["us"] = TIMELINES["gb"]


def _budget_timeline(ctx: Context, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = _rng(seed, "bant")
    budget = _blank(_per_lang(rng, ctx.lang, BUDGETS), rng, 0.45)
    timeline = _blank(_per_lang(rng, ctx.lang, TIMELINES), rng, 0.40)
    return budget, timeline


USERS = ("5", "10", "15", "20", "25", "30", "50", "100", "200")
MESSAGE_KINDS: tuple[str, ...] = (
    "intent", "vague", "empty", "tender", "agency", "collector", "job_seeker", "spam", "competitor",
)  # fmt: skip
MESSAGE_KIND_WEIGHTS: tuple[float, ...] = (0.50, 0.10, 0.18, 0.04, 0.05, 0.02, 0.03, 0.04, 0.04)
SPAM: tuple[str, ...] = (
    '<a href="http://cheap-pills.example/">Best prices!!!</a>',
    "Buy now http://bit.ly/3xYzAb",
    "Заработок от 5000 руб/час без вложений http://earn-money.example",
    "[url=http://casino.example]casino bonus[/url]",
    "SEO backlinks for your site <b>cheap</b> http://links.example",
    "Hello! I found your website and want to offer you <a href=http://promo.example>this</a>",
    "<script>alert(1)</script>",
    "http://crypto-profit.example/?ref=lead",
)  # fmt: skip
MESSAGES: dict[str, dict[str, tuple[str, ...]]] = {
    "ru": {
        "intent": _expand((
            "Хотим узнать стоимость внедрения", "Интересует стоимость лицензий на {} пользователей",
            "Прошу выставить счёт на {} лицензий", "Нужна демонстрация системы для отдела продаж",
            "Хотим перейти с Excel, подскажите сроки внедрения", "Сколько стоит интеграция с 1С?",
            "Прошу связаться для обсуждения проекта",
            "Планируем закупку в этом квартале, нужен расчёт",
            "Есть ли у вас тариф для {} сотрудников?", "Интересует пробный доступ",
            'Нужна CRM для отдела продаж, сейчас работаем в "Битрикс24" и Excel',
            "Просим прислать коммерческое предложение на внедрение, бюджет согласован",
            "Готовы обсудить пилот на {} менеджеров, перезвоните после 14:00",
        ), USERS),
        "vague": ("Перезвоните", "Позвоните мне", "Интересно", "Хочу узнать подробнее", "?",
                  "Здравствуйте", "Нужна консультация", "Свяжитесь со мной", "..."),
        "tender": ("Просим КП для участия в тендере 44-ФЗ",
                   "Направьте коммерческое предложение для обоснования НМЦК",
                   "Запрос КП в рамках 223-ФЗ, срок подачи до пятницы",
                   "Для участия в закупке просим прислать 3 коммерческих предложения"),
        "agency": ("Предлагаем услуги SEO-продвижения вашего сайта",
                   "Мы digital-агентство, увеличим ваши продажи в 3 раза",
                   "Настроим контекстную рекламу в Яндекс.Директ, первый месяц бесплатно",
                   "Предлагаем размещение рекламы на нашей площадке",
                   "Сделаем вам сайт под ключ, недорого"),
        "collector": ("Коллекторское агентство «Долг-Контроль», перезвоните по задолженности",
                      "Колл-центр: проведём обзвон вашей базы клиентов",
                      "Вас беспокоит служба взыскания, свяжитесь с нами"),
        "job_seeker": ("Ищу работу менеджером по продажам, резюме во вложении",
                       "Здравствуйте, есть ли у вас вакансии?", "Хочу пройти у вас стажировку"),
        "competitor": ("Какие у вас цены для партнёров? Мы тоже занимаемся внедрением CRM",
                       "Интересует ваш прайс и условия, мы интегратор",
                       "Пришлите, пожалуйста, полную презентацию и прайс-лист"),
        "greeting": ("Здравствуйте!\n", "Добрый день! ", "Добрый день.\n", "Здравствуйте, "),
        "signoff": ("\nС уважением, менеджер", " Спасибо!", "\n--\nОтправлено с iPhone"),
    },
    "pl": {
        "intent": _expand((
            "Prosimy o wycenę wdrożenia", "Proszę o ofertę dla {} użytkowników",
            "Chcielibyśmy umówić prezentację systemu", "Jaki jest koszt integracji z naszym ERP?",
            "Interesuje nas wdrożenie w tym kwartale, proszę o kontakt",
            "Proszę o kontakt w sprawie demo dla działu sprzedaży",
            "Potrzebujemy CRM dla {} handlowców, budżet zatwierdzony",
            "Czy jest możliwość wersji testowej?",
            'Proszę o ofertę na "pakiet Pro", {} licencji',
        ), USERS),
        "vague": ("Proszę o kontakt", "Proszę o telefon", "Dzień dobry", "Więcej informacji", "?"),
        "tender": ("Prosimy o ofertę do przetargu publicznego",
                   "Zapytanie ofertowe w ramach postępowania przetargowego, termin: piątek",
                   "W celu oszacowania wartości zamówienia prosimy o wycenę"),
        "agency": ("Oferujemy usługi pozycjonowania SEO",
                   "Jesteśmy agencją marketingową, zwiększymy Państwa sprzedaż",
                   "Kampanie Google Ads – pierwszy miesiąc gratis",
                   "Zaprojektujemy nową stronę internetową"),
        "collector": ("Firma windykacyjna, prosimy o pilny kontakt w sprawie zadłużenia",
                      "Call center – oferujemy telemarketing na Państwa bazie"),
        "job_seeker": ("Szukam pracy jako handlowiec, CV w załączniku",
                       "Czy prowadzicie Państwo rekrutację?",
                       "Chciałbym odbyć praktyki w Państwa firmie"),
        "competitor": ("Jesteśmy integratorem, jakie macie warunki partnerskie?",
                       "Proszę o pełny cennik i prezentację"),
        "greeting": ("Dzień dobry,\n", "Witam, ", "Dzień dobry! "),
        "signoff": (" Pozdrawiam", "\nZ poważaniem", " Dziękuję."),
    },
    "gb": {
        "intent": _expand((
            "Need a demo for {} users", "Please send pricing for {} seats",
            "We are evaluating CRM vendors, can we schedule a call?",
            "Looking to replace our spreadsheets this quarter",
            "What does integration with Salesforce cost?",
            "Budget approved, need a quote by end of month",
            'Interested in the "Pro" plan for {} people',
        ), USERS),
        "vague": ("Call me", "Info please", "Hello", "More info", "?"),
        "tender": ("Request for proposal: please submit your bid by Friday",
                   "We are collecting quotes for a public tender", "RFQ attached, please quote"),
        "agency": ("We offer SEO services to boost your rankings",
                   "Our agency can double your leads, let's talk",
                   "We build websites, 50% off this month"),
        "collector": ("Debt collection agency, please call us back about an outstanding balance",
                      "Call center outsourcing: we'll call your leads for you"),
        "job_seeker": ("Looking for a job in sales, CV attached", "Are you hiring interns?",
                       "Do you have any open positions?"),
        "competitor": ("We're a reseller, what are your partner margins?",
                       "Please send your full price list and product roadmap"),
        "greeting": ("Hi,\n", "Hello, ", "Hi team, "),
        "signoff": (" Thanks!", "\nBest regards", "\nSent from my iPhone"),
    },
}  # fmt: skip
MESSAGES["us"] = MESSAGES["gb"]
MESSAGES["de"] = {
    **MESSAGES["gb"],
    "intent": MESSAGES["gb"]["intent"]
    + _expand(("Bitte um ein Angebot für {} Nutzer", "Wir möchten eine Demo vereinbaren",
               "Rückruf erbeten, wir planen die Einführung im nächsten Quartal"), USERS),
    "greeting": ("Hallo,\n", "Guten Tag, ", "Hi,\n"),
    "signoff": (" Danke!", "\nMit freundlichen Grüßen", "\nBest regards"),
}  # fmt: skip


def _messages(ctx: Context, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Message cells and the kind of each (for the statistics)."""
    rng = _rng(seed, "messages")
    n = ctx.n
    weights = np.tile(np.asarray(MESSAGE_KIND_WEIGHTS), (len(SOURCES), 1))
    weights[SOURCES.index("partner"), 0] *= 3
    weights[SOURCES.index("webinar"), 2] *= 2
    weights[SOURCES.index(BROKEN_SOURCE), 7] *= 3
    u = rng.random(n)
    kind = np.empty(n, dtype=np.intp)
    for s in range(len(SOURCES)):
        rows = ctx.source == s
        kind[rows] = _pick_weighted(u[rows], weights[s])
    body = np.empty(n, dtype=object)
    for k, name in enumerate(MESSAGE_KINDS):
        rows = kind == k
        if name == "spam":
            body[rows] = _obj(SPAM)[rng.integers(0, len(SPAM), rows.sum())]
        elif name != "empty":
            body[rows] = _per_lang(rng, ctx.lang[rows], {lg: m[name] for lg, m in MESSAGES.items()})
    dressed = pd.notna(body) & (kind != MESSAGE_KINDS.index("spam"))
    dressed &= kind != MESSAGE_KINDS.index("vague")
    greet = dressed & (rng.random(n) < 0.3)
    sign = dressed & (rng.random(n) < 0.15)
    body[greet] = (
        _per_lang(rng, ctx.lang[greet], {lg: m["greeting"] for lg, m in MESSAGES.items()})
        + body[greet]
    )
    body[sign] = body[sign] + _per_lang(
        rng, ctx.lang[sign], {lg: m["signoff"] for lg, m in MESSAGES.items()}
    )
    return body, _obj(MESSAGE_KINDS)[kind]


WEBINAR_WORDS: dict[str, tuple[str, ...]] = {
    "ru": ("да", "нет"), "pl": ("tak", "nie"), "gb": ("yes", "no"), "us": ("yes", "no"),
    "de": ("yes", "no"),
}  # fmt: skip


def _engagement(ctx: Context, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Page Views (0-60, most leads look at a few pages) and Webinar attendance."""
    rng = _rng(seed, "engagement")
    n = ctx.n
    webinar_source = ctx.source == SOURCES.index("webinar")
    views = np.minimum(rng.geometric(np.where(webinar_source, 0.08, 0.15)) - 1, 60)
    page_views = _blank(_obj([str(v) for v in range(61)])[views], rng, 0.06)
    attended = np.where(webinar_source, rng.random(n) < 0.85, rng.random(n) < 0.15)
    answered = webinar_source | (rng.random(n) < 0.55)
    words = np.empty((n, 2), dtype=object)
    for code, name in enumerate(LANGS):
        words[ctx.lang == code] = WEBINAR_WORDS[name]
    webinar = np.where(attended, words[:, 0], words[:, 1])
    webinar[~answered] = None
    return page_views, webinar


# --------------------------------------------------------------------------------------------
# Qualification columns: website, tax id, decision maker, need, call notes, IP address, fax
# --------------------------------------------------------------------------------------------


@dataclass
class RowFacts:
    """What the qualification columns build on: the skeleton and the facts behind core cells."""

    ctx: Context
    person: Person
    firms: Firms
    message_kind: np.ndarray  # names from MESSAGE_KINDS
    minutes: np.ndarray  # arrival, minutes since the period start
    job_title: np.ndarray
    phone: np.ndarray


# Sources that enter leads by hand or by import: no web form, so no IP address and no honeypot.
UNTRACKED_SOURCES: tuple[str, ...] = ("import_expo", "manual", "partner")
# Ways a site is written: prefix + domain + suffix ("{path}": the language's contact page).
WEBSITE_PREFIXES = (
    "", "www.", "https://", "https://www.", "http://", "http://www.", "https://www.",
)  # fmt: skip
WEBSITE_SUFFIXES = ("", "", "", "/", "", "", "{path}")
WEBSITE_STYLE_WEIGHTS = (0.35, 0.25, 0.12, 0.12, 0.06, 0.05, 0.05)
CONTACT_PATHS: dict[str, str] = {
    "ru": "/contacts", "pl": "/kontakt", "gb": "/contact", "us": "/contact-us", "de": "/impressum",
}  # fmt: skip
WEBSITE_JUNK: dict[str, tuple[str, ...]] = {
    "ru": ("нет", "-", "vk.com/stroymarket_msk", "instagram.com/shop.msk", "mail.ru", "yandex.ru",
           "нет сайта"),
    "pl": ("brak", "-", "facebook.com/mojafirma", "gmail.com", "wp.pl", "nie mamy"),
    "gb": ("n/a", "none", "-", "facebook.com/ourshop", "gmail.com", "linkedin.com/in/me"),
    "us": ("n/a", "none", "-", "facebook.com/ourshop", "gmail.com", "linkedin.com/in/me"),
    "de": ("keine", "-", "n/a", "facebook.com/unserladen", "gmx.de"),
}  # fmt: skip
SPAM_SITES: tuple[str, ...] = (
    "http://cheap-pills.example", "http://earn-money.example/?ref=form", "http://links.example",
    "https://bit.ly/3xYzAb", "casino.example", "http://crypto-profit.example",
)  # fmt: skip


def _websites(facts: RowFacts, seed: int) -> np.ndarray:
    """The company's site in its usual spelling (now and then another), junk or nothing."""
    rng = _rng(seed, "website")
    ctx, domain = facts.ctx, facts.firms.domain
    n = ctx.n
    house = _hash_u(np.maximum(facts.firms.gid, 0), 21)  # how the company writes its address
    style = _pick_weighted(
        np.where(rng.random(n) < 0.8, house, rng.random(n)), WEBSITE_STYLE_WEIGHTS
    )
    paths = _obj([CONTACT_PATHS[name] for name in LANGS])[ctx.lang]
    suffix = _obj(WEBSITE_SUFFIXES)[style]
    suffix = np.where(suffix == "{path}", paths, suffix)
    has = pd.notna(domain)
    out = np.empty(n, dtype=object)
    out[has] = _obj(WEBSITE_PREFIXES)[style[has]] + domain[has] + suffix[has]
    u = rng.random(n)
    free = _per_lang(rng, ctx.lang, FREE_DOMAINS, FREE_DOMAIN_WEIGHTS)
    junk = _per_lang(rng, ctx.lang, WEBSITE_JUNK)
    out[has & (u < 0.03)] = free[has & (u < 0.03)]
    out[has & (u >= 0.03) & (u < 0.36)] = None
    out[~has & (u < 0.12)] = junk[~has & (u < 0.12)]
    spam = (facts.message_kind == "spam") & (rng.random(n) < 0.6)
    out[spam] = _obj(SPAM_SITES)[rng.integers(0, len(SPAM_SITES), spam.sum())]
    return _recase(out, rng, upper=0.02, lower=0.0)


# Tax ids. Check digits come from python-stdnum: its calculators where it has one; for a Polish
# NIP and a British VAT number its checksum of the number with zeros for check digits (which
# weigh -1, and 10 and 1, in those checksums), confirmed by its validator.
# Region of a Russian INN (first two digits), per city of CITIES["ru"].
RU_TAX_REGIONS: tuple[str, ...] = (
    "77", "78", "66", "54", "16", "52", "63", "23", "61", "02", "59", "36", "74", "72", "55",
)  # fmt: skip
# Tax office prefixes of a Polish NIP, per city of CITIES["pl"].
PL_TAX_OFFICES: tuple[tuple[str, ...], ...] = (
    ("525", "521", "526", "951", "113"), ("676", "677", "679"), ("898", "899", "894"),
    ("779", "778", "781"), ("583", "584", "604"), ("725", "727", "728"), ("634", "954"),
    ("712", "946"), ("851", "852", "955"), ("554", "953"), ("542", "966"), ("813", "517"),
)  # fmt: skip
# Voivodeship prefix of a REGON, per city of CITIES["pl"].
PL_REGON_AREAS: tuple[str, ...] = (
    "14", "12", "02", "30", "22", "10", "24", "06", "32", "04", "20", "18",
)  # fmt: skip
US_EIN_PREFIXES: tuple[str, ...] = ("12", "20", "26", "27", "45", "46", "47", "81", "84", "94")
TAX_ID_SHOWN: dict[str, float] = {"ru": 0.65, "pl": 0.6, "gb": 0.5, "us": 0.5, "de": 0.5}
BAD_CHECK_SHARE = 0.08
TAX_ID_JUNK: dict[str, tuple[str, ...]] = {
    "ru": ("нет", "-", "0000000000", "1234567890", "не помню", "ИП"),
    "pl": ("brak", "-", "0000000000", "nie pamiętam", "osoba prywatna"),
    "gb": ("n/a", "-", "none", "123456789", "TBC"),
    "us": ("n/a", "-", "none", "123456789", "TBD"),
    "de": ("keine", "-", "n/a"),
}


def _dashed_nip(number: str) -> str:
    """5423017712 -> 542-301-77-12, the usual way a NIP is printed."""
    return f"{number[:3]}-{number[3:6]}-{number[6:8]}-{number[8:]}"


# Written forms of each kind of number, with their weights.
TAX_ID_FORMATS: dict[str, tuple[tuple[Callable[[str], str], float], ...]] = {
    "inn": ((lambda s: s, 0.75), (lambda s: "ИНН " + s, 0.12), (lambda s: f"{s[:4]} {s[4:]}", 0.08),
            (lambda s: "ИНН: " + s, 0.05)),
    "inn_personal": ((lambda s: s, 0.85), (lambda s: "ИНН " + s, 0.15)),
    "inn_kpp": ((lambda s: s, 0.7), (lambda s: s.replace("/", " / "), 0.3)),
    "ogrn": ((lambda s: s, 0.7), (lambda s: "ОГРН " + s, 0.3)),
    "nip": ((lambda s: s, 0.42), (lambda s: _dashed_nip(s), 0.22),
            (lambda s: f"{s[:3]}-{s[3:5]}-{s[5:7]}-{s[7:]}", 0.08), (lambda s: "PL" + s, 0.12),
            (lambda s: "PL " + _dashed_nip(s), 0.05), (lambda s: "NIP: " + s, 0.06),
            (lambda s: "NIP " + _dashed_nip(s), 0.05)),
    "regon": ((lambda s: s, 0.7), (lambda s: "REGON " + s, 0.3)),
    "krs": ((lambda s: "KRS " + s, 0.6), (lambda s: s, 0.4)),
    "vat_de": ((lambda s: "DE" + s, 0.7), (lambda s: f"DE {s[:3]} {s[3:6]} {s[6:]}", 0.2),
               (lambda s: s, 0.1)),
    "vat_gb": ((lambda s: "GB" + s, 0.6), (lambda s: f"GB {s[:3]} {s[3:7]} {s[7:]}", 0.25),
               (lambda s: f"{s[:3]} {s[3:7]} {s[7:]}", 0.15)),
    "ein": ((lambda s: f"{s[:2]}-{s[2:]}", 0.8), (lambda s: s, 0.2)),
}  # fmt: skip
# Where the check digit sits in each kind of number (None: the number has none).
TAX_ID_CHECK_AT: dict[str, int | None] = {
    "inn": -1, "inn_personal": -1, "inn_kpp": 9, "ogrn": -1, "nip": -1, "regon": -1, "krs": None,
    "vat_de": -1, "vat_gb": -1, "ein": None,
}  # fmt: skip


def _completed(
    bases: Sequence[str], check_digits: Callable[[str], str], is_valid: Callable[[str], bool]
) -> str:
    """The first base whose check digits make a valid number (a NIP base can have none)."""
    for base in bases:
        number = base + check_digits(base)
        if is_valid(number):
            return number
    raise ValueError(f"no valid number from {bases[0]}...")


def _nip_check_digit(base: str) -> str:
    return str(pl_nip.checksum(base + "0"))  # "10" when no digit fits: the validator refuses it


def _gb_vat_check_digits(base: str) -> str:
    return f"{-gb_vat.checksum(base + '00') % 97:02d}"


def _ru_tax_office(city: int, digits: str) -> str:
    """First four digits of an INN: the region of the city and a tax inspection in it."""
    return RU_TAX_REGIONS[city] + f"{1 + int(digits[:2]) % 50:02d}"


def _ru_tax_number(city: int, u_kind: float, digits: str) -> tuple[str, str]:
    """A company INN (10 digits), now and then written "INN/KPP", or its OGRN (13) instead."""
    office = _ru_tax_office(city, digits)
    company = office + digits[2:7] + ru_inn.calc_company_check_digit(office + digits[2:7])
    if u_kind < 0.09:
        return f"{company}/{office}01001", "inn_kpp"
    if u_kind < 0.14:
        base = f"1{2 + int(digits[7:9]) % 23:02d}{RU_TAX_REGIONS[city]}{digits[9:16]}"
        return base + ru_ogrn.calc_check_digit(base + "0"), "ogrn"
    return company, "inn"


def _personal_inn(city: int, digits: str) -> str:
    """The 12-digit INN of a person (a sole trader, "ИП")."""
    base = _ru_tax_office(city, digits) + digits[2:8]
    return base + ru_inn.calc_personal_check_digits(base)


def _pl_tax_number(city: int, u_kind: float, digits: str) -> tuple[str, str]:
    """A NIP (10 digits), now and then a REGON (9) or a KRS number."""
    if u_kind < 0.10:
        base = PL_REGON_AREAS[city] + digits[:6]
        return base + pl_regon.calc_check_digit(base), "regon"
    if u_kind < 0.13:
        return "0000" + digits[:6], "krs"
    offices = PL_TAX_OFFICES[city]
    office = offices[int(digits[16:]) % len(offices)]
    bases = [office + digits[i : i + 6] for i in range(10)]
    return _completed(bases, _nip_check_digit, pl_nip.is_valid), "nip"


def _other_tax_number(lang: str, u_kind: float, digits: str) -> tuple[str | None, str]:
    """German or British VAT number, a US EIN, or none (most firms leave the field empty)."""
    lead = str(1 + int(digits[0]) % 9)
    if lang == "de" and u_kind < 0.55:
        base = lead + digits[1:8]
        return base + mod_11_10.calc_check_digit(base), "vat_de"
    if lang == "gb" and u_kind < 0.45:
        return _completed([lead + digits[1:7]], _gb_vat_check_digits, gb_vat.is_valid), "vat_gb"
    if lang == "us" and u_kind < 0.15:
        return US_EIN_PREFIXES[int(digits[1]) % len(US_EIN_PREFIXES)] + digits[2:9], "ein"
    return None, "none"


def _company_tax_id(
    lang: str, city: int, u_kind: float, u_format: float, u_bad: float, digits: str
) -> tuple[str | None, str]:
    """Written tax id of one company and its kind ("<kind>_bad" for a wrong check digit)."""
    if lang == "ru":
        number, kind = _ru_tax_number(city, u_kind, digits)
    elif lang == "pl":
        number, kind = _pl_tax_number(city, u_kind, digits)
    else:
        number, kind = _other_tax_number(lang, u_kind, digits)
    return (None, kind) if number is None else _written_tax_id(number, kind, u_format, u_bad)


def _written_tax_id(number: str, kind: str, u_format: float, u_bad: float) -> tuple[str, str]:
    """The number as someone typed it: a usual written form, a wrong check digit now and then."""
    at = TAX_ID_CHECK_AT[kind]
    if at is not None and u_bad < BAD_CHECK_SHARE:
        wrong = (int(number[at]) + 1 + int(u_bad / BAD_CHECK_SHARE * 9)) % 10
        number = number[:at] + str(wrong) + (number[at + 1 :] if at != -1 else "")
        kind += "_bad"
    formats = TAX_ID_FORMATS[kind.removesuffix("_bad")]
    cum = list(accumulate(w for _, w in formats))
    pick = min(bisect_right(cum, u_format * cum[-1]), len(cum) - 1)
    return formats[pick][0](number), kind


def _entrepreneur_inns(
    facts: RowFacts, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Russian leads without a company: a quarter are sole traders who give their own INN."""
    ctx, firms = facts.ctx, facts.firms
    draws = rng.random((ctx.n, 5))[ctx.who]  # identity level: a repeat gives the same number
    rows = np.flatnonzero((firms.gid < 0) & (ctx.lang == LANGS.index("ru")) & (draws[:, 0] < 0.25))
    digits = [f"{int(a * 1e9):09d}{int(b * 1e9):09d}" for a, b in draws[rows, 3:5].tolist()]
    built = [
        _written_tax_id(_personal_inn(city, d), "inn_personal", u_format, u_bad)
        for city, d, u_format, u_bad in zip(
            firms.city[rows].tolist(),
            digits,
            draws[rows, 1].tolist(),
            draws[rows, 2].tolist(),
            strict=True,
        )
    ]
    return rows, _obj([b[0] for b in built]), _obj([b[1] for b in built])


def _tax_ids(facts: RowFacts, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Tax id cells (the same number on every row of a company) and the kind of each."""
    rng = _rng(seed, "tax_id")
    ctx, firms = facts.ctx, facts.firms
    gids, first, inverse = np.unique(firms.gid, return_index=True, return_inverse=True)
    known = np.maximum(gids, 0)
    digits = [
        f"{a:09d}{b:09d}"
        for a, b in zip(
            (_hash_u(known, 31) * 1e9).astype(np.int64).tolist(),
            (_hash_u(known, 32) * 1e9).astype(np.int64).tolist(),
            strict=True,
        )
    ]
    draws = zip(
        gids.tolist(), firms.city[first].tolist(), _hash_u(known, 33).tolist(),
        _hash_u(known, 34).tolist(), _hash_u(known, 35).tolist(), digits, strict=True,
    )  # fmt: skip
    built = [
        _company_tax_id(LANGS[g // LANG_STRIDE], c, uk, uf, ub, d) if g >= 0 else (None, "none")
        for g, c, uk, uf, ub, d in draws
    ]
    cells, kinds = _obj([b[0] for b in built])[inverse], _obj([b[1] for b in built])[inverse]
    traders, trader_cells, trader_kinds = _entrepreneur_inns(facts, rng)
    cells[traders], kinds[traders] = trader_cells, trader_kinds
    shown = rng.random(ctx.n) < np.array([TAX_ID_SHOWN[name] for name in LANGS])[ctx.lang]
    cells[~shown] = None
    kinds[pd.isna(cells)] = "blank"
    junk = (firms.gid < 0) & (rng.random(ctx.n) < 0.05)
    cells[junk] = _per_lang(rng, ctx.lang, TAX_ID_JUNK)[junk]
    kinds[junk] = "junk"
    return cells, kinds


# Role level of each job title, aligned with JOB_TITLES: O owner or C-level, D director or head,
# M manager, S specialist, J junior (student, intern, assistant), "-" no title given.
JOB_TITLE_LEVELS: dict[str, str] = {
    "ru": "OODDDDDDOOMSMSSMSSSJSSJJJ-",
    "pl": "OOODDDODMOSSSSSJSMSMSJJ-",
    "gb": "OOOOOOODDDDDMMMSMSSSSJJJ-",
    "us": "OOOOOOODDDDDMMMSMSSSSJJJ-",
    "de": "OODDDDMSJDOJJ-",
}
LEVEL_OF_TITLE: dict[str, str] = {
    title.lower(): level
    for name, titles in JOB_TITLES.items()
    for title, level in zip(titles, JOB_TITLE_LEVELS[name], strict=True)
    if title
}
DECISION_MAKER_YES: dict[str, float] = {
    "O": 0.92, "D": 0.7, "M": 0.3, "S": 0.08, "J": 0.03, "-": 0.3,
}  # fmt: skip
YES_NO_WORDS: dict[str, tuple[str, str, str]] = {
    "ru": ("да", "нет", "не знаю"), "pl": ("tak", "nie", "nie wiem"),
    "gb": ("yes", "no", "not sure"), "us": ("yes", "no", "not sure"),
    "de": ("yes", "no", "not sure"),
}  # fmt: skip


def _decision_makers(facts: RowFacts, seed: int) -> np.ndarray:
    """Decision Maker: yes/no (or "not sure") in the lead's words, likelier yes for bosses."""
    rng = _rng(seed, "decision_maker")
    ctx = facts.ctx
    n = ctx.n
    codes, titles = pd.factorize(facts.job_title)  # -1 for no title: the "-" appended last
    levels = [LEVEL_OF_TITLE.get(str(t).lower(), "-") for t in titles] + ["-"]
    p_yes = np.array([DECISION_MAKER_YES[level] for level in levels])[codes]
    answer = np.where(rng.random(n) < p_yes, 0, 1)
    answer[rng.random(n) < 0.05] = 2
    answer = _inherit(answer, ctx, 0.85, rng)
    words = np.empty((n, 3), dtype=object)
    for code, name in enumerate(LANGS):
        words[ctx.lang == code] = YES_NO_WORDS[name]
    out = words[np.arange(n), answer]
    out[rng.random(n) < 0.45] = None
    capital = pd.notna(out) & (rng.random(n) < 0.15)
    out[capital] = _obj([s.capitalize() for s in out[capital]])
    return out


NEEDS: dict[str, tuple[str, ...]] = {
    "ru": _expand(("автоматизировать отдел продаж", "навести порядок в базе клиентов",
                   "уйти с Excel", "интеграция с 1С", "контроль работы менеджеров",
                   "CRM для {} менеджеров", "сквозная аналитика", "да", "нет", "не знаю",
                   "пока изучаем"), USERS[:5]),
    "pl": _expand(("wdrożenie CRM", "automatyzacja sprzedaży", "integracja z ERP",
                   "porządek w bazie klientów", "raporty dla zarządu", "CRM dla {} handlowców",
                   "zastąpić Excela", "tak", "nie", "nie wiem"), USERS[:5]),
    "gb": _expand(("replace our spreadsheet", "sales pipeline visibility", "automate follow-ups",
                   "CRM for {} reps", "reporting for management", "integrate with our ERP",
                   "yes", "no", "not sure"), USERS[:5]),
    "de": ("CRM-Einführung", "Vertrieb automatisieren", "Excel ablösen", "replace our spreadsheet",
           "yes", "no"),
}  # fmt: skip
NEEDS["us"] = NEEDS["gb"]


def _needs(facts: RowFacts, seed: int) -> np.ndarray:
    """Need: a few words on what they want solved, more often from leads who asked for something."""
    rng = _rng(seed, "need")
    kind = facts.message_kind
    share = np.where(kind == "intent", 0.30, np.where(kind == "spam", 0.0, 0.12))
    out = _per_lang(rng, facts.ctx.lang, NEEDS)
    out[rng.random(facts.ctx.n) >= share] = None
    return out


NOTE_KINDS: tuple[str, ...] = (
    "intent", "follow_up", "no_answer", "lost", "job_seeker", "student", "seller", "partner",
    "tender", "collector",
)  # fmt: skip
# Per message kind (MESSAGE_KINDS order): share of rows with a call note, weights of NOTE_KINDS.
NOTE_SHARE: tuple[float, ...] = (0.28, 0.25, 0.15, 0.30, 0.30, 0.30, 0.35, 0.0, 0.30)
NOTE_WEIGHTS: tuple[tuple[float, ...], ...] = (
    (0.55, 0.20, 0.12, 0.08, 0.0, 0.03, 0.0, 0.02, 0.0, 0.0),  # intent
    (0.30, 0.25, 0.25, 0.05, 0.04, 0.08, 0.03, 0.0, 0.0, 0.0),  # vague
    (0.30, 0.20, 0.30, 0.05, 0.04, 0.07, 0.04, 0.0, 0.0, 0.0),  # empty
    (0.0, 0.0, 0.20, 0.0, 0.0, 0.0, 0.0, 0.0, 0.80, 0.0),  # tender
    (0.0, 0.0, 0.15, 0.0, 0.0, 0.0, 0.85, 0.0, 0.0, 0.0),  # agency
    (0.0, 0.0, 0.15, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.85),  # collector
    (0.0, 0.0, 0.10, 0.0, 0.80, 0.10, 0.0, 0.0, 0.0, 0.0),  # job_seeker
    (0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),  # spam (never called)
    (0.0, 0.0, 0.20, 0.0, 0.0, 0.0, 0.0, 0.80, 0.0, 0.0),  # competitor
)
CALL_NOTES: dict[str, dict[str, tuple[str, ...]]] = {
    "ru": {
        "intent": _expand(("спросил про стоимость внедрения", "просит КП на {} лицензий",
                           "хочет демо на следующей неделе",
                           "интересует интеграция с 1С, просит расчёт",
                           "готовы к пилоту, бюджет согласован",
                           "сравнивают нас с amoCRM, нужна презентация",
                           "уточнила цену за пользователя"), USERS[:4]),
        "follow_up": ("перезвонить в пятницу", "просил перезвонить через неделю",
                      "отправил презентацию, ждём ответа",
                      "секретарь, ЛПР в отпуске до понедельника"),
        "no_answer": ("не дозвонился", "не берёт трубку", "абонент недоступен", "сбросил звонок"),
        "lost": ("уже купили у конкурента", "бюджета нет до следующего года", "неактуально",
                 "просто смотрели цены"),
        "job_seeker": ("ищет работу", "на самом деле ищет работу менеджером",
                       "спрашивал про вакансии"),
        "student": ("студент, пишет диплом про CRM", "студентка, собирает данные для курсовой"),
        "seller": ("предлагает свои услуги SEO", "агентство, продаёт рекламу",
                   "хотят продать нам разработку сайта"),
        "partner": ("интегратор, интересуют партнёрские скидки", "предлагает партнёрство"),
        "tender": ("нужно КП для тендера, закупка по 44-ФЗ",
                   "собирают КП для обоснования цены, покупать не будут"),
        "collector": ("коллекторы, спрашивали про должника", "колл-центр, предлагают обзвон базы"),
    },
    "pl": {
        "intent": _expand(("prosi o wycenę", "prosi o wycenę wdrożenia dla {} użytkowników",
                           "chce demo w przyszłym tygodniu", "pytał o integrację z ERP",
                           "budżet zatwierdzony, decyzja w tym kwartale",
                           "porównują nas z Pipedrive, prosi o prezentację",
                           "pytała o cenę licencji"), USERS[:4]),
        "follow_up": ("oddzwonić w piątek", "prosił o kontakt za tydzień",
                      "wysłałem prezentację, czekamy", "sekretariat, prezes na urlopie"),
        "no_answer": ("nie odbiera", "brak kontaktu", "numer nieaktywny", "odrzucił połączenie"),
        "lost": ("kupili już u konkurencji", "brak budżetu do przyszłego roku", "nieaktualne",
                 "tylko porównywał ceny"),
        "job_seeker": ("szuka pracy", "pytał o rekrutację", "chce odbyć praktyki"),
        "student": ("student pisze pracę", "studentka, pisze pracę magisterską o CRM"),
        "seller": ("oferuje swoje usługi SEO", "agencja, sprzedaje reklamę",
                   "chcą nam zrobić stronę"),
        "partner": ("integrator, pyta o rabaty partnerskie", "proponuje współpracę partnerską"),
        "tender": ("potrzebują wyceny do przetargu",
                   "zapytanie ofertowe, tylko szacują wartość zamówienia"),
        "collector": ("firma windykacyjna, pytali o dłużnika",
                      "call center, oferują telemarketing"),
    },
    "gb": {
        "intent": _expand(("wants a demo next week", "asked about implementation cost",
                           "asked for a quote for {} seats",
                           "budget approved, decision this quarter",
                           "comparing us with HubSpot, needs a deck",
                           "asked about Salesforce integration pricing"), USERS[:4]),
        "follow_up": ("call back Friday", "asked to call back next week", "sent the deck, waiting",
                      "gatekeeper, CEO on holiday"),
        "no_answer": ("no answer", "voicemail", "number not in service", "hung up"),
        "lost": ("already bought from a competitor", "no budget until next year",
                 "not relevant anymore", "just comparing prices"),
        "job_seeker": ("looking for a job", "actually asking about open positions",
                       "wants an internship"),
        "student": ("student writing a thesis", "student doing research for a paper"),
        "seller": ("offering their SEO services", "agency selling ads",
                   "wants to build us a website"),
        "partner": ("reseller, asking about partner margins", "proposing a partnership"),
        "tender": ("needs a quote for a public tender", "RFQ only, collecting prices"),
        "collector": ("debt collectors asking about a debtor",
                      "call centre pitching outbound calls"),
    },
}  # fmt: skip
CALL_NOTES["us"] = CALL_NOTES["gb"]
CALL_NOTES["de"] = {
    **CALL_NOTES["gb"],
    "intent": _expand(("möchte nächste Woche eine Demo", "fragt nach den Einführungskosten",
                       "bittet um ein Angebot für {} Nutzer", "wants a demo next week"), USERS[:4]),
    "follow_up": ("Freitag zurückrufen", "Rückruf nächste Woche", "call back Friday"),
    "no_answer": ("nicht erreicht", "Mailbox", "no answer"),
    "job_seeker": ("sucht einen Job", "looking for a job"),
    "student": ("Student, schreibt seine Bachelorarbeit", "student writing a thesis"),
    "seller": ("bietet SEO-Dienstleistungen an", "offering their SEO services"),
}  # fmt: skip


def _call_notes(facts: RowFacts, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """What a rep wrote after calling: intent, follow-ups, and motives the form did not show."""
    rng = _rng(seed, "call_notes")
    ctx = facts.ctx
    n = ctx.n
    message = pd.Series(facts.message_kind).map({k: i for i, k in enumerate(MESSAGE_KINDS)})
    message_code = message.to_numpy(dtype=np.intp)
    u = rng.random(n)
    note = np.full(n, -1, dtype=np.intp)
    for k in range(len(MESSAGE_KINDS)):
        rows = message_code == k
        note[rows] = _pick_weighted(u[rows], NOTE_WEIGHTS[k])
    note[rng.random(n) >= np.asarray(NOTE_SHARE)[message_code]] = -1
    out = np.empty(n, dtype=object)
    for k, name in enumerate(NOTE_KINDS):
        rows = note == k
        out[rows] = _per_lang(rng, ctx.lang[rows], {lg: m[name] for lg, m in CALL_NOTES.items()})
    more = (note == NOTE_KINDS.index("intent")) & (rng.random(n) < 0.3)
    follow = _per_lang(rng, ctx.lang, {lg: m["follow_up"] for lg, m in CALL_NOTES.items()})
    out[more] = out[more] + "; " + follow[more]
    return out, np.where(note >= 0, _obj(NOTE_KINDS)[np.maximum(note, 0)], "none")


# First octets of consumer and office networks per lead language (public ranges, loosely real).
IP_FIRST_OCTETS: dict[str, tuple[str, ...]] = {
    "ru": ("5", "31", "46", "77", "85", "95", "176", "178", "188", "212", "213"),
    "pl": ("31", "37", "46", "78", "83", "89", "91", "109", "188", "213"),
    "gb": ("2", "51", "62", "81", "86", "90", "109", "176", "212"),
    "us": ("23", "24", "50", "67", "71", "73", "98", "107", "174", "208"),
    "de": ("46", "62", "77", "79", "84", "87", "91", "93", "178", "217"),
}
BOT_NETWORKS: tuple[str, ...] = (
    "185.220", "45.155", "104.244", "193.32", "91.219", "5.188", "141.98", "194.26", "162.247",
    "89.248",
)  # fmt: skip
TEST_IPS: tuple[str, ...] = ("192.168.0.101", "10.0.0.23")  # the vendor's own staff testing
BURST_MINUTES = 10
BURST_SIZES: tuple[int, ...] = (2, 3, 4, 5, 6)
BURST_SIZE_WEIGHTS: tuple[float, ...] = (0.35, 0.30, 0.18, 0.10, 0.07)
BURST_SEED_SHARE = 0.005  # of web rows with a time of day, besides spam rows
BURST_MIN_SEEDS = 4
_OCTETS = _obj([str(i) for i in range(256)])


def _web_rows(ctx: Context) -> np.ndarray:
    """Rows that came through a web form (their source is not an import or manual entry)."""
    return ~np.isin(ctx.source, [SOURCES.index(s) for s in UNTRACKED_SOURCES])


def _bot_bursts(facts: RowFacts, seed: int) -> np.ndarray:
    """Row of the burst's first post for each row in a burst, else -1.

    A bot posts the form 2-6 times within BURST_MINUTES. Created cannot move, so a burst takes a
    seed row and the rows that already arrived within minutes after it. Seeds are some spam rows
    and BURST_SEED_SHARE of the other rows, at least BURST_MIN_SEEDS of them (so that the small
    example files get bursts too), drawn among rows with a neighbour close enough. Only rows whose
    source writes a time of day take part.
    """
    rng = _rng(seed, "bot_bursts")
    ctx = facts.ctx
    timed = _web_rows(ctx) & np.isin(
        np.asarray(SOURCE_DATE_FORMAT)[ctx.source],
        [k for k, f in enumerate(DATE_FORMATS) if "%H" in f],
    )
    order = np.flatnonzero(timed)
    order = order[np.argsort(facts.minutes[order], kind="stable")]
    t = facts.minutes[order]
    reach = np.searchsorted(t, t + BURST_MINUTES, side="right") - np.arange(t.size) - 1
    spam = facts.message_kind[order] == "spam"
    close = (reach >= 1) & ~spam
    wanted = max(BURST_MIN_SEEDS, BURST_SEED_SHARE * t.size)
    chance = np.where(spam, 0.3, np.where(close, min(0.5, wanted / max(close.sum(), 1)), 0.0))
    size = np.asarray(BURST_SIZES)[_categorical(rng, t.size, BURST_SIZE_WEIGHTS)]
    take = np.where(rng.random(t.size) < chance, np.minimum(size - 1, reach), 0)
    burst = np.full(ctx.n, -1, dtype=np.int64)
    for j in range(max(BURST_SIZES) - 1, -1, -1):  # a later seed's rows win an overlap
        seeds = np.flatnonzero(take >= max(j, 1))
        burst[order[seeds + j]] = order[seeds]
    alone = np.bincount(burst[burst >= 0], minlength=ctx.n) == 1  # lost its rows to a later seed
    burst[np.isin(burst, np.flatnonzero(alone))] = -1
    return burst


def _ip_strings(first: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """Dotted quads from first octet(s) text and an (n, k) array of further octet numbers."""
    out = first.copy()
    for column in rest.T:
        out = out + "." + _OCTETS[column]
    return out


def _office_ips(lang: np.ndarray, gid: np.ndarray) -> np.ndarray:
    """The fixed address of each company's office: a pure function of the company."""
    first = np.empty(gid.size, dtype=object)
    for code, name in enumerate(LANGS):
        rows, pool = lang == code, _obj(IP_FIRST_OCTETS[name])
        first[rows] = pool[(_hash_u(gid[rows], 22) * len(pool)).astype(np.intp)]
    rest = np.column_stack([(_hash_u(gid, s) * 254).astype(np.intp) + 1 for s in (23, 24, 25)])
    return _ip_strings(first, rest)


def _ip_addresses(facts: RowFacts, burst: np.ndarray, seed: int) -> np.ndarray:
    """IP Address: home or office address of a person, a bot network's for spam and bursts."""
    rng = _rng(seed, "ip_address")
    ctx, firms = facts.ctx, facts.firms
    n = ctx.n
    first = _per_lang(rng, ctx.lang, IP_FIRST_OCTETS)
    home = _ip_strings(
        first, np.column_stack([rng.integers(0, 256, (n, 2)), rng.integers(1, 255, n)])
    )
    out = _inherit(home, ctx, 0.5, rng)  # a repeat contact: same line or a new dynamic address
    known = np.maximum(firms.gid, 0)
    at_office = (firms.gid >= 0) & (_hash_u(known, 26) < 0.5) & (rng.random(n) < 0.6)
    out[at_office] = _office_ips(ctx.lang[at_office], known[at_office])
    testing = facts.person.junk & (rng.random(n) < 0.6)
    out[testing] = _obj(TEST_IPS)[rng.integers(0, len(TEST_IPS), testing.sum())]
    spam, in_burst = facts.message_kind == "spam", burst >= 0
    bots = spam | in_burst  # each spam row its own bot address, a burst the one of its first row
    poster = np.where(in_burst, burst, np.arange(n))[bots]
    posters, which = np.unique(poster, return_inverse=True)
    networks = _obj(BOT_NETWORKS)[rng.integers(0, len(BOT_NETWORKS), posters.size)]
    out[bots] = _ip_strings(networks, rng.integers(1, 255, (posters.size, 2)))[which]
    out[~_web_rows(ctx) | ((rng.random(n) < 0.02) & ~spam & ~in_burst)] = None  # bots: logged
    return out


BOT_FAX: tuple[str, ...] = (
    "1234567", "123456789", "fax", "asdf", "http://promo.example", "+1 555 0100", "qwerty",
    "no", "test", "00000000",
)  # fmt: skip


def _fax(facts: RowFacts, burst: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The honeypot ("Leave Empty"), hidden on the web form: bots fill it, autofill rarely."""
    rng = _rng(seed, "fax")
    ctx = facts.ctx
    n = ctx.n
    web = _web_rows(ctx)
    u = rng.random(n)
    bot = web & (((facts.message_kind == "spam") & (u < 0.85)) | ((burst >= 0) & (u < 0.8)))
    autofill = web & ~bot & (rng.random(n) < 0.006) & pd.notna(facts.phone)
    digits = _obj([str(v) for v in rng.integers(10**6, 10**10, n).tolist()])
    junk = np.where(rng.random(n) < 0.6, _obj(BOT_FAX)[rng.integers(0, len(BOT_FAX), n)], digits)
    out = np.empty(n, dtype=object)
    out[bot] = junk[bot]
    out[autofill] = facts.phone[autofill]
    kind = np.where(bot, "bot", np.where(autofill, "autofill", "empty"))
    return out, kind


def _qualification(
    facts: RowFacts, seed: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The qualification columns and their kinds, each family from its own random stream."""
    tax_id, tax_id_kind = _tax_ids(facts, seed)
    call_notes, note_kind = _call_notes(facts, seed)
    burst = _bot_bursts(facts, seed)
    fax, fax_kind = _fax(facts, burst, seed)
    columns = {
        "website": _websites(facts, seed),
        "tax_id": tax_id,
        "decision_maker": _decision_makers(facts, seed),
        "need": _needs(facts, seed),
        "call_notes": call_notes,
        "ip_address": _ip_addresses(facts, burst, seed),
        "fax": fax,
    }
    kinds = {
        "tax_id_kind": tax_id_kind,
        "call_note_kind": note_kind,
        "bot_burst": burst >= 0,
        "fax_kind": fax_kind,
    }
    return columns, kinds


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


@dataclass
class Context:
    """Row-level skeleton every column family builds on."""

    n: int
    lang: np.ndarray  # index into LANGS (identity level)
    who: np.ndarray  # row of the first contact this row repeats (itself when new)
    dup: np.ndarray  # True for a repeat contact
    source: np.ndarray  # index into SOURCES


def _skeleton(rows: int, seed: int, mix: Mapping[str, float]) -> Context:
    rng = _rng(seed, "skeleton")
    dup = rng.random(rows) < DUPLICATE_SHARE
    if rows:
        dup[0] = False
    firsts = np.flatnonzero(~dup)
    before = np.searchsorted(firsts, np.arange(rows))  # first contacts before each row
    # Most repeats come within days, some months later; early rows pick any earlier lead.
    back = rng.exponential(max(1.0, 0.05 * firsts.size), rows).astype(np.int64)
    pick = before - 1 - back
    pick = np.where(pick < 0, (rng.random(rows) * before).astype(np.int64), pick)
    parent = firsts[np.clip(pick, 0, max(firsts.size - 1, 0))] if rows else firsts
    who = np.where(dup, parent, np.arange(rows))
    weights = [mix.get(name, 0.0) for name in LANGS]
    lang = _categorical(rng, rows, weights)[who]
    ctx = Context(rows, lang, who, dup, np.zeros(rows, dtype=np.intp))
    ctx.source = _sources(ctx, seed)
    return ctx


def _generate(
    rows: int, seed: int, mix: Mapping[str, float] | None = None
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Columns (FIELDS order, object arrays) and per-row kind labels for the statistics."""
    ctx = _skeleton(rows, seed, mix or DEFAULT_MIX)
    person = _people(ctx, seed)
    firms = _firms(ctx, seed)
    email, email_kind = _emails(ctx, person, firms, seed)
    phone, phone_kind = _phones(ctx, firms, seed)
    email, phone = _broken_form(ctx, email, phone, seed)
    country, city = _geo(ctx, firms, seed)
    budget, timeline = _budget_timeline(ctx, seed)
    message, message_kind = _messages(ctx, seed)
    page_views, webinar = _engagement(ctx, seed)
    minutes = _arrivals(ctx, seed)
    columns = {
        "lead_id": _obj([f"L-{i:06d}" for i in range(1, rows + 1)]),
        "created": _format_stamps(minutes, np.asarray(SOURCE_DATE_FORMAT)[ctx.source]),
        "source": _obj(SOURCES)[ctx.source],
        "full_name": _full_names(ctx, person, seed),
        "company": firms.name,
        "job_title": _job_titles(ctx, seed),
        "email": email,
        "phone": phone,
        "country": country,
        "city": city,
        "employees": _employees(ctx, firms, seed),
        "industry": _industries(ctx, firms, seed),
        "budget": budget,
        "timeline": timeline,
        "message": message,
        "page_views": page_views,
        "webinar": webinar,
    }
    kinds = {
        "language": _obj(LANGS)[ctx.lang],
        "repeat_contact": ctx.dup,
        "email_kind": email_kind,
        "phone_kind": phone_kind,
        "message_kind": message_kind,
    }
    facts = RowFacts(
        ctx, person, firms, message_kind, minutes, columns["job_title"], columns["phone"]
    )
    extra_columns, extra_kinds = _qualification(facts, seed)
    return columns | extra_columns, kinds | extra_kinds


def _broken_form(
    ctx: Context, email: np.ndarray, phone: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """landing_promo's form is broken: most of its rows lose the "@" or get a cut-off phone."""
    rng = _rng(seed, "broken_form")
    promo = ctx.source == SOURCES.index(BROKEN_SOURCE)
    bug = rng.random(ctx.n)
    email, phone = email.copy(), phone.copy()
    no_at = promo & (bug < 0.55)
    cut = promo & (bug >= 0.55) & (bug < 0.88)
    email[no_at] = _drop_at(email[no_at], rng)
    phone[cut] = _truncate(phone[cut], rng)
    return email, phone


def generate_leads(
    rows: int, seed: int, headers: str = "en", *, mix: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """``rows`` leads in arrival order, every column text (missing = NA), headers "en"/"ru"/"pl".

    ``mix`` sets the share of each lead language (keys of DEFAULT_MIX: ru, pl, gb, us, de).
    """
    if headers not in HEADERS:
        raise ValueError(f"headers must be one of {sorted(HEADERS)}, not {headers!r}")
    columns, _ = _generate(rows, seed, mix)
    return _frame(columns, headers)


def _frame(columns: Mapping[str, np.ndarray], headers: str) -> pd.DataFrame:
    """Text columns (pandas "str" dtype, NaN for missing) under the chosen header set."""
    return pd.DataFrame(
        {h: pd.array(pa.array(columns[f], type=pa.large_string()), dtype="str")
         for f, h in zip(FIELDS, HEADERS[headers], strict=True)}
    )  # fmt: skip


def kind_shares(
    rows: int, seed: int, mix: Mapping[str, float] | None = None
) -> dict[str, pd.Series]:
    """Share of each kind of value (languages, repeats, e-mail/phone/message kinds) in a file."""
    _, kinds = _generate(rows, seed, mix)
    return {k: pd.Series(v).value_counts(normalize=True).round(4) for k, v in kinds.items()}


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def write_csv(
    frame: pd.DataFrame,
    path: Path,
    *,
    sep: str = ",",
    encoding: str = "utf-8",
    lineterminator: str = "\n",
) -> None:
    """CSV quoted where needed (separators, quotes, newlines in Message); NA -> empty field."""
    columns = [
        frame[c].astype(object).where(frame[c].notna(), None).to_numpy() for c in frame.columns
    ]
    _write_csv_columns(list(frame.columns), columns, path, sep, encoding, lineterminator)


def _write_csv_columns(
    headers: Sequence[str], columns: Sequence[np.ndarray], path: Path, sep: str = ",",
    encoding: str = "utf-8", lineterminator: str = "\n",
) -> None:  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, errors="strict", newline="") as handle:
        writer = csv.writer(
            handle, delimiter=sep, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL
        )
        writer.writerow(headers)
        writer.writerows(zip(*columns, strict=True))


XLSX_CREATED = datetime(2026, 11, 20, 9, 0, 0)
_XLSX_NUMBER_COLUMNS = frozenset({"page_views", "employees"})  # number cells when all digits


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """An Excel export: phones and IDs are text cells, Created date cells, plain counts numbers."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_urls": False}
    )
    workbook.set_properties({"created": XLSX_CREATED, "author": "leadq generate_leads"})
    sheet = workbook.add_worksheet("Leads")
    bold = workbook.add_format({"bold": True})
    date_time = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    date_only = workbook.add_format({"num_format": "dd.mm.yyyy"})
    fields = dict(zip(frame.columns, FIELDS, strict=True))
    for col, header in enumerate(frame.columns):
        sheet.write_string(0, col, header, bold)
        for row, value in enumerate(frame[header].tolist(), start=1):
            if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
                continue
            field = fields[header]
            if field == "created":
                stamp, has_time = _parse_created(value)
                sheet.write_datetime(row, col, stamp, date_time if has_time else date_only)
            elif field in _XLSX_NUMBER_COLUMNS and value.isdigit():
                sheet.write_number(row, col, int(value))
            else:
                sheet.write_string(row, col, value)
    sheet.set_column(0, len(frame.columns) - 1, 18)
    workbook.close()


def _parse_created(text: str) -> tuple[datetime, bool]:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern), "%H" in pattern
        except ValueError:
            continue
    raise ValueError(f"unexpected Created value {text!r}")


EXAMPLES: tuple[tuple[str, int, int, str, dict[str, float] | None], ...] = (
    ("leads.csv", 400, 101, "en", None),
    ("leads_ru.csv", 300, 202, "ru", {"ru": 0.9, "us": 0.1}),
    ("leads_pl.xlsx", 300, 303, "pl", {"pl": 0.85, "gb": 0.05, "de": 0.05, "ru": 0.05}),
)


def write_examples(folder: Path) -> None:
    """The three shipped examples: English CSV, Russian Windows-1251 ';' CSV, Polish .xlsx."""
    folder = Path(folder)
    for file_name, rows, seed, headers, mix in EXAMPLES:
        frame = generate_leads(rows, seed, headers, mix=mix)
        path = folder / file_name
        if file_name.endswith(".xlsx"):
            write_xlsx(frame, path)
        elif headers == "ru":
            write_csv(frame, path, sep=";", encoding="cp1251", lineterminator="\r\n")
        else:
            write_csv(frame, path)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, default=100_000, help="number of leads (default 100000)"
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, help="output file: .csv or .xlsx")
    parser.add_argument("--headers", choices=sorted(HEADERS), default="en", help="header language")
    parser.add_argument("--sep", default=",", help="CSV separator (default ',')")
    parser.add_argument("--encoding", default="utf-8", help="CSV encoding (default utf-8)")
    parser.add_argument(
        "--examples", type=Path, metavar="FOLDER", help="write the shipped examples"
    )
    parser.add_argument(
        "--stats", action="store_true", help="print the share of each kind of value"
    )
    args = parser.parse_args(argv)
    if args.out is None and args.examples is None and not args.stats:
        parser.error("give --out FILE, --examples FOLDER or --stats")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.examples is not None:
        write_examples(args.examples)
        print(f"wrote {', '.join(e[0] for e in EXAMPLES)} to {args.examples}", file=sys.stderr)
    if args.out is not None:
        started = time.perf_counter()
        columns, _ = _generate(args.rows, args.seed)
        generated = time.perf_counter()
        if args.out.suffix.lower() == ".xlsx":
            write_xlsx(_frame(columns, args.headers), args.out)
        else:  # straight from the arrays: no DataFrame round trip for a million rows
            arrays = [columns[f] for f in FIELDS]
            _write_csv_columns(HEADERS[args.headers], arrays, args.out, args.sep, args.encoding)
        done = time.perf_counter()
        size = args.out.stat().st_size / 1e6
        print(f"{args.rows} rows: generated in {generated - started:.1f} s, written in "
              f"{done - generated:.1f} s, {args.out} {size:.1f} MB", file=sys.stderr)  # fmt: skip
    if args.stats:
        for name, shares in kind_shares(args.rows, args.seed).items():
            print(f"{name}: " + ", ".join(f"{k}={v:.1%}" for k, v in shares.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
