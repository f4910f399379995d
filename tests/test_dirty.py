"""`mkdocs build --dirty` rebuilds every page whose data changed, and only those,
and what it rebuilds equals a clean build."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import write

OURS = ("reports/", "speakers/", "propositions/")


def run(root: Path, site: Path, *, dirty: bool) -> None:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=dirty)
    build(config, dirty=dirty)


def pages(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*.html"))
        if p.relative_to(site).as_posix().startswith(OURS)
    }


def mtimes(site: Path) -> dict[str, int]:
    return {name: os.stat(site / name).st_mtime_ns for name in pages(site)}


def test_dirty_build_equals_a_clean_build(newsroom: Path, tmp_path: Path):
    dirty_site, clean_site = tmp_path / "dirty", tmp_path / "clean"
    run(newsroom, dirty_site, dirty=False)
    before = mtimes(dirty_site)
    # A new denial in the older report: Pompeo's claim in the same report and
    # Kim's claim in the other report must now list it.
    report = newsroom / "content/2018/rapid.md"
    report.write_text(
        report.read_text()
        + "\n/// claim | victor-cha denies talks-progress\n    id: new\n\nNo way.\n///\n"
    )
    run(newsroom, dirty_site, dirty=True)
    run(newsroom, clean_site, dirty=False)
    assert pages(dirty_site) == pages(clean_site)
    after = mtimes(dirty_site)
    rebuilt = {name for name in after if after[name] != before.get(name)}
    assert "reports/2018/rapid/index.html" in rebuilt
    assert "reports/2018/summit/index.html" in rebuilt  # Kim's claim gained a contradiction
    assert "speakers/victor-cha/index.html" in rebuilt
    assert "propositions/talks-progress/index.html" in rebuilt
    assert "reports/index.html" in rebuilt  # claim count
    # pages that show nothing of it are left alone
    assert "speakers/washington-post/index.html" not in rebuilt
    assert "propositions/sanctions-stay/index.html" not in rebuilt


def test_dirty_build_after_deleting_a_report(newsroom: Path, tmp_path: Path):
    dirty_site, clean_site = tmp_path / "dirty", tmp_path / "clean"
    run(newsroom, dirty_site, dirty=False)
    (newsroom / "content/2018/summit.md").unlink()
    run(newsroom, dirty_site, dirty=True)
    run(newsroom, clean_site, dirty=False)
    assert not (dirty_site / "reports/2018/summit/index.html").exists()
    assert pages(dirty_site) == pages(clean_site)


def test_dirty_build_after_a_registry_edit(newsroom: Path, tmp_path: Path):
    dirty_site, clean_site = tmp_path / "dirty", tmp_path / "clean"
    run(newsroom, dirty_site, dirty=False)
    registry = newsroom / "content/speakers.yml"
    registry.write_text(registry.read_text().replace("Korea scholar", "CSIS Korea chair"))
    run(newsroom, dirty_site, dirty=True)
    run(newsroom, clean_site, dirty=False)
    assert pages(dirty_site) == pages(clean_site)
    assert "CSIS Korea chair" in (dirty_site / "reports/2018/summit/index.html").read_text()


def test_second_dirty_build_without_changes_rebuilds_nothing_of_ours(
    newsroom: Path, tmp_path: Path
):
    site = tmp_path / "site"
    run(newsroom, site, dirty=False)
    before = mtimes(site)
    write(newsroom, {"docs/other.md": "# Other\n"})  # a docs page, not ours
    (newsroom / "docs/other.md").unlink()
    run(newsroom, site, dirty=True)
    assert mtimes(site) == before


def test_a_corrupt_state_file_is_ignored_and_everything_rebuilt(newsroom: Path, tmp_path: Path):
    dirty_site, clean_site = tmp_path / "dirty", tmp_path / "clean"
    run(newsroom, clean_site, dirty=False)
    (state,) = (newsroom / ".cache/mkdocs-claims").glob("*.json")
    for corrupt in (
        "[" * 100_000,  # deeper than the JSON parser recurses
        '{"fingerprints": {}, "digests": {}, "texts": {}, "destinations": {"gone.md": 5}}',
        '{"fingerprints": [], "digests": {}, "texts": {}, "destinations": {}}',
    ):
        run(newsroom, dirty_site, dirty=False)
        for other in (newsroom / ".cache/mkdocs-claims").glob("*.json"):
            other.write_text(corrupt, encoding="utf-8")
        run(newsroom, dirty_site, dirty=True)
        assert pages(dirty_site) == pages(clean_site)
    assert state.exists()
