"""The pre-scan of a whole newsroom: registries, every report, the claim index.

Shared by the MkDocs adapter (before any page renders) and by the
``mkdocs-claims check`` command (without building anything).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from .attribution import check_attributions
from .depends import digest
from .index import ClaimIndex
from .model import Diagnostic, Report
from .ratings import load_ratings
from .registry import Registry, load_propositions, load_speakers, read_report, report_key
from .syntax import DEFAULT_BLOCK_NAMES, ParsedSource, parse_source


@dataclass(frozen=True)
class Sources:
    """Where a newsroom's sources are."""

    content_dir: str
    project_dir: str
    speakers_file: str = "speakers.yml"
    propositions_file: str = "propositions.yml"
    ratings_file: str = "ratings.yml"

    def label(self, path: str) -> str:
        """A path as the writer sees it: relative to the project, with slashes."""
        return os.path.relpath(path, self.project_dir).replace(os.sep, "/")

    def registry_paths(self) -> list[str]:
        """The two registries' paths."""
        return [
            os.path.normpath(os.path.join(self.content_dir, name))
            for name in (self.speakers_file, self.propositions_file)
        ]

    def ratings_path(self) -> str:
        """The fact-check ratings file's path (optional: most sites have none)."""
        return os.path.normpath(os.path.join(self.content_dir, self.ratings_file))


@dataclass(frozen=True)
class ReadReport:
    """One report as read from its text: what the scan keeps of it."""

    digest: str
    report: Report
    diagnostics: tuple[Diagnostic, ...]
    strip_front_matter: bool


ScanCache = dict[tuple[str, str, frozenset[str]], ReadReport]
"""Reports already read, by (path label, key, block names); an entry is
used only when the file's text still has the same digest."""


@dataclass
class Scan:
    """The result of a pre-scan."""

    index: ClaimIndex
    diagnostics: list[Diagnostic]
    undecodable: set[str] = field(default_factory=set)
    strip_front_matter: set[str] = field(default_factory=set)
    digests: dict[str, str] = field(default_factory=dict)
    cache: ScanCache = field(default_factory=dict)


def read_text(path: str, label: str, diagnostics: list[Diagnostic]) -> str | None:
    """A source file as text; a file that is not UTF-8 is read with
    replacement characters (so its text is still shown) and reported."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        diagnostics.append(Diagnostic(label, 1, "not_utf8", f"cannot read the file: {error}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        diagnostics.append(
            Diagnostic(
                label,
                line,
                "not_utf8",
                f"the file is not UTF-8 (byte {data[error.start]:#04x}); save it as UTF-8 — "
                "undecodable bytes are shown as '\ufffd'",
            )
        )
        return data.decode("utf-8", errors="replace")


def is_report_file(relative: str) -> bool:
    """Every .md file is a report, except README.md and hidden or private names."""
    parts = relative.split("/")
    if any(part.startswith(("_", ".")) for part in parts):
        return False
    return parts[-1].endswith(".md") and parts[-1] != "README.md"


def report_files(content_dir: str) -> list[str]:
    """Paths of the reports, relative to the content directory, sorted."""
    found: list[str] = []
    if not os.path.isdir(content_dir):
        return found
    for root, dirs, names in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(names):
            relative = os.path.relpath(os.path.join(root, name), content_dir)
            relative = relative.replace(os.sep, "/")
            if is_report_file(relative):
                found.append(relative)
    return found


def load_registries(sources: Sources) -> Registry:
    """Read both registries and the ratings file (a missing one is empty)."""
    registry = Registry()
    speakers, propositions = sources.registry_paths()
    for path, loader in ((speakers, load_speakers), (propositions, load_propositions)):
        if not os.path.isfile(path):
            continue
        text = read_text(path, sources.label(path), registry.diagnostics)
        if text is not None:
            loader(text, sources.label(path), registry)
    ratings = sources.ratings_path()
    registry.ratings_path = sources.label(ratings)
    if os.path.isfile(ratings):
        text = read_text(ratings, registry.ratings_path, registry.diagnostics)
        if text is not None:
            load_ratings(text, registry.ratings_path, registry)
    return registry


def site_window(value: object, path: str) -> tuple[int | None, list[Diagnostic]]:
    """The site's ``contradiction_window`` as read from mkdocs.yml: a whole
    number of days (0 or more) or null; anything else is reported and no
    limit applies (as for a proposition's ``window``)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value, []
    shown = repr(value) if isinstance(value, (int, float, bool)) else "that value"
    return None, [
        Diagnostic(
            path,
            1,
            "invalid_value",
            f"contradiction_window is {shown}; write a whole number of days (0 or more), "
            "or null for no limit — no limit is applied",
        )
    ]


def scan(
    sources: Sources,
    block_names: Iterable[str] = DEFAULT_BLOCK_NAMES,
    cache: ScanCache | None = None,
    contradiction_window: object = None,
    parsed_sources: dict[str, ParsedSource] | None = None,
) -> Scan:
    """Read every report and both registries and build the claim index.

    With ``cache`` (the ``cache`` of an earlier scan), a report whose text has
    not changed is not parsed again: a rebuild after one edit parses one file.
    ``contradiction_window`` is the site's option as written in mkdocs.yml
    (checked here, so that the build and ``mkdocs-claims check`` agree).
    ``parsed_sources``, when given, receives every report parsed (by path
    label), for readers of the prose such as ``mkdocs-claims suggest``.
    """
    names = frozenset(block_names)
    registry = load_registries(sources)
    config_label = sources.label(os.path.join(sources.project_dir, "mkdocs.yml"))
    window, diagnostics = site_window(contradiction_window, config_label)
    diagnostics.extend(registry.diagnostics)
    reports: list[Report] = []
    undecodable: set[str] = set()
    strip: set[str] = set()
    digests: dict[str, str] = {}
    new_cache: ScanCache = {}
    for relative in report_files(sources.content_dir):
        path = os.path.join(sources.content_dir, relative)
        label = sources.label(path)
        found: list[Diagnostic] = []
        text = read_text(path, label, found)
        diagnostics.extend(found)
        if text is None:
            continue
        key = report_key(relative)
        digests[key] = digest(text)
        if found:
            undecodable.add(key)
        slot = (label, key, names)
        read = (cache or {}).get(slot)
        if read is None or read.digest != digests[key]:
            parsed = parse_source(text, label, names)
            if parsed_sources is not None:
                parsed_sources[label] = parsed
            report, problems = read_report(parsed, key)
            failed = parsed.front_matter_text is not None and parsed.front_matter is None
            read = ReadReport(digests[key], report, tuple(problems), failed)
        new_cache[slot] = read
        if read.strip_front_matter:
            strip.add(key)
        diagnostics.extend(read.diagnostics)
        reports.append(read.report)
    index = ClaimIndex(
        reports, registry, window, propositions_path=sources.label(sources.registry_paths()[1])
    )
    diagnostics.extend(index.diagnostics)
    # Needs every speaker (the registry's and those declared in reports).
    diagnostics.extend(check_attributions(index.reports.values(), index.speakers))
    return Scan(index, diagnostics, undecodable, strip, digests, new_cache)
