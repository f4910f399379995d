"""The claim index: every claim of the site, built before any page renders.

It resolves speakers and propositions against the registries, finds the
contradictions between claims (same proposition, opposite stances) and
answers the per-speaker, per-proposition and per-report questions the pages
ask. It is rebuilt from scratch for every build, so a deleted or renamed
report can never leave a stale link behind.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .diagnostics import shown
from .ids import collision_key, did_you_mean
from .model import Claim, Diagnostic, Mention, Proposition, Quote, Report, Speaker, Stance
from .registry import Registry

_OLDEST = datetime.date.min


def newest_first(claim: Claim) -> tuple[int, str, int]:
    """Sort key: newest date first, then report, then position in the report."""
    date = claim.date or _OLDEST
    return (-date.toordinal(), claim.report, claim.line)


def oldest_first(claim: Claim) -> tuple[int, str, int]:
    """Sort key: oldest date first (undated last), then report, then position."""
    date = claim.date or datetime.date.max
    return (date.toordinal(), claim.report, claim.line)


@dataclass(frozen=True)
class Contradictions:
    """What a callout shows: the first ``shown`` contradicting claims of other
    reports, how many more there are, and the first opposite claims of its own
    report (in document order) and how many more of those there are."""

    shown: tuple[Claim, ...]
    more: int
    disputes: tuple[Claim, ...]
    disputes_more: int = 0


class ClaimIndex:
    """Every report, claim, quote and mention of the site, cross-referenced."""

    def __init__(
        self,
        reports: Iterable[Report],
        registry: Registry,
        contradiction_window: int | None = None,
    ) -> None:
        self.contradiction_window = contradiction_window
        self.reports: dict[str, Report] = {r.key: r for r in sorted(reports, key=lambda r: r.key)}
        self.propositions: dict[str, Proposition] = dict(registry.propositions)
        self.speakers: dict[str, Speaker] = dict(registry.speakers)
        self.diagnostics: list[Diagnostic] = []
        self._merge_declared_speakers(registry)
        self.claims: dict[tuple[str, str], Claim] = {}
        self._by_stance: dict[tuple[str, Stance], list[Claim]] = defaultdict(list)
        # (proposition, stance, report) -> claims: a report's own share of a
        # side, so that a callout on a hot proposition costs O(limit), not O(side).
        self._by_stance_report: dict[tuple[str, Stance, str], list[Claim]] = defaultdict(list)
        self.by_proposition: dict[str, list[Claim]] = defaultdict(list)
        self.claims_by_speaker: dict[str, list[Claim]] = defaultdict(list)
        self.quotes_by_speaker: dict[str, list[Quote]] = defaultdict(list)
        self.mentions_by_speaker: dict[str, list[Mention]] = defaultdict(list)
        self.relayed_by_speaker: dict[str, list[Claim]] = defaultdict(list)
        for report in self.reports.values():
            self._add_report(report)
        for claims in self._by_stance.values():
            claims.sort(key=newest_first)
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

    def _add_report(self, report: Report) -> None:
        speaker_ids = self.speakers.keys()
        for claim in report.claims:
            self.claims[claim.key] = claim
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
                    self._by_stance[(claim.proposition, claim.stance)].append(claim)
                    self._by_stance_report[(claim.proposition, claim.stance, report.key)].append(
                        claim
                    )
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
        known = self.propositions if kind == "unknown_proposition" else self.speakers
        hint = did_you_mean(ident, known) if len(ident) <= 200 else ""
        if kind == "unknown_mention":
            message = f"mention of unknown speaker {shown(ident)}{hint}; the text is not linked"
        else:
            message = f"unknown {what} {shown(ident)}{hint}"
        self.diagnostics.append(Diagnostic(report.path, line, kind, message))

    # -- questions --------------------------------------------------------

    def window_of(self, proposition: str) -> int | None:
        """The proposition's window in days: its own, else the site's (None: no limit)."""
        known = self.propositions.get(proposition)
        if known is not None and known.window is not None:
            return known.window
        return self.contradiction_window

    def contradictions(self, claim: Claim, limit: int) -> Contradictions:
        """The claims that contradict ``claim``: at most ``limit`` of other
        reports (newest first) plus the count of the rest, and those of its
        own report."""
        if claim.stance is None or claim.proposition is None:
            return Contradictions((), 0, ())
        opposite: Stance = "denies" if claim.stance == "affirms" else "affirms"
        candidates = self._by_stance.get((claim.proposition, opposite), [])
        own = self._by_stance_report.get((claim.proposition, opposite, claim.report), [])
        shown: list[Claim] = []
        for other in candidates:
            if len(shown) == limit:
                break
            if other.report != claim.report:
                shown.append(other)
        others = len(candidates) - len(own)
        # A report's own claims are listed in document order; capped like the
        # others, since a report with k claims on both sides would otherwise
        # list k/2 links under each of them (k^2/2 links on one page).
        disputes = own[:limit]
        return Contradictions(
            tuple(shown), others - len(shown), tuple(disputes), len(own) - len(disputes)
        )

    def all_contradicting(self, claim: Claim) -> list[Claim]:
        """Every claim on the same proposition with the opposite stance."""
        if claim.stance is None or claim.proposition is None:
            return []
        opposite: Stance = "denies" if claim.stance == "affirms" else "affirms"
        return self._by_stance.get((claim.proposition, opposite), [])

    def reversals(self, speaker: str) -> set[str]:
        """Propositions on which ``speaker``'s own claims take both stances."""
        stances: dict[str, set[str]] = defaultdict(set)
        for claim in self.claims_by_speaker.get(speaker, []):
            if claim.proposition in self.propositions and claim.stance is not None:
                stances[claim.proposition].add(claim.stance)
        return {prop for prop, seen in stances.items() if len(seen) == 2}

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
