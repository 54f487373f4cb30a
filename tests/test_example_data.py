"""The shipped examples carry the qualification columns with the values those stages must handle:
valid and mistyped tax ids, decision-maker answers that follow the job title, intent and hidden
motives in call notes, bursts of posts from one IP and a filled honeypot field.

The files are made by ``benchmarks/generate_leads.py --examples examples/``; these tests keep a
regenerated set honest about what it exercises.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from stdnum.de import vat as de_vat
from stdnum.gb import vat as gb_vat
from stdnum.pl import nip as pl_nip
from stdnum.pl import regon as pl_regon
from stdnum.ru import inn as ru_inn
from stdnum.ru import ogrn as ru_ogrn

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["leads.csv", "leads_ru.csv", "leads_pl.xlsx"]
QUALIFICATION_HEADERS = {
    "leads.csv": [
        "Website", "Tax ID", "Decision Maker", "Need", "Call Notes", "IP Address", "Leave Empty",
    ],
    "leads_ru.csv": [
        "Сайт", "ИНН", "ЛПР", "Потребность", "Заметки звонка", "IP-адрес", "Не заполнять",
    ],
    "leads_pl.xlsx": [
        "Strona www", "NIP", "Decydent", "Potrzeba", "Notatki z rozmowy", "Adres IP",
        "Nie wypełniać",
    ],
}  # fmt: skip
# Position of each field in every example (the headers differ by language, the order does not).
CREATED, COMPANY, JOB_TITLE = 1, 4, 5
TAX_ID, DECISION_MAKER, CALL_NOTES, IP_ADDRESS, FAX = 18, 19, 21, 22, 23

CHECKSUMS = (
    ru_inn.is_valid, ru_ogrn.is_valid, pl_nip.is_valid, pl_regon.is_valid, de_vat.is_valid,
    gb_vat.is_valid,
)  # fmt: skip
LABEL = re.compile(r"^(ИНН|ОГРН|NIP|REGON):?\s*")
BOSS_TITLES = re.compile(
    r"ceo|founder|owner|director|директор|собственник|учредитель|prezes|właściciel|dyrektor"
    r"|geschäftsführer|inhaber",
    re.IGNORECASE,
)
YES = {"yes", "да", "tak"}
INTENT_WORDS = ("стоимост", "КП", "демо", "wycen", "demo", "quote", "Angebot")
MOTIVE_WORDS = ("работ", "студент", "SEO", "szuka pracy", "student", "looking for a job")


def read_example(name: str) -> pd.DataFrame:
    """The example as text cells, blank cells missing ("n/a", "нет" stay text)."""
    path = ROOT / "examples" / name
    if name.endswith(".xlsx"):
        return pd.read_excel(path, dtype=str, engine="calamine")
    options = {"sep": ";", "encoding": "cp1251"} if name == "leads_ru.csv" else {}
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], **options)


def column(frame: pd.DataFrame, position: int) -> pd.Series:
    return frame[frame.columns[position]]


def passes_a_checksum(cell: str) -> bool:
    number = LABEL.sub("", cell).split("/")[0]  # "INN/KPP": the INN carries the check digit
    return any(valid(number) for valid in CHECKSUMS)


def has_a_wrong_check_digit(cell: str) -> bool:
    """Invalid as written, valid with another last digit: a typo in the check digit."""
    if passes_a_checksum(cell) or not cell[-1:].isdigit():
        return False
    return any(passes_a_checksum(cell[:-1] + digit) for digit in "0123456789")


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request: pytest.FixtureRequest) -> tuple[str, pd.DataFrame]:
    return request.param, read_example(request.param)


def test_examples_end_with_the_qualification_columns(example):
    name, frame = example
    assert list(frame.columns[17:]) == QUALIFICATION_HEADERS[name]


def test_a_company_writes_the_same_tax_id_on_every_row(example):
    _, frame = example
    given = frame[column(frame, TAX_ID).notna() & column(frame, COMPANY).notna()]
    per_company = given.groupby(column(given, COMPANY))[given.columns[TAX_ID]].nunique()
    assert per_company.max() == 1


def test_most_tax_ids_pass_their_checksum_and_some_have_a_wrong_check_digit(example):
    _, frame = example
    tax_ids = column(frame, TAX_ID).dropna()
    valid = tax_ids.map(passes_a_checksum)
    assert 0.75 <= valid.mean() <= 0.97
    assert tax_ids.map(has_a_wrong_check_digit).sum() >= 3


def test_bosses_mostly_say_they_decide_and_the_others_mostly_do_not(example):
    _, frame = example
    answered = frame[column(frame, DECISION_MAKER).notna()]
    says_yes = column(answered, DECISION_MAKER).str.lower().isin(YES)
    boss = column(answered, JOB_TITLE).fillna("").str.contains(BOSS_TITLES)
    assert says_yes[boss].mean() >= 0.6
    assert says_yes[~boss].mean() <= 0.35


def test_call_notes_show_intent_and_hidden_motives(example):
    _, frame = example
    notes = column(frame, CALL_NOTES).dropna()
    assert notes.str.contains("|".join(INTENT_WORDS)).sum() >= 10
    assert notes.str.contains("|".join(MOTIVE_WORDS)).sum() >= 3
    assert len(notes) < len(frame) / 2


def test_some_addresses_post_several_times_within_ten_minutes(example):
    _, frame = example
    created = pd.to_datetime(column(frame, CREATED), format="mixed", dayfirst=True)
    posts = pd.DataFrame({"ip": column(frame, IP_ADDRESS), "created": created}).dropna()
    posts = posts[posts["ip"].duplicated(keep=False)]
    span = posts.groupby("ip")["created"].agg(lambda times: times.max() - times.min())
    assert (span <= pd.Timedelta(minutes=10)).sum() >= 2


def test_the_hidden_honeypot_field_is_filled_on_a_few_web_form_rows(example):
    _, frame = example
    filled = column(frame, FAX).notna()
    assert 5 <= filled.sum() <= len(frame) / 10
    assert column(frame, IP_ADDRESS)[filled].notna().all()  # only web forms have the field
