"""``mkdocs-claims diff``: what publishing the sources would change.

An editor's review before publishing: a ``claims.json`` already published
(version 1 or 2) is compared with the current sources, read by the same
scan as the build (no MkDocs, no building). The result lists the claims
added, removed and changed (speaker, stance, proposition, date) and every
contradiction link that appears or disappears.

A contradiction link is a pair of claim URLs. On the current side the pairs
come from :class:`~mkdocs_claims.index.ClaimIndex` itself, so they are the
build's; a version 2 file gives each proposition's window and claims, and
its pairs follow from :func:`~mkdocs_claims.index.within_window`, the same
rule; a version 1 file lists them per claim. Pairs are only worked out for
the propositions whose window or claims differ between the two sides.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .export import PlainText
from .index import ClaimIndex, within_window
from .layout import Layout

Pair = tuple[str, str]
FIELDS = ("speaker", "stance", "proposition", "date")
"""What makes a claim "changed" (the text does not: it is the writer's to edit)."""


class DiffError(Exception):
    """The published file cannot be read as a claims.json."""


@dataclass(frozen=True)
class ClaimFacts:
    """What the diff compares of one claim; ``report`` is its report's URL."""

    url: str
    report: str
    speaker: str | None
    stance: str | None
    proposition: str | None
    date: str | None

    def fields(self) -> dict[str, str | None]:
        """The compared fields, by name."""
        return {name: getattr(self, name) for name in FIELDS}


@dataclass
class Snapshot:
    """One side of the diff: its claims, report titles and speaker names, and
    for each proposition a signature (equal signatures mean equal pairs;
    None: not comparable) and a way to list its contradicting pairs."""

    description: str
    claims: dict[str, ClaimFacts] = field(default_factory=dict)
    reports: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, str] = field(default_factory=dict)
    signatures: dict[str, object] = field(default_factory=dict)
    pairs_of: Callable[[str], set[Pair]] = lambda proposition: set()
    text_of: Callable[[str], str] = lambda url: ""


@dataclass(frozen=True)
class Change:
    """A claim whose speaker, stance, proposition or date changed."""

    url: str
    before: dict[str, str | None]
    after: dict[str, str | None]


@dataclass(frozen=True)
class Diff:
    """What publishing would change. Every list is sorted; each pair too."""

    added: list[str]
    removed: list[str]
    changed: list[Change]
    links_added: list[Pair]
    links_removed: list[Pair]

    @property
    def empty(self) -> bool:
        """Whether publishing would change nothing the diff looks at."""
        return not (
            self.added or self.removed or self.changed or self.links_added or self.links_removed
        )

    def as_json(self) -> dict[str, Any]:
        """The object of SPEC's machine contract."""
        return {
            "claims": {
                "added": self.added,
                "removed": self.removed,
                "changed": [
                    {"url": change.url, "before": change.before, "after": change.after}
                    for change in self.changed
                ],
            },
            "contradictions": {
                "added": [list(pair) for pair in self.links_added],
                "removed": [list(pair) for pair in self.links_removed],
            },
        }


def pair(one: str, other: str) -> Pair:
    """A contradiction link, its two URLs in sorted order."""
    return (one, other) if one <= other else (other, one)


# -- the current sources --------------------------------------------------------


def from_index(index: ClaimIndex, layout: Layout, description: str) -> Snapshot:
    """The side that publishing would produce, as the build computes it."""
    snapshot = Snapshot(description)
    url_of: dict[tuple[str, str], str] = {}
    bodies: dict[str, str] = {}
    for report in index.reports.values():
        report_url = layout.report_url(report.key)
        snapshot.reports[report_url] = report.title
        for claim in report.claims:
            url = layout.claim_url(report.key, claim.id)
            url_of[claim.key] = url
            bodies[url] = claim.body
            snapshot.claims[url] = ClaimFacts(
                url,
                report_url,
                claim.speaker,
                claim.stance,
                claim.proposition,
                claim.date.isoformat() if claim.date else None,
            )
    snapshot.speakers = {ident: speaker.name for ident, speaker in index.speakers.items()}
    for proposition, claims in index.by_proposition.items():
        sides: dict[str, frozenset[tuple[str, str | None]]] = {}
        for stance in ("affirms", "denies"):
            sides[stance] = frozenset(
                (url_of[c.key], snapshot.claims[url_of[c.key]].date)
                for c in claims
                if c.stance == stance
            )
        snapshot.signatures[proposition] = (
            index.window_of(proposition),
            sides["affirms"],
            sides["denies"],
        )

    def pairs_of(proposition: str) -> set[Pair]:
        found: set[Pair] = set()
        for claim in index.by_proposition.get(proposition, []):
            if claim.stance == "affirms":
                for other in index.all_contradicting(claim):
                    found.add(pair(url_of[claim.key], url_of[other.key]))
        return found

    plain = PlainText()
    snapshot.pairs_of = pairs_of
    snapshot.text_of = lambda url: plain(bodies.get(url, ""))
    return snapshot


# -- a published claims.json ----------------------------------------------------------


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise DiffError(f"{where}: '{key}' is not a list")
    return value


def read_published(text: str, where: str) -> Snapshot:
    """A published ``claims.json`` (version 2, or version 1: no ``version``,
    a ``contradicts`` list on each claim) as one side of the diff."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise DiffError(f"{where}: not JSON ({_short(str(error))})") from None
    except RecursionError:  # the parser recurses once per '[' or '{'
        raise DiffError(f"{where}: not a claims.json (it nests too deeply)") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise DiffError(f"{where}: not a claims.json (no list of claims)")
    version = data.get("version", 1)
    if version not in (1, 2) or isinstance(version, bool):
        shown = repr(version) if isinstance(version, (int, float)) else "that value"
        raise DiffError(
            f"{where}: claims.json version {shown} is not one this mkdocs-claims reads (1 or 2)"
        )
    snapshot = Snapshot(f"{where} (claims.json version {version})")
    for speaker in _list(data, "speakers", where):
        if isinstance(speaker, dict) and isinstance(speaker.get("id"), str):
            name = _text(speaker.get("name"))
            snapshot.speakers[speaker["id"]] = name or speaker["id"]
    for report in _list(data, "reports", where):
        if isinstance(report, dict) and isinstance(report.get("url"), str):
            snapshot.reports[report["url"]] = _text(report.get("title")) or report["url"]
    texts: dict[str, str] = {}
    explicit: dict[str, set[Pair]] = defaultdict(set)
    for entry in data["claims"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise DiffError(f"{where}: a claim without a url")
        url = entry["url"]
        report = entry.get("report")
        if isinstance(report, dict):  # version 1: the report's fields
            report_url = _text(report.get("url")) or url.split("#", 1)[0]
            snapshot.reports.setdefault(report_url, _text(report.get("title")) or report_url)
        else:  # version 2: the report's url
            report_url = _text(report) or url.split("#", 1)[0]
        facts = ClaimFacts(
            url,
            report_url,
            _text(entry.get("speaker")),
            _text(entry.get("stance")),
            _text(entry.get("proposition")),
            _text(entry.get("date")),
        )
        snapshot.claims[url] = facts
        texts[url] = _text(entry.get("text")) or ""
        if version == 1:
            others = entry.get("contradicts") or []
            if not isinstance(others, list):
                raise DiffError(f"{where}: 'contradicts' of {url} is not a list")
            for other in others:
                if isinstance(other, str) and other != url:
                    explicit[facts.proposition or ""].add(pair(url, other))
    snapshot.text_of = lambda url: texts.get(url, "")
    if version == 1:
        # Both claims of a pair are on one proposition; grouping by it lets
        # the comparison work proposition by proposition.
        snapshot.signatures = dict.fromkeys(explicit)
        snapshot.pairs_of = lambda proposition: explicit.get(proposition, set())
        return snapshot
    groups: dict[str, tuple[int | None, list[str], list[str]]] = {}
    for entry in _list(data, "propositions", where):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        window = entry.get("window")
        if window is not None and (
            not isinstance(window, int) or isinstance(window, bool) or window < 0
        ):
            raise DiffError(f"{where}: proposition '{_short(entry['id'])}' has an invalid window")
        urls = [
            [url for url in _list(entry, side, where) if isinstance(url, str)]
            for side in ("affirming", "denying")
        ]
        groups[entry["id"]] = (window, urls[0], urls[1])

    def date_of(url: str) -> str | None:
        facts = snapshot.claims.get(url)
        return facts.date if facts else None

    for ident, (window, affirming, denying) in groups.items():
        snapshot.signatures[ident] = (
            window,
            frozenset((url, date_of(url)) for url in affirming),
            frozenset((url, date_of(url)) for url in denying),
        )

    def pairs_of(proposition: str) -> set[Pair]:
        group = groups.get(proposition)
        if group is None:
            return set()
        window, affirming, denying = group
        return pairs_by_rule(
            [(url, date_of(url)) for url in affirming],
            [(url, date_of(url)) for url in denying],
            window,
        )

    snapshot.pairs_of = pairs_of
    return snapshot


def _ordinal(date: str | None) -> int | None:
    if date is None:
        return None
    try:
        return datetime.date.fromisoformat(date).toordinal()
    except ValueError:
        return None


def pairs_by_rule(
    affirming: Iterable[tuple[str, str | None]],
    denying: Iterable[tuple[str, str | None]],
    window: int | None,
) -> set[Pair]:
    """Every (affirming, denying) pair that contradicts under ``window``, by
    :func:`~mkdocs_claims.index.within_window`; each claim's partners are
    found by bisection among the other side's dates."""
    found: set[Pair] = set()
    denials = sorted(
        ((_ordinal(date), url) for url, date in denying),
        key=lambda item: (item[0] is None, item[0] or 0, item[1]),
    )
    if window is None:
        for url, _ in affirming:
            found.update(pair(url, other) for _, other in denials)
        return found
    dated = [(day, url) for day, url in denials if day is not None]
    days = [day for day, _ in dated]
    for url, date in affirming:
        day = _ordinal(date)
        if day is None:
            continue
        start = bisect_left(days, day - window)
        stop = bisect_right(days, day + window)
        for other_day, other in dated[start:stop]:
            if within_window(
                datetime.date.fromordinal(day), datetime.date.fromordinal(other_day), window
            ):
                found.add(pair(url, other))
    return found


# -- the comparison --------------------------------------------------------------------


def compare(old: Snapshot, new: Snapshot) -> Diff:
    """What changes from ``old`` (published) to ``new`` (the sources)."""
    added = sorted(set(new.claims) - set(old.claims))
    removed = sorted(set(old.claims) - set(new.claims))
    changed = []
    for url in sorted(set(old.claims) & set(new.claims)):
        before, after = old.claims[url].fields(), new.claims[url].fields()
        if before != after:
            changed.append(Change(url, before, after))
    appeared: set[Pair] = set()
    vanished: set[Pair] = set()
    for proposition in set(old.signatures) | set(new.signatures):
        signature = old.signatures.get(proposition)
        if signature is not None and signature == new.signatures.get(proposition):
            continue  # same window, same claims, same dates: the same pairs
        before_pairs, after_pairs = old.pairs_of(proposition), new.pairs_of(proposition)
        appeared |= after_pairs - before_pairs
        vanished |= before_pairs - after_pairs
    # A link whose two claims moved together to another proposition stays.
    kept = appeared & vanished
    return Diff(added, removed, changed, sorted(appeared - kept), sorted(vanished - kept))


# -- for an editor to read -----------------------------------------------------------


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _short(value: str, limit: int = 100) -> str:
    """A value from the sources or the published file, safe to print: no
    control characters (a terminal would obey them), at most ``limit``."""
    value = _CONTROL.sub("\ufffd", value)
    value = "".join(c for c in value if unicodedata.category(c) not in ("Cf", "Zl", "Zp"))
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _anchor(url: str, report: str) -> str:
    """A claim as seen from its report's group: its anchor only."""
    return url[len(report) :] if url.startswith(report + "#") else url


def _describe(facts: ClaimFacts, snapshot: Snapshot) -> str:
    name = snapshot.speakers.get(facts.speaker or "", facts.speaker or "no speaker")
    words = [_short(name)]
    if facts.stance and facts.proposition:
        words += [facts.stance, _short(facts.proposition)]
    elif facts.proposition:
        words += ["on", _short(facts.proposition)]
    return f"{' '.join(words)}, {facts.date or 'undated'}"


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def format_text(diff: Diff, old: Snapshot, new: Snapshot) -> str:
    """The diff as an editor reads it: a summary, then report by report."""
    events: dict[str, list[tuple[int, str]]] = defaultdict(list)

    def report_of(url: str, snapshot: Snapshot) -> str:
        facts = snapshot.claims.get(url)
        return facts.report if facts else url.split("#", 1)[0]

    for url in diff.removed:
        facts = old.claims[url]
        events[facts.report].append(
            (1, f"  - removed  {_short(_anchor(url, facts.report))}: {_describe(facts, old)}")
        )
    for url in diff.added:
        facts = new.claims[url]
        events[facts.report].append(
            (2, f"  + added    {_short(_anchor(url, facts.report))}: {_describe(facts, new)}")
        )
    for change in diff.changed:
        facts = new.claims[change.url]
        lines = [f"  ~ changed  {_short(_anchor(change.url, facts.report))}"]
        for name in FIELDS:
            before, after = change.before[name], change.after[name]
            if before != after:
                lines.append(
                    f"             {name}: {_short(before or '(none)')} -> "
                    f"{_short(after or '(none)')}"
                )
        events[facts.report].append((3, "\n".join(lines)))
    for label, pairs, snapshot, order in (
        ("new link ", diff.links_added, new, 4),
        ("link gone", diff.links_removed, old, 5),
    ):
        for one, other in pairs:
            for here, there in ((one, other), (other, one)):
                report = report_of(here, snapshot)
                if here != one and report_of(one, snapshot) == report:
                    continue  # both claims in one report: listed once
                events[report].append((order, _link_line(label, here, there, report, snapshot)))
    for report, found in events.items():
        found.extend(_same_text_notes(report, diff, old, new))
    lines = [f"Comparing {old.description}", f"     with {new.description}", ""]
    lines.append(summary(diff))
    for report in sorted(events):
        title = new.reports.get(report) or old.reports.get(report) or report
        lines += ["", f"{_short(report, 200)} — {_short(title)}"]
        lines += [text for _, text in sorted(events[report], key=lambda item: item[0])]
    return "\n".join(lines) + "\n"


def _link_line(label: str, here: str, there: str, report: str, snapshot: Snapshot) -> str:
    """A link as seen from the report of ``here``: this claim, then the other."""
    mine, theirs = snapshot.claims.get(here), snapshot.claims.get(there)
    line = f"  {label}  {_short(_anchor(here, report))}"
    if mine is not None:
        line += f"  {_describe(mine, snapshot)}"
    pad = " " * 13
    if theirs is None:
        return f"{line}\n{pad}<-> {_short(there, 200)}"
    anchor = _short(_anchor(there, theirs.report))
    other = f"{line}\n{pad}<-> {anchor}  {_describe(theirs, snapshot)}"
    if theirs.report == report:
        return f"{other}, in this report"
    title = _short(snapshot.reports.get(theirs.report, theirs.report))
    return f"{other}\n{pad}    in “{title}” ({_short(theirs.report, 200)})"


def _same_text_notes(
    report: str, diff: Diff, old: Snapshot, new: Snapshot
) -> list[tuple[int, str]]:
    """A claim removed and one added in the same report with the same words
    are most likely one claim whose derived id changed with its header."""
    removed = [url for url in diff.removed if old.claims[url].report == report]
    added = [url for url in diff.added if new.claims[url].report == report]
    if not removed or not added:
        return []
    by_words: dict[tuple[str, ...], str] = {}
    for url in removed:
        words = _words(old.text_of(url))
        if words:
            by_words.setdefault(words, url)
    notes = []
    for url in added:
        before = by_words.get(_words(new.text_of(url)))
        if before is not None:
            notes.append(
                (
                    6,
                    f"  note: {_short(_anchor(before, report))} and {_short(_anchor(url, report))}"
                    " have the same text: if they are one claim, its address changed and links "
                    "to the old one break; give the claim an explicit 'id:' to keep it",
                )
            )
    return notes


def summary(diff: Diff) -> str:
    """One line: how many claims and links change."""
    if diff.empty:
        return "No change: no claim and no contradiction link would be added, removed or changed."
    appear = "appears" if len(diff.links_added) == 1 else "appear"
    disappear = "disappears" if len(diff.links_removed) == 1 else "disappear"
    return (
        f"{_plural(len(diff.added), 'claim', 'claims')} added, {len(diff.removed)} removed, "
        f"{len(diff.changed)} changed; "
        f"{_plural(len(diff.links_added), 'contradiction link', 'contradiction links')} {appear}, "
        f"{len(diff.links_removed)} {disappear}."
    )
