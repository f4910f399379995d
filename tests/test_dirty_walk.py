"""A random walk of edits, renames and deletions: after every step, the
whole site that `mkdocs serve` (one plugin instance, rebuilt as `mkdocs
serve` rebuilds: the configuration loaded again, the instance kept), `mkdocs
serve --dirty` (another such instance) and `mkdocs build --dirty` (a new
plugin instance each time, as a new process has, with the cache of
``.cache/mkdocs-claims/``) leave equals a clean build of the same sources,
file by file.

The steps: a report's prose (every line below moves), a claim's words,
stance or date, claims and quotes added and removed, reports added, deleted,
renamed and retitled, speakers and propositions edited, added and removed,
proposition windows, the site's own pages retitled (with a ``# Q&A *now*``
heading), edited, added and deleted, and ``mkdocs.yml`` changes
(``use_directory_urls`` toggled, ``max_contradictions``, labels).

``mkdocs serve`` must equal the clean build in every file. ``sitemap.xml.gz``
is compared uncompressed (gzip's header names the file's own path), and
MkDocs' own theme prints the time of the build in every page, which is left
out. The two dirty builds may differ only where MkDocs itself leaves a dirty
build so: ``search/search_index.json`` (the search plugin indexes only the
pages it rebuilt) and the site's own pages (``docs/``) that MkDocs did not
rebuild, or left behind after they were deleted or moved. Every file the
plugin makes (reports, speakers, propositions, the indexes, the feeds,
``claims.json``, ``claims.db``) and every page MkDocs did rebuild,
``404.html`` included, must be byte-identical (``claims.db`` by its SQL
dump).

The walk is seeded and reproducible. CI takes 100 steps on a small
newsroom with MkDocs' own theme; ``MKDOCS_CLAIMS_WALK_STEPS=1000`` (as
``make bench`` runs it), ``MKDOCS_CLAIMS_WALK_SEED`` and
``MKDOCS_CLAIMS_WALK_THEME=material`` make a longer run (Material takes
about three times as long per build). Material's navigation, with the front
matter it shows, is tested in test_dirty.py.
"""

from __future__ import annotations

import gzip
import os
import random
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

URL = "http://127.0.0.1:8000/"
STEPS = int(os.environ.get("MKDOCS_CLAIMS_WALK_STEPS", "100"))
SEED = int(os.environ.get("MKDOCS_CLAIMS_WALK_SEED", "12"))

SPEAKER_IDS = ("mike-pompeo", "victor-cha", "kim-yo-jong", "wire", "officials")
PROPOSITION_IDS = ("talks-progress", "sanctions-stay", "summit-soon")
WORDS = ("talks", "progress", "summit", "sanctions", "envoy", "week", "border", "Q&A", "*now*")
DOCS_PAGES = ("index", "about", "extra")
# The files MkDocs may leave stale: the site's own pages, in either URL style.
SITE_PAGE_FILES = {
    name for page in DOCS_PAGES for name in (f"{page}.html", f"{page}/index.html", "index.html")
}
MAY_DIFFER = {"search/search_index.json"}
# MkDocs' own theme writes the time of the build into every page.
BUILD_DATE = re.compile(rb"Build Date UTC : [^\n]*")


@dataclass
class ClaimSpec:
    speaker: str
    stance: str
    proposition: str
    body: str
    date: str | None = None
    note: str | None = None


@dataclass
class ReportSpec:
    title: str
    date: str
    prose: int
    claims: list[ClaimSpec] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        out = [f'---\ntitle: "{self.title}"\ndate: {self.date}\noutlet: Wire\n---\n\n']
        out += [f"Paragraph {n} of prose, as written.\n\n" for n in range(self.prose)]
        for speaker in self.mentions:
            out.append(f"Also [someone](@{speaker}) spoke.\n\n")
        for claim in self.claims:
            out.append(f"/// claim | {claim.speaker} {claim.stance} {claim.proposition}\n")
            if claim.date:
                out.append(f"    date: {claim.date}\n")
            if claim.note:
                out.append(f'    note: "{claim.note}"\n')
            out.append(f"\n{claim.body}\n///\n\nMore prose.\n\n")
        for speaker, body in self.quotes:
            out.append(f"/// quote | {speaker}\n\n{body}\n///\n\n")
        return "".join(out)


@dataclass
class Newsroom:
    reports: dict[str, ReportSpec]
    speakers: dict[str, dict[str, Any]]
    propositions: dict[str, dict[str, Any]]
    docs: dict[str, str]
    options: dict[str, Any]
    directory_urls: bool = True

    def files(self) -> dict[str, str]:
        plugin = {"feeds": True, "export_sqlite": "claims.db", **self.options}
        config = {
            "site_name": "Walk newsroom",
            "site_url": URL,
            "use_directory_urls": self.directory_urls,
            "theme": {"name": os.environ.get("MKDOCS_CLAIMS_WALK_THEME", "mkdocs")},
            "markdown_extensions": ["admonition", "pymdownx.superfences"],
            "plugins": ["search", {"claims": plugin}],
        }
        found = {
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True),
            "content/speakers.yml": yaml.safe_dump(self.speakers, allow_unicode=True),
            "content/propositions.yml": yaml.safe_dump(self.propositions, allow_unicode=True),
        }
        found.update({f"docs/{name}.md": text for name, text in self.docs.items()})
        found.update({f"content/{key}.md": r.markdown() for key, r in self.reports.items()})
        return found


def words(rnd: random.Random, count: int = 6) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(count)).capitalize() + "."


def a_date(rnd: random.Random) -> str:
    return f"2018-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"


def a_claim(rnd: random.Random) -> ClaimSpec:
    return ClaimSpec(
        rnd.choice(SPEAKER_IDS),
        rnd.choice(("affirms", "denies")),
        rnd.choice(PROPOSITION_IDS),
        words(rnd),
        a_date(rnd) if rnd.random() < 0.3 else None,
        words(rnd, 3) if rnd.random() < 0.2 else None,
    )


def a_report(rnd: random.Random, number: int) -> ReportSpec:
    report = ReportSpec(f"Report {number}: {words(rnd, 3)}", a_date(rnd), rnd.randint(0, 2))
    report.claims = [a_claim(rnd) for _ in range(rnd.randint(1, 3))]
    report.quotes = [(rnd.choice(SPEAKER_IDS), words(rnd))] if rnd.random() < 0.5 else []
    report.mentions = [rnd.choice(SPEAKER_IDS)] if rnd.random() < 0.5 else []
    return report


def newsroom(rnd: random.Random) -> Newsroom:
    return Newsroom(
        reports={f"2018/r{n}": a_report(rnd, n) for n in range(5)},
        speakers={
            ident: {"name": ident.replace("-", " ").title(), "role": f"Role {n}"}
            for n, ident in enumerate(SPEAKER_IDS[:4])
        },
        propositions={ident: {"statement": f"{ident} holds."} for ident in PROPOSITION_IDS},
        docs={"index": "# Home\n\nThe newsroom.\n", "about": "# Q&A *now*\n\nAbout us.\n"},
        options={},
    )


def mutate(room: Newsroom, rnd: random.Random, step: int) -> str:
    """One writer's (or editor's) change; returns what it was."""
    kind = rnd.choice(
        [
            "prose", "body", "stance", "claim-add", "claim-remove", "quote", "report-add",
            "report-delete", "report-rename", "report-title", "speaker", "speaker-add",
            "speaker-remove", "proposition", "window", "docs-title", "docs-body",
            "docs-add", "docs-delete", "directory-urls", "max-contradictions", "label",
            "nothing",
        ]
    )  # fmt: skip
    keys = sorted(room.reports)
    report = room.reports[rnd.choice(keys)] if keys else None
    if kind == "prose" and report:
        report.prose = rnd.randint(0, 4)  # moves every line below
    elif kind == "body" and report and report.claims:
        rnd.choice(report.claims).body = words(rnd)
    elif kind == "stance" and report and report.claims:
        claim = rnd.choice(report.claims)
        claim.stance = "denies" if claim.stance == "affirms" else "affirms"
        claim.date = rnd.choice([None, a_date(rnd)])
    elif kind == "claim-add" and report:
        report.claims.append(a_claim(rnd))
    elif kind == "claim-remove" and report and len(report.claims) > 1:
        report.claims.pop(rnd.randrange(len(report.claims)))
    elif kind == "quote" and report:
        report.quotes = [(rnd.choice(SPEAKER_IDS), words(rnd))]
        report.mentions = [rnd.choice(SPEAKER_IDS)]
    elif kind == "report-add" or (kind.startswith("report") and not keys):
        room.reports[f"{rnd.choice(['2018', '2019'])}/n{step}"] = a_report(rnd, 100 + step)
    elif kind == "report-delete" and len(keys) > 1:
        del room.reports[rnd.choice(keys)]
    elif kind == "report-rename":
        old = rnd.choice(keys)
        room.reports[f"2019/moved{step}"] = room.reports.pop(old)
    elif kind == "report-title" and report:
        report.title = f"Retitled {step}: {words(rnd, 2)}"
        report.date = a_date(rnd)
    elif kind == "speaker":
        entry = room.speakers[rnd.choice(sorted(room.speakers))]
        entry["role"] = f"Role {step}"
        if rnd.random() < 0.3:
            entry["name"] = f"Name {step} & Co"
    elif kind == "speaker-add":
        missing = [s for s in SPEAKER_IDS if s not in room.speakers]
        if missing:
            room.speakers[missing[0]] = {"name": f"New {step}", "kind": "organization"}
    elif kind == "speaker-remove" and len(room.speakers) > 2:
        del room.speakers[rnd.choice(sorted(room.speakers))]
    elif kind == "proposition":
        room.propositions[rnd.choice(PROPOSITION_IDS)]["statement"] = f"Statement {step}."
    elif kind == "window":
        entry = room.propositions[rnd.choice(PROPOSITION_IDS)]
        entry["window"] = rnd.choice([0, 30, 200])
        if rnd.random() < 0.3:
            entry.pop("window")
    elif kind == "docs-title":
        room.docs["about"] = f"# Q&A *now* {step}\n\nAbout us.\n"
    elif kind == "docs-body":
        room.docs["index"] = f"# Home\n\nThe newsroom, edition {step}.\n"
    elif kind == "docs-add":
        room.docs["extra"] = f"# Extra & *more* {step}\n"
    elif kind == "docs-delete":
        room.docs.pop("extra", None)
    elif kind == "directory-urls":
        room.directory_urls = not room.directory_urls
    elif kind == "max-contradictions":
        room.options["max_contradictions"] = rnd.choice([1, 2, 5])
    elif kind == "label":
        room.options["labels"] = {"reports": rnd.choice(["Reports", "News", "Stories"])}
    return kind


def write_sources(root: Path, room: Newsroom, clock: list[float]) -> None:
    """Write what changed, each file newer than anything built before (MkDocs
    compares modification times, at the file system's coarse clock)."""
    wanted = room.files()
    for folder in ("content", "docs"):
        for path in sorted((root / folder).rglob("*.md")) if (root / folder).exists() else []:
            if path.relative_to(root).as_posix() not in wanted:
                path.unlink()
    for name, text in wanted.items():
        path = root / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        clock[0] = max(clock[0] + 2, time.time() + 2)
        os.utime(path, (clock[0], clock[0]))


def plugins_kept() -> dict[str, Any]:
    """MkDocs' cache of plugin instances (those with on_startup live on)."""
    cache: dict[str, Any] = MkDocsConfig.plugins.plugin_cache
    return cache


def build_into(root: Path, site: Path, *, dirty: bool, serve: bool = False) -> None:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    if serve:
        config.site_url = URL
        build(config, serve_url=URL, dirty=dirty)
    else:
        config.plugins.on_startup(command="build", dirty=dirty)
        build(config, dirty=dirty)


def fresh_build(root: Path, site: Path, *, dirty: bool) -> None:
    """A build with a new plugin instance, as in a new process."""
    cache = plugins_kept()
    kept = cache.pop("claims", None)
    try:
        build_into(root, site, dirty=dirty)
    finally:
        cache.pop("claims", None)
        if kept is not None:
            cache["claims"] = kept


def contents(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return BUILD_DATE.sub(b"", data)


def snapshot(site: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(site).as_posix(): (p.stat().st_mtime_ns, contents(p))
        for p in site.rglob("*")
        if p.is_file()
    }


def database(path: Path) -> list[object]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def differences(
    dirty: dict[str, tuple[int, bytes]],
    before: dict[str, tuple[int, bytes]],
    clean: dict[str, tuple[int, bytes]],
    site: Path,
    clean_site: Path,
) -> list[str]:
    """What a dirty build leaves different from a clean one, beyond what
    MkDocs itself leaves so."""
    found = []
    for name in sorted(clean.keys() | dirty.keys()):
        if name in MAY_DIFFER:
            continue
        rebuilt = name in dirty and before.get(name, (None,))[0] != dirty[name][0]
        if name not in dirty:
            found.append(f"missing: {name}")
        elif name not in clean:
            if name not in SITE_PAGE_FILES:
                found.append(f"left behind: {name}")
        elif dirty[name][1] != clean[name][1]:
            if name in SITE_PAGE_FILES and not rebuilt:
                continue  # MkDocs did not rebuild the site's own page
            if name.endswith(".db") and database(site / name) == database(clean_site / name):
                continue
            found.append(f"differs: {name}")
    return found


def ours(name: str) -> bool:
    """A page, feed or export of the newsroom (its two assets are generated
    files, which MkDocs writes at every build)."""
    return name.startswith(("reports/", "speakers/", "propositions/", "claims."))


def serve_instance(project: Path, site: Path, *, dirty: bool) -> Any:
    """Start `mkdocs serve` (with or without --dirty): the first build, and the
    plugin instance MkDocs keeps for the rebuilds."""
    cache = plugins_kept()
    cache.pop("claims", None)
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=dirty)
    config.site_url = URL
    build(config, serve_url=URL, dirty=dirty)
    return cache.pop("claims")


def serve_rebuild(project: Path, site: Path, instance: Any, *, dirty: bool) -> None:
    """A rebuild of `mkdocs serve` with its own plugin instance."""
    cache = plugins_kept()
    cache["claims"] = instance
    try:
        build_into(project, site, dirty=dirty, serve=True)
        assert cache.get("claims") is instance
    finally:
        cache.pop("claims", None)


def test_random_walk_of_edits_equals_a_clean_build(tmp_path: Path):
    rnd = random.Random(SEED)
    room = newsroom(rnd)
    project, reference = tmp_path / "project", tmp_path / "reference"
    served, built, clean = tmp_path / "served", tmp_path / "built", tmp_path / "clean"
    live = tmp_path / "live"
    clock = [time.time()]
    write_sources(project, room, clock)
    kept = plugins_kept().pop("claims", None)
    try:
        server = serve_instance(project, served, dirty=True)
        live_server = serve_instance(project, live, dirty=False)
        fresh_build(project, built, dirty=False)
        for step in range(STEPS):
            kind = mutate(room, rnd, step)
            write_sources(project, room, clock)
            shutil.rmtree(reference, ignore_errors=True)
            shutil.copytree(project, reference, ignore=shutil.ignore_patterns(".cache"))
            before_served, before_built = snapshot(served), snapshot(built)
            serve_rebuild(project, served, server, dirty=True)
            serve_rebuild(project, live, live_server, dirty=False)
            fresh_build(project, built, dirty=True)
            shutil.rmtree(clean, ignore_errors=True)
            fresh_build(reference, clean, dirty=False)
            expected = snapshot(clean)
            live_now = snapshot(live)
            unequal = sorted(
                name
                for name in expected.keys() | live_now.keys()
                if expected.get(name, (0, None))[1] != live_now.get(name, (0, None))[1]
            )
            assert not unequal, f"step {step} ({kind}), serve: {unequal}"
            for name, site, before in (
                ("serve --dirty", served, before_served),
                ("build --dirty", built, before_built),
            ):
                after = snapshot(site)
                problems = differences(after, before, expected, site, clean)
                assert not problems, f"step {step} ({kind}), {name}: {problems}"
                if kind == "nothing":
                    rewritten = [n for n in after if ours(n) and after[n][0] != before[n][0]]
                    assert not rewritten, f"step {step}, {name}: rewrote {rewritten}"
    finally:
        plugins_kept().pop("claims", None)
        if kept is not None:
            plugins_kept()["claims"] = kept
