"""Registries and report front matter: from YAML to the validated model.

``speakers.yml`` and ``propositions.yml`` (and the ``speakers:`` of a report's
front matter) become :class:`Speaker` and :class:`Proposition` values; every
mistake becomes a :class:`Diagnostic` with the line of the entry.
"""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .annotate import annotate, parse_date
from .diagnostics import shown
from .ids import collision_key, id_problem, normalize_id
from .model import (
    SPEAKER_KINDS,
    Diagnostic,
    Proposition,
    Rating,
    RatingScale,
    Report,
    Speaker,
    SpeakerKind,
)
from .pagemeta import Theme, theme_meta
from .syntax import ParsedSource, duplicate_diagnostics
from .urls import url_problem
from .yamlload import YamlResult, read_yaml

SPEAKER_FIELDS = ("name", "role", "kind", "aliases", "native_name", "url", "description")
PROPOSITION_FIELDS = ("statement", "description", "window")


def key_lines(text: str, offset: int = 0) -> dict[str, int]:
    """The 1-based line of every top-level key of a YAML mapping (plus ``offset``)."""
    return {key: 1 + line + offset for key, line in read_yaml(text).key_lines.items()}


MAX_LINE = 500
"""Characters: the longest name, role, statement, title, outlet or note kept.
These are repeated on many pages (a speaker's name in every callout, a
report's title in every link to it), so a value of megabytes would make the
site grow with its square; longer ones are shortened, with a diagnostic."""


def bounded(
    value: str | None, what: str, path: str, line: int, diagnostics: list[Diagnostic]
) -> str | None:
    """``value`` shortened to :data:`MAX_LINE` characters (with a diagnostic)."""
    if value is None or len(value) <= MAX_LINE:
        return value
    diagnostics.append(
        Diagnostic(
            path,
            line,
            "invalid_value",
            f"{what} has {len(value):,} characters; it is shortened to {MAX_LINE}",
        )
    )
    return value[: MAX_LINE - 1] + "…"


def _text(value: Any) -> str | None:
    """A scalar as text (YAML reads ``2018`` as an int), or None."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value).strip()
    return text or None


@dataclass
class Registry:
    """Every speaker, proposition and fact-check rating known to the site."""

    speakers: dict[str, Speaker] = field(default_factory=dict)
    propositions: dict[str, Proposition] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    speaker_origin: dict[str, str] = field(default_factory=dict)
    origins: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    """("speaker" or "proposition", id) -> (path, line) of its entry."""
    ratings: dict[str, Rating] = field(default_factory=dict)
    rating_scale: RatingScale = field(default_factory=RatingScale)
    ratings_path: str = "ratings.yml"
    """The ratings file as the writer sees it (for messages)."""


def _read_mapping(
    text: str, path: str, what: str, diagnostics: list[Diagnostic]
) -> YamlResult | None:
    """A registry read as YAML, when it is a mapping (or empty); every problem,
    and every key given twice at any level, becomes a diagnostic."""
    result = read_yaml(text)
    if not result.ok:
        diagnostics.append(
            Diagnostic(
                path,
                1 + result.line,
                "invalid_yaml",
                f"{what} is not valid YAML: {result.error}",
            )
        )
        return None
    diagnostics.extend(duplicate_diagnostics(result, path, 1, what))
    if result.data is not None and not isinstance(result.data, dict):
        diagnostics.append(
            Diagnostic(path, 1, "invalid_yaml", f"{what} must be a mapping of ids to entries")
        )
        return None
    return result


def _load_mapping(
    text: str, path: str, what: str, diagnostics: list[Diagnostic]
) -> tuple[dict[Any, Any], dict[str, int]] | None:
    """A registry's mapping and the 1-based line of each top-level key."""
    result = _read_mapping(text, path, what, diagnostics)
    if result is None:
        return None
    lines = {key: 1 + line for key, line in result.key_lines.items()}
    return result.data or {}, lines


RESERVED_IDS = frozenset({"index"})
"""Ids whose page would be the index page of their kind (``speakers/index.md``)."""


def _check_id(
    raw: Any,
    path: str,
    line: int,
    what: str,
    seen: dict[str, str],
    diagnostics: list[Diagnostic],
    reserved: frozenset[str] = RESERVED_IDS,
) -> str | None:
    if not isinstance(raw, (str, int)) or isinstance(raw, bool):
        diagnostics.append(
            Diagnostic(path, line, "invalid_id", f"{what} id {shown(raw)} is not a valid id")
        )
        return None
    written = str(raw)
    ident = normalize_id(written)
    problem = id_problem(ident)
    if problem is not None:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "invalid_id",
                f"{what} id {shown(ident)} is not a valid id: {problem}; the entry is ignored",
            )
        )
        return None
    key = collision_key(ident)
    if key in reserved:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "reserved_path",
                f"{what} id '{ident}' is reserved: its page would be the index of all "
                f"{what}s; rename it — the entry is ignored",
            )
        )
        return None
    if key in seen:
        # NFC and NFD spellings of one id, or ids that differ only by case:
        # one page address, so never silently one over the other.
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "id_collision",
                f"{what} id {shown(written)} collides with {shown(seen[key])} (they differ "
                "only by case or Unicode normalisation); rename one of them — the entry is "
                "ignored",
            )
        )
        return None
    seen[key] = written
    return ident


def parse_speaker(
    ident: str, entry: Any, path: str, line: int, diagnostics: list[Diagnostic]
) -> Speaker | None:
    """One speaker entry (registry or front matter)."""
    if isinstance(entry, str):
        entry = {"name": entry}
    if not isinstance(entry, dict):
        diagnostics.append(
            Diagnostic(
                path, line, "missing_field", f"speaker '{ident}' needs fields, at least 'name:'"
            )
        )
        return None
    for key in entry:
        if str(key) not in SPEAKER_FIELDS:
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    "unknown_field",
                    f"unknown field {shown(key)} in speaker '{ident}'; "
                    f"accepted fields: {', '.join(SPEAKER_FIELDS)}",
                )
            )
    name = bounded(_text(entry.get("name")), f"speaker '{ident}': name", path, line, diagnostics)
    if name is None:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "missing_field",
                f"speaker '{ident}' has no 'name'; the id is used as the name",
            )
        )
        name = ident
    kind_raw = _text(entry.get("kind")) or "person"
    kind: SpeakerKind = "person"
    if kind_raw in SPEAKER_KINDS:
        kind = kind_raw  # type: ignore[assignment,unused-ignore]
    else:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "invalid_value",
                f"speaker '{ident}' has kind {shown(kind_raw)}; "
                f"use one of {', '.join(SPEAKER_KINDS)}",
            )
        )
    aliases_raw = entry.get("aliases") or ()
    if isinstance(aliases_raw, (str, int)):
        aliases_raw = [aliases_raw]
    if not isinstance(aliases_raw, (list, tuple)):
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "invalid_value",
                f"speaker '{ident}' has aliases {shown(aliases_raw)}; write a list of names",
            )
        )
        aliases_raw = ()
    aliases = tuple(
        bounded(text, f"speaker '{ident}': an alias", path, line, diagnostics) or text
        for text in map(_text, aliases_raw)
        if text
    )
    url = _text(entry.get("url"))
    problem = url_problem(url) if url is not None else None
    if problem is not None:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "bad_url",
                f"speaker '{ident}' has url {shown(url)}, which is {problem}; it is not linked",
            )
        )
        url = None
    return Speaker(
        id=ident,
        name=name,
        role=bounded(_text(entry.get("role")), f"speaker '{ident}': role", path, line, diagnostics),
        kind=kind,
        aliases=aliases,
        native_name=bounded(
            _text(entry.get("native_name")),
            f"speaker '{ident}': native_name",
            path,
            line,
            diagnostics,
        ),
        url=url,
        description=_text(entry.get("description")),
    )


def load_speakers(text: str, path: str, registry: Registry) -> None:
    """Read ``speakers.yml`` into ``registry``."""
    loaded = _load_mapping(text, path, "the speakers registry", registry.diagnostics)
    if loaded is None:
        return
    data, lines = loaded
    seen: dict[str, str] = {}
    for raw, entry in data.items():
        line = lines.get(str(raw), 1)
        ident = _check_id(raw, path, line, "speaker", seen, registry.diagnostics)
        if ident is None:
            continue
        speaker = parse_speaker(ident, entry, path, line, registry.diagnostics)
        if speaker is not None:
            registry.speakers[ident] = speaker
            registry.speaker_origin[ident] = f"{path}:{line}"
            registry.origins[("speaker", ident)] = (path, line)


def load_propositions(text: str, path: str, registry: Registry) -> None:
    """Read ``propositions.yml`` into ``registry``."""
    loaded = _load_mapping(text, path, "the propositions registry", registry.diagnostics)
    if loaded is None:
        return
    data, lines = loaded
    seen: dict[str, str] = {}
    for raw, entry in data.items():
        line = lines.get(str(raw), 1)
        ident = _check_id(raw, path, line, "proposition", seen, registry.diagnostics)
        if ident is None:
            continue
        if isinstance(entry, str):
            entry = {"statement": entry}
        if not isinstance(entry, dict):
            entry = {}
        for key in entry:
            if str(key) not in PROPOSITION_FIELDS:
                registry.diagnostics.append(
                    Diagnostic(
                        path,
                        line,
                        "unknown_field",
                        f"unknown field {shown(key)} in proposition '{ident}'; "
                        f"accepted fields: {', '.join(PROPOSITION_FIELDS)}",
                    )
                )
        statement = bounded(
            _text(entry.get("statement")),
            f"proposition '{ident}': statement",
            path,
            line,
            registry.diagnostics,
        )
        if statement is None:
            registry.diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    "missing_field",
                    f"proposition '{ident}' has no 'statement'; the id is shown instead",
                )
            )
            statement = ident
        registry.origins[("proposition", ident)] = (path, line)
        registry.propositions[ident] = Proposition(
            ident,
            statement,
            _text(entry.get("description")),
            parse_window(
                entry.get("window"), f"proposition '{ident}'", path, line, registry.diagnostics
            ),
        )


def parse_window(
    value: Any, what: str, path: str, line: int, diagnostics: list[Diagnostic]
) -> int | None:
    """A contradiction window in days (a whole number, 0 or more), or None."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    shown = repr(value) if isinstance(value, (int, float, bool)) else "that value"
    diagnostics.append(
        Diagnostic(
            path,
            line,
            "invalid_value",
            f"{what} has window {shown}; write a whole number of days (0 or more) — "
            "no window is applied",
        )
    )
    return None


def report_key(relative_path: str) -> str:
    """``2018/pompeo.md`` -> ``2018/pompeo``."""
    key, _ = posixpath.splitext(relative_path.replace("\\", "/"))
    return key


def read_report(
    parsed: ParsedSource, key: str, theme: Theme | None = None
) -> tuple[Report, list[Diagnostic]]:
    """Front matter and annotations of one report, validated on their own.

    The speakers, propositions and mentions are checked against the
    registries later, by :func:`mkdocs_claims.index.build_index`; the front
    matter passed on to the theme (``Report.meta``) against ``theme``.
    """
    path = parsed.path
    diagnostics = list(parsed.diagnostics)
    meta = parsed.front_matter or {}
    lines: Mapping[str, int] = parsed.front_matter_lines
    if parsed.front_matter_text is None:
        diagnostics.append(
            Diagnostic(
                path,
                1,
                "missing_field",
                "report has no front matter: start it with '---', 'title: …', "
                "'date: YYYY-MM-DD', '---'",
            )
        )
    fields = {
        key: bounded(
            _text(meta.get(key)), f"front matter '{key}'", path, lines.get(key, 1), diagnostics
        )
        for key in ("title", "outlet", "author", "original_headline")
    }
    title = fields["title"]
    if title is None:
        if parsed.front_matter is not None:
            diagnostics.append(
                Diagnostic(
                    path,
                    1,
                    "missing_field",
                    "report has no 'title:' in its front matter; its first '# Heading' "
                    "or else the file name is used",
                )
            )
        title = _fallback_title(parsed.body, key)
    date: datetime.date | None = None
    if "date" not in meta:
        if parsed.front_matter is not None:
            diagnostics.append(
                Diagnostic(
                    path,
                    1,
                    "missing_date",
                    "report has no 'date:' in its front matter (write date: YYYY-MM-DD)",
                )
            )
    else:
        date = parse_date(meta.get("date"))
        if date is None:
            diagnostics.append(
                Diagnostic(
                    path,
                    lines.get("date", 1),
                    "invalid_date",
                    f"report date {shown(meta.get('date'))} is not a date: write it as YYYY-MM-DD",
                )
            )
    source = _text(meta.get("source"))
    problem = url_problem(source) if source is not None else None
    if problem is not None:
        diagnostics.append(
            Diagnostic(
                path,
                lines.get("source", 1),
                "bad_url",
                f"source {shown(source)} is {problem}; it is not linked",
            )
        )
        source = None
    speakers: list[Speaker] = []
    declared = meta.get("speakers")
    if declared is not None:
        if not isinstance(declared, dict):
            diagnostics.append(
                Diagnostic(
                    path,
                    lines.get("speakers", 1),
                    "invalid_value",
                    "front matter 'speakers:' must map speaker ids to their fields",
                )
            )
        else:
            seen: dict[str, str] = {}
            speaker_lines = parsed.front_matter_speaker_lines
            for raw, entry in declared.items():
                line = speaker_lines.get(str(raw), lines.get("speakers", 1))
                ident = _check_id(raw, path, line, "speaker", seen, diagnostics)
                if ident is None:
                    continue
                speaker = parse_speaker(ident, entry, path, line, diagnostics)
                if speaker is not None:
                    speakers.append(speaker)
    passed, problems = theme_meta(meta, lines, path, theme or Theme())
    diagnostics.extend(problems)
    annotations = annotate(parsed, key, date)
    diagnostics.extend(annotations.diagnostics)
    report = Report(
        key=key,
        path=path,
        title=title,
        date=date,
        outlet=fields["outlet"],
        author=fields["author"],
        source=source,
        summary=_text(meta.get("summary")),
        original_headline=fields["original_headline"],
        speakers=tuple(speakers),
        claims=tuple(annotations.claims),
        quotes=tuple(annotations.quotes),
        mentions=tuple(annotations.mentions),
        meta=passed,
    )
    return report, diagnostics


def _fallback_title(body: str, key: str) -> str:
    for line in body.split("\n"):
        if line.startswith("# "):
            return line[2:].strip().strip("#").strip() or key
    return posixpath.basename(key).replace("-", " ").replace("_", " ").strip() or key
