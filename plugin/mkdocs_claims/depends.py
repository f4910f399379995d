"""What each generated page depends on, as a fingerprint, and which pages
can have changed since the last build.

A page shows data from many sources: a report page shows its own text, the
speakers and propositions it names, and the claims of other reports that
contradict its claims; a speaker page shows claims from every report. The
fingerprint of a page is a hash of exactly that data, so that a ``--dirty``
build rebuilds a page if and only if something it shows has changed.

Describing every page costs time in proportion to the whole site (about
two seconds at 5,000 reports), so a build that knows the last one
(:class:`Snapshot`) only describes the pages that can show what changed
(:func:`affected`) and keeps the other fingerprints: a report whose text is
unchanged shows nothing new; one whose claims other pages show (its
``shown`` digest) changes the pages of the propositions and speakers it
names, and the pages of the reports with claims on those propositions; a
registry entry changes the pages that show it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

from .index import AnyClaim, ClaimIndex
from .layout import Layout
from .model import Claim, ExternalClaim, Report


def _hash(parts: Iterable[object]) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def digest(text: str) -> str:
    """Hash of a source text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def fingerprint(parts: Iterable[object]) -> str:
    """Hash of any values (by their ``repr``)."""
    return _hash(parts)


def _report_view(report: Report | None) -> object:
    if report is None:
        return None
    return (report.key, report.title, report.outlet, report.date)


# -- what a report gives the other pages ---------------------------------------


@dataclass(frozen=True)
class ReportRecord:
    """What other pages can show of one report, as digests, and whom it names.

    ``shown``: what a callout of another report shows of its claims (titles,
    speakers, stances, propositions, dates, notes, ratings; not their lines,
    so that a paragraph added above them changes nothing). ``data``:
    everything a listing or an export shows besides (the words of claims and
    quotes, mentions, declared speakers, the report's other fields).
    """

    digest: str
    shown: str
    data: str
    propositions: tuple[str, ...]
    speakers: tuple[str, ...]


def record(report: Report, text_digest: str) -> ReportRecord:
    """The record of ``report`` whose text has the digest ``text_digest``."""
    claims = [
        (c.id, c.speaker, c.stance, c.proposition, c.date, c.via, c.note, c.rating)
        for c in report.claims
    ]
    shown = _hash([_report_view(report), claims])
    data = _hash(
        [
            shown,
            report.author,
            report.source,
            report.summary,
            report.original_headline,
            [c.body for c in report.claims],
            [(q.id, q.speaker, q.date, q.body) for q in report.quotes],
            [(m.speaker, m.text) for m in report.mentions],
            report.speakers,
        ]
    )
    propositions = sorted({c.proposition for c in report.claims if c.proposition})
    named = set(report.speaker_ids) | {s.id for s in report.speakers}
    return ReportRecord(text_digest, shown, data, tuple(propositions), tuple(sorted(named)))


@dataclass(frozen=True)
class Entries:
    """A digest of every registry entry the pages show, by id."""

    speakers: dict[str, str] = field(default_factory=dict)
    propositions: dict[str, str] = field(default_factory=dict)
    ratings: dict[str, str] = field(default_factory=dict)
    external: dict[str, str] = field(default_factory=dict)
    """Other sites' claims on each proposition (federation)."""
    scale: str = ""


def entries(index: ClaimIndex) -> Entries:
    """The digests of the index's speakers, propositions, ratings and imported claims."""
    return Entries(
        {k: _hash([v]) for k, v in index.speakers.items()},
        {k: _hash([v]) for k, v in index.propositions.items()},
        {k: _hash([v]) for k, v in index.ratings.items()},
        {k: _hash(v) for k, v in index.external_by_proposition.items()},
        _hash([index.rating_scale]),
    )


def _changed_keys(before: Mapping[str, str], now: Mapping[str, str]) -> set[str]:
    return {k for k in before.keys() | now.keys() if before.get(k) != now.get(k)}


# -- the fingerprints of pages ---------------------------------------------------


class Fingerprints:
    """The fingerprint of any generated page, from the index.

    A claim appears on its speakers', its proposition's and up to ``limit``
    other reports' pages, a speaker on every page of their claims: each
    object is described once. By identity, as every object lives in the
    index as long as this does (and two claims of a page may share a
    mistaken id).
    """

    def __init__(
        self, index: ClaimIndex, layout: Layout, digests: Mapping[str, str], limit: int
    ) -> None:
        self.index = index
        self.layout = layout
        self.digests = digests
        self.limit = limit
        self._described: dict[int, str] = {}

    def _once(self, value: object) -> str:
        text = self._described.get(id(value))
        if text is None:
            text = self._described[id(value)] = repr(value)
        return text

    def _view(self, claim: AnyClaim) -> str:
        """Everything any page shows about a claim of another page."""
        text = self._described.get(id(claim))
        if text is None:
            # Another site's claim is a frozen value: its repr is all it shows.
            shown = claim if isinstance(claim, ExternalClaim) else self._claim_view(claim)
            text = self._described[id(claim)] = repr(shown)
        return text

    def _claim_view(self, claim: Claim) -> object:
        index, once = self.index, self._once
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

    def report(self, key: str) -> str:
        """A report page: its text, its speakers and propositions, and each
        callout's contradictions."""
        index, once, view = self.index, self._once, self._view
        report = index.reports[key]
        parts: list[object] = [self.digests.get(key)]
        for speaker_id in report.speaker_ids:
            parts.append(once(index.speakers.get(speaker_id)))
        for claim in report.claims:
            parts.append(once(index.propositions.get(claim.proposition or "")))
            parts.append(once(index.rating_of(claim)))
            found = index.contradictions(claim, self.limit)
            parts.append([view(other) for other in found.shown])
            parts.append(found.more)
            parts.append([view(other) for other in found.disputes])
            parts.append(found.disputes_more)
        return _hash(parts)

    def speaker(self, ident: str) -> str:
        """A speaker page also shows each claim's words."""
        index, view = self.index, self._view
        speaker = index.speakers[ident]
        parts: list[object] = [self._once(speaker), sorted(index.reversals(ident))]
        parts += [(view(c), c.body) for c in index.claims_by_speaker.get(ident, [])]
        parts += [(view(c), c.body) for c in index.relayed_by_speaker.get(ident, [])]
        for quote in index.quotes_by_speaker.get(ident, []):
            shown_in = _report_view(index.reports.get(quote.report))
            parts.append((quote.id, quote.date, quote.body, shown_in))
        parts += [_report_view(r) for r in index.reports_mentioning(ident)]
        return _hash(parts)

    def proposition(self, ident: str) -> str:
        """A proposition page: both sides, with each claim's words."""
        index, view = self.index, self._view
        parts: list[object] = [self._once(index.propositions[ident])]
        parts += [(view(c), c.body) for c in index.by_proposition.get(ident, [])]
        parts += [view(c) for c in index.external_by_proposition.get(ident, [])]
        return _hash(parts)

    def reports_index(self) -> str:
        """The reports index: every report's title, outlet, date and claim count."""
        index = self.index
        return _hash((_report_view(r), len(r.claims)) for r in index.reports_newest_first)

    def speakers_index(self) -> str:
        """The speakers index: every speaker and their counts."""
        index = self.index
        return _hash(
            (
                speaker,
                len(index.claims_by_speaker.get(speaker.id, [])),
                len(index.quotes_by_speaker.get(speaker.id, [])),
                sorted(index.reports_of_speaker(speaker.id)),
            )
            for speaker in index.speakers.values()
        )

    def propositions_index(self) -> str:
        """The propositions index: every proposition and the stances and dates on it."""
        index = self.index
        return _hash(
            (p, [(c.stance, c.date) for c in index.by_proposition.get(p.id, [])])
            for p in index.propositions.values()
        )

    def page(self, kind: str, key: str) -> str:
        """The fingerprint of the page of ``kind`` (a report, speaker,
        proposition or index page) showing ``key``."""
        describe: dict[str, Callable[[str], str]] = {
            "report": self.report,
            "speaker": self.speaker,
            "proposition": self.proposition,
        }
        if kind in describe:
            return describe[kind](key)
        return {
            "reports": self.reports_index,
            "speakers": self.speakers_index,
            "propositions": self.propositions_index,
        }[kind]()


# -- which pages can have changed --------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What a build's pages were made from, as the next build compares it."""

    records: Mapping[str, ReportRecord]
    entries: Entries


def affected(
    before: Snapshot, now: Snapshot, index: ClaimIndex, altered: Collection[str] = ()
) -> dict[str, set[str]]:
    """The pages that can show something that differs between ``before`` and
    ``now`` (the index is ``now``'s), by kind: ``report``, ``speaker`` and
    ``proposition`` map to keys; the index pages (``reports``, ``speakers``,
    ``propositions``) to ``{""}`` when they can have changed. ``altered``:
    reports whose value differs from what their text gives (the scan left a
    declaration out), taken as changed."""
    old, new = before.records, now.records
    pages: dict[str, set[str]] = {k: set() for k in ("report", "speaker", "proposition")}
    callouts: set[str] = set()  # propositions whose callouts elsewhere can change
    listings: set[str] = set()  # propositions whose own page can change
    speakers: set[str] = set()
    counts = False  # the indexes' counts and lists
    for key in {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)} | set(altered):
        was, now_record = old.get(key), new.get(key)
        pages["report"].add(key)
        records = [r for r in (was, now_record) if r is not None]
        if was is None or now_record is None or was.shown != now_record.shown:
            for r in records:
                callouts.update(r.propositions)
                speakers.update(r.speakers)
            counts = True
        elif was.data != now_record.data or key in altered:
            for r in records:
                listings.update(r.propositions)
                speakers.update(r.speakers)
            counts = True
    e0, e1 = before.entries, now.entries
    changed_speakers = _changed_keys(e0.speakers, e1.speakers)
    changed_propositions = _changed_keys(e0.propositions, e1.propositions)
    changed_ratings = _changed_keys(e0.ratings, e1.ratings)
    if e0.scale != e1.scale:
        changed_ratings |= e0.ratings.keys() | e1.ratings.keys()
    callouts |= changed_propositions | _changed_keys(e0.external, e1.external)
    speakers |= changed_speakers
    if changed_speakers or changed_propositions or changed_ratings:
        counts = True
        # Every claim that shows one of them, through its speaker, its via,
        # its proposition or its rating (known to the index or not).
        for claim in index.claims.values():
            if (
                claim.speaker in changed_speakers
                or claim.via in changed_speakers
                or claim.proposition in changed_propositions
                or claim.rating in changed_ratings
            ):
                pages["report"].add(claim.report)
                if claim.proposition:
                    callouts.add(claim.proposition)
                speakers.update(s for s in (claim.speaker, claim.via) if s)
        for key, r in new.items():
            if not changed_speakers.isdisjoint(r.speakers):
                pages["report"].add(key)
    if callouts:
        for key, r in new.items():
            if not callouts.isdisjoint(r.propositions):
                pages["report"].add(key)
    pages["proposition"] = callouts | listings
    pages["speaker"] = speakers
    if counts:
        for kind in ("reports", "speakers", "propositions"):
            pages[kind] = {""}
    return pages


# -- helpers -----------------------------------------------------------------------


def remove_inside(site_dir: str, dest: str) -> None:
    """Remove a page the site no longer has, never anything outside the site."""
    site = os.path.abspath(site_dir)
    path = os.path.abspath(os.path.join(site, dest))
    if os.path.commonpath([site, path]) == site and os.path.isfile(path):
        os.remove(path)
