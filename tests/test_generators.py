"""The sample newsroom built by three generators: MkDocs, ProperDocs (the
same plugin, through ProperDocs' own command) and Zensical (the newsroom's
pages written by `mkdocs-claims pages`, the claim blocks rendered by the
claims Markdown extension). Each is a real build in a subprocess, as a
newsroom would run it; the three sites agree on every claim, speaker page,
proposition page and contradiction link."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, Site, make_config, write
from test_build import check_links

BIN = Path(sys.executable).parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The date the sitemaps and their gzip headers carry (MkDocs and ProperDocs
# honour SOURCE_DATE_EPOCH): the two builds may straddle midnight.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command of the virtualenv, as a newsroom runs it (colours stripped:
    Zensical always prints them)."""
    result = subprocess.run(
        [str(BIN / str(command[0])), *map(str, command[1:])],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    result.stdout, result.stderr = ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)
    return result


def sample_copy(root: Path) -> Path:
    """The sample newsroom (mkdocs.yml, docs/, content/) in ``root``."""
    for name in ("docs", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = sample_copy(tmp_path_factory.mktemp("mkdocs"))
    result = run("mkdocs", "build", "--strict", "-d", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    return Site(root, root / "out")


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = sample_copy(tmp_path_factory.mktemp("properdocs"))
    result = run("properdocs", "build", "-f", "mkdocs.yml", "--strict", "-d", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    return Site(root, root / "out")


@pytest.fixture(scope="module")
def zensical_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, str, str]:
    """The sample built as docs/guide/generators.md says: the recipe's
    zensical.toml, `mkdocs-claims pages . --out docs`, `zensical build
    --clean --strict`. (No mkdocs.yml: Zensical would read it otherwise.)"""
    root = tmp_path_factory.mktemp("zensical")
    for name in ("docs", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "docs" / "guide" / "zensical.toml", root / "zensical.toml")
    pages = run("mkdocs-claims", "pages", ".", "--out", "docs", "--strict", cwd=root)
    assert pages.returncode == 0, pages.stdout + pages.stderr
    built = run("zensical", "build", "--clean", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    return Site(root, root / "site"), pages.stderr, built.stderr


@pytest.fixture(scope="module")
def zensical_site(zensical_build: tuple[Site, str, str]) -> Site:
    return zensical_build[0]


def files(site: Site) -> list[str]:
    return sorted(
        p.relative_to(site.site_dir).as_posix() for p in site.site_dir.rglob("*") if p.is_file()
    )


# -- ProperDocs --------------------------------------------------------------------


def test_properdocs_builds_the_same_site_as_mkdocs(mkdocs_site: Site, properdocs_site: Site):
    names = files(mkdocs_site)
    assert names == files(properdocs_site)
    assert {"claims.json", "reports/2018/second-summit/index.html", "reports/feed.xml"} <= set(
        names
    )
    differing = 0
    for name in names:
        ours = (mkdocs_site.site_dir / name).read_bytes()
        theirs = (properdocs_site.site_dir / name).read_bytes()
        if name.endswith(".html"):
            # The one difference: ProperDocs names itself where Material prints
            # the generator ("mkdocs-{{ mkdocs_version }}"). Nothing else may differ.
            assert GENERATOR.findall(ours) == [b"mkdocs-1.6.1, mkdocs-material-9.8.1"], name
            assert GENERATOR.findall(theirs) == [b"mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1"]
            differing += ours != theirs
            ours = GENERATOR.sub(b"", ours)
            theirs = GENERATOR.sub(b"", theirs)
        assert ours == theirs, name
    assert differing == sum(name.endswith(".html") for name in names) > 30


def small_newsroom(root: Path, config_name: str = "mkdocs.yml") -> Path:
    """One report, one unknown speaker, in content_dir 'news'."""
    write(
        root,
        {
            config_name: make_config({"content_dir": "news"}),
            "docs/index.md": "# Home\n",
            "news/speakers.yml": "mike-pompeo:\n  name: Mike Pompeo\n",
            "news/propositions.yml": "talks-progress:\n  statement: Talks progress.\n",
            "news/2018/a.md": """
                ---
                title: A
                date: 2018-06-11
                ---

                /// claim | pompeo affirms talks-progress

                Words.
                ///
                """,
        },
    )
    return root


def test_properdocs_strict_fails_on_a_plugin_warning(tmp_path: Path):
    root = small_newsroom(tmp_path)
    warning = "news/2018/a.md:6: unknown speaker 'pompeo' (did you mean 'mike-pompeo'?)"
    strict = run("properdocs", "build", "-f", "mkdocs.yml", "--strict", cwd=root)
    assert strict.returncode == 1
    assert warning in strict.stderr
    assert "Aborted with 1 warnings in strict mode" in strict.stdout + strict.stderr
    lenient = run("properdocs", "build", "-f", "mkdocs.yml", cwd=root)
    assert lenient.returncode == 0, lenient.stderr
    assert warning in lenient.stderr
    assert (root / "site" / "reports" / "2018" / "a" / "index.html").is_file()


@pytest.mark.parametrize("name", ["properdocs.yml", "properdocs.yaml"])
def test_check_reads_properdocs_yml(tmp_path: Path, name: str):
    # Without it, check took the project folder for the content folder.
    root = small_newsroom(tmp_path, name)
    result = run("mkdocs-claims", "check", cwd=root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "news/2018/a.md:6: unknown speaker 'pompeo' (did you mean 'mike-pompeo'?)"
    ]
    assert "1 report, 1 claim, 1 warning" in result.stderr


def test_check_prefers_properdocs_yml_to_mkdocs_yml_as_properdocs_does(tmp_path: Path):
    root = small_newsroom(tmp_path, "properdocs.yml")
    (root / "mkdocs.yml").write_text("site_name: Other\nplugins: [claims]\n", encoding="utf-8")
    assert "1 report" in run("mkdocs-claims", "check", cwd=root).stderr


# -- Zensical ------------------------------------------------------------------------


def test_zensical_builds_the_sample_without_a_warning(zensical_build: tuple[Site, str, str]):
    site, pages, built = zensical_build
    assert "0 warnings" in pages
    assert "No issues found" in built
    assert "Warning" not in built and "WARNING" not in built
    assert 'content="zensical-0.0.73"' in (site.site_dir / "index.html").read_text()


def test_zensical_report_pages_have_callouts_and_links_that_resolve(zensical_site: Site):
    page = zensical_site.page("reports/2018/pompeo-rapid-progress/")
    rapid = page.select_one("#claim-rapid")
    assert rapid is not None and "claim" in rapid["class"]
    assert (rapid["data-speaker"], rapid["data-stance"]) == ("mike-pompeo", "affirms")
    assert page.select_one(".report-header .report-speakers a.report-speaker") is not None
    willing = page.select("#claim-willing a.claim-contradiction")
    assert [
        zensical_site.resolve("reports/2018/pompeo-rapid-progress/", a["href"]) for a in willing
    ] == [("reports/2018/second-summit/", "claim-stalling-tactics")]
    # The stylesheet and the script the recipe lists are there.
    head = page.select_one("head")
    assert head.select_one('link[href$="assets/mkdocs-claims/claims.css"]') is not None
    assert page.select_one('script[src$="assets/mkdocs-claims/claims.js"]') is not None
    assert (zensical_site.site_dir / "assets/mkdocs-claims/claims.css").is_file()
    # Every link of every page, to its file and anchor.
    assert check_links(zensical_site) > 300


def test_zensical_has_speaker_proposition_and_index_pages(zensical_site: Site):
    speaker = zensical_site.page("speakers/mike-pompeo/")
    assert speaker.select_one("h1").get_text(strip=True) == "Mike Pompeo"
    assert speaker.select("a.claim-ref")
    proposition = zensical_site.page("propositions/talks-progress/")
    assert proposition.select(".proposition-timeline a")
    for index in ("reports/", "speakers/", "propositions/"):
        assert zensical_site.page(index).select("main a[href]"), index
    # The generated Markdown (and its marker) is not what a reader sees.
    assert (
        "mkdocs-claims page:"
        not in (zensical_site.site_dir / "reports/2018/second-summit/index.html").read_text()
    )


# -- the three agree -----------------------------------------------------------------


def newsroom_pages(site: Site, prefix: str) -> list[str]:
    found = sorted(
        site.url_of(path)
        for path in (site.site_dir / prefix).rglob("index.html")
        if path.parent != site.site_dir / prefix
    )
    assert found, prefix
    return found


def links(site: Site, url: str, element: Any, selector: str) -> list[tuple[str, str]]:
    # Feeds are not written for Zensical (docs/guide/generators.md).
    found = [site.resolve(url, a["href"]) for a in element.select(selector)]
    return [link for link in found if link is not None and not link[0].endswith("feed.xml")]


def what_it_shows(site: Site) -> dict[str, Any]:
    """Every claim (id, speaker, stance, proposition, with its contradiction
    and dispute links), speaker page and proposition page of a site, parsed."""
    shown: dict[str, Any] = {}
    for url in newsroom_pages(site, "reports"):
        page = site.page(url)
        for claim in page.select(".claim[data-claim]"):
            shown[f"{url}#{claim['id']}"] = (
                claim["data-claim"],
                claim.get("data-speaker"),
                claim.get("data-stance"),
                claim.get("data-proposition"),
                links(site, url, claim, ".claim-contradictions a"),
                links(site, url, claim, ".claim-disputes a"),
                claim.select_one(".claim-body").get_text(" ", strip=True),
            )
        shown[f"{url} quotes"] = [q.get("id") for q in page.select("blockquote.speaker-quote")]
        shown[f"{url} speakers"] = links(site, url, page, ".report-speakers a")
    for url in newsroom_pages(site, "speakers"):
        page = site.page(url)
        shown[url] = (
            page.select_one("h1").get_text(strip=True),
            links(site, url, page, "a.claim-ref"),
            links(site, url, page, "a.quote-ref"),
            [e["data-proposition"] for e in page.select(".speaker-reversal")],
            [w.get_text(" ", strip=True) for w in page.select(".claim-words")],
        )
    for url in newsroom_pages(site, "propositions"):
        page = site.page(url)
        shown[url] = (
            page.select_one("h1").get_text(strip=True),
            links(site, url, page, "a.claim-ref"),
            [(a["data-stance"], a["data-date"]) for a in page.select("a.timeline-mark")],
            links(site, url, page, ".proposition-timeline a"),
        )
    for url in ("reports/", "speakers/", "propositions/"):
        shown[url] = links(site, url, site.page(url), "main article a[href]")
    return shown


def test_mkdocs_properdocs_and_zensical_agree(
    mkdocs_site: Site, properdocs_site: Site, zensical_site: Site
):
    expected = what_it_shows(mkdocs_site)
    claims = [key for key in expected if "#claim-" in key]
    assert len(claims) == 31
    assert sum(bool(value[4]) for key, value in expected.items() if key in claims) >= 2
    assert what_it_shows(properdocs_site) == expected
    seen = what_it_shows(zensical_site)
    assert seen.keys() == expected.keys()
    for key, value in expected.items():
        assert seen[key] == value, key


def test_zensical_escapes_what_content_says_and_links_any_script(newsroom: Path):
    # conftest's newsroom (a speaker id in Hangul), a title and a speaker
    # name that are markup, for Zensical, whose theme prints titles as they are.
    (newsroom / "mkdocs.yml").unlink()
    write(
        newsroom,
        {
            "zensical.toml": """
                [project]
                site_name = "Small"
                [project.markdown_extensions.admonition]
                [project.markdown_extensions.pymdownx.superfences]
                [project.markdown_extensions."mkdocs_claims.markdown"]
                """,
            "content/2018/hostile.md": """
                ---
                title: <img src=x onerror=alert(1)> & co
                date: 2018-06-12
                speakers:
                  hostile:
                    name: <script>alert(2)</script>
                ---

                /// claim | hostile denies talks-progress

                Words.
                ///
                """,
        },
    )
    pages = run("mkdocs-claims", "pages", ".", "--out", "docs", "--strict", cwd=newsroom)
    assert pages.returncode == 0, pages.stdout + pages.stderr
    built = run("zensical", "build", "--clean", "--strict", cwd=newsroom)
    assert built.returncode == 0, built.stderr
    assert "No issues found" in built.stderr
    site = Site(newsroom, newsroom / "site")
    report = site.page("reports/2018/hostile/")
    assert report.select_one("title").get_text().startswith("<img src=x onerror=alert(1)> & co")
    assert report.select_one("h1").get_text() == "<img src=x onerror=alert(1)> & co"
    for path in site.html_files():
        page = site.page(site.url_of(path))
        assert page.select("img[onerror]") == [], path
        assert not any("alert(2)" in (s.string or "") for s in page.select("script")), path
    assert site.page("speakers/김여정/").select_one("h1").get_text(strip=True).startswith("Kim Yo")
    assert check_links(site) > 20


def test_zensical_hover_preview_and_link_in_chromium(zensical_site: Site):
    # claims.js, listed by the recipe's extra_javascript, works on Zensical's pages.
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS, serve

    with serve(zensical_site.site_dir) as url, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = chromium.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url + "reports/2018/pompeo-rapid-progress/")
            link = page.locator("#claim-willing .claim-contradictions a.claim-contradiction")
            link.hover()
            preview = page.locator("#claims-preview")
            preview.wait_for(state="visible")
            assert "ZeroHedge denies" in preview.inner_text()
            link.click()
            page.wait_for_url("**/second-summit/#claim-stalling-tactics")
            assert errors == []
        finally:
            chromium.close()


def test_the_guide_shows_the_recipe_that_is_tested():
    guide = (REPO / "docs/guide/generators.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", guide, flags=re.DOTALL)
    assert blocks == [(REPO / "docs/guide/zensical.toml").read_text(encoding="utf-8")]
