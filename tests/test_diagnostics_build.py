"""What a writer sees after a mistake: a `path:line:` warning, and the text still on the page."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site, make_config, write

HEAD = "---\ntitle: R\ndate: 2018-06-11\n---\n\n"


def build_report(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, body: str, plugin: dict | None = None
):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(plugin),
            "content/speakers.yml": (
                "mike-pompeo:\n  name: Mike Pompeo\nwashington-post:\n  name: WaPo\n"
            ),
            "content/propositions.yml": "talks-progress:\n  statement: Talks progress.\n",
        },
    )
    (tmp_path / "content/2018").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content/2018/r.md").write_text(HEAD + body, encoding="utf-8")
    site = build_site(tmp_path, caplog)
    return site, site.page("reports/2018/r/")


def test_unknown_option_still_renders_the_callout(tmp_path, caplog):
    site, page = build_report(
        tmp_path,
        caplog,
        "/// claim | mike-pompeo affirms talks-progress\n"
        "    stnace: denies\n    id: rapid\n\nMoving quite rapidly.\n///\n",
    )
    assert len(site.warnings) == 1
    assert site.warnings[0].startswith("content/2018/r.md:7: unknown option 'stnace'")
    claim = page.select_one("#claim-rapid")
    assert claim is not None and "Moving quite rapidly." in claim.get_text()
    assert claim["data-stance"] == "affirms"


def test_malformed_option_yaml_keeps_the_text(tmp_path, caplog):
    site, page = build_report(
        tmp_path,
        caplog,
        '/// claim | mike-pompeo\n    note: he said: "yes"\n\nThe body.\n///\n',
    )
    assert [w.split(":", 2)[:2] for w in site.warnings] == [["content/2018/r.md", "7"]]
    assert "not valid YAML" in site.warnings[0]
    claim = page.select_one(".claim")
    text = claim.get_text()
    assert "The body." in text and 'he said: "yes"' in text


def test_unindented_options_are_reported_and_applied(tmp_path, caplog):
    site, page = build_report(
        tmp_path,
        caplog,
        "/// claim | mike-pompeo affirms talks-progress\nid: rapid\nnote: in June\n\n"
        "Moving quite rapidly.\n///\n",
    )
    assert len(site.warnings) == 1
    assert site.warnings[0].startswith("content/2018/r.md:7: options of the claim block must be")
    claim = page.select_one("#claim-rapid")
    assert claim.select_one(".claim-note").get_text() == "in June"
    assert "id: rapid" not in claim.get_text()
    assert "Moving quite rapidly." in claim.get_text()


def test_bad_stance_keeps_the_callout(tmp_path, caplog):
    site, page = build_report(
        tmp_path, caplog, "/// claim | mike-pompeo says talks-progress\n\nText here.\n///\n"
    )
    assert site.warnings == [
        "content/2018/r.md:6: stance 'says' is neither 'affirms' nor 'denies'; "
        "the claim is shown without a stance"
    ]
    assert "Text here." in page.select_one(".claim").get_text()


def test_unclosed_block_is_reported(tmp_path, caplog):
    site, page = build_report(
        tmp_path, caplog, "Intro.\n\n/// claim | mike-pompeo\n\nNever closed.\n"
    )
    assert [w for w in site.warnings if "never closed" in w] == [
        "content/2018/r.md:8: the claim block opened here is never closed: "
        "add a line '///' after its text"
    ]
    assert "Never closed." in page.select_one(".claim").get_text()


def test_front_matter_that_does_not_parse_keeps_the_report(tmp_path, caplog):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": "mike-pompeo:\n  name: Mike Pompeo\n",
            "content/2018/bad.md": (
                "---\ntitle: Pompeo: talks are rapid\ndate: 2018-06-11\n---\n\n"
                "First paragraph.\n\n/// claim | mike-pompeo\n\nRapid.\n///\n"
            ),
        },
    )
    site = build_site(tmp_path, caplog)
    assert any(
        w.startswith("content/2018/bad.md:2: front matter is not valid YAML") for w in site.warnings
    )
    page = site.page("reports/2018/bad/")
    content = page.select_one("article")
    assert "First paragraph." in content.get_text()
    assert "date: 2018-06-11" not in content.get_text()
    assert "Rapid." in content.select_one(".claim").get_text()


def test_every_warning_fails_strict(tmp_path, caplog):
    build_report(tmp_path, caplog, "/// claim | nobody\n\nText.\n///\n")
    with pytest.raises(Abort):
        build_site(tmp_path, strict=True)


def test_validation_option_lowers_severity(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    site, _ = build_report(
        tmp_path,
        caplog,
        "/// claim | nobody\n\nText.\n///\n",
        plugin={"validation": {"unknown_speaker": "info"}},
    )
    assert site.warnings == []
    infos = [r.getMessage() for r in site.records if r.levelname == "INFO"]
    assert "content/2018/r.md:6: unknown speaker 'nobody'" in infos
    build_site(tmp_path, strict=True)  # no warning left: strict passes


def test_not_utf8_file_is_reported_and_shown(tmp_path, caplog):
    write(tmp_path, {"mkdocs.yml": make_config()})
    (tmp_path / "content").mkdir()
    (tmp_path / "content/latin.md").write_bytes(
        b"---\ntitle: Latin\ndate: 2018-06-11\n---\n\nCaf\xe9 society.\n"
    )
    site = build_site(tmp_path, caplog)
    assert [w.split(":")[:2] for w in site.warnings] == [["content/latin.md", "6"]]
    assert "not UTF-8" in site.warnings[0]
    assert "Caf\ufffd society." in site.page("reports/latin/").select_one("article").get_text()


def test_claim_in_fenced_code_is_not_a_claim(tmp_path, caplog):
    site, page = build_report(
        tmp_path, caplog, "```markdown\n/// claim | nobody\nText.\n///\n```\n"
    )
    assert site.warnings == []
    assert page.select(".claim") == []
    assert "/// claim | nobody" in page.select_one("pre").get_text()


def test_claims_nest_in_lists_and_blocks(tmp_path, caplog):
    site, page = build_report(
        tmp_path,
        caplog,
        "- First point.\n\n"
        "    /// claim | mike-pompeo affirms talks-progress\n        id: in-list\n\n"
        "    Rapid.\n    ///\n\n"
        "/// details | More\n\n/// claim | washington-post denies talks-progress\n"
        "    id: in-details\n\nSlow.\n///\n\n///\n",
    )
    assert site.warnings == []
    assert page.select_one("li #claim-in-list") is not None
    assert page.select_one("details #claim-in-details") is not None
    disputes = page.select_one("#claim-in-list").select(".claim-disputes a")
    assert [a["href"] for a in disputes] == ["./#claim-in-details"]


def test_header_glued_to_a_list_item_is_reported(tmp_path, caplog):
    site, page = build_report(
        tmp_path, caplog, "- item\n    /// claim | mike-pompeo\n\n    Text.\n    ///\n"
    )
    assert site.warnings == [
        "content/2018/r.md:7: this claim header continues the paragraph above it, "
        "so it is shown as text: put a blank line before it"
    ]
    assert "Text." in page.select_one("article").get_text()
