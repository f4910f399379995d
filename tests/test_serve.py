"""`mkdocs serve` keeps one plugin instance: every rebuild must reflect the sources."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import Site, write


def rebuild(root: Path, plugin=None):
    """One rebuild as `mkdocs serve` does it: a fresh config, the same plugin."""
    config = load_config(config_file=str(root / "mkdocs.yml"))
    instance = config.plugins["claims"]
    if plugin is None:
        config.plugins.on_startup(command="serve", dirty=False)
    else:
        assert instance is plugin, "MkDocs must keep the plugin across rebuilds"
    build(config)
    return Site(root, Path(config.site_dir)), instance


def contradiction_targets(site: Site, url: str, anchor: str) -> list[tuple[str, str]]:
    claim = site.page(url).find(id=anchor)
    return [
        site.resolve(url, a["href"])
        for a in claim.select(".claim-contradictions a.claim-contradiction")
    ]


def test_deleted_report_disappears_everywhere(newsroom: Path):
    site, plugin = rebuild(newsroom)
    assert contradiction_targets(site, "reports/2018/rapid/", "claim-rapid") == [
        ("reports/2018/summit/", "claim-long-haul")
    ]
    (newsroom / "content/2018/summit.md").unlink()
    site, _ = rebuild(newsroom, plugin)
    assert not site.exists("reports/2018/summit/")
    assert contradiction_targets(site, "reports/2018/rapid/", "claim-rapid") == []
    assert [a.get_text() for a in site.page("reports/").select("a.report-link")] == [
        'Pompeo says talks move "quite rapidly"'
    ]
    assert site.page("speakers/victor-cha/").select("a.claim-ref") == []
    assert all("summit" not in c["url"] for c in site.json()["claims"])
    for proposition in site.json()["propositions"]:
        assert all("summit" not in url for url in proposition["affirming"])
        assert all("summit" not in url for url in proposition["denying"])
    page = site.page("propositions/talks-progress/")
    assert all("summit" not in a["href"] for a in page.select("a.claim-ref"))


def test_renamed_report_moves_without_duplicates(newsroom: Path):
    _, plugin = rebuild(newsroom)
    (newsroom / "content/2018/summit.md").rename(newsroom / "content/2018/pyongyang.md")
    site, _ = rebuild(newsroom, plugin)
    assert not site.exists("reports/2018/summit/")
    assert contradiction_targets(site, "reports/2018/rapid/", "claim-rapid") == [
        ("reports/2018/pyongyang/", "claim-long-haul")
    ]
    titles = [a.get_text() for a in site.page("reports/").select("a.report-link")]
    assert titles.count("Second summit agreed") == 1
    urls = [c["url"] for c in site.json()["claims"]]
    assert len(urls) == len(set(urls))


def test_new_contradiction_appears_on_both_sides(newsroom: Path):
    _, plugin = rebuild(newsroom)
    write(
        newsroom,
        {
            "content/2019/hanoi.md": """
                ---
                title: Hanoi summit collapses
                date: 2019-02-28
                ---

                /// claim | mike-pompeo denies talks-progress
                    id: collapse

                No deal.
                ///
                """
        },
    )
    site, _ = rebuild(newsroom, plugin)
    # the new denial is listed first (newest) under the old affirmation...
    assert contradiction_targets(site, "reports/2018/rapid/", "claim-rapid")[0] == (
        "reports/2019/hanoi/",
        "claim-collapse",
    )
    # ...and the old affirmations are listed under the new denial
    assert contradiction_targets(site, "reports/2019/hanoi/", "claim-collapse") == [
        ("reports/2018/summit/", "claim-김여정-talks-progress"),
        ("reports/2018/rapid/", "claim-rapid"),
    ]
    # Pompeo now holds both stances: his page flags the proposition
    reversal = site.page("speakers/mike-pompeo/").select(".speaker-reversal")
    assert [r["data-proposition"] for r in reversal] == ["talks-progress"]


def test_edited_registry_is_picked_up(newsroom: Path):
    _, plugin = rebuild(newsroom)
    registry = newsroom / "content/speakers.yml"
    registry.write_text(registry.read_text().replace("Korea scholar", "CSIS Korea chair"))
    site, _ = rebuild(newsroom, plugin)
    claim = site.page("reports/2018/summit/").find(id="claim-long-haul")
    assert "CSIS Korea chair" in claim.select_one(".claim-title").get_text()
    assert site.page("speakers/victor-cha/").select_one(".speaker-role").get_text() == (
        "CSIS Korea chair"
    )
