"""Folders shipped with the package: inside the wheel, or beside a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_dir(name: str, marker: str) -> Path | None:
    """`service/_<name>` when installed from a wheel, else `<name>/` at the checkout's top;
    the first that holds `marker`."""
    for candidate in (_PACKAGE / f"_{name}", _PACKAGE.parent / name):
        if (candidate / marker).exists():
            return candidate
    return None
