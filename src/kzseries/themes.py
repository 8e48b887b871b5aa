"""Themes of the statements outside the five headline series, in the order the ``06_documents`` page shows them.

Each registry row of series ``other`` names one theme in its ``theme`` column (``data/raw/claims.csv``); the
page groups, charts and tallies by it. Declared once here: the validation, the page and the README read it.
"""

from __future__ import annotations

THEMES: dict[str, str] = {
    "industry": "Industry and construction",
    "trade": "Trade, exports and transit",
    "agriculture": "Agriculture and food",
    "investment": "Investment and business",
    "innovation": "Innovation, IT and the creative economy",
    "health": "Health and demography",
    "social": "Poverty, pay and social services",
    "education": "Schools",
    "infrastructure": "Infrastructure, energy and utilities",
    "public_funds": "Public funding and programmes",
}


def title(theme: str) -> str:
    return THEMES[theme]
