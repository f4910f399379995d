"""`mkdocs build --dirty` rebuilds every page whose data changed, and only those,
and what it rebuilds equals a clean build."""

from __future__ import annotations

import os
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from conftest import write

OURS = ("reports/", "speakers/", "propositions/")


def fresh_plugin() -> None:
    """The next build gets a new plugin instance, as a new process would
    (MkDocs keeps instances that define on_startup for `mkdocs serve`)."""
    MkDocsConfig.plugins.plugin_cache.pop("claims", None)


def run(root: Path, site: Path, *, dirty: bool) -> None:
    fresh_plugin()
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
    states = list((newsroom / ".cache/mkdocs-claims").glob("*.json"))
    assert states
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
    assert all(state.exists() for state in states)


def nav_titles(site: Path, page: str) -> list[str]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return [link.get_text(" ", strip=True) for link in soup.select("nav.md-nav--primary a")]


def test_retitling_a_site_page_updates_every_generated_page(newsroom: Path, tmp_path: Path):
    dirty_site, clean_site = tmp_path / "dirty", tmp_path / "clean"
    write(newsroom, {"docs/about.md": "# About us\n\nWho we are.\n"})
    run(newsroom, dirty_site, dirty=False)
    assert "About us" in nav_titles(dirty_site, "speakers/victor-cha/index.html")
    write(newsroom, {"docs/about.md": "# About the newsroom\n\nWho we are.\n"})
    run(newsroom, dirty_site, dirty=True)
    run(newsroom, clean_site, dirty=False)
    assert pages(dirty_site) == pages(clean_site)
    for page in ("speakers/victor-cha/index.html", "reports/2018/summit/index.html"):
        titles = nav_titles(dirty_site, page)
        assert "About the newsroom" in titles
        assert "About us" not in titles


def test_an_unchanged_site_page_keeps_its_rendered_title(newsroom: Path, tmp_path: Path):
    # A heading with Markdown and an entity: the navigation shows it rendered.
    dirty_site, clean_site = tmp_path / "dirty", tmp_path / "clean"
    write(newsroom, {"docs/about.md": "# Q&A *now*\n\nQuestions.\n"})
    run(newsroom, dirty_site, dirty=False)
    report = newsroom / "content/2018/summit.md"
    report.write_text(report.read_text().replace("long haul", "long, long haul"))
    run(newsroom, dirty_site, dirty=True)
    run(newsroom, clean_site, dirty=False)
    assert "Q&A now" in nav_titles(dirty_site, "reports/2018/summit/index.html")
    assert "Q&A *now*" not in (dirty_site / "reports/2018/summit/index.html").read_text()
    assert pages(dirty_site) == pages(clean_site)
    assert (dirty_site / "404.html").read_bytes() == (clean_site / "404.html").read_bytes()


def test_a_second_dirty_build_leaves_404_as_it_was(newsroom: Path, tmp_path: Path):
    site = tmp_path / "site"
    write(newsroom, {"docs/about.md": "# Q&A *now*\n"})
    run(newsroom, site, dirty=False)
    before = (site / "404.html").read_bytes()
    run(newsroom, site, dirty=True)
    run(newsroom, site, dirty=True)
    assert (site / "404.html").read_bytes() == before


def test_toggling_directory_urls_leaves_no_old_page_behind(newsroom: Path, tmp_path: Path):
    dirty_site, clean_site = tmp_path / "dirty", tmp_path / "clean"
    run(newsroom, dirty_site, dirty=False)
    assert (dirty_site / "reports/2018/rapid/index.html").is_file()
    config = newsroom / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    run(newsroom, dirty_site, dirty=True)
    run(newsroom, clean_site, dirty=False)
    assert (dirty_site / "reports/2018/rapid.html").is_file()
    assert not (dirty_site / "reports/2018/rapid/index.html").exists()
    assert not (dirty_site / "speakers/victor-cha/index.html").exists()
    assert pages(dirty_site) == pages(clean_site)
    # and back
    config.write_text(config.read_text().replace("use_directory_urls: false\n", ""))
    run(newsroom, dirty_site, dirty=True)
    assert not (dirty_site / "reports/2018/rapid.html").exists()
    assert (dirty_site / "reports/2018/rapid/index.html").is_file()


def test_navigation_front_matter_of_unchanged_reports(newsroom: Path, tmp_path: Path):
    # Material shows a page's icon beside its title in the navigation: a
    # rebuilt page must show the icon of a newest report it did not rebuild.
    dirty_site, clean_site = tmp_path / "dirty", tmp_path / "clean"
    rapid = newsroom / "content/2018/rapid.md"
    rapid.write_text(rapid.read_text().replace("outlet:", "icon: material/star\noutlet:", 1))
    run(newsroom, dirty_site, dirty=False)
    summit = newsroom / "content/2018/summit.md"
    summit.write_text(summit.read_text().replace("long haul", "long, long haul"))
    run(newsroom, dirty_site, dirty=True)
    run(newsroom, clean_site, dirty=False)
    rebuilt = BeautifulSoup(
        (dirty_site / "reports/2018/summit/index.html").read_text(), "html.parser"
    )
    link = rebuilt.select_one('nav.md-nav--primary a[href$="rapid/"]')
    assert link is not None and link.find("svg") is not None
    assert pages(dirty_site) == pages(clean_site)


def test_a_dirty_build_gives_the_warnings_of_a_clean_build(newsroom: Path, tmp_path: Path, caplog):
    # The attribution check is kept with each report in the cache: a new
    # process still says everything a clean build says.
    report = newsroom / "content/2018/summit.md"
    report.write_text(
        report.read_text()
        + "\n/// claim | victor-cha denies talks-progress\n    id: said\n\n"
        + '"No," Pompeo said.\n///\n'
    )
    site = tmp_path / "site"
    caplog.set_level("INFO")
    run(newsroom, site, dirty=False)
    clean = sorted(r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert any("attribution" in m or "gives its words" in m for m in clean)
    caplog.clear()
    fresh_plugin()
    run(newsroom, site, dirty=True)
    dirty = sorted(r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert [m for m in dirty if "dirty" not in m] == clean
