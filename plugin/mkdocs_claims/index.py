"""The claim index: every claim of the site, built before any page renders.

It resolves speakers and propositions against the registries, finds the
contradictions between claims and answers the per-speaker, per-proposition
and per-report questions the pages ask. It is rebuilt from scratch for every
build, so a deleted or renamed report can never leave a stale link behind.

The contradiction rule lives here and nowhere else (:meth:`ClaimIndex.contradicts`,
:func:`within_window`): callouts, their "and N more" counts, speaker pages,
``claims.json`` and ``mkdocs-claims diff`` all ask this module.
"""

from __future__ import annotations

import datetime
import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .diagnostics import shown
from .ids import collision_key, did_you_mean
from .model import (
    Claim,
    Diagnostic,
    ExternalClaim,
    Mention,
    Proposition,
    Quote,
    Rating,
    RatingScale,
    Report,
    Speaker,
    Stance,
    opposite,
)
from .registry import Registry

_OLDEST = datetime.date.min


def within_window(
    date: datetime.date | None, other: datetime.date | None, window: int | None
) -> bool:
    """Whether two claims so dated are close enough in time to contradict.

    Without a window (None) dates do not matter, undated claims included.
    With one, both must be dated and at most ``window`` days apart (0: the
    same day): an undated claim cannot be placed in time, and an editor would
    rather miss a link than publish a wrong one.
    """
    if window is None:
        return True
    if date is None or other is None:
        return False
    return abs(date.toordinal() - other.toordinal()) <= window


def newest_first(claim: Claim) -> tuple[int, int, str, int]:
    """Sort key: newest date first (undated last), then report, then position."""
    if claim.date is None:
        return (1, 0, claim.report, claim.line)
    return (0, -claim.date.toordinal(), claim.report, claim.line)


def oldest_first(claim: Claim) -> tuple[int, str, int]:
    """Sort key: oldest date first (undated last), then report, then position."""
    date = claim.date or datetime.date.max
    return (date.toordinal(), claim.report, claim.line)


def external_newest_first(claim: ExternalClaim) -> tuple[int, int, str, str]:
    """Sort key of another site's claims: newest first (undated last), then site and url."""
    if claim.date is None:
        return (1, 0, claim.site, claim.url)
    return (0, -claim.date.toordinal(), claim.site, claim.url)


def external_oldest_first(claim: ExternalClaim) -> tuple[int, str, str]:
    """Sort key of another site's claims: oldest first (undated last), then site and url."""
    date = claim.date or datetime.date.max
    return (date.toordinal(), claim.site, claim.url)


def _by_date(claim: Claim | ExternalClaim) -> tuple[int, int]:
    """Newest first, undated last: how a callout merges this site's claims and
    other sites' (on one date, this site's come first: heapq.merge is stable)."""
    return (1, 0) if claim.date is None else (0, -claim.date.toordinal())


AnyClaim = Claim | ExternalClaim
"""A claim of this site or of another one (federation)."""


@dataclass(frozen=True)
class Contradictions:
    """What a callout shows: the first ``shown`` contradicting claims of other
    reports (and of other sites, merged by date), how many more there are,
    and the first opposite claims of its own report (in document order) and
    how many more of those there are."""

    shown: tuple[AnyClaim, ...]
    more: int
    disputes: tuple[Claim, ...]
    disputes_more: int = 0


_NOTHING = Contradictions((), 0, ())

_C = TypeVar("_C", Claim, ExternalClaim)


@dataclass
class _Side(Generic[_C]):
    """The claims of one stance on one proposition (of the site, of one
    report, or of the other sites), newest first with the undated last, and
    ``keys[i]``, the negated day number of the i-th dated claim: ascending,
    so that the claims of a window are found by bisection, not by a scan of
    the side."""

    claims: list[_C] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)

    def freeze(self, key: Callable[[_C], tuple[object, ...]]) -> None:
        self.claims.sort(key=key)
        self.keys = [-c.date.toordinal() for c in self.claims if c.date is not None]

    def span(self, date: datetime.date | None, window: int | None) -> tuple[int, int]:
        """The slice of ``claims`` within ``window`` days of ``date``."""
        if window is None:
            return 0, len(self.claims)
        if date is None:
            return 0, 0
        day = date.toordinal()
        return (
            bisect_left(self.keys, -(day + window)),
            bisect_right(self.keys, -(day - window)),
        )


_EMPTY: _Side[Claim] = _Side()
"""No claims (never changed: only read)."""


class ClaimIndex:
    """Every report, claim, quote and mention of the site, cross-referenced."""

    def __init__(
        self,
        reports: Iterable[Report],
        registry: Registry,
        contradiction_window: int | None = None,
        propositions_path: str = "propositions.yml",
    ) -> None:
        self.contradiction_window = contradiction_window
        self.propositions_path = propositions_path
        self.reports: dict[str, Report] = {r.key: r for r in sorted(reports, key=lambda r: r.key)}
        self.propositions: dict[str, Proposition] = dict(registry.propositions)
        self.speakers: dict[str, Speaker] = dict(registry.speakers)
        self.ratings: dict[str, Rating] = dict(registry.ratings)
        self.rating_scale: RatingScale = registry.rating_scale
        self.ratings_path = registry.ratings_path
        self.diagnostics: list[Diagnostic] = []
        self._merge_declared_speakers(registry)
        self.claims: dict[tuple[str, str], Claim] = {}
        self._by_stance: dict[tuple[str, Stance], _Side[Claim]] = defaultdict(_Side)
        # report -> (proposition, stance) -> its claims: a report's own share
        # of a side, so that a callout on a hot proposition costs O(limit),
        # not O(side); newest first, and in document order. Made when a
        # report's callouts are first asked for (a --dirty build asks for few).
        self._own: dict[str, dict[tuple[str, Stance], tuple[_Side[Claim], list[Claim]]]] = {}
        # Other sites' claims (federation), kept apart: they take part in
        # contradictions, never in this site's own lists.
        self._external: dict[tuple[str, Stance], _Side[ExternalClaim]] = {}
        self.external_by_proposition: dict[str, list[ExternalClaim]] = {}
        self.by_proposition: dict[str, list[Claim]] = defaultdict(list)
        self.claims_by_speaker: dict[str, list[Claim]] = defaultdict(list)
        self.quotes_by_speaker: dict[str, list[Quote]] = defaultdict(list)
        self.mentions_by_speaker: dict[str, list[Mention]] = defaultdict(list)
        self.relayed_by_speaker: dict[str, list[Claim]] = defaultdict(list)
        for report in self.reports.values():
            self._add_report(report)
        for side in self._by_stance.values():
            side.freeze(newest_first)
        for claims in self.by_proposition.values():
            claims.sort(key=oldest_first)
        for claims in self.claims_by_speaker.values():
            claims.sort(key=oldest_first)
        self.reports_newest_first: list[Report] = sorted(
            self.reports.values(),
            key=lambda r: (-(r.date or _OLDEST).toordinal(), r.title.casefold(), r.key),
        )
        self._newest_rank = {r.key: rank for rank, r in enumerate(self.reports_newest_first)}

    # -- building ---------------------------------------------------------

    def _merge_declared_speakers(self, registry: Registry) -> None:
        origin = dict(registry.speaker_origin)
        folded = {collision_key(ident): ident for ident in self.speakers}
        for report in self.reports.values():
            for speaker in report.speakers:
                same = folded.get(collision_key(speaker.id))
                if same is not None and same != speaker.id:
                    self.diagnostics.append(
                        Diagnostic(
                            report.path,
                            1,
                            "id_collision",
                            f"speaker id '{speaker.id}' collides with '{same}' declared in "
                            f"{origin.get(same, 'the registry')} (they differ only by case or "
                            "Unicode normalisation); this declaration is ignored",
                        )
                    )
                    continue
                known = self.speakers.get(speaker.id)
                if known is None:
                    self.speakers[speaker.id] = speaker
                    folded[collision_key(speaker.id)] = speaker.id
                    origin[speaker.id] = report.path
                elif known != speaker:
                    self.diagnostics.append(
                        Diagnostic(
                            report.path,
                            1,
                            "speaker_conflict",
                            f"speaker '{speaker.id}' is declared here with other fields than "
                            f"in {origin.get(speaker.id, 'the registry')}; the first "
                            "declaration is kept — declare each speaker once",
                        )
                    )

    def attach_external(self, claims: Iterable[ExternalClaim]) -> int:
        """Let other sites' claims take part in contradictions (federation).

        Only claims on a proposition of this site's registry are kept; their
        contradictions follow this site's rule (:meth:`window_of`), whatever
        window the other site applies. Returns how many were kept. Attaching
        again replaces what was attached before.
        """
        sides: dict[tuple[str, Stance], _Side[ExternalClaim]] = defaultdict(_Side)
        by_proposition: dict[str, list[ExternalClaim]] = defaultdict(list)
        kept = 0
        for claim in claims:
            if claim.proposition not in self.propositions:
                continue
            sides[(claim.proposition, claim.stance)].claims.append(claim)
            by_proposition[claim.proposition].append(claim)
            kept += 1
        for side in sides.values():
            side.freeze(external_newest_first)
        for listed in by_proposition.values():
            listed.sort(key=external_oldest_first)
        self._external = dict(sides)
        self.external_by_proposition = dict(by_proposition)
        return kept

    def _add_report(self, report: Report) -> None:
        speaker_ids = self.speakers.keys()
        for claim in report.claims:
            self.claims[claim.key] = claim
            if claim.rating is not None and claim.rating not in self.ratings:
                self._unknown(report, claim.line, "unknown_rating", "rating", claim.rating)
            if claim.speaker is not None:
                if claim.speaker in self.speakers:
                    self.claims_by_speaker[claim.speaker].append(claim)
                else:
                    self._unknown(report, claim.line, "unknown_speaker", "speaker", claim.speaker)
            if claim.via is not None:
                if claim.via in self.speakers:
                    self.relayed_by_speaker[claim.via].append(claim)
                else:
                    self._unknown(report, claim.line, "unknown_via", "via speaker", claim.via)
            if claim.proposition is not None:
                if claim.proposition not in self.propositions:
                    self._unknown(
                        report, claim.line, "unknown_proposition", "proposition", claim.proposition
                    )
                elif claim.stance is not None:
                    self.by_proposition[claim.proposition].append(claim)
                    self._by_stance[(claim.proposition, claim.stance)].claims.append(claim)
        for quote in report.quotes:
            if quote.speaker is None:
                continue
            if quote.speaker in self.speakers:
                self.quotes_by_speaker[quote.speaker].append(quote)
            else:
                self._unknown(report, quote.line, "unknown_speaker", "speaker", quote.speaker)
        for mention in report.mentions:
            if mention.speaker in speaker_ids:
                self.mentions_by_speaker[mention.speaker].append(mention)
            else:
                self._unknown(report, mention.line, "unknown_mention", "speaker", mention.speaker)

    def _unknown(self, report: Report, line: int, kind: str, what: str, ident: str) -> None:
        known: Iterable[str] = self.speakers
        if kind == "unknown_proposition":
            known = self.propositions
        elif kind == "unknown_rating":
            known = self.ratings
        hint = did_you_mean(ident, known) if len(ident) <= 200 else ""
        if kind == "unknown_rating" and not hint:
            hint = f"; declare it under 'ratings:' in {self.ratings_path}"
        if kind == "unknown_proposition" and not hint:
            # Nothing close: most likely a proposition that is simply new.
            hint = (
                f"; if it is a new proposition, add it to {self.propositions_path} with a statement"
            )
        if kind == "unknown_mention":
            message = f"mention of unknown speaker {shown(ident)}{hint}; the text is not linked"
        elif kind == "unknown_rating":
            message = f"unknown rating {shown(ident)}{hint}; the claim is shown without a rating"
        else:
            message = f"unknown {what} {shown(ident)}{hint}"
        self.diagnostics.append(Diagnostic(report.path, line, kind, message))

    # -- questions --------------------------------------------------------

    def rating_of(self, claim: Claim) -> Rating | None:
        """The claim's fact-check rating, when it has a known one."""
        return self.ratings.get(claim.rating) if claim.rating is not None else None

    def window_of(self, proposition: str) -> int | None:
        """The proposition's window in days: its own, else the site's (None: no limit)."""
        known = self.propositions.get(proposition)
        if known is not None and known.window is not None:
            return known.window
        return self.contradiction_window

    def contradicts(self, claim: Claim, other: Claim) -> bool:
        """The contradiction rule: both claims take opposite stances on the same
        registered proposition and, when a window applies, both are dated at
        most ``window`` days apart. Claims of one report contradict too."""
        return (
            claim.stance is not None
            and other.stance is not None
            and claim.stance != other.stance
            and claim.proposition is not None
            and claim.proposition == other.proposition
            and claim.proposition in self.propositions
            and within_window(claim.date, other.date, self.window_of(claim.proposition))
        )

    def _opposite(self, claim: Claim) -> tuple[_Side[Claim], int, int] | None:
        """The opposite side of ``claim``'s proposition and the slice of it
        that contradicts ``claim``."""
        if claim.stance is None or claim.proposition not in self.propositions:
            return None
        assert claim.proposition is not None
        side = self._by_stance.get((claim.proposition, opposite(claim.stance)))
        if side is None:
            return None
        start, stop = side.span(claim.date, self.window_of(claim.proposition))
        return side, start, stop

    def _own_side(
        self, report: str, proposition: str, stance: Stance
    ) -> tuple[_Side[Claim], list[Claim]]:
        """A report's claims of one stance on one proposition: newest first
        (a side), and in document order."""
        sides = self._own.get(report)
        if sides is None:
            sides = self._own[report] = {}
            for claim in self.reports[report].claims if report in self.reports else ():
                if claim.stance is not None and claim.proposition in self.propositions:
                    assert claim.proposition is not None
                    found = sides.setdefault((claim.proposition, claim.stance), (_Side(), []))
                    found[0].claims.append(claim)
                    found[1].append(claim)
            for side, _ in sides.values():
                side.freeze(newest_first)
        return sides.get((proposition, stance), (_EMPTY, []))

    def contradictions(self, claim: Claim, limit: int) -> Contradictions:
        """What ``claim``'s callout shows: at most ``limit`` contradicting claims
        of other reports (newest first), the number of the others (those in
        the window only), and the contradicting claims of its own report (in
        document order). Other sites' claims (federation) are merged in by
        date. O(log n + limit + its own report's share)."""
        if claim.stance is None or claim.proposition not in self.propositions:
            return _NOTHING
        assert claim.proposition is not None
        side: _Side[Claim] = self._by_stance.get(
            (claim.proposition, opposite(claim.stance)), _Side()
        )
        window = self.window_of(claim.proposition)
        start, stop = side.span(claim.date, window)
        own, own_in_order = self._own_side(claim.report, claim.proposition, opposite(claim.stance))
        own_start, own_stop = own.span(claim.date, window)
        others = (stop - start) - (own_stop - own_start)

        def local() -> Iterator[Claim]:
            for position in range(start, stop):
                other = side.claims[position]
                if other.report != claim.report:
                    yield other

        # Other sites' claims are merged with this site's by date, and count
        # in "and N more" like them.
        candidates: Iterator[AnyClaim] = local()
        external = self._external.get((claim.proposition, opposite(claim.stance)))
        if external is not None:
            ext_start, ext_stop = external.span(claim.date, window)
            others += ext_stop - ext_start
            candidates = heapq.merge(
                candidates, iter(external.claims[ext_start:ext_stop]), key=_by_date
            )
        shown: list[AnyClaim] = []
        for other in candidates:
            if len(shown) >= limit:
                break
            shown.append(other)
        # A report's own claims are listed in document order, capped like the
        # others: a report with k claims on both sides would otherwise list
        # k/2 links under each of them (k²/2 links on one page). They are
        # taken from the report's claims in document order, so that the
        # usual case (one date, or no window) costs O(limit).
        disputes: list[Claim] = []
        if own_stop > own_start:
            for other in own_in_order:
                if len(disputes) == limit:
                    break
                if within_window(claim.date, other.date, window):
                    disputes.append(other)
        in_window = own_stop - own_start
        return Contradictions(
            tuple(shown), others - len(shown), tuple(disputes), in_window - len(disputes)
        )

    def all_contradicting(self, claim: Claim) -> list[Claim]:
        """Every claim that contradicts ``claim``, its own report's included,
        newest first (undated last)."""
        found = self._opposite(claim)
        if found is None:
            return []
        side, start, stop = found
        return side.claims[start:stop]

    def reversals(self, speaker: str) -> set[str]:
        """Propositions on which two of ``speaker``'s own claims contradict
        each other (opposite stances, within the proposition's window).

        Never for an ``anonymous`` speaker: an id such as
        ``south-korean-officials`` covers different unnamed people, who are
        not one voice that changed its mind."""
        known = self.speakers.get(speaker)
        if known is not None and known.kind == "anonymous":
            return set()
        sides: dict[str, dict[Stance, list[datetime.date | None]]] = defaultdict(
            lambda: {"affirms": [], "denies": []}
        )
        for claim in self.claims_by_speaker.get(speaker, []):
            if claim.proposition in self.propositions and claim.stance is not None:
                sides[claim.proposition][claim.stance].append(claim.date)
        found: set[str] = set()
        for proposition, dates in sides.items():
            affirming, denying = dates["affirms"], dates["denies"]
            if not affirming or not denying:
                continue
            window = self.window_of(proposition)
            if window is None:
                found.add(proposition)
                continue
            days = sorted(d.toordinal() for d in denying if d is not None)
            for date in affirming:
                if date is None:
                    continue
                nearest = bisect_left(days, date.toordinal() - window)
                if nearest < len(days) and days[nearest] <= date.toordinal() + window:
                    found.add(proposition)
                    break
        return found

    def reports_mentioning(self, speaker: str) -> list[Report]:
        """The reports that mention ``speaker`` inline, newest first."""
        keys = {mention.report for mention in self.mentions_by_speaker.get(speaker, [])}
        return [self.reports[key] for key in sorted(keys, key=self._newest_rank.__getitem__)]

    def reports_of_speaker(self, speaker: str) -> set[str]:
        """Keys of the reports in which ``speaker`` speaks, relays or is mentioned."""
        keys = {claim.report for claim in self.claims_by_speaker.get(speaker, [])}
        keys |= {claim.report for claim in self.relayed_by_speaker.get(speaker, [])}
        keys |= {quote.report for quote in self.quotes_by_speaker.get(speaker, [])}
        keys |= {mention.report for mention in self.mentions_by_speaker.get(speaker, [])}
        return keys
