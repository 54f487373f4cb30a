"""The naive baseline the issue compares against: pandas ``apply`` calling phonenumbers and
email-validator on every row, then a CSV write. No caching, no vectorization, one core.

    python benchmarks/naive_score.py benchmarks/data/leads_100k.csv out.csv
"""

from __future__ import annotations

import sys

import pandas as pd
import phonenumbers
from email_validator import EmailNotValidError, validate_email


def check_phone(raw: object) -> tuple[str | None, bool]:
    if not isinstance(raw, str) or not raw.strip():
        return None, False
    try:
        number = phonenumbers.parse(raw, "RU")
    except phonenumbers.NumberParseException:
        return None, False
    valid = phonenumbers.is_valid_number(number)
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if valid else None
    ), valid


def check_email(raw: object) -> tuple[str | None, bool]:
    if not isinstance(raw, str) or not raw.strip():
        return None, False
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized, True
    except EmailNotValidError:
        return None, False


def main(source: str, destination: str) -> None:
    table = pd.read_csv(source, dtype=str, keep_default_na=False)
    phones = table["Phone"].apply(check_phone)
    emails = table["Email"].apply(check_email)
    table["phone_e164"] = phones.str[0]
    table["phone_valid"] = phones.str[1]
    table["email_normalized"] = emails.str[0]
    table["email_valid"] = emails.str[1]
    table.to_csv(destination, index=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
