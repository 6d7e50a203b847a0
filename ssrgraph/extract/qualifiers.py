"""Time and amount qualifiers read from an assertion's sentence.

The time is the period, "since" year, "between" years or single year the
sentence gives; the amount is money written with a currency sign, code or
word, scaled by "million", "billion" or "thousand".
"""

from __future__ import annotations

import re

__all__ = ["find_time", "find_amount"]

_PERIOD = re.compile(r"\b(19\d\d|20\d\d)\s*[-–/]\s*(19\d\d|20\d\d|\d\d)\b")
_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid)[- ])?(?:[A-Z][a-z]+\s+)?(19\d\d|20\d\d)\b", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(19\d\d|20\d\d)\s+and\s+(19\d\d|20\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_CURRENCY = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "us$": "USD", "usd": "USD",
             "dollars": "USD", "dollar": "USD", "£": "GBP", "gbp": "GBP", "pounds": "GBP", "chf": "CHF",
             "yen": "JPY", "jpy": "JPY", "rub": "RUB", "roubles": "RUB", "rubles": "RUB"}
_SCALE = {"million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3}
_MONEY_BEFORE = re.compile(r"(€|\$|£|US\$|EUR|USD|GBP|CHF|JPY|RUB)\s?(\d[\d,]*(?:\.\d+)?)(?:\s*[-–]\s*\d[\d,]*(?:\.\d+)?)?\s*(million|billion|thousand|mn|bn|m)?\b", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s*[-–]\s*\d[\d,]*(?:\.\d+)?)?\s*(million|billion|thousand)?\s*(euros?|dollars|EUR|USD|GBP|CHF|pounds|roubles|rubles)\b", re.IGNORECASE)


def find_time(text: str) -> str | None:
    """The year or period a sentence gives, in normal form.

    >>> find_time("trained 1,500 officers since 2006 in Dushanbe")
    'since 2006'
    >>> find_time("President Bakiyev (2005-2010) disbanded it")
    '2005-2010'
    >>> find_time("In October 2011, the doctrine was adopted")
    '2011'
    """
    if match := _BETWEEN.search(text):
        return f"{match.group(1)}-{match.group(2)}"
    if match := _PERIOD.search(text):
        end = match.group(2)
        end = match.group(1)[:2] + end if len(end) == 2 else end
        return f"{match.group(1)}-{end}"
    if match := _SINCE.search(text):
        return f"since {match.group(1)}"
    if match := _YEAR.search(text):
        return match.group(1)
    return None


def find_amount(text: str) -> tuple[float, str] | None:
    """A sum of money in a sentence, as (value, ISO currency); a range gives its lower end.

    >>> find_amount("a grant of EUR 33 million to BOMCA")
    (33000000.0, 'EUR')
    >>> find_amount("USD 1.5 billion")
    (1500000000.0, 'USD')
    >>> find_amount("some 200,000 dollars")
    (200000.0, 'USD')
    """
    if match := _MONEY_BEFORE.search(text):
        symbol, number, scale = match.groups()
    elif match := _MONEY_AFTER.search(text):
        number, scale, symbol = match.groups()
    else:
        return None
    value = float(number.replace(",", "")) * _SCALE.get((scale or "").lower(), 1)
    return value, _CURRENCY.get(symbol.lower(), symbol.upper())
