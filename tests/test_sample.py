"""The sample newsroom: it builds with --strict and its disagreements are linked both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, Site
from test_build import check_links

RAPID = "reports/2018/pompeo-rapid-progress/"
SUMMIT = "reports/2018/second-summit/"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site_dir = tmp_path_factory.mktemp("sample-site")
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)  # raises on any warning
    return Site(REPO, Path(site_dir))


def targets(site: Site, url: str, anchor: str, container: str) -> set[tuple[str, str]]:
    claim = site.page(url).find(id=anchor)
    assert claim is not None, anchor
    return {site.resolve(url, a["href"]) for a in claim.select(f"{container} a[href]")}


def test_pompeo_rapid_is_contradicted_across_and_within(sample: Site):
    across = targets(sample, RAPID, "claim-rapid", ".claim-contradictions")
    assert (SUMMIT, "claim-long-haul") in across
    assert (SUMMIT, "claim-little-to-no-progress") in across
    within = targets(sample, RAPID, "claim-rapid", ".claim-disputes")
    assert (RAPID, "claim-little-progress") in within
    assert (RAPID, "claim-first-base") in within


def test_links_go_both_ways(sample: Site):
    back = targets(sample, SUMMIT, "claim-little-to-no-progress", ".claim-contradictions")
    assert (RAPID, "claim-rapid") in back
    within = targets(sample, SUMMIT, "claim-little-to-no-progress", ".claim-disputes")
    assert (SUMMIT, "claim-significant-progress") in within
    # every contradiction link has its mirror on the other claim
    for url in (RAPID, SUMMIT):
        for claim in sample.page(url).select(".claim"):
            for target, anchor in targets(sample, url, claim["id"], ".claim-contradictions"):
                if anchor.startswith("claim-"):
                    mirror = targets(sample, target, anchor, ".claim-contradictions")
                    assert (url, claim["id"]) in mirror


def test_speaker_and_proposition_pages_show_the_dispute(sample: Site):
    pompeo = sample.page("speakers/mike-pompeo/")
    refs = {
        sample.resolve("speakers/mike-pompeo/", a["href"]) for a in pompeo.select("a.claim-ref")
    }
    assert (RAPID, "claim-rapid") in refs
    assert (SUMMIT, "claim-significant-progress") in refs
    page = sample.page("propositions/talks-progress/")
    url = "propositions/talks-progress/"
    affirming = {
        sample.resolve(url, a["href"])
        for a in page.select(".proposition-side--affirms a.claim-ref")
    }
    denying = {
        sample.resolve(url, a["href"]) for a in page.select(".proposition-side--denies a.claim-ref")
    }
    assert (RAPID, "claim-rapid") in affirming
    assert (RAPID, "claim-little-progress") in denying
    assert (SUMMIT, "claim-little-to-no-progress") in denying


def test_korean_names_and_every_link_resolve(sample: Site):
    assert "김정은" in sample.page("speakers/kim-jong-un/").h1.get_text()
    check_links(sample)
    assert len(sample.json()["claims"]) >= 20
