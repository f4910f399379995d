"""What only a browser shows: following links, hover previews, dark mode,
instant navigation and accessibility, in Debian's headless Chromium."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request
from collections.abc import Iterator
from typing import ClassVar
from urllib.parse import urljoin

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser, Page, expect, sync_playwright

from browser import AXE, CHROMIUM, CHROMIUM_ARGS, free_port_url, serve, serve_on
from conftest import REPO, build_site, make_config, write

RAPID = "reports/2018/pompeo-rapid-progress/"
SUMMIT = "reports/2018/second-summit/"
PAGES = [
    RAPID,
    SUMMIT,
    "speakers/mike-pompeo/",
    "propositions/talks-progress/",
    "speakers/",
    "propositions/",
    "reports/",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample newsroom, built with its real URL (instant navigation needs it)."""
    site_dir = tmp_path_factory.mktemp("browser-site")
    server, url = free_port_url()
    config = load_config(
        config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir), site_url=url, strict=True
    )
    build(config)
    with serve_on(server, site_dir):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], errors


def wait_in_viewport(page: Page, element_id: str) -> None:
    """Wait until the element's top is visible below the sticky header
    (instant navigation swaps the content, then scrolls)."""
    page.wait_for_function(
        "id => { const e = document.getElementById(id); if (!e) return false;"
        " const header = document.querySelector('.md-header').getBoundingClientRect().bottom;"
        " const r = e.getBoundingClientRect(); return r.top >= header && r.top < innerHeight; }",
        arg=element_id,
    )


def test_contradicting_link_lands_on_the_claim_and_back(page: Page, base_url: str):
    # North Korea's stated willingness (June, relayed by Pompeo) against
    # ZeroHedge's doubts (October): the sample's link across reports.
    page.goto(base_url + RAPID)
    link = page.locator("#claim-willing .claim-contradictions a.claim-contradiction").first
    href = link.get_attribute("href")
    assert href is not None and "second-summit" in href
    link.click()
    page.wait_for_url("**/second-summit/#claim-*")
    anchor = page.url.split("#")[1]
    wait_in_viewport(page, anchor)
    # Highlighted as the target: by :target, or (after Material's instant
    # navigation, which moves by history.pushState) by claims.js's class.
    page.wait_for_function(
        "id => { const e = document.getElementById(id);"
        " return e.matches(':target') || e.classList.contains('claim-targeted'); }",
        arg=anchor,
    )
    highlight = page.locator(f"#{anchor}").evaluate("e => getComputedStyle(e).outlineStyle")
    assert highlight != "none"
    # the claim we landed on links back to the one we came from
    back = page.locator(f"#{anchor} .claim-contradictions a[href$='#claim-willing']")
    assert back.count() == 1
    assert back.get_attribute("data-relation") == "earlier"
    back.click()
    page.wait_for_url("**/pompeo-rapid-progress/#claim-willing")
    wait_in_viewport(page, "claim-willing")


def test_speaker_page_to_claim_and_back(page: Page, base_url: str):
    page.goto(base_url + "speakers/mike-pompeo/")
    page.locator("a.claim-ref[href$='#claim-rapid']").click()
    page.wait_for_url("**/pompeo-rapid-progress/#claim-rapid")
    wait_in_viewport(page, "claim-rapid")
    page.locator("#claim-rapid a.claim-speaker").click()
    page.wait_for_url("**/speakers/mike-pompeo/")
    # instant navigation changes the URL first, then swaps the content
    expect(page.locator("article h1")).to_contain_text("Mike Pompeo")
    page.go_back()
    page.wait_for_url("**/pompeo-rapid-progress/#claim-rapid")


def test_hover_preview_shows_the_other_claim(page: Page, base_url: str):
    page.goto(base_url + RAPID)
    link = page.locator("#claim-willing .claim-contradictions a.claim-contradiction").first
    link.hover()
    preview = page.locator("#claims-preview")
    preview.wait_for(state="visible")
    text = preview.inner_text()
    assert "denies" in text.lower()
    assert "Pyongyang" in text or "progress" in text  # the other report's title or claim
    assert link.get_attribute("aria-describedby") == "claims-preview"
    page.mouse.move(0, 0)
    preview.wait_for(state="hidden")


def test_preview_opens_on_keyboard_focus_and_closes_on_escape(page: Page, base_url: str):
    page.goto(base_url + RAPID)
    link = page.locator("#claim-rapid .claim-disputes a.claim-dispute").first
    link.focus()
    preview = page.locator("#claims-preview")
    preview.wait_for(state="visible")
    assert preview.get_attribute("role") == "tooltip"
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")


def test_each_speaker_kind_has_its_own_icon_in_the_text_colour(page: Page, base_url: str):
    page.goto(base_url + RAPID)
    icons = page.evaluate(
        """() => Object.fromEntries(["person", "outlet"].map(kind => {
            const link = document.querySelector(`.claim a.claim-speaker.speaker-kind--${kind}`);
            const icon = getComputedStyle(link, "::before");
            return [kind, {mask: icon.maskImage || icon.webkitMaskImage,
                           width: icon.width, colour: icon.backgroundColor,
                           text: getComputedStyle(link).color}];
        }))"""
    )
    assert icons["person"]["mask"].startswith('url("data:image/svg+xml')
    assert icons["person"]["mask"] != icons["outlet"]["mask"]
    assert icons["person"]["width"] != "0px"
    assert icons["person"]["colour"] == icons["person"]["text"]


def test_icons_are_not_read_aloud_the_words_are(page: Page, base_url: str):
    page.goto(base_url + RAPID)
    stance = page.evaluate(
        """() => { const e = document.querySelector('.claim .claim-stance--affirms');
                   return {glyph: getComputedStyle(e, '::before').content,
                           words: e.textContent.trim()}; }"""
    )
    # The glyph has empty alternative text; the stance is read from the word.
    assert stance["glyph"].replace(" ", "").endswith('/""')
    assert stance["words"].lower() == "affirms"


def test_dark_palette_styles_the_callouts(browser: Browser, base_url: str):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        tab = context.new_page()
        tab.goto(base_url + RAPID)
        colours[scheme] = tab.evaluate(
            "() => ({scheme: document.body.getAttribute('data-md-color-scheme'),"
            " stance: getComputedStyle(document.querySelector('.claim-stance--affirms')).color,"
            " body: getComputedStyle(document.body).backgroundColor})"
        )
        context.close()
    assert colours["light"]["scheme"] == "default"
    assert colours["dark"]["scheme"] == "slate"
    assert colours["light"]["stance"] != colours["dark"]["stance"]
    assert colours["light"]["body"] != colours["dark"]["body"]


# Material's instant navigation only takes over clicks on links listed in the
# site's sitemap.xml, which it fetches (and parses as XML) after the page has
# loaded; a click before then is an ordinary page load. This flags, one task
# after the sitemap was parsed (Material reads it synchronously from there),
# that instant navigation is ready.
SITEMAP_READ = """
(() => {
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    if (type === "text/xml") {
      setTimeout(() => { window.__claimsTestSitemapRead = true; });
    }
    return parse.call(this, text, type);
  };
})();
"""


def goto_instant(page: Page, url: str) -> None:
    """Open ``url`` and wait until Material's instant navigation handles clicks."""
    page.add_init_script(SITEMAP_READ)
    page.goto(url)
    page.wait_for_function("() => window.__claimsTestSitemapRead === true")


def test_instant_navigation_keeps_callouts_working(page: Page, base_url: str):
    goto_instant(page, base_url + "speakers/")
    page.evaluate("() => { window.__notReloaded = true; }")
    page.locator("a.speaker-link[href*='mike-pompeo']").click()
    page.wait_for_url("**/speakers/mike-pompeo/")
    page.locator("a.claim-ref[href$='#claim-rapid']").click()
    page.wait_for_url("**/pompeo-rapid-progress/#claim-rapid")
    page.wait_for_selector("#claim-rapid")
    # Material swapped the page in place: the window is the same
    assert page.evaluate("() => window.__notReloaded === true")
    link = page.locator("#claim-rapid .claim-disputes a.claim-dispute").first
    link.hover()
    page.locator("#claims-preview").wait_for(state="visible")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser: Browser, base_url: str, scheme, viewport):
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    tab = context.new_page()
    serious = []
    for url in PAGES:
        tab.goto(base_url + url)
        tab.add_script_tag(path=str(AXE))
        # Material's own chrome is not ours to fix: its search dialog has no
        # accessible name and its "Made with Material" footer line is 4.47:1.
        result = tab.evaluate(
            "async () => await axe.run({exclude: [['.md-search'], ['.md-copyright']]})"
        )
        serious += [
            f"{url} {v['id']}: {v['help']} ({len(v['nodes'])}) e.g. {v['nodes'][0]['html'][:120]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    context.close()
    assert serious == []


# -- the newsroom pages: statements, timeline, feeds, tables, touch ----------------------


@pytest.fixture(scope="module")
def generated_pages(base_url: str) -> list[str]:
    """Every page the plugin generated, from the site's claims.json."""
    with urllib.request.urlopen(base_url + "claims.json") as response:
        data = json.load(response)
    reports = [report["url"] for report in data["reports"]]
    speakers = [speaker["page"] for speaker in data["speakers"]]
    propositions = [proposition["page"] for proposition in data["propositions"]]
    return ["reports/", "speakers/", "propositions/", *reports, *speakers, *propositions]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_generated_page_scrolls_sideways(
    browser: Browser, base_url: str, generated_pages, viewport
):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    wide = []
    for url in generated_pages:
        tab.goto(base_url + url)
        width = tab.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
        )
        if max(width[:2]) > width[2]:
            wide.append((url, width))
    context.close()
    assert len(generated_pages) > 20
    assert wide == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_timeline_marks_lead_to_their_claims(browser: Browser, base_url: str, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.goto(base_url + "propositions/talks-progress/")
    marks = tab.locator(".proposition-timeline a.timeline-mark")
    assert marks.count() == tab.locator(".proposition-side li.statement").count() > 0
    # every mark is on screen, inside the timeline, and big enough to hit
    boxes = tab.evaluate(
        """() => { const frame = document.querySelector('.proposition-timeline')
                   .getBoundingClientRect();
                 return [...document.querySelectorAll('a.timeline-mark')].map(a => {
                   const r = a.getBoundingClientRect();
                   return [r.left >= frame.left, r.right <= frame.right,
                           r.width, r.height]; }); }"""
    )
    assert all(left and right and w >= 16 and h >= 16 for left, right, w, h in boxes), boxes
    mark = marks.last
    stance = mark.get_attribute("data-stance")
    anchor = mark.get_attribute("href").split("#")[1]
    mark.click()
    tab.wait_for_url(f"**#{anchor}")
    wait_in_viewport(tab, anchor)
    claim = tab.locator(f"#{anchor}")
    assert claim.get_attribute("data-stance") == stance
    tab.wait_for_function(
        "id => { const e = document.getElementById(id);"
        " return e.matches(':target') || e.classList.contains('claim-targeted'); }",
        arg=anchor,
    )
    colours = tab.evaluate(
        """id => { const bg = e => getComputedStyle(e).backgroundColor;
                   const other = [...document.querySelectorAll('.claim')]
                     .find(e => e.id !== id);
                   return [bg(document.getElementById(id)), bg(other)]; }""",
        anchor,
    )
    assert colours[0] != colours[1]  # the arrival is highlighted, not only outlined
    context.close()


def test_pages_announce_a_feed_that_is_atom(page: Page, base_url: str):
    for url in ("speakers/mike-pompeo/", "propositions/talks-progress/", "reports/"):
        page.goto(base_url + url)
        link = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
        assert link.count() == 1
        href = link.get_attribute("href")
        response = page.request.get(urljoin(page.url, href))
        assert response.ok
        body = response.text()
        assert body.startswith("<?xml") and '<feed xmlns="http://www.w3.org/2005/Atom"' in body


# A contrast ratio for every piece of text of ours, composited over the
# backgrounds behind it (Material's text colours are translucent).
CONTRAST = """
(selectors) => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number);
                       return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, under) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]); };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result; };
  const low = [];
  for (const root of document.querySelectorAll(selectors)) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      const style = getComputedStyle(el);
      if (!own || style.visibility === 'hidden' || el.closest('.timeline-mark-label')) continue;
      if (!el.getClientRects().length) continue;
      const bg = background(el);
      const value = ratio(over(parse(style.color), bg), bg);
      if (value < 4.5) low.push([el.className || el.tagName, el.textContent.trim().slice(0, 40),
                                 Math.round(value * 100) / 100]);
    }
  }
  const marks = [...document.querySelectorAll('a.timeline-mark')].map(m => ratio(
    parse(getComputedStyle(m).backgroundColor), background(m.closest('.proposition-timeline'))));
  return {low, marks};
}
"""
OURS = (
    ".claim, .report-header, .speaker-quote-figure, .claims-speaker-page,"
    " .claims-proposition-page, .claims-index"
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_our_text_has_enough_contrast(browser: Browser, base_url: str, scheme):
    context = browser.new_context(color_scheme=scheme, viewport=DESKTOP)
    tab = context.new_page()
    low, marks = [], []
    for url in PAGES:
        tab.goto(base_url + url)
        found = tab.evaluate(CONTRAST, OURS)
        low += [(url, *item) for item in found["low"]]
        marks += found["marks"]
    context.close()
    assert low == []
    assert marks and min(marks) >= 3  # marks are graphics: WCAG 1.4.11 asks 3:1


def test_preview_shows_the_claims_note(page: Page, base_url: str):
    page.goto(base_url + "propositions/")
    propositions = page.eval_on_selector_all(
        "a.proposition-link", "links => links.map(a => a.href)"
    )
    for url in propositions:
        page.goto(url)
        noted = page.locator("li.statement:has(.claim-other-note)")
        if noted.count():
            break
    item = noted.first
    note = item.locator(".claim-other-note").inner_text()
    item.locator("a.claim-ref").hover()
    preview = page.locator("#claims-preview")
    preview.wait_for(state="visible")
    expect(preview.locator(".claims-preview-note")).to_have_text(note)


def test_a_quote_link_previews_the_quote(page: Page, base_url: str):
    """A quote's link on a speaker page previews the quote as claims' links
    preview claims: its words, its speaker, and the report's title and date
    (a quote has no stance); keyboard focus shows it and Escape closes it."""
    page.goto(base_url + "speakers/mike-pompeo/")
    link = page.locator(f"a.quote-ref[href$='{RAPID}#quote-mike-pompeo']")
    link.hover()
    preview = page.locator("#claims-preview")
    preview.wait_for(state="visible")
    expect(preview.locator(".claims-preview-text")).to_have_text(
        'Pompeo added that he hoped the summit "will have set the conditions for future '
        'productive talks" between the two governments.'
    )
    expect(preview.locator(".claims-preview-who")).to_have_text("Mike Pompeo")
    expect(preview.locator(".claims-preview-report")).to_have_text(
        "Pompeo says talks are moving quickly as the Washington Post reports little progress"
        " · 2018-06-11"
    )
    assert preview.get_attribute("data-stance") == ""
    assert link.get_attribute("aria-describedby") == "claims-preview"
    page.mouse.move(0, 0)
    preview.wait_for(state="hidden")
    other = page.locator(f"a.quote-ref[href$='{SUMMIT}#quote-mike-pompeo']")
    other.focus()
    preview.wait_for(state="visible")
    expect(preview.locator(".claims-preview-text")).to_have_text(
        "“It’s good to see you again,” Pompeo told Kim as they shook hands for the cameras"
        " before the meal."
    )
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    assert other.get_attribute("aria-describedby") is None


class _Recording(http.server.SimpleHTTPRequestHandler):
    """Another origin: records every request (there must be none)."""

    requests: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(b'<blockquote class="speaker-quote" id="quote-victor-cha">Not ours')


LONG_QUOTE = " ".join(f"word{i}" for i in range(80))


@pytest.fixture(scope="module")
def long_quote_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """A newsroom with a quote long enough to be shortened on its speaker's
    page, and a page of links that must never be previewed: a quote link
    marked as another site's, and one to another origin (recorded)."""
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recording)
    other.daemon_threads = True
    other_url = f"http://127.0.0.1:{other.server_address[1]}/"
    threading.Thread(target=other.serve_forever, daemon=True).start()
    root = tmp_path_factory.mktemp("long-quote")
    write(
        root,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": "victor-cha:\n  name: Victor Cha\n  aliases: [Cha]\n",
            "content/2018/long.md": f"""
                ---
                title: A long interview
                date: 2018-06-12
                ---

                /// quote | victor-cha

                Cha wrote `<img src=x onerror=document.title='owned'>` on the board and
                said: "{LONG_QUOTE}."
                ///
                """,
            "content/2018/links.md": f"""
                ---
                title: Links
                date: 2018-06-13
                ---

                <p><a class="quote-ref claim-external" data-quote="victor-cha"
                href="../long/#quote-victor-cha">marked as another site's</a>
                and <a class="claim-words-more" data-quote="victor-cha"
                href="{other_url}reports/2018/long/#quote-victor-cha">on another origin</a></p>
                """,
        },
    )
    site = build_site(root)
    _Recording.requests = []
    try:
        with serve(site.site_dir) as url:
            yield url, _Recording.requests
    finally:
        other.shutdown()
        other.server_close()


def test_a_long_quotes_read_in_full_link_previews_the_quote(
    page: Page, long_quote_site: tuple[str, list[str]]
):
    url, requests = long_quote_site
    page.goto(url + "speakers/victor-cha/")
    more = page.locator("li.speaker-quote-item a.claim-words-more")
    expect(more).to_have_text("read in full")
    more.hover()
    preview = page.locator("#claims-preview")
    preview.wait_for(state="visible")
    text = preview.locator(".claims-preview-text").inner_text()
    # the quote's own words, as text: the code span's markup is shown, never made
    assert text.startswith("Cha wrote <img src=x onerror=document.title='owned'> on the board")
    assert text.endswith("…") and "word40" in text and "word79" not in text
    assert preview.locator("img").count() == 0 and page.title() != "owned"
    expect(preview.locator(".claims-preview-who")).to_have_text("Victor Cha")
    expect(preview.locator(".claims-preview-report")).to_have_text("A long interview · 2018-06-12")
    page.mouse.move(0, 0)
    preview.wait_for(state="hidden")
    more.focus()
    preview.wait_for(state="visible")
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    # never previewed: a link marked as another site's, a link to another origin
    page.goto(url + "reports/2018/links/")
    for name in ("marked as another site's", "on another origin"):
        link = page.get_by_role("link", name=name)
        link.hover()
        link.focus()
        page.wait_for_timeout(500)
        assert not page.locator("#claims-preview").is_visible(), name
        assert link.get_attribute("aria-describedby") is None
    assert requests == []


def test_first_tap_previews_second_tap_follows(browser: Browser, base_url: str):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    tab = context.new_page()
    url = base_url + "propositions/talks-progress/"
    tab.goto(url)
    link = tab.locator("li.statement a.claim-ref").first
    anchor = link.get_attribute("href").split("#")[1]
    link.tap()
    preview = tab.locator("#claims-preview")
    preview.wait_for(state="visible")
    assert tab.url == url  # the reader is still on the page
    expect(preview.locator(".claims-preview-hint")).to_have_text("Tap the link again to open it")
    tab.locator("h1").tap()  # a tap elsewhere closes it
    preview.wait_for(state="hidden")
    link.tap()
    preview.wait_for(state="visible")
    link.tap()
    tab.wait_for_url(f"**#{anchor}")
    context.close()


def test_index_tables_sort_by_the_column_a_reader_picks(page: Page, base_url: str):
    page.goto(base_url + "speakers/")
    header = page.locator("table.claims-table th", has_text="Claims")
    header.locator("button.claims-sort").click()
    counts = page.eval_on_selector_all(
        "tbody td.count-claims", "cells => cells.map(c => Number(c.textContent))"
    )
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert header.get_attribute("aria-sort") == "descending"
    header.locator("button.claims-sort").click()
    counts = page.eval_on_selector_all(
        "tbody td.count-claims", "cells => cells.map(c => Number(c.textContent))"
    )
    assert counts == sorted(counts)
    assert header.get_attribute("aria-sort") == "ascending"
    name = page.locator("table.claims-table th", has_text="Name")
    assert name.get_attribute("aria-sort") is None
