"""Real builds: speaker and proposition pages that show what was said, the
timeline, report headers, index tables, labels and overrides."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import REPO, Site, build_site, make_config, write
from test_dirty import pages, run

LONG = " ".join(f"word{i}" for i in range(80))


def add_report(root: Path, name: str, text: str) -> None:
    write(root, {f"content/{name}": text})


def statements(site: Site, url: str, selector: str) -> list[tuple[str, str]]:
    """(anchor, words) of each statement matched by ``selector`` on a page."""
    found = []
    for item in site.page(url).select(selector):
        ref = item.select_one("a.claim-ref, a.quote-ref")
        target = site.resolve(url, ref["href"])
        words = item.select_one(".claim-words")
        found.append((target[1], words.get_text() if words else ""))
    return found


def anchor_exists(site: Site, page_url: str, href: str) -> bool:
    target, fragment = site.resolve(page_url, href)
    return site.exists(target) and site.page(target).find(id=fragment) is not None


def test_speaker_page_shows_each_claim_and_quote_with_its_words(newsroom: Path):
    site = build_site(newsroom)
    url = "speakers/victor-cha/"
    page = site.page(url)
    assert statements(site, url, "section.speaker-claims li.statement") == [
        ("claim-long-haul", "It is going to be a long haul.")
    ]
    quotes = page.select("a.quote-ref")
    assert len(quotes) == 1
    assert site.resolve(url, quotes[0]["href"]) == ("reports/2018/rapid/", "quote-victor-cha")
    assert anchor_exists(site, url, quotes[0]["href"])
    # The quote as the writer wrote it: no quotation marks added around it.
    item = page.select_one(".speaker-quote-item")
    assert item.find("q") is None
    assert item.select_one(".claim-words").get_text() == "They can't even get past first base."


def test_claims_are_grouped_by_proposition_and_the_rest_is_other_statements(newsroom: Path):
    add_report(
        newsroom,
        "2018/more.md",
        """
        ---
        title: More
        date: 2018-11-01
        ---

        /// claim | victor-cha

        An aside without a proposition.
        ///
        """,
    )
    site = build_site(newsroom)
    page = site.page("speakers/victor-cha/")
    sections = page.select("section.speaker-claims")
    assert [s.get("data-proposition") for s in sections] == ["talks-progress", None]
    assert sections[0].h3.get_text() == "US–North Korea talks are making substantial progress."
    assert sections[1].h3.get_text() == "Other statements"
    headings = [h.get_text() for h in page.select("h2, h3")]
    assert headings.count("Claims") == 1
    assert [a["data-claim"] for a in page.select("a.claim-ref")] == [
        "long-haul",
        "victor-cha",
    ]


def test_long_words_are_shortened_with_a_link_to_the_whole(newsroom: Path):
    add_report(
        newsroom,
        "2018/long.md",
        f"""
        ---
        title: Long
        date: 2018-11-01
        ---

        /// claim | mike-pompeo denies talks-progress
            id: long

        {LONG}
        ///

        /// quote | mike-pompeo
            id: long-quote

        {LONG}
        ///
        """,
    )
    site = build_site(newsroom)
    for url in ("speakers/mike-pompeo/", "propositions/talks-progress/"):
        item = site.page(url).select_one("li.statement[data-claim='long']")
        words = item.select_one(".claim-words")
        more = words.select_one("a.claim-words-more")
        assert site.resolve(url, more["href"]) == ("reports/2018/long/", "claim-long")
        shown = words.get_text().replace(more.get_text(), "").split()
        assert shown == [*LONG.split()[:49], "word49…"]
        assert more.get_text() == "read in full"
        # what the hover preview needs to show the claim
        assert (more["data-claim"], more["data-report"]) == ("long", "2018/long")
    # a quote's link to its whole words carries data-quote, like its a.quote-ref
    url = "speakers/mike-pompeo/"
    item = site.page(url).select_one("li.speaker-quote-item[data-quote='long-quote']")
    more = item.select_one(".claim-words a.claim-words-more")
    assert site.resolve(url, more["href"]) == ("reports/2018/long/", "quote-long-quote")
    assert (more["data-quote"], more["data-report"]) == ("long-quote", "2018/long")
    assert not more.has_attr("data-claim")
    ref = item.select_one("a.quote-ref")
    assert (ref["data-quote"], ref["data-report"]) == ("long-quote", "2018/long")


def test_reversal_is_flagged_for_a_person_but_never_for_an_anonymous_group(tmp_path: Path):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": """
                mike-pompeo:
                  name: Mike Pompeo
                officials:
                  name: South Korean officials
                  kind: anonymous
                """,
            "content/propositions.yml": "p:\n  statement: Talks progress.\n",
            "content/a.md": """
                ---
                title: A
                date: 2018-06-11
                ---

                /// claim | mike-pompeo affirms p
                Yes.
                ///

                /// claim | officials affirms p
                Yes.
                ///
                """,
            "content/b.md": """
                ---
                title: B
                date: 2018-10-07
                ---

                /// claim | mike-pompeo denies p
                No.
                ///

                /// claim | officials denies p
                No.
                ///
                """,
        },
    )
    site = build_site(tmp_path)
    flags = site.page("speakers/mike-pompeo/").select(".speaker-reversal")
    assert [f["data-proposition"] for f in flags] == ["p"]
    assert site.page("speakers/officials/").select(".speaker-reversal") == []


def test_proposition_page_sets_both_sides_with_words_and_a_timeline(newsroom: Path):
    site = build_site(newsroom)
    url = "propositions/talks-progress/"
    page = site.page(url)
    assert statements(site, url, ".proposition-side--affirms li.statement") == [
        ("claim-rapid", '"They are moving quite rapidly," he said.'),
        ("claim-김여정-talks-progress", "Significant progress."),
    ]
    assert statements(site, url, ".proposition-side--denies li.statement") == [
        ("claim-little-progress", "The talks have made little progress."),
        ("claim-long-haul", "It is going to be a long haul."),
    ]
    timeline = page.select_one(".proposition-timeline")
    marks = timeline.select("a[data-stance]")
    claims = site.json()["claims"]
    on_page = [c for c in claims if c["proposition"] == "talks-progress"]
    assert len(marks) == len(on_page) == len(timeline.select("a[href*='#claim-']"))
    for mark in marks:
        target, fragment = site.resolve(url, mark["href"])
        record = next(c for c in on_page if c["url"] == f"{target}#{fragment}")
        assert mark["data-stance"] == record["stance"]
        assert mark["data-date"] == record["date"]
        assert anchor_exists(site, url, mark["href"])
        assert mark.get_text().strip()  # a name for screen readers
    rows = timeline.select("li.timeline-row")
    assert [row["data-speaker"] for row in rows] == [
        "mike-pompeo",
        "washington-post",
        "victor-cha",
        "김여정",
    ]
    ticks = [t.get_text() for t in timeline.select(".timeline-tick--edge")]
    assert ticks == ["2018-06-11", "2018-10-07"]


def test_report_header_lists_quoted_speakers_apart_from_mentioned_ones(newsroom: Path):
    site = build_site(newsroom)
    header = site.page("reports/2018/rapid/").select_one("header.report-header")
    quoted = [a["data-speaker"] for a in header.select(".report-speakers a")]
    assert quoted == ["mike-pompeo", "washington-post", "victor-cha"]
    assert header.select_one(".report-mentioned") is None  # Pompeo is quoted too
    add_report(
        newsroom,
        "2018/mentions.md",
        """
        ---
        title: Mentions
        date: 2018-11-01
        ---

        [Pompeo](@mike-pompeo) met [Kim](@김여정).

        /// claim | victor-cha
            via: washington-post

        A remark.
        ///
        """,
    )
    site = build_site(newsroom)
    header = site.page("reports/2018/mentions/").select_one("header.report-header")
    assert [a["data-speaker"] for a in header.select(".report-speakers a")] == ["victor-cha"]
    assert [a["data-speaker"] for a in header.select(".report-mentioned a")] == [
        "washington-post",
        "mike-pompeo",
        "김여정",
    ]
    assert "Also mentioned" in header.select_one(".report-mentioned").get_text()


def test_index_tables_have_separate_headers_and_are_sortable(newsroom: Path):
    site = build_site(newsroom)
    expected = {
        "reports/": ["Title", "Date", "Claims"],
        "speakers/": ["Name", "Claims", "Quotes", "Reports"],
        "propositions/": ["Statement", "For", "Against", "Latest"],
    }
    for url, headers in expected.items():
        table = site.page(url).select_one("table.claims-table")
        assert table.has_attr("data-sortable")
        assert [th.get_text() for th in table.select("thead th")] == headers
    row = site.page("propositions/").select_one("tr[data-proposition='talks-progress']")
    assert row.select_one(".col-date time")["datetime"] == "2018-10-07"
    cha = site.page("speakers/").select_one("tr[data-speaker='victor-cha']")
    assert cha.select_one(".speaker-role").get_text() == "Korea scholar"


def test_generated_pages_hide_the_empty_table_of_contents(newsroom: Path):
    site = build_site(newsroom)
    for url in ("speakers/mike-pompeo/", "propositions/talks-progress/", "speakers/"):
        assert site.page(url).select_one(".md-sidebar--secondary[hidden]") is not None, url


def test_new_labels_translate_the_new_texts(newsroom: Path):
    labels = {
        "other_statements": "기타 발언",
        "timeline": "누가 언제 무엇을 말했나",
        "quoted_in_report": "인용된 발언자",
        "read_more": "전문 보기",
        "feed": "아톰 피드",
    }
    config = newsroom / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "claims: {}",
            f"claims: {{feeds: true, labels: {json.dumps(labels, ensure_ascii=False)}}}",
        )
    )
    site = build_site(newsroom)
    proposition = site.page("propositions/talks-progress/")
    assert proposition.select_one(".timeline-title").get_text() == "누가 언제 무엇을 말했나"
    assert proposition.select_one("a.claims-feed-link").get_text() == "아톰 피드"
    report = site.page("reports/2018/rapid/")
    assert "인용된 발언자" in report.select_one(".report-speakers").get_text()


def test_the_timeline_template_can_be_overridden(newsroom: Path):
    config = newsroom / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("name: material", "name: material\n  custom_dir: overrides")
    )
    write(
        newsroom,
        {
            "overrides/claims/timeline.html": (
                '<p class="house-timeline">{{ timeline.marks }} claims</p>\n'
            )
        },
    )
    site = build_site(newsroom)
    page = site.page("propositions/talks-progress/")
    assert page.select_one(".house-timeline").get_text() == "4 claims"
    assert page.select_one(".proposition-timeline") is None


def test_plain_mkdocs_theme_shows_statements_and_timeline(newsroom: Path):
    config = newsroom / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: mkdocs"))
    site = build_site(newsroom)
    page = site.page("propositions/talks-progress/")
    assert len(page.select(".proposition-timeline a.timeline-mark")) == 4
    assert len(page.select("li.statement .claim-words")) == 4


def test_dirty_build_shows_edited_words_on_speaker_and_proposition_pages(
    newsroom: Path, tmp_path: Path
):
    dirty_site, clean_site = tmp_path / "dirty", tmp_path / "clean"
    run(newsroom, dirty_site, dirty=False)
    report = newsroom / "content/2018/summit.md"
    report.write_text(report.read_text().replace("long haul", "very long haul"))
    run(newsroom, dirty_site, dirty=True)
    run(newsroom, clean_site, dirty=False)
    assert pages(dirty_site) == pages(clean_site)
    text = (dirty_site / "speakers/victor-cha/index.html").read_text()
    assert "very long haul" in text


def test_the_readme_example_builds_cleanly(tmp_path: Path, caplog):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(\w+)\n(.*?)```", readme, flags=re.S)
    config = next(text for lang, text in blocks if lang == "yaml" and "plugins:" in text)
    speakers = next(text for lang, text in blocks if "# content/speakers.yml" in text)
    propositions = next(text for lang, text in blocks if "# content/propositions.yml" in text)
    report = next(text for lang, text in blocks if lang == "markdown" and "title:" in text)
    config = config.replace("https://news.example.org/", "")  # no network address in a test
    (tmp_path / "content/2018").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(config)
    (tmp_path / "content/speakers.yml").write_text(speakers)
    (tmp_path / "content/propositions.yml").write_text(propositions)
    (tmp_path / "content/2018/pompeo.md").write_text(report)
    site = build_site(tmp_path, caplog)
    assert site.warnings == []
    claim = site.page("reports/2018/pompeo/").select_one("#claim-rapid")
    assert claim.select_one(".claim-disputes a.claim-dispute") is not None
    assert (site.site_dir / "speakers/mike-pompeo/feed.xml").is_file()


def test_the_newsroom_comes_first_in_the_navigation(newsroom: Path):
    write(newsroom, {"docs/guide.md": "# Writer's guide\n", "docs/about.md": "# About\n"})
    site = build_site(newsroom)
    nav = site.page("").select_one("nav.md-nav--primary > ul")
    top = [
        " ".join(item.find(["a", "label"]).get_text().split())
        for item in nav.find_all("li", recursive=False)
    ]
    assert top[:4] == ["Home", "Reports", "Speakers", "Propositions"]
    assert top[4:] == ["About", "Writer's guide"]
