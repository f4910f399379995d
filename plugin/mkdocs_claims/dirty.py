"""A build's ``--dirty`` bookkeeping: which newsroom pages to rebuild, the
texts of the claims and quotes of the reports not rendered, whether the
exports changed, and the pages to remove.

A dirty build rebuilds a newsroom page when the data it shows changed (its
fingerprint, :mod:`mkdocs_claims.depends`) or when what every page shares
changed (the settings, the templates, the navigation), not when a file's
modification time says so. What one build made is kept beside the project
(never in the site, which is deployed) for the next: a versioned JSON file
whose every field is type-checked on load (a state file can be planted in a
repository; loading it must not run code or crash), ignored with a note
when it cannot be read or was made by another version.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

import msgspec

from .depends import (
    Entries,
    Fingerprints,
    ReportRecord,
    Snapshot,
    affected,
    entries,
    fingerprint,
    record,
    remove_inside,
)
from .index import ClaimIndex
from .layout import Layout
from .model import Claim, Quote
from .output import cache_folder, read_regular, replacing

STATE_FORMAT = 2
"""The layout of the state file; a file of another format is ignored."""


def state_path(project_dir: str, site_dir: str) -> str | None:
    """Where the state of the builds into ``site_dir`` is kept (None:
    nowhere, see :func:`~mkdocs_claims.output.cache_folder`)."""
    folder = cache_folder(project_dir)
    if folder is None:
        return None
    site = hashlib.sha1(os.path.abspath(site_dir).encode(), usedforsecurity=False)
    return os.path.join(folder, f"{site.hexdigest()[:16]}.json")


@dataclass(frozen=True)
class BuildState:
    """What the last build made, kept for the next ``--dirty`` build."""

    format: int = STATE_FORMAT
    plugin: str = ""
    static: str = ""
    """What every page shares besides the navigation (settings, templates)."""
    nav: str = ""
    """The navigation every page shows (titles and addresses)."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Page source path -> what the page shows, without the above."""
    records: dict[str, ReportRecord] = field(default_factory=dict)
    entries: Entries = field(default_factory=Entries)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    """Report key -> ``claim-<id>`` and ``quote-<id>`` -> plain text."""
    destinations: dict[str, str] = field(default_factory=dict)
    """Page source path (or ``feed:<path>``) -> the file written."""
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Site page source path -> (digest of its source, its title as rendered)."""
    titles_config: str = ""
    """The settings the titles were rendered with."""


def load_state(path: str, plugin: str, limit: int) -> tuple[BuildState | None, str | None]:
    """The saved state, or None (everything is then rebuilt) with a note for
    the log when a file was there but could not be used. A file larger than
    ``limit`` bytes is not read."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return None, None
    name = os.path.basename(path)
    if size > limit:
        return None, f"the state of the last build ({name}) is too large; every page is rebuilt"
    try:
        data = read_regular(path, limit)
        if len(data) > limit:
            raise OSError("grew while read")
        state = msgspec.json.decode(data, type=BuildState)
    except (OSError, msgspec.DecodeError):
        return None, f"the state of the last build ({name}) cannot be read; every page is rebuilt"
    if state.format != STATE_FORMAT or state.plugin != plugin:
        return None, (
            f"the state of the last build ({name}) was made by another version of the "
            "plugin; every page is rebuilt"
        )
    return state, None


def save_state(path: str, state: BuildState) -> None:
    """Write the state (best effort: a read-only project only loses --dirty speed)."""
    try:
        data = msgspec.json.encode(state)
        with replacing(path) as temporary, open(temporary, "wb") as handle:
            handle.write(data)
    except (OSError, msgspec.EncodeError, UnicodeError):
        pass


Page = tuple[str, str]
"""A generated page as (kind, key): ``("speaker", "mike-pompeo")``, ``("reports", "")``."""


class DirtyBuild:
    """One build's bookkeeping.

    ``dirty``: whether pages the last build made are kept (``--dirty``);
    ``previous``: the last build's state (read from ``path`` when not given
    and the build is dirty); ``track``: whether to work out fingerprints at
    all and keep the state for the next build (``mkdocs serve`` without
    ``--dirty`` builds everything every time into a temporary folder);
    ``persist``: whether to write the state to ``path`` (None: nowhere).
    """

    def __init__(
        self,
        dirty: bool = False,
        path: str | None = None,
        *,
        previous: BuildState | None = None,
        track: bool = True,
        persist: bool = True,
        plugin: str = "",
    ) -> None:
        self.dirty = dirty
        self.path = path
        self.track = track
        self.persist = persist
        self.plugin = plugin
        self.previous = previous if dirty else None
        self.notes: list[str] = []
        self.static = ""
        self.nav: Callable[[], tuple[object, bool]] = lambda: (None, True)
        """The navigation as pages show it, and whether every title in it is known."""
        self.index: ClaimIndex | None = None
        self.layout = Layout()
        self.limit = 0
        self.pages: dict[str, Page] = {}
        self.digests: dict[str, str] = {}
        self.records: dict[str, ReportRecord] = {}
        self.entries = Entries()
        self.altered: Collection[str] = ()
        self.texts: dict[str, dict[str, str]] = {}
        self.rendered_now: set[str] = set()
        self.destinations: dict[str, str] = {}
        self.titles: dict[str, tuple[str, str]] = {}
        self.old_titles: dict[str, tuple[str, str]] = {}
        self.titles_config = ""
        self.fingerprints: dict[str, str] | None = None
        self.nav_digest = ""
        self.everything = True

    def load(self, limit: int) -> None:
        """In a dirty build, read the last build's state (when not given)."""
        if self.dirty and self.previous is None and self.track and self.path:
            self.previous, note = load_state(self.path, self.plugin, limit)
            if note:
                self.notes.append(note)

    def start(
        self,
        index: ClaimIndex,
        layout: Layout,
        digests: Mapping[str, str],
        pages: Mapping[str, Page],
        limit: int,
        static: str,
        altered: Collection[str] = (),
    ) -> None:
        """Describe what this build's pages are made from: the index, each
        report's text digest, the generated pages (source path -> kind and
        key), the contradictions shown per callout, and ``static``, what
        every page shares besides the navigation."""
        self.index, self.layout, self.limit = index, layout, limit
        self.digests = dict(digests)
        self.pages = dict(pages)
        self.static = static
        self.altered = altered
        previous = self.previous or BuildState()
        same_text = {
            key
            for key, old in previous.records.items()
            if old.digest == self.digests.get(key) and key not in altered
        }
        if self.track:
            self.records = {
                key: previous.records[key] if key in same_text else record(report, digests[key])
                for key, report in index.reports.items()
            }
            self.entries = entries(index)
        # Texts of the reports a dirty build will not render.
        self.texts = {key: previous.texts[key] for key in same_text if key in previous.texts}
        self.old_titles = dict(previous.titles)
        self.titles_config = previous.titles_config

    # -- which pages to rebuild -------------------------------------------------

    def _decide(self) -> dict[str, str]:
        """The fingerprints of this build's pages, worked out once, when first
        needed: after the site's own pages have been read, so that the
        navigation has their titles."""
        if self.fingerprints is not None:
            return self.fingerprints
        assert self.index is not None
        described, complete = self.nav()
        self.nav_digest = fingerprint([described])
        describe = Fingerprints(self.index, self.layout, self.digests, self.limit)
        previous = self.previous
        found: dict[str, str] = {}
        if previous is not None and previous.static == self.static:
            todo = affected(
                Snapshot(previous.records, previous.entries),
                Snapshot(self.records, self.entries),
                self.index,
                self.altered,
            )
            for src, (kind, key) in self.pages.items():
                old = previous.fingerprints.get(src)
                found[src] = (
                    describe.page(kind, key) if old is None or key in todo.get(kind, ()) else old
                )
            self.everything = previous.nav != self.nav_digest or not complete
        else:
            for src, (kind, key) in self.pages.items():
                found[src] = describe.page(kind, key)
            self.everything = True
        self.fingerprints = found
        return found

    def changed(self, src: str) -> bool:
        """Whether the page at ``src`` shows other data than in the last build."""
        found = self._decide()
        if self.everything or self.previous is None:
            return True
        return self.previous.fingerprints.get(src) != found.get(src)

    # -- what was built -------------------------------------------------------------

    def written(self, key: str, dest: str) -> None:
        """A page (by source path) or feed (``feed:<path>``) this build writes to ``dest``."""
        self.destinations[key] = dest

    def rendered(self, report: str, texts: Mapping[str, str]) -> None:
        """The plain texts of a report's claims, as its page rendered them."""
        kept = {k: v for k, v in self.texts.get(report, {}).items() if k.startswith("quote-")}
        kept.update((f"claim-{claim_id}", text) for claim_id, text in texts.items())
        self.texts[report] = kept
        self.rendered_now.add(report)

    def claim_texts(self, report: str) -> dict[str, str]:
        """A rendered report's claim texts, by claim id."""
        return {
            k[len("claim-") :]: v
            for k, v in self.texts.get(report, {}).items()
            if k.startswith("claim-")
        }

    def text_of(self, claim: Claim, plain: Callable[[str], str]) -> str:
        """A claim's plain text: as rendered on its report page in this build
        (or the last one, for a report a dirty build did not render), else
        from its Markdown body."""
        texts = self.texts.setdefault(claim.report, {})
        name = f"claim-{claim.id}"
        text = texts.get(name)
        if text is None:
            text = texts[name] = plain(claim.body)
        return text

    def quote_text(self, quote: Quote, plain: Callable[[str], str]) -> str:
        """A quote's plain text (kept from the last build while its report's
        text is the same)."""
        texts = self.texts.setdefault(quote.report, {})
        name = f"quote-{quote.id}"
        text = texts.get(name)
        if text is None:
            text = texts[name] = plain(quote.body)
        return text

    def exports_changed(self, files: Iterable[str]) -> bool:
        """Whether the exports and feeds would show other data than the last
        build's (``files``: the ones it wrote, which must still be there).

        They show the settings, every report's data (its ``data`` digest),
        the registries and the claims' texts as rendered; a report not
        rendered in this build has the texts of the last one."""
        previous = self.previous
        if previous is None or not self.track or previous.static != self.static:
            return True
        if previous.entries != self.entries or previous.records.keys() != self.records.keys():
            return True
        if any(previous.records[key].data != r.data for key, r in self.records.items()):
            return True
        for key in self.rendered_now:
            before = previous.texts.get(key, {})
            if {k: v for k, v in before.items() if k.startswith("claim-")} != {
                k: v for k, v in self.texts[key].items() if k.startswith("claim-")
            }:
                return True
        return not all(os.path.isfile(path) for path in files)

    def written_before(self) -> dict[str, str]:
        """What the last build wrote (page source path, ``feed:<path>`` or
        ``export:<path>`` -> the file), when this build is dirty."""
        previous = self.previous or BuildState()
        return dict(previous.destinations)

    # -- the site's own pages' titles -----------------------------------------------

    def title_of(self, src: str, source_digest: str, config: str) -> str | None:
        """The title a site page had when last rendered from the same source
        with the same settings, or None."""
        if config != self.titles_config:
            return None
        found = self.old_titles.get(src)
        return found[1] if found is not None and found[0] == source_digest else None

    def keep_title(self, src: str, source_digest: str, title: str, config: str) -> None:
        """The title a site page was rendered with (kept for the next build)."""
        if config != self.titles_config:
            self.old_titles, self.titles_config = {}, config
        self.titles[src] = (source_digest, title)

    # -- after the build ----------------------------------------------------------------

    def finish(self, site_dir: str, site_files: Collection[str] = ()) -> BuildState | None:
        """Remove the pages and feeds the site no longer has (dirty builds;
        never a file another page of this build writes), and keep this
        build's state for the next (returned, and written when persisted)."""
        previous = self.previous or BuildState()
        if self.dirty:
            keep = set(self.destinations.values()) | set(site_files)
            for dest in previous.destinations.values():
                if dest not in keep:
                    remove_inside(site_dir, dest)
        if not self.track:
            return None
        found = self._decide()
        state = BuildState(
            STATE_FORMAT,
            self.plugin,
            self.static,
            self.nav_digest,
            found,
            self.records,
            self.entries,
            self.texts,
            dict(self.destinations),
            self.titles,
            self.titles_config,
        )
        if self.persist and self.path:
            save_state(self.path, state)
        return state
