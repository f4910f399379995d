"""Reports already read, kept beside the project for the next build.

``mkdocs build --dirty`` runs in a new process: without this cache it would
parse every report again, which at 5,000 reports is most of its time. The
cache is one file under ``.cache/mkdocs-claims/`` (beside mkdocs.yml, never
in the site): JSON, never pickle, since a cache file can be planted in a
repository and loading it must not run code. Each entry carries a hash of
itself with the plugin's version and the settings, so an entry changed by
hand or cut short is not used; every field is type-checked on load
(msgspec decodes into the model's own dataclasses), and an entry is also
checked against what a parse could have produced (its report's claims,
quotes and mentions belong to it; ids make safe page names; the front
matter passed to the theme is what the theme accepts); an entry that fails
is read again from its text, a file that cannot be read or was made by
another version or with other settings is ignored, each with an INFO line.

An entry is used only for a report whose text has the same digest, so an
edited report is always read again. A clean build never reads the cache
(it writes it for the next build): a deployment builds from the sources
alone.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import msgspec

from .ids import id_problem
from .model import Report
from .output import cache_folder, read_regular, replacing
from .pagemeta import Theme, theme_meta
from .scan import ReadReport

FORMAT = 1
"""The layout of the cache file; a file of another format is ignored."""


@dataclass(frozen=True)
class _Entry:
    check: str
    """A hash of ``entry`` with the plugin's version and the settings: an
    entry changed by hand, or cut short, no longer matches it."""
    entry: msgspec.Raw


@dataclass(frozen=True)
class _File:
    format: int
    plugin: str
    settings: str
    reports: list[_Entry]


def _check(plugin: str, settings: str, encoded: bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{FORMAT}\0{plugin}\0{settings}\0".encode("utf-8", "surrogatepass"))
    digest.update(encoded)
    return digest.hexdigest()


def cache_path(project_dir: str, content_dir: str) -> str | None:
    """Where the reports of ``content_dir`` are cached (None: nowhere, see
    :func:`~mkdocs_claims.output.cache_folder`)."""
    folder = cache_folder(project_dir)
    if folder is None:
        return None
    name = hashlib.sha1(os.path.abspath(content_dir).encode(), usedforsecurity=False)
    return os.path.join(folder, f"reports-{name.hexdigest()[:16]}.json")


def settings_key(
    block_names: Iterable[str],
    annotations: Mapping[str, str],
    theme: Theme,
    max_size: int,
) -> str:
    """Everything a report's parse depends on besides its text and the
    plugin's version: the Blocks names the site registers, the names of the
    claim and quote blocks, the theme's folders (front matter is checked
    against them) and ``max_report_size``."""
    parts = [sorted(block_names), sorted(annotations.items()), theme.dirs, max_size]
    return hashlib.sha1(
        repr(parts).encode("utf-8", "surrogatepass"), usedforsecurity=False
    ).hexdigest()


def _sound(read: ReadReport, theme: Theme) -> bool:
    """Whether a decoded entry is one a parse could have produced."""
    report = read.report
    key, path = report.key, report.path
    if not key or not path or not key.isprintable() or not path.isprintable():
        return False
    if ".." in key.split("/") or key.startswith("/") or len(read.digest) != 40:
        return False
    owners = [c.report for c in report.claims] + [q.report for q in report.quotes]
    if any(owner != key for owner in owners + [m.report for m in report.mentions]):
        return False
    if any(id_problem(speaker.id) is not None for speaker in report.speakers):
        return False
    found = list(read.diagnostics)
    if read.attributions is not None:
        found.extend(read.attributions[1])
    if any(diagnostic.path != path for diagnostic in found):
        return False
    passed, problems = theme_meta(report.meta, {}, path, theme)
    return not problems and passed == report.meta


def load(
    path: str, plugin: str, settings: str, theme: Theme, limit: int
) -> tuple[dict[tuple[str, str], ReadReport], list[str]]:
    """The cached reports by (path as the writer sees it, report key), and
    notes for the log when something was ignored (each to follow the file's
    name). A file larger than ``limit`` bytes is not read."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return {}, []
    if size > limit:
        return {}, ["the file is larger than the reports could make it; every report is read again"]
    try:
        data = read_regular(path, limit)
        if len(data) > limit:
            raise OSError("grew while read")
        header = msgspec.json.decode(data, type=_File)
    except (OSError, msgspec.DecodeError):
        return {}, ["the file cannot be read; every report is read again"]
    if (header.format, header.plugin, header.settings) != (FORMAT, plugin, settings):
        return {}, [
            "the file was made by another version of the plugin or with other settings; "
            "every report is read again"
        ]
    entries: list[ReadReport] = []
    for item in header.reports:
        encoded = bytes(item.entry)
        if item.check != _check(plugin, settings, encoded):
            continue
        try:
            entries.append(msgspec.json.decode(encoded, type=ReadReport))
        except msgspec.DecodeError:
            continue
    found: dict[tuple[str, str], ReadReport] = {}
    bad = len(header.reports) - len(entries)
    for read in entries:
        if _sound(read, theme):
            found[(read.report.path, read.report.key)] = read
        else:
            bad += 1
    notes = [f"{bad} cached report(s) were not valid; they are read again"] if bad else []
    return found, notes


def _round_trips(read: ReadReport, encoded: bytes) -> bool:
    try:
        again = msgspec.json.decode(encoded, type=ReadReport)
    except msgspec.DecodeError:
        return False
    return again == read and _meta_equal(again.report, read.report)


def _meta_equal(a: Report, b: Report) -> bool:
    return a.meta == b.meta  # not part of Report's equality


def save(
    path: str,
    plugin: str,
    settings: str,
    reads: Iterable[ReadReport],
    trusted: Iterable[ReadReport] = (),
) -> None:
    """Write the cache (best effort: a read-only project only loses speed).
    An entry that would not come back the same (a value JSON cannot hold) is
    left out; ``trusted`` entries came from the file and are not checked again."""
    known = {id(read) for read in trusted}
    encoder = msgspec.json.Encoder()
    parts: list[_Entry] = []
    for read in reads:
        try:
            encoded = encoder.encode(read)
        except (msgspec.EncodeError, UnicodeError, TypeError, ValueError, OverflowError):
            continue
        if id(read) in known or _round_trips(read, encoded):
            parts.append(_Entry(_check(plugin, settings, encoded), msgspec.Raw(encoded)))
    document = _File(FORMAT, plugin, settings, parts)
    try:
        with replacing(path) as temporary, open(temporary, "wb") as handle:
            handle.write(encoder.encode(document))
    except OSError:
        pass
