"""Labels, template overrides, search and the plain mkdocs theme."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import build_site, write

KOREAN = {
    "affirms": "긍정",
    "denies": "부정",
    "see_also": "참고: 반박하는 보도",
    "disputes": "같은 보도 안의 반론",
    "and_more": "외 {count}건",
    "speakers": "발언자",
    "reports": "보도",
    "propositions": "명제",
}


def replace_plugin_config(root: Path, plugin: str) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("claims: {}", plugin))


def test_every_label_can_be_overridden(newsroom: Path):
    labels = json.dumps(KOREAN, ensure_ascii=False)
    replace_plugin_config(newsroom, f"claims: {{max_contradictions: 0, labels: {labels}}}")
    site = build_site(newsroom)
    claim = site.page("reports/2018/rapid/").select_one("#claim-rapid")
    assert claim.select_one(".claim-stance").get_text() == "긍정"
    assert claim.select_one(".claim-contradictions-title").get_text() == "참고: 반박하는 보도"
    assert claim.select_one(".claim-disputes-title").get_text() == "같은 보도 안의 반론"
    assert claim.select_one("a.claim-more").get_text() == "외 1건"
    nav = site.page("").select_one("nav.md-nav--primary").get_text()
    assert "발언자" in nav and "보도" in nav and "명제" in nav
    assert site.page("speakers/").h1.get_text() == "발언자"


def test_templates_can_be_overridden_from_custom_dir(newsroom: Path):
    config = newsroom / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("name: material", "name: material\n  custom_dir: overrides")
    )
    write(
        newsroom,
        {
            "overrides/claims/quote_caption.html": (
                '<figcaption class="house-style">Said by {{ speaker.name }}</figcaption>\n'
            )
        },
    )
    site = build_site(newsroom)
    caption = site.page("reports/2018/rapid/").select_one("figcaption.house-style")
    assert caption.get_text() == "Said by Victor Cha"


def test_search_finds_claim_text_and_speakers(newsroom: Path):
    site = build_site(newsroom)
    index = site.json("search/search_index.json")
    texts = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    assert "moving quite rapidly" in texts
    assert "Victor Cha" in texts
    locations = {doc["location"] for doc in index["docs"]}
    assert "speakers/victor-cha/" in locations
    # The speaker's and the proposition's pages are indexed with their
    # claims' words, not only the report.
    for page in ("speakers/victor-cha/", "propositions/talks-progress/"):
        text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith(page))
        assert "going to be a long haul" in text, page


def test_plain_mkdocs_theme_is_readable(newsroom: Path):
    config = newsroom / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: mkdocs"))
    site = build_site(newsroom)
    page = site.page("reports/2018/rapid/")
    assert page.select_one("#claim-rapid .claim-body").get_text().strip()
    stylesheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert any(href.endswith("assets/mkdocs-claims/claims.css") for href in stylesheets)
    assert site.exists("assets/mkdocs-claims/claims.css")
    nav = page.get_text()
    assert "Speakers" in nav and "Propositions" in nav
