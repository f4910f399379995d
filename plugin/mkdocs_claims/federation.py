"""Federation: other sites' ``claims.json`` as claims that contradict ours.

mkdocs.yml lists other sites under the plugin's ``import:`` option, each
``{name, url, base?, max_size?}``. ``url`` is an http(s) address (fetched
with a timeout and a size limit, and cached under
``.cache/mkdocs-claims/imports/`` beside mkdocs.yml) or a local path
(relative to mkdocs.yml). Each file must be a valid version 2 export: it is
checked against the JSON Schema this package ships, and anything else is a
diagnostic naming the entry, never an exception. Its claims become
:class:`~mkdocs_claims.model.ExternalClaim` values with absolute http(s)
addresses; :meth:`~mkdocs_claims.index.ClaimIndex.attach_external` lets
them take part in contradictions under this site's rule.

A file from elsewhere is hostile input: its size is bounded before it is
read, its nesting before it is parsed, every address it gives is checked to
stay on the other site, and its text is only ever shown escaped.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import itertools
import json
import os
import posixpath
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

from .fetch import FetchError, fetch_url, read_file
from .ids import collision_key, normalize_id
from .model import Diagnostic, ExternalClaim, Stance
from .output import shorten, write_text_atomically
from .registry import MAX_LINE
from .siteconfig import OptionLines
from .urls import MAX_URL, url_problem

DEFAULT_MAX_SIZE = 16 * 1024 * 1024
"""Bytes: a larger claims.json is not read (an entry's ``max_size`` changes it)."""
MAX_DEPTH = 16
"""How deep a claims.json may nest (a version 2 file needs 4 levels)."""
SESSION_TTL = 300.0
"""Seconds: ``mkdocs serve`` rebuilds reuse a fetched file this long."""
ENTRY_KEYS = ("name", "url", "base", "max_size")
MAX_ADDRESS = MAX_URL
"""Characters: the longest claim address imported. It is linked from every
claim it contradicts, so an address of megabytes would make this site grow
with its square."""

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# A JSON string (to its closing quote, or to the end when there is none: a
# match never fails and restarts, so the scan is linear), or a bracket.
_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


# -- the entries of mkdocs.yml ------------------------------------------------------------


@dataclass(frozen=True)
class ImportEntry:
    """One checked entry of ``import:``."""

    name: str
    url: str
    """As written: an http(s) URL, or a local path."""
    path: str | None = None
    """The local file (absolute), or None for an http(s) URL."""
    base: str | None = None
    """The other site's address (http(s), ending with '/'), when given."""
    max_size: int = DEFAULT_MAX_SIZE
    line: int = 1
    """The entry's line in mkdocs.yml (for messages)."""

    @property
    def remote(self) -> bool:
        """Whether the file is fetched over http(s)."""
        return self.path is None


def _site_address(value: str) -> str:
    """A site's address ending with '/', without query or fragment; scheme and
    host in lower case (so that this site's own address is recognised)."""
    parts = urlsplit(value.strip())
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


def read_entries(
    value: object, project_dir: str, label: str, lines: OptionLines | None = None
) -> tuple[list[ImportEntry], list[Diagnostic]]:
    """The usable entries of the ``import`` option, and what is wrong with the
    others (at the entry's line in ``label``, when ``lines`` has it)."""
    diagnostics: list[Diagnostic] = []
    lines = lines or OptionLines()
    line = lines.option("import")

    def problem(where: str, message: str) -> None:
        diagnostics.append(Diagnostic(label, line, "invalid_import", f"{where}: {message}"))

    if value is None:
        return [], diagnostics
    if not isinstance(value, list):
        problem("import", "must be a list of entries such as '- {name: Other desk, url: …}'")
        return [], diagnostics
    entries: list[ImportEntry] = []
    names: set[str] = set()
    sources: set[str] = set()
    for number, item in enumerate(value, start=1):
        where = f"import entry {number}"
        line = lines.entry(number)
        if not isinstance(item, dict):
            problem(where, "must be a mapping with 'name' and 'url'; it is ignored")
            continue
        name = item.get("name")
        if isinstance(name, str) and name.strip():
            where = f"import '{shorten(name.strip())}'"
        for key in item:
            if str(key) not in ENTRY_KEYS:
                problem(
                    where,
                    f"unknown key '{shorten(str(key))}'; accepted keys: {', '.join(ENTRY_KEYS)}",
                )
        if not isinstance(name, str) or not name.strip():
            problem(where, "has no 'name' (the other site's name, shown beside its claims)")
            continue
        name = " ".join(name.split())
        if collision_key(name) in names:
            problem(where, "is given twice; the second entry is ignored")
            continue
        url = item.get("url")
        if not isinstance(url, str) or not url.strip():
            problem(where, "has no 'url' (the other site's claims.json: an http(s) URL or a path)")
            continue
        url = url.strip()
        path: str | None = None
        if url.lower().startswith(("http://", "https://")):
            reason = url_problem(url)
            if reason is not None:
                problem(where, f"url '{shorten(url)}' is {reason}; the entry is ignored")
                continue
        elif _SCHEME_RE.match(url) and not re.match(r"^[A-Za-z]:[\\/]", url):
            problem(
                where,
                f"url '{shorten(url)}' is neither an http(s) URL nor a local path; "
                "the entry is ignored",
            )
            continue
        elif "\0" in url:
            problem(where, "url is not a valid path; the entry is ignored")
            continue
        else:
            path = os.path.normpath(os.path.join(project_dir, url))
        base = item.get("base")
        site: str | None = None
        if base is not None:
            reason = url_problem(base) if isinstance(base, str) else "not an http(s) URL"
            if reason is not None:
                shown = shorten(base) if isinstance(base, str) else "that value"
                problem(where, f"base '{shown}' is {reason}; the entry is ignored")
                continue
            assert isinstance(base, str)
            site = _site_address(base.strip())
        max_size = item.get("max_size", DEFAULT_MAX_SIZE)
        if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size <= 0:
            problem(
                where, f"max_size must be a number of bytes; {DEFAULT_MAX_SIZE} is used instead"
            )
            max_size = DEFAULT_MAX_SIZE
        source = path or url
        if source in sources:
            problem(where, "imports the same file as an earlier entry; it is ignored")
            continue
        names.add(collision_key(name))
        sources.add(source)
        entries.append(ImportEntry(name, url, path, site, max_size, line))
    return entries, diagnostics


# -- one file: from bytes to claims -------------------------------------------------------


@functools.cache
def _validator() -> Any:
    # Imported here: a tenth of a second that a site without imports never pays.
    import jsonschema

    schema = json.loads(
        resources.files("mkdocs_claims").joinpath("schema/claims.schema.json").read_text("utf-8")
    )
    return jsonschema.Draft202012Validator(schema)


def _reject_constant(value: str) -> Any:
    raise ValueError(f"{value} is not a JSON number")


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest deeper than :data:`MAX_DEPTH`
    (checked before parsing, which recurses). Linear in the text."""
    depth = 0
    for match in _TOKEN_RE.finditer(text):
        char = text[match.start()]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _date(value: object) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    return datetime.date.fromisoformat(value)


def _text(value: object) -> str | None:
    """A text the other site gives, shortened to :data:`MAX_LINE` characters:
    it is repeated in the callout of every claim it contradicts, so a value
    of megabytes would make this site grow with its square (the bound of this
    site's own names, titles, outlets and notes)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value if len(value) <= MAX_LINE else value[: MAX_LINE - 1] + "…"


def _claim_address(site: str, url: str) -> str | None:
    """The absolute address of a claim's site-relative ``url`` on ``site``,
    or None when ``url`` would leave the site (an absolute URL, a scheme,
    '..', a backslash, spaces or control characters)."""
    if not url.isprintable() or any(char.isspace() for char in url) or "\\" in url:
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/"):
        return None
    # Browsers read '%2e%2e' as '..' too.
    if any(unquote(segment) == ".." for segment in parts.path.split("/")):
        return None
    address = site + url
    if url_problem(address) is not None:
        return None
    if urlsplit(address).netloc != urlsplit(site).netloc:
        return None
    return address


@dataclass(frozen=True)
class Parsed:
    """What one imported file gave: its claims, or why it gave none."""

    claims: tuple[ExternalClaim, ...] = ()
    site: str = ""
    """The other site's address (http(s), ending with '/')."""
    problems: tuple[str, ...] = ()
    """Why the file is not a valid export (empty when it is)."""
    skipped: int = 0
    """Claims left out (an address off the site, a date that does not exist)."""
    skipped_reason: str = ""

    @property
    def valid(self) -> bool:
        """Whether the file is a valid version 2 export."""
        return not self.problems


def parse_export(data: bytes, entry: ImportEntry) -> Parsed:
    """The claims of another site's ``claims.json`` (its bytes), with
    stance and proposition, at absolute addresses on that site."""
    if len(data) > entry.max_size:
        return Parsed(problems=(f"it is larger than {entry.max_size} bytes",))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Parsed(problems=("it is not UTF-8 text",))
    if _too_deep(text):
        return Parsed(problems=(f"it nests deeper than {MAX_DEPTH} levels",))
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:
        return Parsed(problems=(f"it is not JSON ({shorten(str(error), 80)})",))
    if not isinstance(document, dict) or not isinstance(document.get("claims"), list):
        return Parsed(problems=("it is not a claims.json (no list of claims)",))
    version = document.get("version", 1)
    if version != 2 or isinstance(version, bool):
        shown = repr(version) if isinstance(version, (int, float)) else "that value"
        return Parsed(
            problems=(
                f"it is claims.json version {shorten(shown, 20)}; only version 2 can be "
                "imported (the other site should upgrade mkdocs-claims)",
            )
        )
    errors = list(itertools.islice(_validator().iter_errors(document), 4))
    if errors:
        found: list[str] = []
        for invalid in errors[:3]:
            where = "/".join(str(part) for part in invalid.absolute_path) or "the top level"
            found.append(f"at {shorten(where, 60)}: {shorten(invalid.message, 100)}")
        more = "; and more" if len(errors) > 3 else ""
        return Parsed(
            problems=("it is not a valid claims.json version 2 (" + "; ".join(found) + more + ")",)
        )
    return _claims_of(document, entry)


def _claims_of(document: Mapping[str, Any], entry: ImportEntry) -> Parsed:
    site = entry.base
    if site is None:
        declared = document.get("site_url")
        if isinstance(declared, str):
            reason = url_problem(declared)
            if reason is not None:
                return Parsed(
                    problems=(f"its site_url '{shorten(declared)}' is {reason}; set 'base:'",)
                )
            site = _site_address(declared)
        elif entry.remote:
            # claims.json is written at the site root: the site is its folder.
            parts = urlsplit(entry.url)
            folder = posixpath.dirname(parts.path).rstrip("/")
            site = _site_address(f"{parts.scheme}://{parts.netloc}{folder}/")
        else:
            return Parsed(
                problems=(
                    "it has no site_url, so its claims cannot be linked: set 'base:' to the "
                    "other site's address",
                )
            )
    speakers = {item["id"]: item["name"] for item in document["speakers"] if isinstance(item, dict)}
    reports = {item["url"]: item for item in document["reports"] if isinstance(item, dict)}
    claims: list[ExternalClaim] = []
    seen: set[str] = set()
    skipped = 0
    reason = ""
    for item in document["claims"]:
        stance: Stance | None = item.get("stance")
        proposition = item.get("proposition")
        if stance is None or not isinstance(proposition, str):
            continue  # not cross-checkable
        address = _claim_address(site, item["url"])
        too_long = len(site) + len(item["url"]) > MAX_ADDRESS
        if address is None or too_long:
            skipped += 1
            problem = "is too long to link" if too_long else "is not on the site"
            reason = reason or f"the address '{shorten(item['url'])}' {problem}"
            continue
        try:
            date = _date(item.get("date"))
        except ValueError:
            skipped += 1
            reason = reason or f"the date '{shorten(str(item.get('date')))}' does not exist"
            continue
        if address in seen:
            continue
        seen.add(address)
        report = reports.get(item.get("report"), {})
        speaker = item.get("speaker")
        claims.append(
            ExternalClaim(
                site=entry.name,
                url=address,
                id=item["id"],
                stance=stance,
                proposition=normalize_id(proposition),
                date=date,
                speaker=_text(speaker),
                speaker_name=_text(speakers.get(speaker)) if isinstance(speaker, str) else None,
                report_title=_text(report.get("title")) or "",
                report_outlet=_text(report.get("outlet")),
                note=_text(item.get("note")),
                text=item.get("text") or "",
            )
        )
    return Parsed(tuple(claims), site, skipped=skipped, skipped_reason=reason)


# -- the importer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """What one entry contributed to a build."""

    entry: ImportEntry
    claims: tuple[ExternalClaim, ...]
    origin: str
    """Where the claims came from: 'fetched', 'cache', 'file', or 'none'."""
    site: str = ""
    """The other site's address, when the file was read."""


@dataclass
class ImportResult:
    """Every entry's claims, the diagnostics, and notes for the log (info)."""

    imported: list[Imported] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def claims(self) -> list[ExternalClaim]:
        """Every imported claim."""
        return [claim for item in self.imported for claim in item.claims]


Fetcher = Callable[[str, int], bytes]


class Importer:
    """Loads the imports of a build.

    ``cache_dir`` is where fetched files are kept (None: no cache). With
    ``fetch`` false (``mkdocs-claims check``), an http(s) entry is read from
    the cache only. One importer may serve many builds (``mkdocs serve``):
    a file fetched is reused for :data:`SESSION_TTL` seconds (a failed fetch
    is tried again at the next build), a local file until it changes.
    """

    def __init__(
        self,
        cache_dir: str | None,
        fetch: bool = True,
        fetcher: Fetcher | None = None,
        ttl: float = SESSION_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cache_dir = cache_dir
        self.fetch = fetch
        self.fetcher: Fetcher = fetcher or fetch_url
        self.ttl = ttl
        self.clock = clock
        self._session: dict[object, tuple[float, Imported, list[Diagnostic], list[str]]] = {}

    def cache_path(self, entry: ImportEntry) -> str | None:
        """Where the last good copy of a fetched file is kept."""
        if self.cache_dir is None or not entry.remote:
            return None
        name = hashlib.sha256(entry.url.encode("utf-8")).hexdigest()[:32]
        return os.path.join(self.cache_dir, "imports", f"{name}.json")

    def load(
        self, entries: Iterable[ImportEntry], label: str, own_site: str | None = None
    ) -> ImportResult:
        """Every entry's claims; ``own_site`` (this site's address) is never imported."""
        result = ImportResult()
        for entry in entries:
            imported, diagnostics, notes = self._load_one(entry, label)
            if own_site and imported.site == _site_address(own_site):
                result.diagnostics.append(
                    Diagnostic(
                        label,
                        entry.line,
                        "invalid_import",
                        f"import '{shorten(entry.name)}': it is this site's own claims.json "
                        f"({own_site}); it is ignored",
                    )
                )
                continue
            result.imported.append(imported)
            result.diagnostics.extend(diagnostics)
            result.notes.extend(notes)
        return result

    def _session_key(self, entry: ImportEntry) -> object:
        if entry.remote:
            return (entry, self.fetch)
        try:
            info = os.stat(entry.path or "")
        except OSError:
            return (entry, None)
        return (entry, info.st_mtime_ns, info.st_size, info.st_ino)

    def _load_one(
        self, entry: ImportEntry, label: str
    ) -> tuple[Imported, list[Diagnostic], list[str]]:
        key = self._session_key(entry)
        kept = self._session.get(key)
        now = self.clock()
        if kept is not None and (not entry.remote or now - kept[0] < self.ttl):
            return kept[1], kept[2], kept[3]
        diagnostics: list[Diagnostic] = []
        notes: list[str] = []
        where = f"import '{shorten(entry.name)}'"

        def say(kind: str, message: str) -> None:
            diagnostics.append(Diagnostic(label, entry.line, kind, f"{where}: {message}"))

        imported = Imported(entry, (), "none")
        if not entry.remote:
            assert entry.path is not None
            try:
                parsed = parse_export(read_file(entry.path, entry.max_size), entry)
            except FetchError as error:
                say(
                    "import_unavailable",
                    f"cannot read {shorten(entry.url)}: {error}; its claims are left out",
                )
            else:
                imported = self._accept(entry, parsed, "file", say, notes)
        else:
            imported = self._load_remote(entry, say, notes)
        if not entry.remote or imported.origin == "fetched":
            # A failed fetch is tried again at the next build (and warned about again).
            self._session[key] = (now, imported, diagnostics, notes)
        return imported, diagnostics, notes

    def _load_remote(
        self,
        entry: ImportEntry,
        say: Callable[[str, str], None],
        notes: list[str],
    ) -> Imported:
        cache = self.cache_path(entry)
        failure: str | None = None
        if self.fetch:
            try:
                data = self.fetcher(entry.url, entry.max_size)
            except FetchError as error:
                failure = f"cannot fetch {shorten(entry.url)}: {error}"
            else:
                parsed = parse_export(data, entry)
                if parsed.valid:
                    if cache is not None:
                        _write_cache(cache, data)
                    return self._accept(entry, parsed, "fetched", say, notes)
                say("invalid_import", f"{shorten(entry.url)}: {'; '.join(parsed.problems)}")
                failure = "the fetched file is not usable"
        if cache is None or not os.path.isfile(cache):
            if failure is not None:
                say("import_unavailable", f"{failure}; no cached copy, its claims are left out")
            else:
                notes.append(
                    f"{entry.name}: {shorten(entry.url)} is not fetched and has no cached copy "
                    "(a build fetches it)"
                )
            return Imported(entry, (), "none")
        when = datetime.datetime.fromtimestamp(os.path.getmtime(cache), datetime.UTC)
        age = when.strftime("%Y-%m-%d %H:%M UTC")
        try:
            parsed = parse_export(read_file(cache, entry.max_size), entry)
        except FetchError as error:
            parsed = Parsed(problems=(str(error),))
        if not parsed.valid:
            say(
                "import_unavailable",
                f"{failure or 'not fetched'}; the cached copy is not usable either "
                f"({'; '.join(parsed.problems)}), so its claims are left out",
            )
            return Imported(entry, (), "none")
        if failure is not None:
            say("import_unavailable", f"{failure}; the cached copy of {age} is used")
        else:
            notes.append(f"{entry.name}: not fetched; the cached copy of {age} is used")
        return self._accept(entry, parsed, "cache", say, notes)

    @staticmethod
    def _accept(
        entry: ImportEntry,
        parsed: Parsed,
        origin: str,
        say: Callable[[str, str], None],
        notes: list[str],
    ) -> Imported:
        if not parsed.valid:
            say("invalid_import", f"{shorten(entry.url)}: {'; '.join(parsed.problems)}")
            return Imported(entry, (), "none")
        if parsed.skipped:
            say(
                "invalid_import",
                f"{parsed.skipped} claim(s) of {shorten(entry.url)} are left out "
                f"({parsed.skipped_reason})",
            )
        notes.append(f"{entry.name}: {len(parsed.claims)} claim(s) with a stance read ({origin})")
        return Imported(entry, parsed.claims, origin, parsed.site)


def _write_cache(path: str, data: bytes) -> None:
    """Keep a good copy (best effort: a read-only project only loses the fallback)."""
    try:
        text = data.decode("utf-8-sig")

        def write(handle: TextIO) -> None:
            handle.write(text)

        write_text_atomically(path, write)
    except (OSError, UnicodeDecodeError):
        pass
