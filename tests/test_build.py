"""Real builds: report pages, callouts, the HTML contract, JSON-LD and claims.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site, make_config, write


def test_report_page_has_header_and_callouts(newsroom: Path, caplog: pytest.LogCaptureFixture):
    site = build_site(newsroom, caplog)
    assert site.warnings == []
    page = site.page("reports/2018/rapid/")
    header = page.select_one("header.report-header")
    assert header.h1.get_text() == 'Pompeo says talks move "quite rapidly"'
    assert header.select_one(".report-outlet").get_text() == "Example Wire"
    assert header.select_one(".report-date time")["datetime"] == "2018-06-11"
    assert header.select_one(".report-author").get_text() == "A. Writer"
    assert header.select_one(".report-source a")["href"] == "https://example.org/rapid"
    speakers = [a["data-speaker"] for a in header.select(".report-speaker")]
    assert speakers == ["mike-pompeo", "washington-post", "victor-cha"]
    assert page.title.get_text().startswith('Pompeo says talks move "quite rapidly"')


def test_claim_follows_the_html_contract(newsroom: Path):
    site = build_site(newsroom)
    page = site.page("reports/2018/rapid/")
    claim = page.select_one("#claim-rapid")
    assert "claim" in claim["class"]
    assert claim["data-claim"] == "rapid"
    assert claim["data-speaker"] == "mike-pompeo"
    assert claim["data-stance"] == "affirms"
    assert claim["data-proposition"] == "talks-progress"
    speaker = claim.select_one("a.claim-speaker")
    assert speaker.get_text() == "Mike Pompeo"
    assert site.resolve("reports/2018/rapid/", speaker["href"]) == ("speakers/mike-pompeo/", "")
    proposition = claim.select_one("a.claim-proposition")
    assert proposition.get_text() == "US–North Korea talks are making substantial progress."
    assert site.resolve("reports/2018/rapid/", proposition["href"]) == (
        "propositions/talks-progress/",
        "",
    )
    assert "They are moving quite rapidly" in claim.select_one(".claim-body").get_text()
    assert claim.select_one(".claim-note").get_text() == "at a press briefing"
    assert "U.S. Secretary of State" in claim.select_one(".claim-title").get_text()


def test_speaker_only_claim_has_no_stance_attributes(tmp_path: Path):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": "victor-cha:\n  name: Victor Cha\n",
            "content/r.md": """
                ---
                title: R
                date: 2020-01-01
                ---

                /// claim | victor-cha

                Something was said.
                ///
                """,
        },
    )
    site = build_site(tmp_path)
    claim = site.page("reports/r/").select_one(".claim")
    assert claim["data-speaker"] == "victor-cha"
    assert not claim.has_attr("data-stance")
    assert not claim.has_attr("data-proposition")
    assert claim.select_one("a.claim-proposition") is None


def test_quote_and_mention(newsroom: Path):
    site = build_site(newsroom)
    page = site.page("reports/2018/rapid/")
    quote = page.select_one("blockquote.speaker-quote")
    assert quote["data-speaker"] == "victor-cha"
    assert "first base" in quote.get_text()
    mention = page.select_one("a.speaker-mention")
    assert mention["data-speaker"] == "mike-pompeo"
    assert mention.get_text() == "Pompeo"
    assert site.resolve("reports/2018/rapid/", mention["href"]) == ("speakers/mike-pompeo/", "")


def test_contradictions_link_both_ways_across_reports(newsroom: Path):
    site = build_site(newsroom)
    rapid = site.page("reports/2018/rapid/").select_one("#claim-rapid")
    links = rapid.select(".claim-contradictions a")
    targets = [site.resolve("reports/2018/rapid/", a["href"]) for a in links]
    assert targets == [("reports/2018/summit/", "claim-long-haul")]
    assert "Second summit agreed" in links[0].get_text()
    item = links[0].find_parent("li").get_text()
    assert "Victor Cha" in item and "denies" in item and "Other Wire" in item
    assert "2018-10-07" in item

    back = site.page("reports/2018/summit/").select_one("#claim-long-haul")
    back_targets = [
        site.resolve("reports/2018/summit/", a["href"])
        for a in back.select(".claim-contradictions a.claim-contradiction")
    ]
    assert back_targets == [("reports/2018/rapid/", "claim-rapid")]


def test_same_report_opposition_goes_to_disputes(newsroom: Path):
    site = build_site(newsroom)
    page = site.page("reports/2018/rapid/")
    rapid = page.select_one("#claim-rapid")
    disputes = rapid.select(".claim-disputes a")
    hrefs = [site.resolve("reports/2018/rapid/", a["href"]) for a in disputes]
    assert ("reports/2018/rapid/", "claim-little-progress") in hrefs
    # A claim of the same report is never listed as a contradicting report.
    contradiction_targets = [
        site.resolve("reports/2018/rapid/", a["href"])[0]
        for a in rapid.select(".claim-contradictions a")
    ]
    assert "reports/2018/rapid/" not in contradiction_targets


def test_contradictions_are_capped_newest_first_with_more_link(tmp_path: Path):
    files = {
        "mkdocs.yml": make_config({"max_contradictions": 2}),
        "content/speakers.yml": "a:\n  name: A\nb:\n  name: B\n",
        "content/propositions.yml": "p:\n  statement: P holds.\n",
        "content/claim.md": """
            ---
            title: The claim
            date: 2020-01-01
            ---

            /// claim | a affirms p
                id: x

            P.
            ///
            """,
    }
    for day in range(1, 6):
        files[f"content/deny-{day}.md"] = f"""
            ---
            title: Denial {day}
            date: 2020-02-0{day}
            ---

            /// claim | b denies p
                id: no

            Not P.
            ///
            """
    write(tmp_path, files)
    site = build_site(tmp_path)
    claim = site.page("reports/claim/").select_one("#claim-x")
    shown = [a.cite.get_text() for a in claim.select(".claim-contradictions a.claim-contradiction")]
    assert shown == ["Denial 5", "Denial 4"]
    # one link per contradicting claim, plus the "more" link: nothing else
    assert len(claim.select(".claim-contradictions a")) == 3
    more = claim.select_one("a.claim-more")
    assert more.get_text() == "and 3 more"
    assert site.resolve("reports/claim/", more["href"]) == ("propositions/p/", "")


def test_json_ld_is_valid_and_cannot_break_out(tmp_path: Path):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": "a:\n  name: A </script><!-- x\n",
            "content/r.md": """
                ---
                title: "</script><script>alert(1)</script>"
                date: 2020-01-01
                ---

                /// claim | a

                It said `</script>` & <!-- too.
                ///
                """,
        },
    )
    site = build_site(tmp_path)
    page = site.page("reports/r/")
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    raw = scripts[0].string
    assert "</" not in raw and "<!--" not in raw
    data = json.loads(raw)
    claim = data["@graph"][0]
    assert claim["@type"] == "Claim"
    assert claim["author"]["name"] == "A </script><!-- x"
    assert "</script>" in claim["text"]
    assert claim["appearance"]["headline"] == "</script><script>alert(1)</script>"
    assert claim["datePublished"] == "2020-01-01"
    # the title is text in the page, never markup
    code = [s for s in page.select("script") if s.get("type") != "application/ld+json"]
    assert not [s for s in code if "alert(1)" in s.get_text()]
    assert page.title.get_text().startswith("</script><script>alert(1)</script>")


def test_claims_json(newsroom: Path):
    site = build_site(newsroom)
    data = site.json()
    assert {s["id"] for s in data["speakers"]} == {
        "mike-pompeo",
        "washington-post",
        "victor-cha",
        "김여정",
    }
    assert {p["id"] for p in data["propositions"]} == {"talks-progress", "sanctions-stay"}
    claims = {c["url"]: c for c in data["claims"]}
    rapid = claims["reports/2018/rapid/#claim-rapid"]
    assert rapid["id"] == "rapid"
    assert rapid["speaker"] == "mike-pompeo"
    assert rapid["stance"] == "affirms"
    assert rapid["proposition"] == "talks-progress"
    assert rapid["text"] == '"They are moving quite rapidly," he said.'
    assert rapid["date"] == "2018-06-11"
    assert rapid["note"] == "at a press briefing"
    assert rapid["via"] is None
    assert rapid["report"] == "reports/2018/rapid/"
    reports = {report["url"]: report for report in data["reports"]}
    assert reports["reports/2018/rapid/"] == {
        "url": "reports/2018/rapid/",
        "path": "content/2018/rapid.md",
        "title": 'Pompeo says talks move "quite rapidly"',
        "date": "2018-06-11",
        "outlet": "Example Wire",
        "author": "A. Writer",
        "source": "https://example.org/rapid",
        "original_headline": None,
        "summary": None,
    }
    (talks,) = [p for p in data["propositions"] if p["id"] == "talks-progress"]
    assert talks["affirming"] == [
        "reports/2018/rapid/#claim-rapid",
        "reports/2018/summit/#claim-김여정-talks-progress",
    ]
    assert talks["denying"] == [
        "reports/2018/rapid/#claim-little-progress",
        "reports/2018/summit/#claim-long-haul",
    ]
    assert [q["url"] for q in data["quotes"]] == ["reports/2018/rapid/#quote-victor-cha"]
    # every url is a real anchor of the site
    for url in [*claims, *(q["url"] for q in data["quotes"])]:
        page, anchor = url.split("#")
        assert site.page(page).find(id=anchor) is not None


def test_unicode_ids_give_working_pages_and_anchors(newsroom: Path):
    site = build_site(newsroom)
    assert site.exists("speakers/김여정/")
    claim = site.page("reports/2018/summit/").select_one(".claim[data-speaker='김여정']")
    link = claim.select_one("a.claim-speaker")
    target = site.resolve("reports/2018/summit/", link["href"])
    assert target == ("speakers/김여정/", "")
    assert site.page("speakers/김여정/").h1.get_text().startswith("Kim Yo Jong")


def test_every_internal_link_and_anchor_resolves(newsroom: Path):
    site = build_site(newsroom)
    check_links(site)


def check_links(site) -> int:
    checked = 0
    for path in site.html_files():
        url = site.url_of(path)
        page = site.page(url)
        for a in page.select("main a[href]"):
            resolved = site.resolve(url, a["href"])
            if resolved is None:
                continue
            target, fragment = resolved
            assert site.exists(target), f"{url}: broken link {a['href']}"
            if fragment:
                assert site.page(target).find(id=fragment) is not None, (
                    f"{url}: missing anchor {a['href']}"
                )
            checked += 1
    assert checked > 0
    return checked


def test_links_resolve_without_directory_urls(newsroom: Path):
    config = (newsroom / "mkdocs.yml").read_text() + "use_directory_urls: false\n"
    (newsroom / "mkdocs.yml").write_text(config)
    site = build_site(newsroom)
    assert site.exists("reports/2018/rapid.html")
    assert site.exists("speakers/김여정.html")
    check_links(site)
    assert site.json()["claims"][0]["url"].startswith("reports/2018/rapid.html#claim-")


def test_two_builds_are_byte_identical(newsroom: Path, tmp_path_factory):
    first = build_site(newsroom, site_dir=str(tmp_path_factory.mktemp("one")))
    second = build_site(newsroom, site_dir=str(tmp_path_factory.mktemp("two")))
    names = sorted(p.relative_to(first.site_dir) for p in first.site_dir.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(second.site_dir) for p in second.site_dir.rglob("*") if p.is_file()
    )
    for name in names:
        if name.name == "sitemap.xml.gz":
            continue  # gzip header holds a timestamp
        assert (first.site_dir / name).read_bytes() == (second.site_dir / name).read_bytes(), name


def test_warning_has_path_and_line_and_fails_strict(
    newsroom: Path, caplog: pytest.LogCaptureFixture
):
    write(
        newsroom,
        {
            "content/2018/typo.md": """
                ---
                title: Typo
                date: 2018-06-12
                ---

                Intro.

                /// claim | pompeo affirms talks-progress

                Text.
                ///
                """
        },
    )
    site = build_site(newsroom, caplog)
    assert site.warnings == [
        "content/2018/typo.md:8: unknown speaker 'pompeo' (did you mean 'mike-pompeo'?)"
    ]
    # the callout is still on the page, with its text
    claim = site.page("reports/2018/typo/").select_one(".claim")
    assert "Text." in claim.get_text()
    with pytest.raises(Abort):
        build_site(newsroom, strict=True)


def test_navigation_lists_indexes_and_newest_reports_only(newsroom: Path):
    config = (newsroom / "mkdocs.yml").read_text().replace("claims: {}", "claims: {nav_reports: 1}")
    (newsroom / "mkdocs.yml").write_text(config)
    site = build_site(newsroom)
    nav = site.page("").select_one("nav.md-nav--primary")
    labels = [" ".join(a.get_text().split()) for a in nav.select("a.md-nav__link")]
    assert "Second summit agreed" in labels  # the newest report
    assert 'Pompeo says talks move "quite rapidly"' not in labels
    assert "Speakers" in labels and "Propositions" in labels
    assert "Mike Pompeo" not in labels
    hrefs = {site.resolve("", a["href"])[0] for a in nav.select("a[href]")}
    assert {"reports/", "speakers/", "propositions/"} <= hrefs


def test_indexes_list_everything(newsroom: Path):
    site = build_site(newsroom)
    reports = site.page("reports/").select("a.report-link")
    assert [a.get_text() for a in reports] == [
        "Second summit agreed",
        'Pompeo says talks move "quite rapidly"',
    ]
    rows = site.page("speakers/").select("tbody tr")
    names = [row.select_one("a").get_text() for row in rows]
    assert names == ["Kim Yo Jong", "Mike Pompeo", "The Washington Post", "Victor Cha"]
    cha = site.page("speakers/").select_one("tr[data-speaker='victor-cha']")
    assert cha.select_one(".count-claims").get_text() == "1"
    assert cha.select_one(".count-quotes").get_text() == "1"
    assert cha.select_one(".count-reports").get_text() == "2"
    props = site.page("propositions/").select_one("tr[data-proposition='talks-progress']")
    assert props.select_one(".count-for").get_text() == "2"
    assert props.select_one(".count-against").get_text() == "2"


def test_speaker_page(newsroom: Path):
    site = build_site(newsroom)
    page = site.page("speakers/victor-cha/")
    refs = page.select("a.claim-ref")
    assert [site.resolve("speakers/victor-cha/", a["href"]) for a in refs] == [
        ("reports/2018/summit/", "claim-long-haul")
    ]
    assert "first base" in page.select_one(".speaker-quote-item").get_text()
    assert page.select_one(".speaker-role").get_text() == "Korea scholar"


def test_proposition_page_sets_sides_in_date_order(newsroom: Path):
    site = build_site(newsroom)
    page = site.page("propositions/talks-progress/")
    affirming = page.select(".proposition-side--affirms a.claim-ref")
    denying = page.select(".proposition-side--denies a.claim-ref")
    url = "propositions/talks-progress/"
    assert [site.resolve(url, a["href"])[1] for a in affirming] == [
        "claim-rapid",
        "claim-김여정-talks-progress",
    ]
    assert [site.resolve(url, a["href"])[1] for a in denying] == [
        "claim-little-progress",
        "claim-long-haul",
    ]
