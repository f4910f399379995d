"""The pre-scan of a whole newsroom: registries, every report, the claim index.

Shared by the MkDocs adapter (before any page renders) and by the
``mkdocs-claims check`` command (without building anything).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .attribution import check_attributions
from .depends import digest, fingerprint
from .ids import collision_key
from .index import ClaimIndex
from .layout import Layout
from .model import Diagnostic, Report, escape_controls
from .output import read_at_most
from .pagemeta import Theme
from .ratings import load_ratings
from .registry import Registry, load_propositions, load_speakers, read_report, report_key
from .syntax import (
    DEFAULT_ANNOTATIONS,
    DEFAULT_BLOCK_NAMES,
    MAX_NESTING,
    ParsedSource,
    parse_source,
)

DEFAULT_MAX_SIZE = 5 * 1024 * 1024
"""Bytes: larger reports and registries are not read (``max_report_size``)."""


@dataclass(frozen=True)
class Sources:
    """Where a newsroom's sources are, and how much of each may be read."""

    content_dir: str
    project_dir: str
    speakers_file: str = "speakers.yml"
    propositions_file: str = "propositions.yml"
    ratings_file: str = "ratings.yml"
    max_size: int = DEFAULT_MAX_SIZE

    def label(self, path: str) -> str:
        """A path as the writer sees it: relative to the project, with slashes."""
        prefix = self.project_dir.rstrip(os.sep) + os.sep
        if path.startswith(prefix) and os.path.normpath(path) == path:
            # The common case, asked for every report: no need to resolve anything.
            return path[len(prefix) :].replace(os.sep, "/")
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
    attributions: tuple[str, tuple[Diagnostic, ...]] | None = None
    """The ``attribution_mismatch`` diagnostics of the report, and a digest
    of the speakers they were found against (they depend on every name)."""


Slot = tuple[str, str, frozenset[str], tuple[tuple[str, str], ...], object]
ScanCache = dict[Slot, ReadReport]
"""Reports already read, by (path label, key, block names, annotation names,
theme); an entry is used only when the file's text still has the same digest."""


@dataclass
class Scan:
    """The result of a pre-scan."""

    index: ClaimIndex
    diagnostics: list[Diagnostic]
    undecodable: set[str] = field(default_factory=set)
    strip_front_matter: set[str] = field(default_factory=set)
    digests: dict[str, str] = field(default_factory=dict)
    cache: ScanCache = field(default_factory=dict)
    own_indexes: frozenset[str] = frozenset({"reports", "speakers", "propositions"})
    """The index pages the plugin builds (the others are the site's own pages)."""
    altered: set[str] = field(default_factory=set)
    """Reports whose value is not what their text alone gives (a declaration
    was left out because its page was taken)."""
    loaded: list[ReadReport] = field(default_factory=list)
    """The entries of ``cache`` that came from ``load_cache``."""
    size: int = 0
    """Characters read from the reports."""


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_source(
    path: str, label: str, diagnostics: list[Diagnostic], root: str | None, limit: int
) -> str | None:
    """The text of a source file, read only if it is a regular file whose real
    path is inside ``root`` (when given) and of at most ``limit`` bytes; never
    more than ``limit`` bytes are read. Anything else is a diagnostic.

    A symbolic link committed in the content folder could otherwise publish
    ``/proc/self/environ`` (every secret of the build) or read ``/dev/zero``
    until memory runs out; a FIFO would block the build for ever.
    """
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            real = os.path.realpath(path)
            if root is not None and not _inside(real, os.path.realpath(root)):
                diagnostics.append(
                    Diagnostic(
                        label,
                        1,
                        "unsafe_path",
                        "this is a symbolic link to a file outside the content folder; "
                        "it is not read",
                    )
                )
                return None
            info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            diagnostics.append(_not_a_file(label))
            return None
        if info.st_size > limit:
            diagnostics.append(_too_large(label, info.st_size, limit))
            return None
        # O_NONBLOCK: a file swapped for a FIFO since lstat must not block.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                diagnostics.append(_not_a_file(label))
                return None
            data = read_at_most(handle, limit)
        finally:
            os.close(handle)
    except OSError as error:
        reason = escape_controls(error.strerror or type(error).__name__)
        diagnostics.append(Diagnostic(label, 1, "not_utf8", f"cannot read the file: {reason}"))
        return None
    if len(data) > limit:
        diagnostics.append(_too_large(label, len(data), limit))
        return None
    return decode(data, label, diagnostics)


def _not_a_file(label: str) -> Diagnostic:
    return Diagnostic(
        label,
        1,
        "unsafe_path",
        "this is not a regular file (a folder, a FIFO or a device); it is not read",
    )


def _too_large(label: str, size: int, limit: int) -> Diagnostic:
    return Diagnostic(
        label,
        1,
        "file_too_large",
        f"the file has {size:,} bytes or more, more than max_report_size ({limit:,}); "
        "it is not read",
    )


def decode(data: bytes, label: str, diagnostics: list[Diagnostic]) -> str:
    """Bytes as text; a file that is not UTF-8 is read with replacement
    characters (so its text is still shown) and reported."""
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


def read_text(path: str, label: str, diagnostics: list[Diagnostic]) -> str | None:
    """A source file as text (no containment check; see :func:`read_source`)."""
    return read_source(path, label, diagnostics, None, DEFAULT_MAX_SIZE)


def is_report_file(relative: str) -> bool:
    """Every .md file is a report, except README.md and hidden or private names."""
    parts = relative.split("/")
    if any(part.startswith(("_", ".")) for part in parts):
        return False
    return parts[-1].endswith(".md") and parts[-1] != "README.md"


def name_problem(name: str) -> str | None:
    """Why a file or folder name cannot become part of a page address, or None."""
    if not name.isprintable():
        return "it has a line break or another control character"
    if "\\" in name:
        return "it has a backslash, which is a folder separator on Windows"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "it is not valid UTF-8"
    return None


def report_files(
    content_dir: str,
    diagnostics: list[Diagnostic] | None = None,
    label: Callable[[str], str] = os.path.normpath,
) -> list[str]:
    """Paths of the reports, relative to the content directory, sorted.

    Folders that are symbolic links are not followed, and names that cannot
    become a page address are skipped; both with a diagnostic (the path shown
    through ``label``) when ``diagnostics`` is given.
    """
    found: list[str] = []
    if not os.path.isdir(content_dir):
        return found
    problems = diagnostics if diagnostics is not None else []
    for root, dirs, names in os.walk(content_dir):
        kept = []
        for name in sorted(dirs):
            if name.startswith(("_", ".")):
                continue
            path = os.path.join(root, name)
            problem = name_problem(name)
            if problem is not None:
                problems.append(_bad_name(label(path), problem))
            elif os.path.islink(path):
                problems.append(
                    Diagnostic(
                        label(path),
                        1,
                        "unsafe_path",
                        "this folder is a symbolic link, which is not followed; its reports "
                        "are not read",
                    )
                )
            elif name.endswith(".md"):
                problems.append(_not_a_file(label(path)))
            else:
                kept.append(name)
        dirs[:] = kept
        folder = os.path.relpath(root, content_dir).replace(os.sep, "/")
        for name in sorted(names):
            relative = name if folder == "." else f"{folder}/{name}"
            if not is_report_file(relative):
                continue
            problem = name_problem(name)
            if problem is not None:
                problems.append(_bad_name(label(os.path.join(root, name)), problem))
                continue
            found.append(relative)
    return found


def _bad_name(label: str, problem: str) -> Diagnostic:
    return Diagnostic(
        label, 1, "invalid_path", f"this name cannot be a page address ({problem}); rename it"
    )


def load_registries(sources: Sources) -> Registry:
    """Read both registries and the ratings file (a missing one is empty)."""
    registry = Registry()
    speakers, propositions = sources.registry_paths()
    for path, loader in ((speakers, load_speakers), (propositions, load_propositions)):
        if not os.path.lexists(path):
            continue
        label = sources.label(path)
        text = read_source(path, label, registry.diagnostics, sources.content_dir, sources.max_size)
        if text is not None:
            loader(text, label, registry)
    ratings = sources.ratings_path()
    registry.ratings_path = sources.label(ratings)
    if os.path.lexists(ratings):
        text = read_source(
            ratings,
            registry.ratings_path,
            registry.diagnostics,
            sources.content_dir,
            sources.max_size,
        )
        if text is not None:
            load_ratings(text, registry.ratings_path, registry)
    return registry


def site_window(value: object, path: str, line: int = 1) -> tuple[int | None, list[Diagnostic]]:
    """The site's ``contradiction_window`` as read from mkdocs.yml: a whole
    number of days (0 or more) or null; anything else is reported and no
    limit applies (as for a proposition's ``window``)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value, []
    shown = repr(value) if isinstance(value, (int, float, bool)) else "that value"
    return None, [
        Diagnostic(
            path,
            line,
            "invalid_value",
            f"contradiction_window is {shown}; write a whole number of days (0 or more), "
            "or null for no limit — no limit is applied",
        )
    ]


@contextlib.contextmanager
def collecting_later() -> Iterator[None]:
    """Pause the cyclic garbage collector while a great many objects are made
    that all live on (the reports read back from the cache, the claim
    index): Python would otherwise walk every object made so far again and
    again (a third of a ``--dirty`` build's scan at 5,000 reports). What is
    made there forms no garbage cycles; the collector's state is restored
    after. (Not around parsing, whose YAML loaders leave cycles behind.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def scan(
    sources: Sources,
    block_names: Iterable[str] = DEFAULT_BLOCK_NAMES,
    cache: ScanCache | None = None,
    contradiction_window: object = None,
    parsed_sources: dict[str, ParsedSource] | None = None,
    *,
    layout: Layout | None = None,
    taken: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] = DEFAULT_ANNOTATIONS,
    theme: Theme | None = None,
    load_cache: Callable[[int], Mapping[tuple[str, str], ReadReport]] | None = None,
    window_line: int = 1,
    config_label: str | None = None,
) -> Scan:
    """Read every report and both registries and build the claim index.

    With ``cache`` (the ``cache`` of an earlier scan), a report whose text has
    not changed is not parsed again: a rebuild after one edit parses one file.
    ``load_cache``, when given, is asked once for reports read by an earlier
    process (by path label and key; see :mod:`mkdocs_claims.parsecache`),
    with a bound in bytes proportional to the reports' size; they are used
    the same way. ``contradiction_window`` is the site's option as written
    in mkdocs.yml (``config_label``), at ``window_line`` (checked here, so that the build and
    ``mkdocs-claims check`` agree). ``parsed_sources``, when given, receives every report
    parsed (by path label), for readers of the prose such as
    ``mkdocs-claims suggest``. ``taken`` maps the files the site already
    writes (``reports/index.html``) to the source that writes them: the
    site's own pages win, and a report, speaker or proposition whose page
    would replace one is left out (see :func:`allocate`). ``annotations``
    are the names the claim and quote blocks are registered under; ``theme``
    what front matter is checked against.
    """
    names = frozenset(block_names)
    annotation_key = tuple(sorted(annotations.items()))
    registry = load_registries(sources)
    config_label = config_label or sources.label(os.path.join(sources.project_dir, "mkdocs.yml"))
    window, diagnostics = site_window(contradiction_window, config_label, window_line)
    diagnostics.extend(registry.diagnostics)
    reports: list[Report] = []
    undecodable: set[str] = set()
    strip: set[str] = set()
    digests: dict[str, str] = {}
    new_cache: ScanCache = {}
    slots: dict[str, Slot] = {}
    slot: Slot
    size = 0
    files = report_files(sources.content_dir, diagnostics, sources.label)
    loaded: Mapping[tuple[str, str], ReadReport] = {}
    if load_cache is not None:
        with collecting_later():
            loaded = load_cache(_size_of(sources.content_dir, files))
    for relative in files:
        path = os.path.join(sources.content_dir, relative)
        label = sources.label(path)
        found: list[Diagnostic] = []
        text = read_source(path, label, found, sources.content_dir, sources.max_size)
        diagnostics.extend(found)
        if text is None:
            continue
        key = report_key(relative)
        digests[key] = digest(text)
        size += len(text)
        if found:
            undecodable.add(key)
        slot = (label, key, names, annotation_key, theme)
        read = (cache or {}).get(slot)
        if read is None or read.digest != digests[key]:
            read = loaded.get((label, key))
        if read is None or read.digest != digests[key]:
            parsed = parse_source(text, label, names, annotations)
            if parsed.too_deep is not None:
                line, depth = parsed.too_deep
                diagnostics.append(
                    Diagnostic(
                        label,
                        line,
                        "too_deep",
                        f"this line is nested {depth} levels deep (lists, block quotes and "
                        f"blocks together), more than {MAX_NESTING}, which Markdown cannot "
                        "render; the report is not built",
                    )
                )
                del digests[key]
                continue
            if parsed_sources is not None:
                parsed_sources[label] = parsed
            report, problems = read_report(parsed, key, theme)
            read = ReadReport(digests[key], report, tuple(problems), parsed.front_matter_failed)
        del text
        new_cache[slot] = read
        slots[key] = slot
        if read.strip_front_matter:
            strip.add(key)
        diagnostics.extend(read.diagnostics)
        reports.append(read.report)
    altered: set[str] = set()
    reports, own_indexes = allocate(
        reports, registry, layout or Layout(), taken or {}, diagnostics, altered
    )
    digests = {report.key: digests[report.key] for report in reports}
    with collecting_later():
        index = ClaimIndex(
            reports, registry, window, propositions_path=sources.label(sources.registry_paths()[1])
        )
    diagnostics.extend(index.diagnostics)
    # Needs every speaker (the registry's and those declared in reports);
    # kept with each report, for as long as the speakers are the same.
    speakers = tuple(index.speakers.values())
    speakers_key = fingerprint(speakers)
    for report in index.reports.values():
        slot = slots[report.key]
        read = new_cache[slot]
        if read.attributions is None or read.attributions[0] != speakers_key:
            found_now = tuple(check_attributions([report], index.speakers))
            read = new_cache[slot] = dataclasses.replace(
                read, attributions=(speakers_key, found_now)
            )
        diagnostics.extend(read.attributions[1] if read.attributions else ())
    from_disk = {id(read) for read in loaded.values()}
    kept = [read for read in new_cache.values() if id(read) in from_disk]
    return Scan(
        index,
        diagnostics,
        undecodable,
        strip,
        digests,
        new_cache,
        own_indexes,
        altered,
        kept,
        size,
    )


def _size_of(content_dir: str, files: Iterable[str]) -> int:
    """The bytes of the reports, as their folder lists them."""
    total = 0
    for relative in files:
        try:
            total += os.lstat(os.path.join(content_dir, relative)).st_size
        except OSError:
            continue
    return total


INDEX_KINDS = ("reports", "speakers", "propositions")


def allocate(
    reports: list[Report],
    registry: Registry,
    layout: Layout,
    taken: Mapping[str, str],
    diagnostics: list[Diagnostic],
    altered: set[str] | None = None,
) -> tuple[list[Report], frozenset[str]]:
    """Give every generated page its file, first come first served: the
    site's own files, then the three index pages, the reports (by path), the
    registry's speakers and propositions, the speakers declared in reports.

    A page whose file is taken is not built and what it shows is left out
    (a report and its claims, a speaker, a proposition), so that nothing
    links to what is not there; each is a ``reserved_path`` diagnostic at the
    line that asked for it. Files are compared without regard to case and
    Unicode normalisation, as many file systems and hosts compare them.
    Returns the reports kept and the index pages the plugin builds; the keys
    of the reports changed here (a declaration left out) go into ``altered``.
    """
    # file (folded) -> (who writes it, as a message names it; what it is)
    owners: dict[str, tuple[str, object]] = {
        collision_key(dest): (label, ("site", dest)) for dest, label in taken.items()
    }

    def claim(src: str, owner: str, identity: object) -> str | None:
        """None, or who already writes the file of ``src`` (something else)."""
        key = collision_key(layout.dest(src))
        holder = owners.setdefault(key, (owner, identity))
        return None if holder[1] == identity else holder[0]

    own_indexes: set[str] = set()
    for kind, prefix in zip(
        INDEX_KINDS, (layout.reports, layout.speakers, layout.propositions), strict=True
    ):
        src = layout.index_src(prefix)
        holder = claim(src, f"the plugin's {kind} index", ("index", kind))
        if holder is None:
            own_indexes.add(kind)
        else:
            diagnostics.append(
                Diagnostic(
                    holder,
                    1,
                    "reserved_path",
                    f"this page is where the plugin writes the {kind} index ('{src}'); "
                    "this page is kept and the plugin's index is not built",
                )
            )
    kept: list[Report] = []
    for report in sorted(reports, key=lambda r: r.key):
        src = layout.report_src(report.key)
        holder = claim(src, report.path, ("report", report.key))
        if holder is None:
            kept.append(report)
            continue
        diagnostics.append(
            Diagnostic(
                report.path,
                1,
                "reserved_path",
                f"this report's page '{src}' would replace {holder}; rename the file — "
                "the report is not built and its claims are left out",
            )
        )
    for what, entries, src_of in (
        ("speaker", registry.speakers, layout.speaker_src),
        ("proposition", registry.propositions, layout.proposition_src),
    ):
        for ident in list(entries):
            origin = registry.origins.get((what, ident), ("", 1))
            holder = claim(src_of(ident), f"{origin[0]}:{origin[1]}", (what, ident))
            if holder is not None:
                del entries[ident]
                diagnostics.append(
                    Diagnostic(
                        origin[0],
                        origin[1],
                        "reserved_path",
                        f"the page of {what} '{ident}' ('{src_of(ident)}') would replace "
                        f"{holder}; rename the id — the entry is left out",
                    )
                )
    for position, report in enumerate(kept):
        declared = []
        for speaker in report.speakers:
            # The same speaker declared again is the same page (the index
            # compares the declarations).
            holder = claim(layout.speaker_src(speaker.id), report.path, ("speaker", speaker.id))
            if holder is None:
                declared.append(speaker)
                continue
            diagnostics.append(
                Diagnostic(
                    report.path,
                    1,
                    "reserved_path",
                    f"the page of speaker '{speaker.id}' would replace {holder}; rename "
                    "the id — this declaration is left out",
                )
            )
        if len(declared) != len(report.speakers):
            kept[position] = dataclasses.replace(report, speakers=tuple(declared))
            if altered is not None:
                altered.add(report.key)
    return kept, frozenset(own_indexes)
