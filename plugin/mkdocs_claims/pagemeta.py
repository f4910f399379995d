"""What a report's front matter passes on to the site generator and its theme.

MkDocs and Material read some front matter keys of every page (``template``,
``hide``, ``search``, ``icon``, ``status``, ``tags``) and fail the whole build
on a value of the wrong shape (``hide: true``, ``search: true``) or a file
that does not exist (``template: missing.html``, ``icon: missing``). A
report's front matter is written by many people, so only values that are
certainly valid are passed on; anything else is reported with its line and
dropped. Text values are passed on as they are: the adapter escapes them,
since themes print them unescaped.
"""

from __future__ import annotations

import datetime
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .diagnostics import shown
from .model import Diagnostic

REPORT_KEYS = ("title", "date", "speakers", "source")
"""Front matter the plugin reads itself and does not pass on as it is
(``source``, the original report's address, is shown in the report's
header; MkDocs' own theme reads ``source`` as a list of file names and
showed the address as one label per character)."""

HIDE_VALUES = ("navigation", "toc", "footer", "feedback", "path", "tags")
"""What Material's ``hide:`` knows."""

_TEMPLATE_RE = re.compile(r"^[\w.-]+(?:/[\w.-]+)*$")
_ICON_RE = re.compile(r"^[\w-]+(?:/[\w-]+)*$")
_STATUS_RE = re.compile(r"^[\w-]+$")


@dataclass(frozen=True)
class Theme:
    """The theme's template directories, in the order the theme looks in them
    (None: unknown, and then template and icon names are only checked for
    their form)."""

    dirs: tuple[str, ...] | None = None

    def _has(self, relative: str) -> bool:
        if self.dirs is None:
            return True
        return any(os.path.isfile(os.path.join(folder, relative)) for folder in self.dirs)

    def has_template(self, name: str) -> bool:
        """Whether the theme has the template ``name``."""
        return bool(_TEMPLATE_RE.match(name)) and ".." not in name.split("/") and self._has(name)

    def has_icon(self, name: str) -> bool:
        """Whether the theme has the icon ``name`` (``material/emoticon-happy``)."""
        return bool(_ICON_RE.match(name)) and self._has(f".icons/{name}.svg")


def theme_meta(
    meta: Mapping[Any, Any], lines: Mapping[str, int], path: str, theme: Theme
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The front matter values that may be passed to the theme, and a
    diagnostic for each value that may not (which is dropped)."""
    passed: dict[str, Any] = {}
    diagnostics: list[Diagnostic] = []

    def drop(key: str, why: str) -> None:
        diagnostics.append(
            Diagnostic(
                path,
                lines.get(key, 1),
                "invalid_value",
                f"front matter {shown(key)} {why}; it is not passed to the theme",
            )
        )

    for raw_key, value in meta.items():
        key = str(raw_key)
        if key in REPORT_KEYS or value is None:
            continue
        if key == "hide":
            hidden = _hide(value)
            if hidden is None:
                drop(key, f"must be a list of {', '.join(HIDE_VALUES)}, not {shown(value)}")
            else:
                passed[key] = hidden
        elif key == "search":
            if _search_ok(value):
                passed[key] = dict(value)
            else:
                drop(key, f"must be 'exclude: true' or 'boost: <number>', not {shown(value)}")
        elif key == "template":
            if isinstance(value, str) and theme.has_template(value):
                passed[key] = value
            else:
                drop(key, f"names no template of the theme: {shown(value)}")
        elif key == "icon":
            if isinstance(value, str) and theme.has_icon(value):
                passed[key] = value
            else:
                drop(key, f"names no icon of the theme: {shown(value)}")
        elif key == "status":
            if isinstance(value, str) and _STATUS_RE.match(value):
                passed[key] = value
            else:
                drop(key, f"must be one word such as 'new', not {shown(value)}")
        elif key == "tags":
            if isinstance(value, list) and all(_is_scalar(tag) for tag in value):
                passed[key] = [str(tag) for tag in value]
            else:
                drop(key, f"must be a list of words, not {shown(value)}")
        elif isinstance(value, str) or _is_scalar(value):
            passed[key] = value
        elif isinstance(value, datetime.date):
            passed[key] = value.isoformat()
        else:
            drop(key, f"is {shown(value)}: only text, numbers and true/false are")
    return passed, diagnostics


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def _hide(value: Any) -> list[str] | None:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(item in HIDE_VALUES for item in items):
        return None
    return list(items)


def _search_ok(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    for key, setting in value.items():
        if key == "exclude" and isinstance(setting, bool):
            continue
        if (
            key == "boost"
            and isinstance(setting, (int, float))
            and not isinstance(setting, bool)
            and math.isfinite(setting)
        ):
            continue
        return False
    return True
