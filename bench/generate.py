"""A deterministic synthetic newsroom and its hand-written twin.

``generate(root, reports=N)`` writes two MkDocs projects under ``root``:

``plugin/``
    ``content/`` with N annotated reports (about six claims each, a few quotes
    and mentions), ``speakers.yml`` (300 speakers) and ``propositions.yml``
    (N/10 propositions, three of them "hot" with many claims), built by the
    ``claims`` plugin.
``twin/``
    What a newsroom would write by hand without the plugin: the same reports
    with each claim as a plain Material admonition carrying the same links
    (speaker, proposition, contradicting claims, "and N more"), plus static
    Markdown speaker, proposition and index pages with the same links.
``lean/``
    The lean twin of issue 12 (``generate_lean``): the same report pages
    (claims as admonitions with the same see-also links), but speaker and
    proposition pages with one line per claim and no claim text (no quotes,
    no mentions, no grouping), and the indexes as plain lists.

Both use Material with the same Markdown extensions and the search plugin, so
the difference between their builds is what the plugin costs. The same
arguments always give the same files.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SPEAKERS = 300
CLAIMS_PER_REPORT = 6
QUOTES_PER_REPORT = 2
MAX_CONTRADICTIONS = 5  # the plugin's default
NAV_REPORTS = 10  # the plugin's default
HOT = 3
OUTLETS = ("Wire Service", "The Daily Record", "Evening Post", "Radio Free News", "Yonhap")
KINDS = ("person", "person", "person", "outlet", "organization", "anonymous")
WORDS = tuple(
    [
        "talks",
        "progress",
        "summit",
        "sanctions",
        "officials",
        "nuclear",
        "weapons",
        "missile",
        "agreement",
        "delegation",
        "envoy",
        "week",
        "statement",
        "negotiations",
        "border",
        "pressure",
        "review",
        "meeting",
        "denuclearization",
        "process",
        "verification",
        "timeline",
        "economic",
        "relief",
        "families",
    ]
)

MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - toc:
      permalink: true
  - pymdownx.superfences
  - pymdownx.details
"""


@dataclass(frozen=True)
class Claim:
    report: int
    id: str
    speaker: int
    stance: str
    proposition: int
    date: str
    text: str
    note: str


@dataclass
class Report:
    number: int
    year: int
    date: str
    title: str
    outlet: str
    claims: list[Claim] = field(default_factory=list)
    quotes: list[tuple[int, str]] = field(default_factory=list)
    mentions: list[int] = field(default_factory=list)

    @property
    def path(self) -> str:
        """Path below ``content/`` (plugin) or ``docs/reports/`` (twin), without ``.md``."""
        return f"{self.year}/r{self.number:05d}"


@dataclass
class Newsroom:
    reports: list[Report]
    propositions: int

    def claims(self) -> list[Claim]:
        return [claim for report in self.reports for claim in report.claims]


def sentence(rnd: random.Random, words: int) -> str:
    text = " ".join(rnd.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_newsroom(reports: int, hot_claims: int = 0, seed: int = 1) -> Newsroom:
    """The newsroom's data; ``hot_claims`` puts that many claims on proposition 0."""
    rnd = random.Random(seed)
    propositions = max(HOT + 1, reports // 10)
    total = reports * CLAIMS_PER_REPORT
    hot_every = total // hot_claims if hot_claims else 0
    rooms: list[Report] = []
    serial = 0
    for number in range(reports):
        year = 2010 + number * 16 // max(reports, 1)
        date = f"{year}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        report = Report(number, year, date, f"Report {number}: {sentence(rnd, 5)}", "")
        report.outlet = OUTLETS[number % len(OUTLETS)]
        for k in range(CLAIMS_PER_REPORT):
            if hot_every and serial % hot_every == 0 and serial // hot_every < hot_claims:
                proposition = 0
            elif hot_claims:
                proposition = rnd.randrange(1, propositions)
            elif rnd.random() < 0.3:
                proposition = rnd.randrange(HOT)
            else:
                proposition = rnd.randrange(propositions)
            serial += 1
            note = sentence(rnd, 4) if rnd.random() < 0.2 else ""
            report.claims.append(
                Claim(
                    number,
                    f"c{k}",
                    rnd.randrange(SPEAKERS),
                    rnd.choice(("affirms", "denies")),
                    proposition,
                    date,
                    sentence(rnd, 30),
                    note,
                )
            )
        report.quotes = [(rnd.randrange(SPEAKERS), sentence(rnd, 15)) for _ in range(2)]
        report.mentions = [rnd.randrange(SPEAKERS) for _ in range(2)]
        rooms.append(report)
    return Newsroom(rooms, propositions)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def speaker_id(number: int) -> str:
    return f"speaker-{number:03d}"


def speaker_name(number: int) -> str:
    return f"Speaker {number:03d}"


def proposition_id(number: int) -> str:
    return f"proposition-{number:04d}"


def statement(number: int) -> str:
    return f"Proposition {number} holds."


# --- the plugin's project -------------------------------------------------


def write_plugin_site(root: Path, room: Newsroom) -> None:
    write(
        root / "mkdocs.yml",
        "site_name: Synthetic newsroom (plugin)\ntheme:\n  name: material\n"
        + MARKDOWN_EXTENSIONS
        + "plugins:\n  - search\n  - claims\n",
    )
    write(root / "docs" / "index.md", "# Synthetic newsroom\n\nBenchmark site.\n")
    speakers = []
    for n in range(SPEAKERS):
        kind = KINDS[n % len(KINDS)]
        speakers.append(f"{speaker_id(n)}:\n  name: {speaker_name(n)}\n  kind: {kind}\n")
        speakers.append(f"  role: Role {n % 17}\n")
    write(root / "content" / "speakers.yml", "".join(speakers))
    write(
        root / "content" / "propositions.yml",
        "".join(
            f"{proposition_id(p)}:\n  statement: {statement(p)}\n" for p in range(room.propositions)
        ),
    )
    for report in room.reports:
        write(root / "content" / f"{report.path}.md", plugin_report(report))


def plugin_report(report: Report) -> str:
    out = [
        "---\n",
        f'title: "{report.title}"\n',
        f"date: {report.date}\n",
        f"outlet: {report.outlet}\n",
        "author: Staff Writer\n",
        f"source: https://example.org/news/{report.number}\n",
        "---\n\n",
        f"By [{speaker_name(report.mentions[0])}](@{speaker_id(report.mentions[0])}) and ",
        f"[{speaker_name(report.mentions[1])}](@{speaker_id(report.mentions[1])}).\n\n",
    ]
    for k, claim in enumerate(report.claims):
        out.append(
            f"/// claim | {speaker_id(claim.speaker)} {claim.stance} "
            f"{proposition_id(claim.proposition)}\n    id: {claim.id}\n"
        )
        if claim.note:
            out.append(f"    note: {claim.note}\n")
        out.append(f"\n{claim.text}\n///\n\n")
        out.append("Prose between the claims, as a reporter writes it, with a few words.\n\n")
        if k < len(report.quotes):
            who, text = report.quotes[k]
            out.append(f"/// quote | {speaker_id(who)}\n{text}\n///\n\n")
    return "".join(out)


# --- the hand-written twin ------------------------------------------------


class Twin:
    """Static pages with the links the plugin would generate, written as Markdown."""

    def __init__(self, room: Newsroom) -> None:
        self.room = room
        self.by_report = {r.number: r for r in room.reports}
        sides: dict[tuple[int, str], list[Claim]] = defaultdict(list)
        for claim in room.claims():
            sides[claim.proposition, claim.stance].append(claim)
        for claims in sides.values():
            claims.sort(key=lambda c: (c.date, c.report, c.id), reverse=True)
        self.sides = sides

    def contradictions(self, claim: Claim) -> tuple[list[Claim], int, list[Claim]]:
        """Shown contradicting claims, how many more, and same-report disputes."""
        opposite = "denies" if claim.stance == "affirms" else "affirms"
        others = self.sides[claim.proposition, opposite]
        shown: list[Claim] = []
        disputes = [c for c in others if c.report == claim.report]
        total = len(others) - len(disputes)
        for other in others:
            if len(shown) == MAX_CONTRADICTIONS:
                break
            if other.report != claim.report:
                shown.append(other)
        return shown, total - len(shown), disputes

    def report(self, report: Report) -> str:
        up = "../../"
        out = [
            f"# {report.title}\n\n",
            f"**Outlet:** {report.outlet} · **Date:** {report.date} · **Author:** Staff Writer"
            f" · **Source:** <https://example.org/news/{report.number}>\n\n",
        ]
        speakers = sorted({c.speaker for c in report.claims} | {q for q, _ in report.quotes})
        links = ", ".join(f"[{speaker_name(s)}]({up}speakers/{speaker_id(s)}.md)" for s in speakers)
        out.append(f"**Speakers in this report:** {links}\n\n")
        first, second = report.mentions
        out.append(
            f"By [{speaker_name(first)}]({up}speakers/{speaker_id(first)}.md) and "
            f"[{speaker_name(second)}]({up}speakers/{speaker_id(second)}.md).\n\n"
        )
        for k, claim in enumerate(report.claims):
            title = (
                f"[{speaker_name(claim.speaker)}]({up}speakers/{speaker_id(claim.speaker)}.md), "
                f"Role {claim.speaker % 17}, {claim.stance} "
                f"[{statement(claim.proposition)}]({up}propositions/"
                f"{proposition_id(claim.proposition)}.md) {claim.date}"
            )
            out.append(f'<a id="claim-{claim.id}"></a>\n\n!!! quote "{title}"\n\n')
            out.append(f"    {claim.text}\n\n")
            if claim.note:
                out.append(f"    *{claim.note}*\n\n")
            shown, more, disputes = self.contradictions(claim)
            if shown or more:
                out.append("    **See also: contradicting reports**\n\n")
                for other in shown:
                    out.append(f"    - {self.claim_link(other, report)}\n")
                if more:
                    out.append(
                        f"\n    [and {more} more]({up}propositions/"
                        f"{proposition_id(claim.proposition)}.md)\n"
                    )
                out.append("\n")
            if disputes:
                out.append("    **Disputed in this report by**\n\n")
                for other in disputes:
                    out.append(
                        f"    - [{speaker_name(other.speaker)} {other.stance}](#claim-{other.id})\n"
                    )
                out.append("\n")
            out.append("Prose between the claims, as a reporter writes it, with a few words.\n\n")
            if k < len(report.quotes):
                who, text = report.quotes[k]
                out.append(
                    f"> {text}\n>\n> — [{speaker_name(who)}]({up}speakers/{speaker_id(who)}.md)\n\n"
                )
        return "".join(out)

    def claim_link(self, other: Claim, here: Report | None) -> str:
        target = self.by_report[other.report]
        if here is None:
            href = f"../reports/{target.path}.md#claim-{other.id}"
        else:
            href = f"../../reports/{target.path}.md#claim-{other.id}"
        note = f" ({other.note})" if other.note else ""
        return (
            f"[{speaker_name(other.speaker)} {other.stance} — *{target.title}*]({href}), "
            f"{target.outlet}, {other.date}{note}"
        )

    def speaker_pages(self) -> dict[str, str]:
        claims: dict[int, list[Claim]] = defaultdict(list)
        quotes: dict[int, list[tuple[Report, str]]] = defaultdict(list)
        mentions: dict[int, set[int]] = defaultdict(set)
        for report in self.room.reports:
            for claim in report.claims:
                claims[claim.speaker].append(claim)
            for who, text in report.quotes:
                quotes[who].append((report, text))
            for who in report.mentions:
                mentions[who].add(report.number)
        pages = {}
        rows = []
        for s in range(SPEAKERS):
            out = [
                f"# {speaker_name(s)}\n\n",
                f"Role {s % 17} · {KINDS[s % len(KINDS)]}\n\n## Claims\n\n",
            ]
            grouped: dict[int, list[Claim]] = defaultdict(list)
            for claim in claims[s]:
                grouped[claim.proposition].append(claim)
            for p in sorted(grouped):
                stances = {c.stance for c in grouped[p]}
                flag = " — **changed position**" if len(stances) > 1 else ""
                link = f"[{statement(p)}](../propositions/{proposition_id(p)}.md)"
                out.append(f"### {link}{flag}\n\n")
                for claim in sorted(grouped[p], key=lambda c: c.date):
                    out.append(f"- {claim.stance}, {self.claim_link(claim, None)}\n")
                out.append("\n")
            if quotes[s]:
                out.append("## Quotes\n\n")
                for report, text in quotes[s]:
                    link = f"[{report.title}](../reports/{report.path}.md)"
                    out.append(f"> {text}\n>\n> — {link}\n\n")
            if mentions[s]:
                out.append("## Mentioned in\n\n")
                for n in sorted(mentions[s]):
                    r = self.by_report[n]
                    out.append(f"- [{r.title}](../reports/{r.path}.md)\n")
            pages[f"speakers/{speaker_id(s)}.md"] = "".join(out)
            rows.append(
                f"| [{speaker_name(s)}]({speaker_id(s)}.md) | {len(claims[s])} | "
                f"{len(quotes[s])} | {len(mentions[s])} |\n"
            )
        pages["speakers/index.md"] = (
            "# Speakers\n\n| Speaker | Claims | Quotes | Reports |\n|---|---|---|---|\n"
            + "".join(rows)
        )
        return pages

    def proposition_pages(self) -> dict[str, str]:
        pages = {}
        rows = []
        for p in range(self.room.propositions):
            out = [f"# {statement(p)}\n\n"]
            counts = []
            for stance, heading in (("affirms", "Affirming"), ("denies", "Denying")):
                side = sorted(self.sides[p, stance], key=lambda c: (c.date, c.report, c.id))
                counts.append(len(side))
                out.append(f"## {heading} ({len(side)})\n\n")
                for claim in side:
                    s_id = speaker_id(claim.speaker)
                    who = f"[{speaker_name(claim.speaker)}](../speakers/{s_id}.md)"
                    out.append(f"1. {claim.date} · {who} — {self.claim_link(claim, None)}\n")
                out.append("\n")
            pages[f"propositions/{proposition_id(p)}.md"] = "".join(out)
            rows.append(
                f"| [{statement(p)}]({proposition_id(p)}.md) | {counts[0]} | {counts[1]} |\n"
            )
        pages["propositions/index.md"] = (
            "# Propositions\n\n| Proposition | For | Against |\n|---|---|---|\n" + "".join(rows)
        )
        return pages

    def reports_index(self) -> str:
        newest = sorted(self.room.reports, key=lambda r: (r.date, r.number), reverse=True)
        rows = "".join(
            f"| [{r.title}]({r.path}.md) | {r.outlet} | {r.date} | {len(r.claims)} |\n"
            for r in newest
        )
        return "# Reports\n\n| Report | Outlet | Date | Claims |\n|---|---|---|---|\n" + rows

    def newest(self) -> list[Report]:
        return self.newest_all()[:NAV_REPORTS]

    def newest_all(self) -> list[Report]:
        return sorted(self.room.reports, key=lambda r: (r.date, r.number), reverse=True)


def write_twin_site(root: Path, room: Newsroom) -> None:
    twin = Twin(room)
    nav_reports = "".join(f"      - reports/{r.path}.md\n" for r in twin.newest())
    write(
        root / "mkdocs.yml",
        "site_name: Synthetic newsroom (twin)\ntheme:\n  name: material\n"
        + MARKDOWN_EXTENSIONS
        + "plugins:\n  - search\n"
        + "not_in_nav: |\n  /reports/\n  /speakers/\n  /propositions/\n"
        + "nav:\n  - index.md\n  - Reports:\n      - reports/index.md\n"
        + nav_reports
        + "  - Speakers: speakers/index.md\n  - Propositions: propositions/index.md\n",
    )
    docs = root / "docs"
    write(docs / "index.md", "# Synthetic newsroom\n\nBenchmark site.\n")
    write(docs / "reports" / "index.md", twin.reports_index())
    for report in room.reports:
        write(docs / "reports" / f"{report.path}.md", twin.report(report))
    for name, text in {**twin.speaker_pages(), **twin.proposition_pages()}.items():
        write(docs / name, text)


def write_lean_site(root: Path, room: Newsroom) -> None:
    """The lean twin: the twin's report pages; one line per claim elsewhere."""
    twin = Twin(room)
    nav_reports = "".join(f"      - reports/{r.path}.md\n" for r in twin.newest())
    write(
        root / "mkdocs.yml",
        "site_name: Synthetic newsroom (lean twin)\ntheme:\n  name: material\n"
        + MARKDOWN_EXTENSIONS
        + "plugins:\n  - search\n"
        + "not_in_nav: |\n  /reports/\n  /speakers/\n  /propositions/\n"
        + "nav:\n  - index.md\n  - Reports:\n      - reports/index.md\n"
        + nav_reports
        + "  - Speakers: speakers/index.md\n  - Propositions: propositions/index.md\n",
    )
    docs = root / "docs"
    write(docs / "index.md", "# Synthetic newsroom\n\nBenchmark site.\n")
    write(
        docs / "reports" / "index.md",
        "# Reports\n\n" + "".join(f"- [{r.title}]({r.path}.md)\n" for r in twin.newest_all()),
    )
    for report in room.reports:
        write(docs / "reports" / f"{report.path}.md", twin.report(report))
    by_speaker: dict[int, list[Claim]] = defaultdict(list)
    by_proposition: dict[int, list[Claim]] = defaultdict(list)
    for claim in room.claims():
        by_speaker[claim.speaker].append(claim)
        by_proposition[claim.proposition].append(claim)

    def line(claim: Claim) -> str:
        target = twin.by_report[claim.report]
        return f"- [{claim.stance}: {target.title}](../reports/{target.path}.md#claim-{claim.id})\n"

    for s in range(SPEAKERS):
        lines = "".join(line(c) for c in by_speaker[s])
        write(docs / "speakers" / f"{speaker_id(s)}.md", f"# {speaker_name(s)}\n\n{lines}")
    write(
        docs / "speakers" / "index.md",
        "# Speakers\n\n"
        + "".join(f"- [{speaker_name(s)}]({speaker_id(s)}.md)\n" for s in range(SPEAKERS)),
    )
    for p in range(room.propositions):
        lines = "".join(line(c) for c in by_proposition[p])
        write(docs / "propositions" / f"{proposition_id(p)}.md", f"# {statement(p)}\n\n{lines}")
    write(
        docs / "propositions" / "index.md",
        "# Propositions\n\n"
        + "".join(
            f"- [{statement(p)}]({proposition_id(p)}.md)\n" for p in range(room.propositions)
        ),
    )


def generate(
    root: Path, reports: int, hot_claims: int = 0, twins: bool = True
) -> tuple[Path, Path]:
    """Write the projects under ``root`` (without ``twins``, only the
    plugin's); return the plugin's and the twin's directories."""
    room = make_newsroom(reports, hot_claims)
    write_plugin_site(root / "plugin", room)
    if twins:
        write_twin_site(root / "twin", room)
        write_lean_site(root / "lean", room)
    return root / "plugin", root / "twin"


def generate_lean(root: Path, reports: int, hot_claims: int = 0) -> Path:
    """Write (only) the lean twin under ``root``; return its directory."""
    write_lean_site(root / "lean", make_newsroom(reports, hot_claims))
    return root / "lean"


def edit_report(site: Path, twin: bool, number: int = 0) -> Path:
    """Change one claim's text of report ``number``, as a writer saving a fix."""
    base = site / ("docs/reports" if twin else "content")
    path = next(base.glob(f"*/r{number:05d}.md"))
    text = path.read_text(encoding="utf-8")
    marker = "Prose between the claims"
    stamp = f"Edited {text.count('Edited ') + 1}. "
    path.write_text(text.replace(marker, stamp + marker, 1), encoding="utf-8")
    return path


# --- pathological inputs (issue 9) -------------------------------------------

PATHOLOGICAL_SPEAKERS = 50
PATHOLOGICAL_PROPOSITIONS = 20


def claims_report(claims: int) -> str:
    """One report of ``claims`` claims: 50 speakers, 20 propositions, stances
    alternating, so that every callout has opposite claims in its own report."""
    out = ["---\ntitle: Ten thousand claims\ndate: 2020-01-01\noutlet: Wire\n---\n\n"]
    for k in range(claims):
        stance = "affirms" if k % 2 == 0 else "denies"
        out.append(
            f"/// claim | s{k % PATHOLOGICAL_SPEAKERS} {stance} p{k % PATHOLOGICAL_PROPOSITIONS}\n"
            f"    id: c{k}\n\nClaim number {k}, the speaker said on the record.\n///\n\n"
        )
    return "".join(out)


def fences_report(lines: int) -> str:
    """A report of ``lines`` lines '~~~x': fences that never close (146 KB)."""
    return "---\ntitle: Fences\ndate: 2020-01-01\n---\n\n" + "~~~x\n" * lines


def admonitions_twin(text: str) -> str:
    """The claims of :func:`claims_report` as what a site without the plugin
    would write: pymdownx.blocks.admonition notes with the claim's anchor."""
    out = []
    for line in text.split("\n"):
        if line.startswith("/// claim | "):
            out.append("/// note | " + line[len("/// claim | ") :])
        elif line.startswith("    id: "):
            out.append("    attrs: {id: claim-" + line[len("    id: ") :] + "}")
        else:
            out.append(line)
    return "\n".join(out)


def write_pathological(root: Path, claims: int = 10_000, lines: int = 30_000) -> dict[str, Path]:
    """The projects of the pathological figure under ``root``: the same text
    built by the plugin (``<case>-plugin``), by plain MkDocs as a page of
    the site (``<case>-plain``) and, for the claims, as Blocks admonitions
    (``claims-twin``). Returns project directories by name."""
    head = "theme:\n  name: material\n" + MARKDOWN_EXTENSIONS
    texts = {"claims": claims_report(claims), "fences": fences_report(lines)}
    projects: dict[str, Path] = {}
    for case, text in texts.items():
        plugin = root / f"{case}-plugin"
        write(plugin / "mkdocs.yml", f"site_name: {case}\n{head}plugins:\n  - search\n  - claims\n")
        write(plugin / "docs" / "index.md", "# Home\n")
        write(
            plugin / "content" / "speakers.yml",
            "".join(f"s{n}:\n  name: Speaker {n}\n" for n in range(PATHOLOGICAL_SPEAKERS)),
        )
        write(
            plugin / "content" / "propositions.yml",
            "".join(
                f"p{n}:\n  statement: Statement {n}.\n" for n in range(PATHOLOGICAL_PROPOSITIONS)
            ),
        )
        write(plugin / "content" / f"{case}.md", text)
        plain = root / f"{case}-plain"
        write(plain / "mkdocs.yml", f"site_name: {case}\n{head}plugins:\n  - search\n")
        write(plain / "docs" / "index.md", "# Home\n")
        write(plain / "docs" / f"{case}.md", text)
        projects[f"{case}-plugin"] = plugin
        projects[f"{case}-plain"] = plain
    twin = root / "claims-twin"
    write(
        twin / "mkdocs.yml",
        f"site_name: claims\n{head}  - pymdownx.blocks.admonition\nplugins:\n  - search\n",
    )
    write(twin / "docs" / "index.md", "# Home\n")
    write(twin / "docs" / "claims.md", admonitions_twin(texts["claims"]))
    projects["claims-twin"] = twin
    return projects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--hot-claims", type=int, default=0)
    args = parser.parse_args()
    plugin, twin = generate(args.root, args.reports, args.hot_claims)
    print(plugin, twin)


if __name__ == "__main__":
    main()
