"""Build the synthetic newsroom with the plugin and its hand-written twin; print the ratios.

    .venv/bin/python bench/run.py                  # every figure of bench/README.md
    .venv/bin/python bench/run.py full --reports 1000 --runs 5
    .venv/bin/python bench/run.py hot --hot-claims 2000
    .venv/bin/python bench/run.py serve --reports 1000
    .venv/bin/python bench/run.py dirty --reports 5000
    .venv/bin/python bench/run.py serve-dirty --reports 5000
    .venv/bin/python bench/run.py memory --reports 1000 5000   # plugin vs the lean twin
    .venv/bin/python bench/run.py retained --reports 200 1000  # tracemalloc at on_post_build
    .venv/bin/python bench/run.py scale --reports 1000 20000   # time and memory per report
    .venv/bin/python bench/run.py walk --steps 1000            # the --dirty random walk, longer
    .venv/bin/python bench/run.py profile --reports 1000
    .venv/bin/python bench/run.py suggest --reports 1000 5000
    .venv/bin/python bench/run.py pathological --runs 3
    .venv/bin/python bench/run.py seeds [--seeds DIR]   # suggest on the seed reports

Every build is a separate ``mkdocs build`` process (Material theme, search
plugin), plugin and twin alternating, so that both meet the same machine
state; wall time is measured around the process and peak memory is its
``ru_maxrss`` (``os.wait4``). Medians over the runs are printed with the
ratio plugin/twin. Timings live here, never in the tests.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import edit_report, generate, generate_lean, write_pathological

OUT = Path(__file__).resolve().parent / "out"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def prepare(reports: int, hot_claims: int = 0, twins: bool = True) -> tuple[Path, Path]:
    """Generate (once) the newsroom of this size; return (plugin, twin) project dirs.
    Without ``twins``, only the plugin's project is written (N = 20,000)."""
    root = OUT / (f"n{reports}" + (f"-hot{hot_claims}" if hot_claims else ""))
    stamp = root / ".generated"
    if not stamp.exists() or (twins and not (root / "twin").is_dir()):
        shutil.rmtree(root, ignore_errors=True)
        generate(root, reports, hot_claims, twins)
        stamp.write_text("ok\n")
    if twins and not (root / "lean" / "mkdocs.yml").exists():
        generate_lean(root, reports, hot_claims)
    return root / "plugin", root / "twin"


def lean_twin(reports: int) -> Path:
    """The lean twin's project directory (see generate.write_lean_site)."""
    plugin, _ = prepare(reports)
    return plugin.parent / "lean"


def mkdocs_build(project: Path, site: Path, *extra: str) -> Run:
    """One ``mkdocs build`` in its own process: wall time and peak resident memory."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(site)]
    start = time.perf_counter()
    process = subprocess.Popen([*command, *extra], cwd=project, env=ENV)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"mkdocs build failed in {project} ({process.returncode})")
    return Run(seconds, usage.ru_maxrss / 1024)


def median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs), statistics.median(r.peak_mb for r in runs)
    )


def show(title: str, plugin: list[Run], twin: list[Run]) -> tuple[Run, Run]:
    p, t = median(plugin), median(twin)
    print(f"\n## {title}  ({len(plugin)} runs each, medians)")
    print(f"  plugin  {p.seconds:8.2f} s  {p.peak_mb:8.0f} MB")
    print(f"  twin    {t.seconds:8.2f} s  {t.peak_mb:8.0f} MB")
    print(f"  ratio   {p.seconds / t.seconds:8.3f}    {p.peak_mb / t.peak_mb:8.3f}")
    print("  all runs (s):", " ".join(f"{r.seconds:.2f}" for r in plugin), "|",
          " ".join(f"{r.seconds:.2f}" for r in twin))  # fmt: skip
    sys.stdout.flush()
    return p, t


def full(reports: int, runs: int, hot_claims: int = 0) -> tuple[Run, Run]:
    """Clean builds, alternating plugin and twin, after one untimed warm-up each."""
    plugin, twin = prepare(reports, hot_claims)
    with tempfile.TemporaryDirectory() as tmp:
        # The warm-up is strict: the benchmark must measure a newsroom without mistakes.
        mkdocs_build(plugin, Path(tmp, "p"), "--strict")
        mkdocs_build(twin, Path(tmp, "t"))
        results: tuple[list[Run], list[Run]] = ([], [])
        for i in range(runs):
            order = ((plugin, 0), (twin, 1)) if i % 2 == 0 else ((twin, 1), (plugin, 0))
            for project, side in order:
                results[side].append(mkdocs_build(project, Path(tmp, f"{side}-{i}")))
    title = f"full build, N = {reports}"
    if hot_claims:
        title += f", {hot_claims} claims on one proposition"
    return show(title, *results)


def dirty(reports: int, runs: int) -> None:
    """``mkdocs build --dirty`` after editing one report, against a full build."""
    plugin, twin = prepare(reports)
    with tempfile.TemporaryDirectory() as tmp:
        sites = {plugin: Path(tmp, "plugin"), twin: Path(tmp, "twin")}
        clean: dict[Path, list[Run]] = {plugin: [], twin: []}
        dirty_runs: dict[Path, list[Run]] = {plugin: [], twin: []}
        for project, site in sites.items():
            clean[project].append(mkdocs_build(project, site))
        for i in range(runs):
            for project in (plugin, twin) if i % 2 == 0 else (twin, plugin):
                edit_report(project, twin=project == twin, number=i)
                dirty_runs[project].append(mkdocs_build(project, sites[project], "--dirty"))
        for i in range(1, min(runs, 3)):
            for project in (plugin, twin):
                clean[project].append(mkdocs_build(project, Path(tmp, f"clean-{i}")))
    for project, name in ((plugin, "plugin"), (twin, "twin (plain MkDocs)")):
        c, d = median(clean[project]), median(dirty_runs[project])
        print(f"\n## --dirty after editing one report, N = {reports}: {name}")
        print(f"  full build {c.seconds:8.2f} s ({len(clean[project])} runs)")
        print(f"  --dirty    {d.seconds:8.2f} s ({len(dirty_runs[project])} runs)")
        print(f"  speed-up   {c.seconds / d.seconds:8.1f}x")
    sys.stdout.flush()


SERVE_CHILD = """
import json, sys, time
sys.path.insert(0, {bench!r})
from generate import edit_report
from mkdocs.commands.build import build
from mkdocs.config import load_config

# What `mkdocs serve` does: one config load and on_startup, then per change a
# fresh config (the plugin instance is kept) and a build with the serve URL.
url = "http://127.0.0.1:8000/"
def config():
    c = load_config("mkdocs.yml", site_dir={site!r})
    c.site_url = url
    return c
first = config()
first.plugins.on_startup(command="serve", dirty={dirty})
build(first, serve_url=url, dirty={dirty})
times = []
for i in range({edits}):
    edit_report(__import__("pathlib").Path("."), twin={twin}, number=i)
    start = time.perf_counter()
    build(config(), serve_url=url, dirty={dirty})
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def serve(reports: int, runs: int, dirty: bool = False) -> None:
    """Rebuild time after editing one report, in one process as ``mkdocs serve`` does."""
    plugin, twin = prepare(reports)
    times: dict[str, list[float]] = {"plugin": [], "twin": []}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(2):
            for name, project in (("plugin", plugin), ("twin", twin))[:: 1 if round_ == 0 else -1]:
                code = SERVE_CHILD.format(
                    bench=str(Path(__file__).resolve().parent),
                    site=str(Path(tmp, f"{name}-{round_}")),
                    dirty=dirty,
                    edits=(runs + 1) // 2,
                    twin=name == "twin",
                )
                done = subprocess.run(
                    [sys.executable, "-c", code], cwd=project, env=ENV, check=True,
                    capture_output=True, text=True,
                )  # fmt: skip
                times[name].extend(json.loads(done.stdout.splitlines()[-1]))
    p, t = statistics.median(times["plugin"]), statistics.median(times["twin"])
    mode = "serve --dirty" if dirty else "serve"
    print(f"\n## {mode}: rebuild after editing one report, N = {reports}, medians")
    print(f"  plugin  {p:8.2f} s   ({' '.join(f'{x:.2f}' for x in times['plugin'])})")
    print(f"  twin    {t:8.2f} s   ({' '.join(f'{x:.2f}' for x in times['twin'])})")
    print(f"  ratio   {p / t:8.3f}")
    sys.stdout.flush()


def memory(sizes: list[int], runs: int) -> None:
    """Peak memory (and wall time) of clean builds: the plugin against the lean twin."""
    for reports in sizes:
        plugin, lean = prepare(reports)[0], lean_twin(reports)
        with tempfile.TemporaryDirectory() as tmp:
            mkdocs_build(plugin, Path(tmp, "p"), "--strict")
            mkdocs_build(lean, Path(tmp, "t"))
            results: tuple[list[Run], list[Run]] = ([], [])
            for i in range(runs):
                order = ((plugin, 0), (lean, 1)) if i % 2 == 0 else ((lean, 1), (plugin, 0))
                for project, side in order:
                    results[side].append(mkdocs_build(project, Path(tmp, f"{side}-{i}")))
        show(f"full build against the LEAN twin, N = {reports}", *results)


RETAINED_CHILD = """
import gc, json, sys, tracemalloc
tracemalloc.start(1)
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import PluginCollection

# What is alive when the plugins' last hooks have run (MkDocs still holds
# every page), by the package whose code allocated it.
found = {{}}
original = PluginCollection.on_post_build
def on_post_build(self, *, config):
    original(self, config=config)
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    by_package = {{}}
    for stat in tracemalloc.take_snapshot().statistics("filename"):
        parts = stat.traceback[0].filename.split("/")
        if "mkdocs_claims" in parts:
            package = "mkdocs_claims/" + parts[-1]
        elif "site-packages" in parts:
            package = parts[parts.index("site-packages") + 1].split(".")[0]
        else:
            package = "stdlib and other"
        by_package[package] = by_package.get(package, 0) + stat.size
    found.update(current=current, peak=peak, by_package=by_package)
PluginCollection.on_post_build = on_post_build
config = load_config("mkdocs.yml", site_dir={site!r})
config.plugins.on_startup(command="build", dirty=False)
build(config)
print(json.dumps(found))
"""


def retained(sizes: list[int], lean: bool = False) -> None:
    """tracemalloc at on_post_build: what is alive, and per report (the
    difference between two sizes, so that fixed costs cancel out); of the
    plugin's build, or with ``lean`` of the lean twin's."""
    found: dict[int, dict[str, object]] = {}
    for reports in sizes:
        plugin = lean_twin(reports) if lean else prepare(reports)[0]
        with tempfile.TemporaryDirectory() as tmp:
            code = RETAINED_CHILD.format(site=str(Path(tmp, "site")))
            done = subprocess.run(
                [sys.executable, "-c", code], cwd=plugin, env=ENV, check=True,
                capture_output=True, text=True,
            )  # fmt: skip
        found[reports] = json.loads(done.stdout.splitlines()[-1])
        data = found[reports]
        print(f"\n## tracemalloc at on_post_build, N = {reports}" + (", LEAN twin" if lean else ""))
        print(f"  alive {data['current'] / 1e6:8.1f} MB   traced peak {data['peak'] / 1e6:8.1f} MB")
        by_package = data["by_package"]
        assert isinstance(by_package, dict)
        for name, size in sorted(by_package.items(), key=lambda kv: -kv[1])[:14]:
            print(f"  {name:40s} {size / 1e6:8.1f} MB")
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        a, b = found[small], found[large]
        per = (float(b["current"]) - float(a["current"])) / (large - small)  # type: ignore[arg-type]
        print(
            f"\n## alive at on_post_build per report (N = {small} to {large}): {per / 1e3:.1f} kB"
        )
        pa, pb = a["by_package"], b["by_package"]
        assert isinstance(pa, dict) and isinstance(pb, dict)
        slopes = {k: (pb.get(k, 0) - pa.get(k, 0)) / (large - small) for k in pb.keys() | pa.keys()}
        for name, size in sorted(slopes.items(), key=lambda kv: -kv[1])[:14]:
            print(f"  {name:40s} {size / 1e3:8.1f} kB per report")
    sys.stdout.flush()


def scale(sizes: list[int], runs: int) -> None:
    """Clean plugin builds at each size: time and peak memory per report,
    against the smallest size."""
    per: dict[int, Run] = {}
    for reports in sizes:
        plugin, _ = prepare(reports, twins=reports <= 5000)
        with tempfile.TemporaryDirectory() as tmp:
            results = [mkdocs_build(plugin, Path(tmp, f"p{i}")) for i in range(runs)]
        m = median(results)
        per[reports] = m
        print(f"\n## plugin full build, N = {reports} ({runs} runs, medians)")
        print(f"  {m.seconds:8.2f} s  {m.peak_mb:8.0f} MB   all: "
              + " ".join(f"{r.seconds:.2f}s/{r.peak_mb:.0f}MB" for r in results))  # fmt: skip
        sys.stdout.flush()
    small = min(sizes)
    for reports in sizes:
        if reports == small:
            continue
        t = (per[reports].seconds / reports) / (per[small].seconds / small)
        m = (per[reports].peak_mb / reports) / (per[small].peak_mb / small)
        print(f"\n## per report, N = {reports} vs N = {small}: time {t:.3f}x, peak memory {m:.3f}x")
        print(f"  time {per[reports].seconds / reports * 1000:.2f} ms vs "
              f"{per[small].seconds / small * 1000:.2f} ms; memory "
              f"{per[reports].peak_mb / reports * 1000:.1f} kB vs "
              f"{per[small].peak_mb / small * 1000:.1f} kB")  # fmt: skip
    sys.stdout.flush()


def walk(steps: int) -> None:
    """The random walk of tests/test_dirty_walk.py, longer than in CI."""
    tests = Path(__file__).resolve().parent.parent / "tests"
    env = {**ENV, "MKDOCS_CLAIMS_WALK_STEPS": str(steps)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", str(tests / "test_dirty_walk.py")], env=env
    )
    print(f"\n## random walk, {steps} steps: exit {done.returncode}, "
          f"{time.perf_counter() - start:.0f} s")  # fmt: skip
    sys.stdout.flush()


def profile(reports: int, hot_claims: int = 0, lines: int = 30) -> None:
    """One plugin build under cProfile, in this process; the top functions by own time."""
    plugin, _ = prepare(reports, hot_claims)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.chdir(plugin)
    with tempfile.TemporaryDirectory() as tmp:
        config = load_config("mkdocs.yml", site_dir=tmp)
        profiler = cProfile.Profile()
        profiler.enable()
        build(config)
        profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("tottime")
    stats.print_stats(lines)
    stats.sort_stats("cumulative").print_stats("mkdocs_claims", lines)


def check_run(project: Path) -> Run:
    """``mkdocs-claims check`` in its own process (exit status 1: it found warnings)."""
    command = [sys.executable, "-m", "mkdocs_claims.cli", "check"]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"mkdocs-claims check failed in {project}")
    return Run(seconds, usage.ru_maxrss / 1024)


def pathological(runs: int) -> None:
    """The inputs of issue 9 that never finished (a 30,000-line '~~~x' file)
    or took minutes (10,000 claims in one report): the plugin's build against
    plain MkDocs on the same text (a page of the site, where the claims are
    paragraphs), the claims also against the same count of Blocks
    admonitions, and ``mkdocs-claims check`` alone."""
    root = OUT / "pathological"
    stamp = root / ".generated"
    if not stamp.exists():
        shutil.rmtree(root, ignore_errors=True)
        write_pathological(root)
        stamp.write_text("ok\n")
    projects = {path.name: path for path in root.iterdir() if path.is_dir()}
    with tempfile.TemporaryDirectory() as tmp:
        for case in ("fences", "claims"):
            sides = [f"{case}-plugin", f"{case}-plain"] + (
                ["claims-twin"] if case == "claims" else []
            )
            timed: dict[str, list[Run]] = {side: [] for side in sides}
            for i in range(runs):
                order = sides if i % 2 == 0 else sides[::-1]
                for side in order:
                    timed[side].append(mkdocs_build(projects[side], Path(tmp, f"{side}-{i}")))
            checks = [check_run(projects[f"{case}-plugin"]) for _ in range(runs)]
            plugin, plain = median(timed[f"{case}-plugin"]), median(timed[f"{case}-plain"])
            print(f"\n## pathological: {case}  ({runs} runs each, medians)")
            for side in sides:
                run = median(timed[side])
                all_runs = " ".join(f"{r.seconds:.2f}" for r in timed[side])
                print(f"  {side:14} {run.seconds:8.2f} s  {run.peak_mb:7.0f} MB   ({all_runs})")
            print(f"  ratio plugin/plain  {plugin.seconds / plain.seconds:8.3f}")
            if case == "claims":
                twin = median(timed["claims-twin"])
                print(f"  ratio plugin/twin   {plugin.seconds / twin.seconds:8.3f}")
            check = median(checks)
            print(f"  mkdocs-claims check {check.seconds:8.2f} s  {check.peak_mb:7.0f} MB")
            sys.stdout.flush()


def suggest_newsroom(reports: int) -> Path:
    """The generated newsroom made into work for ``mkdocs-claims suggest``: every
    fifth claim loses its proposition, each report gains a paragraph that
    quotes a speaker without annotation, and each proposition gets a
    statement of its own words (the generated ones differ only by a number)."""
    import random

    plugin, _ = prepare(reports)
    root = OUT / f"n{reports}-suggest"
    stamp = root / ".generated"
    if stamp.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(plugin / "content", root / "content")
    rnd = random.Random(reports)
    syllables = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "de", "fa")
    lines = []
    for line in (root / "content" / "propositions.yml").read_text().splitlines():
        if line.startswith("  statement:"):
            words = ("".join(rnd.choice(syllables) for _ in range(3)) for _ in range(5))
            line = f"  statement: The {' '.join(words)} holds."
        lines.append(line)
    (root / "content" / "propositions.yml").write_text("\n".join(lines) + "\n")
    serial = 0
    for path in sorted((root / "content").rglob("*.md")):
        out = []
        for line in path.read_text().splitlines():
            if line.startswith("/// claim | "):
                serial += 1
                if serial % 5 == 0:
                    line = " ".join(line.split()[:4])
            out.append(line)
        speaker = rnd.randrange(300)
        out.append(f'\n"The talks went on all week," Speaker {speaker:03d} said after the meeting.')
        path.write_text("\n".join(out) + "\n")
    stamp.write_text("ok\n")
    return root


def suggest_run(project: Path, path: str) -> tuple[Run, int]:
    """One ``mkdocs-claims suggest --json`` in its own process: wall time, peak
    memory and the number of suggestions."""
    command = [sys.executable, "-m", "mkdocs_claims.cli", "suggest", path, "--json"]
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, stdout=output, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"mkdocs-claims suggest failed in {project}")
        output.seek(0)
        count = len(json.load(output))
    return Run(seconds, usage.ru_maxrss / 1024), count


def suggest(sizes: list[int], runs: int) -> None:
    """``mkdocs-claims suggest`` on the sample newsroom and on generated ones."""
    repo = Path(__file__).resolve().parent.parent
    cases = [("sample newsroom", repo, ".")]
    cases += [(f"N = {n}", suggest_newsroom(n), "content") for n in sizes]
    per_report = {}
    for title, project, path in cases:
        suggest_run(project, path)  # warm-up (file cache)
        results = [suggest_run(project, path) for _ in range(runs)]
        best = median([r for r, _ in results])
        print(
            f"\n## suggest, {title}  ({runs} runs, medians): {best.seconds:.2f} s, "
            f"{best.peak_mb:.0f} MB, {results[0][1]} suggestions"
        )
        print("  all runs (s):", " ".join(f"{r.seconds:.2f}" for r, _ in results))
        if project != repo:
            per_report[int(title.split()[-1])] = best.seconds / int(title.split()[-1])
    if len(per_report) > 1:
        small, large = min(per_report), max(per_report)
        print(
            f"\n## suggest time per report: N = {small}: {per_report[small] * 1000:.2f} ms, "
            f"N = {large}: {per_report[large] * 1000:.2f} ms, "
            f"ratio {per_report[large] / per_report[small]:.3f}"
        )
    sys.stdout.flush()


def seeds(folder: Path) -> None:
    """``mkdocs-claims suggest`` on each seed report as plain Markdown: its
    first line as the title, front matter added, nothing annotated, with the
    sample newsroom's registries; per seed, the unannotated statements found
    and at which lines of the seed file (docs/guide/suggestions.md)."""
    import yaml

    from mkdocs_claims.syntax import parse_source

    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise SystemExit(
            f"no seed reports (*.txt) in {folder}: the seeds are the two news reports of the "
            "project's steering folder (shared/seeds/), not part of the repository; "
            "pass --seeds DIR"
        )
    repo = Path(__file__).resolve().parent.parent
    dated = {}  # the sample report written from a seed gives its date and outlet
    for path in sorted((repo / "content").rglob("*.md")):
        meta = parse_source(path.read_text(encoding="utf-8"), path.name).front_matter or {}
        if meta.get("original_headline"):
            dated[str(meta["original_headline"]).strip()] = meta
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp, "content")
        content.mkdir()
        for name in ("speakers.yml", "propositions.yml"):
            shutil.copy(repo / "content" / name, content / name)
        offsets = {}
        for number, path in enumerate(files):
            lines = path.read_text(encoding="utf-8").split("\n")
            title = lines[0].strip()
            meta = dated.get(title, {})
            front = {
                "title": title,
                "date": meta.get("date", "2018-01-01"),
                "outlet": meta.get("outlet", "unknown"),
            }
            header = f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n"
            # The seed after its title, as it is: Markdown line n is seed line n - offset.
            offsets[f"content/seed-{number}.md"] = (path, header.count("\n") - 1)
            (content / f"seed-{number}.md").write_text(
                header + "\n".join(lines[1:]), encoding="utf-8"
            )
        command = [sys.executable, "-m", "mkdocs_claims.cli", "suggest", "content", "--json"]
        result = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=False)
        if result.returncode:
            raise SystemExit(f"mkdocs-claims suggest failed: {result.stderr.strip()}")
        found = [s for s in json.loads(result.stdout) if s["kind"] == "unannotated_statement"]
        for label, (path, offset) in offsets.items():
            lines = path.read_text(encoding="utf-8").split("\n")
            mine = [s for s in found if s["path"] == label]
            print(f"\n## {path.name}: {lines[0].strip()}")
            print(f"  {len(mine)} unannotated statements found")
            for s in mine:
                line = s["line"] - offset
                speaker = s["speaker"] + (f" via {s['via']}" if s.get("via") else "")
                print(f"  line {line:3d}  {speaker}: {lines[line - 1].strip()[:60]}")
    sys.stdout.flush()


def data(sizes: list[int]) -> None:
    """claims.json and claims.db (issue 12): bytes per claim and the time to
    write each, against a full build of the same newsroom (one run each).

    The sources are scanned as ``mkdocs-claims export`` does and the two
    files written by the build's own writers (``write_json``,
    ``write_sqlite``); the build passes its rendered texts where ``export``
    reads the Markdown, which changes the words, not the work."""
    from mkdocs_claims.cli import project_for
    from mkdocs_claims.export import PlainText, SiteData, write_json
    from mkdocs_claims.sqlite import write_sqlite

    per_claim: dict[int, float] = {}
    for reports in sizes:
        plugin, _ = prepare(reports)
        project = project_for(str(plugin))
        index = project.scan().index
        plain = PlainText()
        site = SiteData(
            index,
            project.layout,
            lambda claim, plain=plain: plain(claim.body),
            lambda quote, plain=plain: plain(quote.body),
            project.site_url,
        )
        with tempfile.TemporaryDirectory() as tmp:
            timings: dict[str, tuple[float, int]] = {}
            for name, writer in (("claims.json", write_json), ("claims.db", write_sqlite)):
                target = os.path.join(tmp, name)
                start = time.perf_counter()
                writer(target, site)
                timings[name] = (time.perf_counter() - start, os.path.getsize(target))
            build = mkdocs_build(plugin, Path(tmp, "site"))
        claims = len(index.claims)
        hot = max(len(v) for v in index.by_proposition.values())
        print(
            f"\n## claims.json and claims.db, N = {reports} ({claims} claims, "
            f"the hottest proposition {hot})"
        )
        for name, (seconds, size) in timings.items():
            print(
                f"  {name:12} {size / 1e6:8.1f} MB  {size / claims:8.0f} bytes per claim  "
                f"written in {seconds:6.2f} s = {seconds / build.seconds:.1%} of the build"
            )
        print(f"  full build {build.seconds:8.2f} s")
        per_claim[reports] = timings["claims.json"][1] / claims
    if len(per_claim) > 1:
        small, large = min(per_claim), max(per_claim)
        print(
            f"\n## claims.json bytes per claim, N = {large} against N = {small}: "
            f"{per_claim[large] / per_claim[small]:.3f}"
        )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = (
        "all",
        "full",
        "hot",
        "serve",
        "serve-dirty",
        "dirty",
        "memory",
        "retained",
        "retained-lean",
        "scale",
        "walk",
        "profile",
        "suggest",
        "pathological",
        "seeds",
        "data",
    )
    parser.add_argument("what", nargs="?", default="all", choices=what)
    parser.add_argument("--reports", type=int, nargs="*", default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hot-claims", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=1000)
    default_seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    parser.add_argument(
        "--seeds",
        type=Path,
        default=default_seeds,
        help="the seed reports (default: ../shared/seeds from the repository)",
    )
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {time.strftime('%Y-%m-%d')}")
    if args.what in ("all", "full"):
        sizes = args.reports or [1000, 5000]
        medians = {n: full(n, args.runs)[0] for n in sizes}
        if len(sizes) > 1:
            small, large = min(sizes), max(sizes)
            per_small = medians[small].seconds / small
            per_large = medians[large].seconds / large
            print(
                f"\n## plugin time per report: N = {small}: {per_small * 1000:.2f} ms, "
                f"N = {large}: {per_large * 1000:.2f} ms, ratio {per_large / per_small:.3f}"
            )
    if args.what in ("all", "hot"):
        full((args.reports or [1000])[0], args.runs, args.hot_claims)
    if args.what in ("all", "serve"):
        serve((args.reports or [1000])[0], args.runs)
    if args.what in ("all", "serve-dirty"):
        serve((args.reports or [5000])[0], args.runs, dirty=True)
    if args.what in ("all", "dirty"):
        dirty((args.reports or [5000])[0], args.runs)
    if args.what in ("all", "memory"):
        memory(args.reports or [1000, 5000], min(args.runs, 3))
    if args.what in ("all", "retained"):
        retained(args.reports or [200, 1000])
    if args.what in ("all", "retained-lean"):
        retained(args.reports or [200, 1000], lean=True)
    if args.what in ("all", "scale"):
        scale(args.reports or [1000, 20000], 1)
    if args.what in ("all", "data"):
        data(args.reports or [1000, 5000])
    if args.what in ("all", "walk"):
        walk(args.steps)
    if args.what == "profile":
        profile((args.reports or [1000])[0])
    if args.what in ("all", "suggest"):
        suggest(args.reports or [1000, 5000], min(args.runs, 3))
    if args.what in ("all", "pathological"):
        pathological(args.runs if args.what == "pathological" else 3)
    if args.what == "seeds":
        seeds(args.seeds)


if __name__ == "__main__":
    main()
