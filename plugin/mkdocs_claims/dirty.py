"""A build's ``--dirty`` bookkeeping: which newsroom pages to rebuild, the
claim texts of the pages not rebuilt, and the pages to remove.

A dirty build rebuilds a newsroom page when the data it shows changed (its
fingerprint, :mod:`mkdocs_claims.depends`), not when a file's modification
time says so. What one build made is kept beside the project (never in the
site, which is deployed) for the next.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping

from .depends import BuildState, fingerprints, remove_inside
from .index import ClaimIndex
from .layout import Layout
from .model import Claim


def state_path(project_dir: str, site_dir: str) -> str:
    """Where the state of the builds into ``site_dir`` is kept."""
    site = hashlib.sha1(os.path.abspath(site_dir).encode(), usedforsecurity=False)
    return os.path.join(project_dir, ".cache", "mkdocs-claims", f"{site.hexdigest()[:16]}.json")


class DirtyBuild:
    """One build's bookkeeping (a clean build keeps it too, for the next)."""

    def __init__(self, dirty: bool = False, path: str = "") -> None:
        self.dirty = dirty
        self.path = path
        self.fingerprints: dict[str, str] = {}
        self.previous = BuildState()
        self.digests: dict[str, str] = {}
        self.texts: dict[tuple[str, str], str] = {}
        self.destinations: dict[str, str] = {}

    def start(
        self,
        index: ClaimIndex,
        layout: Layout,
        digests: Mapping[str, str],
        common: str,
        limit: int,
    ) -> None:
        """Fingerprint every newsroom page (``common``: what every page
        shares) and, in a dirty build, load what the last build made."""
        self.digests = dict(digests)
        self.fingerprints = fingerprints(index, layout, self.digests, common, limit)
        self.previous = BuildState.load(self.path) if self.dirty else BuildState()

    def changed(self, src: str) -> bool:
        """Whether the page at ``src`` shows other data than in the last build."""
        return self.previous.fingerprints.get(src) != self.fingerprints.get(src)

    def written(self, key: str, dest: str) -> None:
        """A page (by source path) or feed (``feed:<path>``) this build writes to ``dest``."""
        self.destinations[key] = dest

    def rendered(self, report: str, texts: Mapping[str, str]) -> None:
        """The plain texts of a report's claims, as its page rendered them."""
        for claim_id, text in texts.items():
            self.texts[(report, claim_id)] = text

    def text_of(self, claim: Claim, plain: Callable[[str], str]) -> str:
        """A claim's plain text: as rendered on its report page in this build
        (or the last one, for a report a dirty build did not render), else
        from its Markdown body."""
        text = self.texts.get(claim.key)
        if text is None and self.previous.digests.get(claim.report) == self.digests.get(
            claim.report
        ):
            text = self.previous.texts.get(f"{claim.report}#{claim.id}")
        return text if text is not None else plain(claim.body)

    def finish(self, site_dir: str) -> None:
        """Remove the pages and feeds the site no longer has (dirty builds),
        and keep this build's state for the next."""
        texts = {f"{report}#{claim}": text for (report, claim), text in self.texts.items()}
        for key, text in self.previous.texts.items():
            report = key.split("#", 1)[0]
            if self.previous.digests.get(report) == self.digests.get(report) and key not in texts:
                texts[key] = text
        if self.dirty:
            # Pages of reports, speakers and propositions that no longer exist.
            # (and feeds, keyed "feed:<path>", that are no longer written).
            for src, dest in self.previous.destinations.items():
                if src not in self.destinations:
                    remove_inside(site_dir, dest)
        BuildState(self.fingerprints, dict(self.digests), texts, dict(self.destinations)).save(
            self.path
        )
