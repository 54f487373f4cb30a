"""Seeded generator of lead exports with known noisy duplicates, for the dedupe benchmark.

    python benchmarks/generate_duplicates.py --rows 1000000 --seed 7 \\
        --out benchmarks/data/dupes_1000000.csv

writes the export (the English headers of generate_leads.py) and ``<out>.truth.csv`` with the
columns ``lead_id,true_cluster``. Same seed, same files.

How the rows are made:

* Base rows are distinct people drawn with generate_leads' own pools and column families, with
  its repeat contacts switched off, and filtered so that no two base people share a normalised
  e-mail, or a first + last name at the same company, or the same displayed name at the same
  company. Whatever is left alike between two base rows is a hard negative: colleagues (same
  company, city and often the same switchboard number) and namesakes at other companies.
* About DUPLICATE_SHARE of the rows are noisy copies of a base row (clusters of 2 to 5 rows).
  Each copy gets seeded noise (see NOISE_SHARES): name typos, Cyrillic written in Latin, Polish
  and German diacritics dropped, first and last name swapped, e-mail case and gmail dots or
  +tags, another phone format, another spelling of the company's legal form (or none, or the
  Latin "Romashka LLC"), another spelling of the city, and one of e-mail / phone / company left
  blank. A copy always keeps a recognisable name and at least one of: its e-mail, its phone, its
  company.
* Fields that describe the contact event (created, source, message, budget, ...) of a copy come
  from an unrelated generated row, and all rows are shuffled before lead IDs are given.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import generate_leads as gl  # noqa: E402

DUPLICATE_SHARE = 0.10
# A duplicated person appears 1 + k times: k extra copies with these weights.
EXTRA_COPIES: tuple[int, ...] = (1, 2, 3, 4)
EXTRA_COPY_WEIGHTS: tuple[float, ...] = (0.80, 0.14, 0.045, 0.015)
OVERSAMPLE = 1.3  # candidate base rows drawn per base row kept (some are filtered out)

# Share of duplicate rows that get each kind of noise (independent draws).
NOISE_SHARES: dict[str, float] = {
    "swap": 0.15,  # first and last name swapped (where the name has both)
    "translit": 0.40,  # of Russian copies: the Cyrillic name written in Latin
    "diacritics": 0.50,  # of Polish/German copies whose name has diacritics: dropped
    "typo": 0.25,  # one or two character edits in the name, never the first letter
    "name_case": 0.08,  # NAME IN CAPITALS or in lower case
    "email_case": 0.30,  # UPPER or Title.Case address
    "gmail_dots": 0.50,  # of gmail addresses: dots removed or added in the local part
    "gmail_plus": 0.10,  # of gmail addresses: a +tag added
    "phone_format": 0.50,  # of well-formed numbers: written in another format
    "company_form": 0.35,  # of copies with a company: another spelling of the legal form
    "city": 0.15,  # another spelling of the same city
    "city_blank": 0.08,
    "country": 0.20,  # another spelling of the country
    "missing": 0.20,  # one of e-mail / phone / company blank (when another one remains)
}

EVENT_FIELDS: tuple[str, ...] = (
    "created", "source", "budget", "timeline", "message", "page_views", "webinar",
)  # fmt: skip
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"


@dataclass
class Pool:
    """Generated candidate rows with the identity facts behind their cells."""

    columns: dict[str, np.ndarray]  # CORE_FIELDS -> object arrays (lead_id not yet set)
    lang: np.ndarray
    first: np.ndarray
    last: np.ndarray
    patronymic: np.ndarray
    first_lat: np.ndarray
    last_lat: np.ndarray
    junk_name: np.ndarray
    gid: np.ndarray  # company id, -1 without a company
    city: np.ndarray  # city index in the language's pool
    phone_kind: np.ndarray

    def take(self, rows: np.ndarray) -> Pool:
        """The pool restricted to ``rows`` (in that order)."""
        return Pool(
            {k: v[rows] for k, v in self.columns.items()},
            *(getattr(self, f)[rows] for f in _POOL_ARRAYS),
        )


_POOL_ARRAYS: tuple[str, ...] = (
    "lang", "first", "last", "patronymic", "first_lat", "last_lat", "junk_name", "gid", "city",
    "phone_kind",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Base rows: distinct people
# --------------------------------------------------------------------------------------------


def make_pool(rows: int, seed: int) -> Pool:
    """``rows`` generated leads, every one a first contact (no repeats of generate_leads)."""
    rng = gl._rng(seed, "dupes-skeleton")
    lang = gl._categorical(rng, rows, [gl.DEFAULT_MIX[name] for name in gl.LANGS])
    ctx = gl.Context(
        rows, lang, np.arange(rows), np.zeros(rows, dtype=bool), np.zeros(rows, dtype=np.intp)
    )
    ctx.source = gl._sources(ctx, seed)
    person = gl._people(ctx, seed)
    firms = gl._firms(ctx, seed)
    email, _ = gl._emails(ctx, person, firms, seed)
    phone, phone_kind = gl._phones(ctx, firms, seed)
    email, phone = gl._broken_form(ctx, email, phone, seed)
    country, city = gl._geo(ctx, firms, seed)
    budget, timeline = gl._budget_timeline(ctx, seed)
    message, _ = gl._messages(ctx, seed)
    page_views, webinar = gl._engagement(ctx, seed)
    columns = {
        "lead_id": np.empty(rows, dtype=object),
        "created": gl._created(ctx, seed),
        "source": gl._obj(gl.SOURCES)[ctx.source],
        "full_name": gl._full_names(ctx, person, seed),
        "company": firms.name,
        "job_title": gl._job_titles(ctx, seed),
        "email": email,
        "phone": phone,
        "country": country,
        "city": city,
        "employees": gl._employees(ctx, firms, seed),
        "industry": gl._industries(ctx, firms, seed),
        "budget": budget,
        "timeline": timeline,
        "message": message,
        "page_views": page_views,
        "webinar": webinar,
    }
    return Pool(
        columns, lang, person.first, person.last, person.patronymic, person.first_lat,
        person.last_lat, person.junk, firms.gid, firms.city, phone_kind,
    )  # fmt: skip


def email_keys(emails: pd.Series) -> pd.Series:
    """Lower-case addresses with gmail dots and +tags removed (NA stays NA)."""
    low = emails.str.strip().str.lower()
    parts = low.str.extract(r"^(?P<local>[^@]*)@(?P<domain>gmail\.com|googlemail\.com)$")
    gmail = parts["local"].notna()
    local = parts["local"].str.replace(r"\+.*$", "", regex=True).str.replace(".", "", regex=False)
    return low.where(~gmail, local + "@gmail.com")


def distinct_people(pool: Pool) -> np.ndarray:
    """Mask of pool rows that share no e-mail, and no (first, last) or displayed name at their
    company, with an earlier row: the rows that can serve as distinct base people."""
    cols = pool.columns
    mail = email_keys(pd.Series(cols["email"], dtype="str"))
    same_mail = mail.duplicated() & mail.notna()
    gid = pd.Series(pool.gid).astype(str)
    has_company = pool.gid >= 0
    who = pd.Series(pool.first_lat).astype(str) + "|" + pd.Series(pool.last_lat).astype(str)
    same_person = (who + "|" + gid).duplicated().to_numpy() & has_company
    shown = pd.Series(cols["full_name"], dtype="str").str.lower()
    same_shown = ((shown + "|" + gid).duplicated() & shown.notna()).to_numpy() & has_company
    return ~(same_mail.to_numpy() | same_person | same_shown)


def strong_fields(
    email: np.ndarray, phone: np.ndarray, gid: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Masks of rows with a well-formed e-mail, a phone with 9+ digits, and a real company."""
    mail = pd.Series(email, dtype="str")
    junk = mail.str.lower().isin(gl.JUNK_EMAILS)
    email_ok = (mail.str.contains(EMAIL_SHAPE, regex=True) & ~junk).fillna(False).to_numpy(bool)
    digits = pd.Series(phone, dtype="str").str.count(r"\d").fillna(0).to_numpy()
    return email_ok, digits >= 9, np.asarray(gid) >= 0


# --------------------------------------------------------------------------------------------
# Noise on names
# --------------------------------------------------------------------------------------------

_DIACRITICS = str.maketrans(
    {"ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
     "Ą": "A", "Ć": "C", "Ę": "E", "Ł": "L", "Ń": "N", "Ó": "O", "Ś": "S", "Ź": "Z", "Ż": "Z",
     "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "A", "Ö": "O", "Ü": "U"}
)  # fmt: skip
_HAS_DIACRITIC = re.compile("[ąćęłńóśźżĄĆĘŁŃÓŚŹŻäöüßÄÖÜ]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC_LETTERS = "абвгдежзиклмнопрстуфхцчшыэюя"


def _swap_name(shown: str, first: str, last: str, patronymic: str) -> str:
    """The name with first and last name swapped, or unchanged when the form has no pair."""
    forms = {
        f"{first} {last}": f"{last} {first}",
        f"{last} {first}": f"{first} {last}",
        f"{last}, {first}": f"{first} {last}",
    }
    if patronymic:
        forms[f"{last} {first} {patronymic}"] = f"{first} {patronymic} {last}"
        forms[f"{first} {patronymic} {last}"] = f"{last} {first} {patronymic}"
    swapped = forms.get(shown.lower() if shown.islower() else shown)
    if swapped is None:
        lowered = {k.lower(): v for k, v in forms.items()}
        swapped = lowered.get(shown.lower())
    return shown if swapped is None else swapped


def _same_case(word: str, like: str) -> str:
    """``word`` written in the letter case of ``like`` (UPPER, lower or Capitalised)."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like.islower():
        return word.lower()
    return word.capitalize()


def transliterate_name(name: str) -> str:
    """A Cyrillic name as written in Latin letters, keeping each word's case: Иван -> Ivan."""
    return _WORD.sub(lambda m: _same_case(gl.latin(m.group()), m.group()), name)


def typo(name: str, draws: Sequence[float]) -> str:
    """One character edit (delete, double, transpose or replace) in a word of 4+ letters, never
    its first letter; ``draws`` are uniforms that choose the place and the edit."""
    spots = [
        (m.start() + k, m.group()[k])
        for m in _WORD.finditer(name)
        if len(m.group()) >= 4
        for k in range(1, len(m.group()))
    ]
    if not spots:
        return name
    pos, char = spots[int(draws[0] * len(spots))]
    edit = int(draws[1] * 4)
    if edit == 0:
        return name[:pos] + name[pos + 1 :]
    if edit == 1:
        return name[:pos] + char + name[pos:]
    if edit == 2 and pos + 1 < len(name) and name[pos + 1].isalpha():
        return name[:pos] + name[pos + 1] + char + name[pos + 2 :]
    letters = _CYRILLIC_LETTERS if "а" <= char.lower() <= "я" else _LATIN_LETTERS
    new = letters[int(draws[2] * len(letters))]
    if new == char.lower():
        new = letters[(letters.index(new) + 1) % len(letters)]
    return name[:pos] + (new.upper() if char.isupper() else new) + name[pos + 1 :]


def _apply(
    values: np.ndarray, mask: np.ndarray, fn: Callable[..., str], *extra: np.ndarray
) -> np.ndarray:
    """``values`` with ``fn(value, *extra)`` applied where ``mask`` is set."""
    out = values.copy()
    rows = np.flatnonzero(mask)
    out[rows] = gl._obj([fn(values[i], *(e[i] for e in extra)) for i in rows.tolist()])
    return out


def noisy_names(base: Pool, rng: np.random.Generator, flags: dict[str, np.ndarray]) -> np.ndarray:
    """Full names of the copies after swap, transliteration, diacritics, typos and case."""
    names = base.columns["full_name"].copy()
    n = names.size
    u = rng.random((n, 8))
    ru, pl_de = base.lang == gl.LANGS.index("ru"), np.isin(base.lang, (1, 4))
    swap = u[:, 0] < NOISE_SHARES["swap"]
    names = _apply(names, swap, _swap_name, base.first, base.last, base.patronymic)
    translit = ru & (u[:, 1] < NOISE_SHARES["translit"])
    names = _apply(names, translit, transliterate_name)
    has_marks = np.asarray([bool(_HAS_DIACRITIC.search(s)) for s in names], dtype=bool)
    marks = pl_de & has_marks & (u[:, 2] < NOISE_SHARES["diacritics"])
    names = _apply(names, marks, lambda s: s.translate(_DIACRITICS))
    typos = u[:, 3] < NOISE_SHARES["typo"]
    names = _apply(names, typos, typo, u[:, 4:7])
    second = typos & (u[:, 7] < 0.3)  # a second edit for some
    names = _apply(names, second, typo, u[:, [6, 4, 5]])
    case = u[:, 7] >= 1 - NOISE_SHARES["name_case"]
    names = _apply(names, case & (u[:, 0] < 0.5), str.upper)
    names = _apply(names, case & (u[:, 0] >= 0.5), str.lower)
    flags.update(name_swap=swap, name_translit=translit, name_diacritics=marks, name_typo=typos)
    flags["name_case"] = case
    return names


# --------------------------------------------------------------------------------------------
# Noise on e-mails, phones, companies, places
# --------------------------------------------------------------------------------------------


def _gmail_dots(address: str, draw: float) -> str:
    """Dots of a gmail local part removed, or one added when it has none."""
    local, _, domain = address.partition("@")
    if "." in local:
        return local.replace(".", "") + "@" + domain
    cut = 1 + int(draw * max(1, len(local) - 1))
    return local[:cut] + "." + local[cut:] + "@" + domain


_PLUS_TAGS = ("leads", "news", "work", "crm")


def _gmail_plus(address: str, draw: float) -> str:
    local, _, domain = address.partition("@")
    return f"{local}+{_PLUS_TAGS[int(draw * len(_PLUS_TAGS))]}@{domain}"


def noisy_emails(
    emails: np.ndarray, rng: np.random.Generator, flags: dict[str, np.ndarray]
) -> np.ndarray:
    """Addresses of the copies with gmail dots / +tags and letter-case changes."""
    n = emails.size
    u = rng.random((n, 4))
    lowered = pd.Series(emails, dtype="str").str.lower()
    gmail = lowered.str.endswith("@gmail.com").fillna(False).to_numpy(bool)
    dots = gmail & (u[:, 0] < NOISE_SHARES["gmail_dots"])
    out = _apply(emails, dots, _gmail_dots, u[:, 1])
    plus = gmail & (u[:, 2] < NOISE_SHARES["gmail_plus"])
    out = _apply(out, plus, _gmail_plus, u[:, 1])
    case = np.asarray(pd.notna(out)) & (u[:, 3] < NOISE_SHARES["email_case"])
    upper = case & (u[:, 1] < 0.4)
    out = _apply(out, upper, str.upper)
    out = _apply(out, case & ~upper, gl._title_email)
    flags.update(email_gmail_dots=dots, email_gmail_plus=plus, email_case=case)
    return out


def _national(digits: str, lang: str) -> str:
    """The national significant number of a written phone's digits (best effort)."""
    code = _CALLING_CODES[lang]
    if digits.startswith("00" + code):
        digits = digits[2 + len(code) :]
    elif lang == "ru" and len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    elif digits.startswith(code) and len(digits) > 10 - (lang == "pl"):
        digits = digits[len(code) :]
    if lang in ("gb", "de") and digits.startswith("0"):
        digits = digits[1:]
    return digits


_CALLING_CODES: dict[str, str] = {"ru": "7", "pl": "48", "gb": "44", "us": "1", "de": "49"}


def _is_whole_number(digits: str, nsn: str, lang: str) -> bool:
    """True when ``digits`` are ``nsn`` behind nothing but a country code or trunk prefix."""
    code = _CALLING_CODES[lang]
    prefixes = {"", "0", code, "00" + code, code + "0", "00" + code + "0"}
    if lang == "ru":
        prefixes |= {"8", "7"}
    return digits.endswith(nsn) and digits[: len(digits) - len(nsn)] in prefixes


def _bare_ru(head: str, rest: str) -> str:
    """912 345 67 89: a Russian number without country code or trunk prefix."""
    return "{} {} {} {}".format(head, *gl._g(rest, 3, 5))


def reformat_phone(cell: str, lang: str, draw: float) -> str:
    """The same number in another of its country's written formats (unchanged when the cell
    is not one plain number this can read)."""
    if re.search(r"[^\d\s()+./-]", cell) or " / " in cell:
        return cell
    digits = re.sub(r"\D", "", cell)
    nsn = _national(digits, lang)
    if not _is_whole_number(digits, nsn, lang):
        return cell  # cut short or with extra digits: not a number to respell
    plan = gl.PHONE_PLANS[lang]
    formats: Sequence[gl.Formatter]
    if len(nsn) == plan.mobile_length and nsn.startswith(plan.mobile_prefixes):
        formats, head = plan.mobile_formats, plan.mobile_head
    elif lang in ("ru", "us") and len(nsn) == 10:
        formats, head = plan.fixed_formats, 3
    elif lang == "pl" and len(nsn) == 9:
        formats, head = plan.fixed_formats, 2
    else:
        return cell
    if lang == "ru":
        formats = (*formats, _bare_ru)
    start = int(draw * len(formats))
    for k in range(len(formats)):
        new = formats[(start + k) % len(formats)](nsn[:head], nsn[head:])
        if new != cell:
            return new
    return cell


def noisy_phones(
    phones: np.ndarray, lang: np.ndarray, rng: np.random.Generator, flags: dict[str, np.ndarray]
) -> np.ndarray:
    """Phones of the copies, a share written in another format of the same number."""
    u = rng.random((phones.size, 2))
    pick = pd.notna(phones) & (u[:, 0] < NOISE_SHARES["phone_format"])
    langs = gl._obj(gl.LANGS)[lang]
    out = _apply(phones, pick, reformat_phone, langs, u[:, 1])
    flags["phone_format"] = pick & (out != phones)
    return out


def noisy_companies(
    base: Pool, rng: np.random.Generator, flags: dict[str, np.ndarray]
) -> np.ndarray:
    """Company cells of the copies, a share respelt (legal form spelt otherwise or dropped)."""
    names = base.columns["company"].copy()
    pick = (base.gid >= 0) & (rng.random(names.size) < NOISE_SHARES["company_form"])
    rows = np.flatnonzero(pick)
    todo = rows
    for _ in range(4):  # redraw until the spelling differs (a few companies have one spelling)
        if not todo.size:
            break
        ctx = gl.Context(
            todo.size, base.lang[todo], np.arange(todo.size), np.ones(todo.size, dtype=bool),
            np.zeros(todo.size, dtype=np.intp),
        )  # fmt: skip
        cells, _ = gl._company_cells(ctx, base.gid[todo], rng)
        names[todo] = cells
        todo = todo[cells == base.columns["company"][todo]]
    flags["company_form"] = names != base.columns["company"]
    return names


def noisy_cities(base: Pool, rng: np.random.Generator, flags: dict[str, np.ndarray]) -> np.ndarray:
    """City cells of the copies: another spelling of the same city, or left blank."""
    cities = base.columns["city"].copy()
    u = rng.random((cities.size, 2))
    respell = u[:, 0] < NOISE_SHARES["city"]
    for i in np.flatnonzero(respell).tolist():
        city = gl.CITIES[gl.LANGS[base.lang[i]]][base.city[i]]
        choices = [s for s in (city.name, *city.variants) if s != cities[i]]
        cities[i] = choices[int(u[i, 1] * len(choices))] if choices else cities[i]
    blank = u[:, 0] >= 1 - NOISE_SHARES["city_blank"]
    cities[blank] = None
    flags.update(city_respelt=respell & (cities != base.columns["city"]), city_blank=blank)
    return cities


def blank_one_field(
    columns: dict[str, np.ndarray], gid: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Blank e-mail, phone or company on a share of copies that keep another of the three;
    returns the mask of rows changed."""
    email_ok, phone_ok, company_ok = strong_fields(columns["email"], columns["phone"], gid)
    present = np.column_stack([email_ok, phone_ok, company_ok])
    u = rng.random((gid.size, 2))
    pick = (present.sum(axis=1) >= 2) & (u[:, 0] < NOISE_SHARES["missing"])
    choice = np.where(present, u[:, [1]] + np.arange(3), np.inf).argmin(axis=1)  # random present
    for k, field in enumerate(("email", "phone", "company")):
        columns[field][pick & (choice == k)] = None
    return pick


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


def _cluster_sources(eligible: np.ndarray, copies: int, rng: np.random.Generator) -> np.ndarray:
    """Base row of every copy: ``copies`` entries over eligible base rows, some repeated 2-4x."""
    extra = np.asarray(EXTRA_COPIES)[gl._categorical(rng, copies, EXTRA_COPY_WEIGHTS)]
    cut = int(np.searchsorted(np.cumsum(extra), copies)) + 1
    extra = extra[:cut]
    extra[-1] -= int(extra.sum()) - copies
    people = rng.choice(np.flatnonzero(eligible), size=extra.size, replace=False)
    return np.repeat(people, extra)


def make_copies(
    base: Pool, sources: np.ndarray, events: Pool, seed: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Columns of the noisy copies of ``base`` rows ``sources`` and a mask per noise kind."""
    rng = gl._rng(seed, "dupes-noise")
    src = base.take(sources)
    cols = {k: v.copy() for k, v in src.columns.items()}
    for field in EVENT_FIELDS:
        cols[field] = events.columns[field][: sources.size].copy()
    flags: dict[str, np.ndarray] = {}
    cols["full_name"] = noisy_names(src, rng, flags)
    cols["email"] = noisy_emails(cols["email"], rng, flags)
    cols["phone"] = noisy_phones(cols["phone"], src.lang, rng, flags)
    cols["company"] = noisy_companies(src, rng, flags)
    cols["city"] = noisy_cities(src, rng, flags)
    recountry = rng.random(sources.size) < NOISE_SHARES["country"]
    countries = gl._per_lang(rng, src.lang, gl.COUNTRY_NAMES, gl.COUNTRY_WEIGHTS)
    cols["country"] = np.where(recountry, countries, cols["country"])
    flags["missing_field"] = blank_one_field(cols, src.gid, rng)
    return cols, flags


def generate_duplicates(
    rows: int, seed: int
) -> tuple[dict[str, np.ndarray], np.ndarray, dict[str, np.ndarray], Pool]:
    """Columns of ``rows`` leads (shuffled, lead IDs set), the true cluster of each row (the index
    of its base person), the noise masks of the copies and the base rows."""
    copies = int(round(rows * DUPLICATE_SHARE))
    people = rows - copies
    factor = OVERSAMPLE
    while True:
        pool = make_pool(int(people * factor) + 1000, seed)
        kept = np.flatnonzero(distinct_people(pool))
        if kept.size >= people:
            break
        factor *= 1.3
    base_rows = kept[:people]
    spare = np.setdiff1d(np.arange(pool.lang.size), base_rows)
    rng = gl._rng(seed, "dupes-clusters")
    events = pool.take(rng.permutation(spare)[:copies])
    base = pool.take(base_rows)
    email_ok, phone_ok, company_ok = strong_fields(
        base.columns["email"], base.columns["phone"], base.gid
    )
    named = pd.notna(base.columns["full_name"]) & ~base.junk_name
    sources = _cluster_sources(named & (email_ok | phone_ok | company_ok), copies, rng)
    copy_cols, flags = make_copies(base, sources, events, seed)
    columns = {f: np.concatenate([base.columns[f], copy_cols[f]]) for f in gl.CORE_FIELDS}
    cluster = np.concatenate([np.arange(people), sources])
    order = rng.permutation(rows)
    columns = {f: v[order] for f, v in columns.items()}
    columns["lead_id"] = gl._obj([f"L-{i:07d}" for i in range(1, rows + 1)])
    position = np.empty(rows, dtype=np.int64)
    position[order] = np.arange(rows)
    flags["_row"] = position[people:]  # row of each copy in the shuffled file
    return columns, cluster[order], flags, base


def write_truth(path: Path, lead_ids: np.ndarray, cluster: np.ndarray) -> None:
    """``lead_id,true_cluster`` for every row."""
    pd.DataFrame({"lead_id": lead_ids, "true_cluster": cluster}).to_csv(path, index=False)


def hard_negatives(base: Pool) -> dict[str, int]:
    """Pairs of distinct base people that look alike: colleagues, shared phones, namesakes."""

    def pairs(keys: pd.Series) -> int:
        counts = keys.dropna().value_counts().to_numpy(np.int64)
        return int((counts * (counts - 1) // 2).sum())

    gid = pd.Series(np.where(base.gid >= 0, base.gid, -1)).astype(str)
    city = pd.Series(base.columns["city"], dtype="str")
    colleagues = (gid + "|" + city.str.lower()).where(base.gid >= 0)
    digits = pd.Series(base.columns["phone"], dtype="str").str.replace(r"\D", "", regex=True)
    phone = digits.where(digits.str.len() >= 9)
    name = pd.Series(base.first_lat).astype(str) + " " + pd.Series(base.last_lat).astype(str)
    return {
        "colleague pairs (same company and city)": pairs(colleagues),
        "pairs sharing a phone (company switchboards)": pairs(phone),
        "namesake pairs (same first and last name)": pairs(name),
    }


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in all (default 100000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, required=True, help="output CSV")
    parser.add_argument("--stats", action="store_true", help="print noise and hard-negative counts")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    started = time.perf_counter()
    columns, cluster, flags, base = generate_duplicates(args.rows, args.seed)
    generated = time.perf_counter()
    headers = gl.HEADERS["en"][: len(gl.CORE_FIELDS)]
    gl._write_csv_columns(headers, [columns[f] for f in gl.CORE_FIELDS], args.out)
    truth = args.out.with_name(args.out.name + ".truth.csv")
    write_truth(truth, columns["lead_id"], cluster)
    copies = flags["_row"].size
    print(f"{args.rows} rows ({copies} noisy copies): generated in {generated - started:.1f} s, "
          f"written in {time.perf_counter() - generated:.1f} s: {args.out}, {truth}",
          file=sys.stderr)  # fmt: skip
    if args.stats:
        sizes = pd.Series(cluster).value_counts().value_counts().sort_index()
        print("cluster sizes: " + ", ".join(f"{k}: {v}" for k, v in sizes.items()))
        for name, mask in flags.items():
            if not name.startswith("_"):
                print(f"{name}: {int(mask.sum())} copies ({mask.mean():.1%})")
        for name, count in hard_negatives(base).items():
            print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
