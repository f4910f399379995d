"""Ids of speakers, propositions and claims: validation, normalisation, suggestions."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def normalize_id(value: str) -> str:
    """The NFC form of an id: the id itself and its URL slug."""
    return unicodedata.normalize("NFC", value)


def collision_key(value: str) -> str:
    """Ids equal under this key collide (they differ only by normalisation or case)."""
    return unicodedata.normalize("NFKC", value).casefold()


MAX_ID_BYTES = 200
"""An id names a folder of the site (``speakers/<id>/``): a file name may
have at most 255 bytes on common file systems, and the id must leave room
for ``.html`` (90 Hangul syllables are 270 bytes)."""


def is_valid_id(value: str) -> bool:
    """Whether ``value`` is one or more letters, marks or digits of any script
    (Unicode categories L, M, N) joined by single hyphens, short enough to
    name a folder."""
    return id_problem(value) is None


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id (a phrase for a message), or None."""
    if not value:
        return "an id cannot be empty"
    for part in value.split("-"):
        if not part or not all(unicodedata.category(char)[0] in "LMN" for char in part):
            return "use letters, digits and single hyphens (for example 'mike-pompeo' or '김정은')"
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > MAX_ID_BYTES:
        return f"it is {size} bytes long in UTF-8, more than {MAX_ID_BYTES} (a page's folder name)"
    return None


def slugify(value: str) -> str:
    """A valid id made from arbitrary text (used for derived claim ids)."""
    parts: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFC", value):
        if unicodedata.category(char)[0] in "LMN":
            current.append(char.lower())
        elif current:
            parts.append("".join(current))
            current = []
    if current:
        parts.append("".join(current))
    return "-".join(parts)


def suggest(value: str, known: Iterable[str]) -> str | None:
    """The closest known id to ``value``, if any is close enough."""
    candidates = list(known)
    if not candidates:
        return None
    folded = {collision_key(candidate): candidate for candidate in candidates}
    if collision_key(value) in folded:
        return folded[collision_key(value)]
    # A bare surname ("pompeo") should find "mike-pompeo".
    for candidate in sorted(candidates):
        if value and collision_key(value) in collision_key(candidate).split("-"):
            return candidate
    matches = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or an empty string."""
    suggestion = suggest(value, known)
    return f" (did you mean '{suggestion}'?)" if suggestion else ""
