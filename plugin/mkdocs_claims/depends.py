"""What each generated page depends on, as a fingerprint.

A page shows data from many sources: a report page shows its own text, the
speakers and propositions it names, and the claims of other reports that
contradict its claims; a speaker page shows claims from every report. The
fingerprint of a page is a hash of exactly that data, so that a ``--dirty``
build rebuilds a page if and only if something it shows has changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field

from .index import AnyClaim, ClaimIndex
from .layout import Layout
from .model import Claim, ExternalClaim, Report


def _hash(parts: Iterable[object]) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _report_view(report: Report | None) -> object:
    if report is None:
        return None
    return (report.key, report.title, report.outlet, report.date)


def _claim_view(claim: Claim, index: ClaimIndex, once: Callable[[object], str]) -> object:
    """Everything any page shows about a claim of another page."""
    return (
        claim.report,
        claim.id,
        claim.speaker,
        claim.stance,
        claim.proposition,
        claim.date,
        claim.via,
        claim.note,
        claim.rating,
        once(index.rating_of(claim)),
        once(index.speakers.get(claim.speaker or "")),
        once(index.speakers.get(claim.via or "")),
        once(index.propositions.get(claim.proposition or "")),
        _report_view(index.reports.get(claim.report)),
    )


def fingerprints(
    index: ClaimIndex,
    layout: Layout,
    digests: Mapping[str, str],
    common: str,
    limit: int,
) -> dict[str, str]:
    """Fingerprint of every generated page, by source path.

    ``digests`` holds a hash of each report's source text; ``common`` is a
    hash of what every page shares (settings, templates, navigation).
    """
    result: dict[str, str] = {}
    # A claim appears on its speakers', its proposition's and up to ``limit``
    # other reports' pages, a speaker on every page of their claims: describe
    # each object once. By identity, as every object lives in the index for
    # the whole call (and two claims of a page may share a mistaken id).
    described: dict[int, str] = {}

    def once(value: object) -> str:
        text = described.get(id(value))
        if text is None:
            text = described[id(value)] = repr(value)
        return text

    def view(claim: AnyClaim) -> str:
        text = described.get(id(claim))
        if text is None:
            # Another site's claim is a frozen value: its repr is all it shows.
            shown = claim if isinstance(claim, ExternalClaim) else _claim_view(claim, index, once)
            text = described[id(claim)] = repr(shown)
        return text

    for report in index.reports.values():
        parts: list[object] = [common, digests.get(report.key)]
        for speaker_id in report.speaker_ids:
            parts.append(once(index.speakers.get(speaker_id)))
        for claim in report.claims:
            parts.append(once(index.propositions.get(claim.proposition or "")))
            parts.append(once(index.rating_of(claim)))
            found = index.contradictions(claim, limit)
            parts.append([view(other) for other in found.shown])
            parts.append(found.more)
            parts.append([view(other) for other in found.disputes])
            parts.append(found.disputes_more)
        result[layout.report_src(report.key)] = _hash(parts)
    # Speaker and proposition pages also show each claim's words.
    for speaker in index.speakers.values():
        parts = [common, once(speaker), sorted(index.reversals(speaker.id))]
        parts += [(view(c), c.body) for c in index.claims_by_speaker.get(speaker.id, [])]
        parts += [(view(c), c.body) for c in index.relayed_by_speaker.get(speaker.id, [])]
        for quote in index.quotes_by_speaker.get(speaker.id, []):
            shown_in = _report_view(index.reports.get(quote.report))
            parts.append((quote.id, quote.date, quote.body, shown_in))
        parts += [_report_view(r) for r in index.reports_mentioning(speaker.id)]
        result[layout.speaker_src(speaker.id)] = _hash(parts)
    for proposition in index.propositions.values():
        parts = [common, once(proposition)]
        parts += [(view(c), c.body) for c in index.by_proposition.get(proposition.id, [])]
        parts += [view(c) for c in index.external_by_proposition.get(proposition.id, [])]
        result[layout.proposition_src(proposition.id)] = _hash(parts)
    result[layout.index_src(layout.reports)] = _hash(
        [common, *((_report_view(r), len(r.claims)) for r in index.reports_newest_first)]
    )
    result[layout.index_src(layout.speakers)] = _hash(
        [common]
        + [
            (
                speaker,
                len(index.claims_by_speaker.get(speaker.id, [])),
                len(index.quotes_by_speaker.get(speaker.id, [])),
                sorted(index.reports_of_speaker(speaker.id)),
            )
            for speaker in index.speakers.values()
        ]
    )
    result[layout.index_src(layout.propositions)] = _hash(
        [common]
        + [
            (p, [(c.stance, c.date) for c in index.by_proposition.get(p.id, [])])
            for p in index.propositions.values()
        ]
    )
    return result


@dataclass
class BuildState:
    """What the last build made, kept for the next ``--dirty`` build."""

    fingerprints: dict[str, str] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    destinations: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str) -> BuildState:
        """The saved state, or an empty one (everything is then rebuilt)."""
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            parts = [data[name] for name in ("fingerprints", "digests", "texts", "destinations")]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return cls()
        # A corrupt or foreign file is never trusted: only text to text.
        for part in parts:
            if not isinstance(part, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in part.items()
            ):
                return cls()
        return cls(*(dict(part) for part in parts))

    def save(self, path: str) -> None:
        """Write the state (best effort: a read-only project only loses --dirty speed)."""
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(asdict(self), handle, ensure_ascii=False)
        except OSError:
            pass


def remove_inside(site_dir: str, dest: str) -> None:
    """Remove a page the site no longer has, never anything outside the site."""
    site = os.path.abspath(site_dir)
    path = os.path.abspath(os.path.join(site, dest))
    if os.path.commonpath([site, path]) == site and os.path.isfile(path):
        os.remove(path)


def digest(text: str) -> str:
    """Hash of a source text."""
    return _hash([text])


def common_fingerprint(parts: Iterable[object]) -> str:
    """Hash of what every page shares."""
    return _hash(parts)
