"""How a value of a dashboard table is said in the staff member's language: a date, a
number, or a key (a site, a status, a language …) in words."""

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from sqlalchemy.orm import Session

from api.dashboards.texts import DASHBOARD
from core.assessment import area_title, level_name
from core.childcare.content import sites_content
from core.childcare.wording import site_name
from core.i18n import babel_locale, capital, language_name
from core.training.catalogue import module_rows

DATES = ("week", "day")
# Keys said by a text of DASHBOARD: "<column>_<key>".
KEYED = ("age_group", "reason", "situation", "status", "milestone", "channel", "flow", "wait", "kind", "outcome")
TEXTS = ("text",)  # what a person wrote: shown as it is, in its own language


def date_label(day: date, language: str, *, short: bool = False) -> str:
    return format_date(day, format="d MMM" if short else "d MMM y", locale=babel_locale(language))


@lru_cache(maxsize=8192)
def number_label(value: float | int | None, language: str) -> str:
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.#", locale=babel_locale(language))


class Labels:
    """Says the values of one page's tables; what needs the database (training titles)
    is read once per page."""

    def __init__(self, session: Session, language: str):
        self.language = language
        self._session = session
        self._modules: dict[str, str] | None = None
        self._sites: dict[str, str] | None = None

    def site(self, key: str) -> str:
        """A site by what tells it apart: its name without what all names share
        ("Molenbeek" for "Maison d'enfants d'Actiris Molenbeek")."""
        if self._sites is None:
            names = {k: site_name(k, self.language).split(" ") for k in sites_content().sites}
            shared = 0
            while len(names) > 1 and len({tuple(words[:shared + 1]) for words in names.values()}) == 1 \
                    and all(len(words) > shared + 1 for words in names.values()):
                shared += 1
            self._sites = {k: " ".join(words[shared:]) for k, words in names.items()}
        return self._sites.get(key) or site_name(key, self.language)

    def module(self, key: str) -> str:
        if self._modules is None:
            self._modules = {row.key: str(row.data.get("title", {}).get(self.language) or row.key)
                             for row in module_rows(self._session, include_retired=True)}
        return self._modules.get(key, key)

    def key(self, table: str, column: str, value: Any) -> str:
        """A key in words (the value itself when it has none)."""
        language = self.language
        if value is None:
            return DASHBOARD(language, "outside_questionnaires") if column == "flow" else "–"
        value = str(value)
        special: dict[str, Callable[[str], str]] = {
            "site": self.site,
            "module": self.module,
            "language": lambda v: DASHBOARD(language, "language_unknown") if v in ("unknown", "")
            else capital(language_name(v, language)),
            "area": lambda v: DASHBOARD(language, "overall") if v == "overall" else area_title(v, language),
        }
        if column in special:
            return special[column](value)
        if column == "level" and table == "skills.digital":
            return level_name(value, language)
        if column == "step" and value in ("finished", "stopped"):
            return DASHBOARD(language, f"step_{value}")
        if column in KEYED and f"{column}_{value}" in DASHBOARD:
            return DASHBOARD(language, f"{column}_{value}")
        return str(value)

    def cell(self, table: str, column: str, value: Any, *, short: bool = False) -> str:
        if column in DATES and isinstance(value, date):
            return date_label(value, self.language, short=short)
        if isinstance(value, bool) or not isinstance(value, int | float) or column in TEXTS:
            return self.key(table, column, value) if column not in TEXTS else str(value)
        return number_label(value, self.language)


def is_number(column: str, value: Any) -> bool:
    return column not in DATES and not isinstance(value, bool) and isinstance(value, int | float)
