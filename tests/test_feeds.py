"""Real builds with `feeds: true`: Atom files beside the pages they follow,
announced in the pages' heads, valid, newest first, stable and resolvable."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import feedparser

from conftest import Site, build_site
from test_dirty import run

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = {
    "speakers/mike-pompeo/": "speakers/mike-pompeo/feed.xml",
    "propositions/talks-progress/": "propositions/talks-progress/feed.xml",
    "reports/": "reports/feed.xml",
}


def enable_feeds(root: Path, extra: str = "") -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("claims: {}", "claims: {feeds: true}") + extra)


def read_feed(site: Site, url: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site.site_dir / unquote(url)).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def feed_target(site: Site, feed_url: str, href: str) -> tuple[str, str]:
    """Where a relative link of the feed at ``feed_url`` leads."""
    resolved = site.resolve(posixpath.dirname(feed_url) + "/", href)
    assert resolved is not None, href
    return resolved


def test_each_page_announces_its_feed_in_the_head(newsroom: Path):
    enable_feeds(newsroom)
    site = build_site(newsroom)
    for page_url, feed_url in FEEDS.items():
        links = site.page(page_url).select('head link[rel="alternate"]')
        atom = [link for link in links if link.get("type") == "application/atom+xml"]
        assert len(atom) == 1, page_url
        assert site.resolve(page_url, atom[0]["href"]) == (feed_url, "")
        assert (site.site_dir / feed_url).is_file()
        visible = site.page(page_url).select_one("a.claims-feed-link")
        assert site.resolve(page_url, visible["href"]) == (feed_url, "")
    assert site.page("reports/2018/rapid/").select('link[type="application/atom+xml"]') == []
    assert (site.site_dir / "speakers/김여정/feed.xml").is_file()


def test_feeds_hold_the_atom_required_elements_and_parse(newsroom: Path):
    enable_feeds(newsroom)
    site = build_site(newsroom)
    for path in sorted(site.site_dir.rglob("feed.xml")):
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated"):
            assert (root.findtext(f"{ATOM}{tag}") or "").strip(), (path, tag)
        assert root.find(f"{ATOM}author/{ATOM}name") is not None
        for entry in root.findall(f"{ATOM}entry"):
            for tag in ("id", "title", "updated"):
                assert (entry.findtext(f"{ATOM}{tag}") or "").strip(), (path, tag)
            assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        read_feed(site, path.relative_to(site.site_dir).as_posix())


def test_claim_entries_lead_to_the_claim_newest_first(newsroom: Path):
    enable_feeds(newsroom)
    site = build_site(newsroom)
    feed_url = "propositions/talks-progress/feed.xml"
    parsed = read_feed(site, feed_url)
    targets = [feed_target(site, feed_url, entry.link) for entry in parsed.entries]
    assert targets == [
        ("reports/2018/summit/", "claim-long-haul"),
        ("reports/2018/summit/", "claim-김여정-talks-progress"),
        ("reports/2018/rapid/", "claim-rapid"),
        ("reports/2018/rapid/", "claim-little-progress"),
    ]
    for target, fragment in targets:
        assert site.page(target).find(id=fragment) is not None
    dates = [entry.updated for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.entries[0].title == (
        "Victor Cha denies: US–North Korea talks are making substantial progress."
    )
    assert "long haul" in parsed.entries[0].summary
    speaker = read_feed(site, "speakers/victor-cha/feed.xml")
    quote = next(e for e in speaker.entries if "#quote-" in e.link)
    target, fragment = feed_target(site, "speakers/victor-cha/feed.xml", quote.link)
    assert site.page(target).find(id=fragment).name == "blockquote"
    reports = read_feed(site, "reports/feed.xml")
    assert [feed_target(site, "reports/feed.xml", e.link) for e in reports.entries] == [
        ("reports/2018/summit/", ""),
        ("reports/2018/rapid/", ""),
    ]


def test_a_speaker_feed_mixes_claims_and_quotes_newest_first(newsroom: Path):
    # Victor Cha: a quote on 2018-06-11, a claim on 2018-10-07.
    enable_feeds(newsroom)
    site = build_site(newsroom)
    feed_url = "speakers/victor-cha/feed.xml"
    parsed = read_feed(site, feed_url)
    assert [feed_target(site, feed_url, e.link) for e in parsed.entries] == [
        ("reports/2018/summit/", "claim-long-haul"),
        ("reports/2018/rapid/", "quote-victor-cha"),
    ]
    assert [e.updated[:10] for e in parsed.entries] == ["2018-10-07", "2018-06-11"]


def test_ids_are_stable_across_builds_and_absolute_with_site_url(newsroom: Path, tmp_path: Path):
    enable_feeds(newsroom)
    first = read_feed(build_site(newsroom), "speakers/mike-pompeo/feed.xml")
    second = read_feed(
        build_site(newsroom, site_dir=str(tmp_path / "again")), "speakers/mike-pompeo/feed.xml"
    )
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert first.feed.id == second.feed.id
    assert first.feed.updated == second.feed.updated == "2018-06-11T00:00:00Z"
    site = build_site(newsroom, site_url="https://news.example/desk/")
    parsed = read_feed(site, "speakers/mike-pompeo/feed.xml")
    assert parsed.entries[0].link == "https://news.example/desk/reports/2018/rapid/#claim-rapid"
    assert parsed.entries[0].id == parsed.entries[0].link
    assert parsed.feed.link == "https://news.example/desk/speakers/mike-pompeo/"


def test_no_feeds_unless_asked(newsroom: Path):
    site = build_site(newsroom)
    assert list(site.site_dir.rglob("feed.xml")) == []
    assert site.page("speakers/mike-pompeo/").select('link[type="application/atom+xml"]') == []
    assert site.page("speakers/mike-pompeo/").select("a.claims-feed-link") == []


def test_dirty_build_drops_the_feed_of_a_removed_speaker(newsroom: Path, tmp_path: Path):
    enable_feeds(newsroom)
    site = tmp_path / "site"
    run(newsroom, site, dirty=False)
    assert (site / "speakers/victor-cha/feed.xml").is_file()
    registry = newsroom / "content/speakers.yml"
    registry.write_text(registry.read_text().replace("victor-cha:", "victor-cha-2:"))
    run(newsroom, site, dirty=True)
    assert not (site / "speakers/victor-cha/feed.xml").exists()
    assert (site / "speakers/victor-cha-2/feed.xml").is_file()
