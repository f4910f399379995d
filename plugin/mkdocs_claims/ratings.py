"""Fact-check ratings: ``ratings.yml`` to the validated model.

A site that fact-checks claims declares its verdicts once::

    scale: {best: 5, worst: 1}
    ratings:
      accurate: {name: Accurate, value: 5}
      inaccurate: {name: Inaccurate, value: 1}

and a claim takes one with the option ``rating: accurate``. Every mistake
is a :class:`~mkdocs_claims.model.Diagnostic` at the line of the entry; the
file is read like the other registries (bounded YAML, a key given twice
reported once at its line, the first value kept).
"""

from __future__ import annotations

import math
from typing import Any

from .model import Diagnostic, Rating, RatingScale
from .output import shorten
from .registry import Registry, _check_id, _read_mapping, _text, bounded

TOP_KEYS = ("scale", "ratings")
SCALE_KEYS = ("best", "worst")
RATING_FIELDS = ("name", "value")
DEFAULT_SCALE = RatingScale()
"""schema.org's default scale: 5 is the best value, 1 the worst."""


def _number(value: Any) -> int | float | None:
    """A finite number as YAML read it (not a boolean, not text)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{shorten(value, 40)}'"
    text = repr(value) if isinstance(value, (int, float, bool)) or value is None else "that value"
    return text if len(text) <= 40 else text[:39] + "…"


def load_ratings(text: str, path: str, registry: Registry) -> None:
    """Read ``ratings.yml`` into ``registry`` (its scale and its ratings)."""
    diagnostics = registry.diagnostics
    result = _read_mapping(text, path, "the ratings file", diagnostics)
    if result is None or not result.data:
        return
    data: dict[Any, Any] = result.data
    # 1-based lines of the top-level keys ("scale",) and of each rating ("ratings", id).
    lines: dict[tuple[str, ...], int] = {(key,): 1 + line for key, line in result.key_lines.items()}
    for key, line in result.entry_lines.get("ratings", {}).items():
        lines[("ratings", key)] = 1 + line
    for key in data:
        if str(key) not in TOP_KEYS:
            diagnostics.append(
                Diagnostic(
                    path,
                    lines.get((str(key),), 1),
                    "unknown_field",
                    f"unknown key '{shorten(str(key))}' in the ratings file; it takes 'scale' and "
                    "'ratings' (each rating goes under 'ratings:')",
                )
            )
    registry.rating_scale = _scale(data.get("scale"), "scale" in data, path, lines, diagnostics)
    entries = data.get("ratings")
    ratings_line = lines.get(("ratings",), 1)
    if entries is None:
        diagnostics.append(
            Diagnostic(
                path,
                ratings_line,
                "missing_field",
                "the ratings file has no 'ratings:' (write each rating as "
                "'id: {name: Accurate, value: 5}' under it)",
            )
        )
        return
    if not isinstance(entries, dict):
        diagnostics.append(
            Diagnostic(
                path,
                ratings_line,
                "invalid_value",
                "'ratings:' must map rating ids to their name and value",
            )
        )
        return
    seen: dict[str, str] = {}
    scale = registry.rating_scale
    for raw, entry in entries.items():
        # YAML reads `false:` as a boolean, which prints as "False".
        line = (
            lines.get(("ratings", str(raw)))
            or lines.get(("ratings", str(raw).lower()))
            or ratings_line
        )
        # Ratings have no page of their own: no id is reserved.
        ident = _check_id(raw, path, line, "rating", seen, diagnostics, frozenset())
        if ident is not None:
            registry.ratings[ident] = _rating(ident, entry, scale, path, line, diagnostics)


def _scale(
    value: Any,
    given: bool,
    path: str,
    lines: dict[tuple[str, ...], int],
    diagnostics: list[Diagnostic],
) -> RatingScale:
    line = lines.get(("scale",), 1)
    if not given:
        diagnostics.append(
            Diagnostic(
                path,
                1,
                "missing_field",
                "the ratings file has no 'scale:'; schema.org's default "
                "'scale: {best: 5, worst: 1}' is assumed — write it out",
            )
        )
        return DEFAULT_SCALE
    if not isinstance(value, dict):
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "invalid_value",
                "'scale:' must give 'best' and 'worst' (for example "
                "'scale: {best: 5, worst: 1}'); the default 5 to 1 is used",
            )
        )
        return DEFAULT_SCALE
    for key in value:
        if str(key) not in SCALE_KEYS:
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    "unknown_field",
                    f"unknown field '{shorten(str(key))}' in 'scale'; accepted fields: best, worst",
                )
            )
    ends: dict[str, int | float] = {}
    for key, default in (("best", DEFAULT_SCALE.best), ("worst", DEFAULT_SCALE.worst)):
        if key not in value:
            diagnostics.append(
                Diagnostic(
                    path, line, "missing_field", f"'scale' has no '{key}'; {default} is used"
                )
            )
            ends[key] = default
            continue
        number = _number(value[key])
        if number is None:
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    "invalid_value",
                    f"'scale' {key} is {_shown(value[key])}; write a number — {default} is used",
                )
            )
            ends[key] = default
        else:
            ends[key] = number
    if ends["best"] <= ends["worst"]:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "invalid_value",
                f"'scale' best ({ends['best']}) must be greater than worst ({ends['worst']}): "
                "the higher the value, the more accurate the claim; the default 5 to 1 is used",
            )
        )
        return DEFAULT_SCALE
    return RatingScale(ends["best"], ends["worst"])


def _rating(
    ident: str,
    entry: Any,
    scale: RatingScale,
    path: str,
    line: int,
    diagnostics: list[Diagnostic],
) -> Rating:
    if not isinstance(entry, dict):
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "missing_field",
                f"rating '{ident}' needs a name and a value "
                f"('{ident}: {{name: …, value: …}}'); the id is shown as its name",
            )
        )
        return Rating(ident, ident, None)
    for key in entry:
        if str(key) not in RATING_FIELDS:
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    "unknown_field",
                    f"unknown field '{shorten(str(key))}' in rating '{ident}'; "
                    "accepted fields: name, value",
                )
            )
    name = bounded(_text(entry.get("name")), f"rating '{ident}': name", path, line, diagnostics)
    if name is None:
        diagnostics.append(
            Diagnostic(
                path, line, "missing_field", f"rating '{ident}' has no 'name'; the id is shown"
            )
        )
        name = ident
    if "value" not in entry:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "missing_field",
                f"rating '{ident}' has no 'value' on the scale {scale.worst} to {scale.best}; "
                "its JSON-LD has no ratingValue",
            )
        )
        return Rating(ident, name, None)
    value = _number(entry["value"])
    if value is None or not scale.contains(value):
        problem = "is not a number" if value is None else "is outside the scale"
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "invalid_value",
                f"rating '{ident}' has value {_shown(entry['value'])}, which {problem} "
                f"({scale.worst} to {scale.best}); its JSON-LD has no ratingValue",
            )
        )
        return Rating(ident, name, None)
    return Rating(ident, name, value)
