"""Reading the app's pages as a browser would: by their elements, not by their bytes."""

from __future__ import annotations

from bs4 import BeautifulSoup


def csrf_of(html: str) -> str:
    """The CSRF token of the page's form."""
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf"})
    assert field is not None, "the page has no CSRF field"
    return str(field["value"])


def alert_of(html: str) -> str:
    """The message the page shows the user, or fails when it shows none."""
    shown = BeautifulSoup(html, "html.parser").find(attrs={"role": "alert"})
    assert shown is not None, "the page shows no message"
    return shown.get_text(" ", strip=True)


def table_rows(html: str) -> list[list[str]]:
    """The text of each cell of each body row of the page's tables."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])]
        for body in soup.find_all("tbody")
        for row in body.find_all("tr")
    ]
