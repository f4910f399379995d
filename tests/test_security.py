"""Hostile values in every field: escaped everywhere, nothing runs, nothing escapes the site."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest
import yaml
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, serve
from conftest import Site, build_site, make_config, write

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "'><svg onload='window.__xss=1'>",
    "</title><script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script><!--",
    "javascript:window.__xss=1",
    "{{ 7*7 }}{% raw %}",
    "<a href=javascript:window.__xss=1>x</a>",
]
JOINED = " ".join(PAYLOADS)


def quoted(value: str) -> str:
    return json.dumps(value)  # a YAML-safe double-quoted scalar


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("hostile")
    speakers = {
        "evil": {
            "name": JOINED,
            "role": JOINED,
            "description": JOINED,
            "native_name": PAYLOADS[1],
            "aliases": PAYLOADS,
            "url": "javascript:window.__xss=1",
            "kind": "outlet",
        },
        "plain": {"name": "Plain Speaker"},
        "../../escape": {"name": "path"},
        PAYLOADS[0]: {"name": "bad id"},
    }
    propositions = {"evil-prop": {"statement": JOINED, "description": JOINED}}
    front = {
        "title": JOINED,
        "date": "2020-01-01",
        "outlet": JOINED,
        "author": JOINED,
        "summary": JOINED,
        "original_headline": JOINED,
        "source": "javascript:window.__xss=1",
        "description": JOINED,
        "speakers": {"local-evil": {"name": JOINED, "role": JOINED}},
    }
    body = f"""
A mention [of evil](@evil) and [x](@{PAYLOADS[0]}).

/// claim | evil affirms evil-prop
    id: first
    note: {quoted(JOINED)}
    via: local-evil

The claim text.
///

/// claim | plain denies evil-prop
    id: {quoted(PAYLOADS[1])}
    via: {quoted(PAYLOADS[2])}

Disputing it.
///

/// claim | {PAYLOADS[1]} affirms {PAYLOADS[2]}

Header with hostile words.
///

/// quote | local-evil

Quoted.
///
"""
    other = """
/// claim | plain denies evil-prop
    id: other
    note: "ok"

Other report.
///
"""
    write(
        root,
        {
            "mkdocs.yml": make_config({"export_json": "../outside.json"}, site_url=""),
            "docs/index.md": "# Home\n",
            "content/speakers.yml": yaml.safe_dump(speakers, allow_unicode=True),
            "content/propositions.yml": yaml.safe_dump(propositions, allow_unicode=True),
        },
    )
    (root / "content/2020").mkdir(parents=True)
    (root / "content/2020/evil.md").write_text(
        "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body, encoding="utf-8"
    )
    (root / "content/2020/other.md").write_text(
        f"---\ntitle: {quoted(PAYLOADS[3])}\ndate: 2020-02-01\noutlet: {quoted(PAYLOADS[4])}\n"
        f"---\n{other}",
        encoding="utf-8",
    )
    (root / 'content/2020/a "b" <c> #d.md').write_text(
        "---\ntitle: Odd file name\ndate: 2020-03-01\n---\n\n/// claim | plain denies evil-prop\n"
        "\nOdd.\n///\n",
        encoding="utf-8",
    )
    handler = Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        site = build_site(root)
    finally:
        logger.removeHandler(handler)
    site.records = handler.records
    return site


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def our_content(site: Site) -> Iterator[tuple[str, object]]:
    for path in site.html_files():
        url = site.url_of(path)
        yield url, site.page(url)


def test_no_markup_from_content_reaches_the_html(hostile: Site):
    checked = 0
    for url, page in our_content(hostile):
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                assert not name.startswith("on"), f"{url}: {element.name}[{name}]"
                if name in ("href", "src"):
                    assert not str(value).strip().lower().startswith("javascript:"), url
        for script in page.find_all("script"):
            assert "__xss" not in (script.string or "") or script.get("type") == (
                "application/ld+json"
            ), url
        assert page.find("svg", attrs={"onload": True}) is None
        checked += 1
    assert checked > 5


def test_payloads_are_shown_as_text(hostile: Site):
    page = hostile.page("reports/2020/evil/")
    assert page.select_one(".report-header h1").get_text() == JOINED
    assert page.title.get_text().startswith(JOINED)
    claim = page.select_one("#claim-first")
    assert claim.select_one(".claim-note").get_text() == JOINED
    assert claim.select_one("a.claim-speaker").get_text() == JOINED
    assert claim.select_one("a.claim-proposition").get_text() == JOINED
    assert page.select_one(".report-source") is None  # javascript: is never a link
    speaker = hostile.page("speakers/evil/")
    assert speaker.select_one(".speaker-url") is None
    assert speaker.h1.get_text().startswith(JOINED)
    nav = hostile.page("").select_one("nav.md-nav--primary").get_text()
    assert PAYLOADS[3] in nav  # the other report's title, as text in the navigation


def test_json_is_valid_and_cannot_close_a_script(hostile: Site):
    raw = [
        script.string
        for _, page in our_content(hostile)
        for script in page.select('script[type="application/ld+json"]')
    ]
    assert raw
    for text in raw:
        assert "</" not in text and "<!--" not in text
        json.loads(text)
    assert not (hostile.root / "outside.json").exists()
    assert not (hostile.site_dir / "claims.json").exists()


def test_nothing_is_written_outside_the_site(hostile: Site):
    outside = {
        p.relative_to(hostile.root).as_posix()
        for p in hostile.root.rglob("*")
        if p.is_file() and hostile.site_dir not in p.parents
    }
    # Besides the sources, only the --dirty build state and the parse cache,
    # in the documented place, under names made from the site directory and
    # the content folder's path (nothing from content).
    others = {p for p in outside if not p.startswith(("content/", "docs/"))}
    state = {p for p in others if re.fullmatch(r"\.cache/mkdocs-claims/[0-9a-f]{16}\.json", p)}
    parses = {
        p for p in others if re.fullmatch(r"\.cache/mkdocs-claims/reports-[0-9a-f]{16}\.json", p)
    }
    assert len(state) == 1 and len(parses) == 1
    assert others - state - parses == {"mkdocs.yml"}
    assert not list(hostile.root.parent.glob("escape*"))
    assert hostile.exists("reports/2020/a%20%22b%22%20%3Cc%3E%20%23d/")
    warnings = " ".join(hostile.warnings)
    assert "not a valid id" in warnings and "not an http(s) URL" in warnings


def test_no_payload_runs_in_chromium(hostile: Site):
    with serve(hostile.site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        visited = 0
        for url, _ in our_content(hostile):
            page.goto(base + url)
            for link in page.locator("a.claim-contradiction, a.claim-dispute, a.claim-ref").all()[
                :5
            ]:
                # The open preview may cover the next link: close it first.
                page.keyboard.press("Escape")
                link.hover()
                page.wait_for_timeout(50)
            assert page.evaluate("() => window.__xss === undefined"), url
            visited += 1
        browser.close()
    assert dialogs == []
    assert visited > 5
