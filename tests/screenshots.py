"""Screenshots of the sample newsroom for the README and the docs:
`make screenshots` (or `python tests/screenshots.py` from tests/).

Every page a reader meets (a report, a speaker, a proposition with its
timeline, the three indexes) at a desktop (1280×900) and a phone (390×844)
width, in Material's light and dark palettes, plus the hover preview. Korean
names need a Hangul font (Debian: fonts-nanum), or they show as boxes:
`make screenshots` installs it as root, or says how.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Page, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, free_port_url, serve_on
from conftest import REPO

IMAGES = REPO / "docs" / "images"
PAGES = {
    "report": ("reports/2018/pompeo-rapid-progress/", "#claim-rapid"),
    "speaker": ("speakers/mike-pompeo/", None),
    "proposition": ("propositions/talks-progress/", None),
    "reports": ("reports/", None),
    "speakers": ("speakers/", None),
    "propositions": ("propositions/", None),
}
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES = {"light": "light", "dark": "dark"}


def scroll_to(page: Page, selector: str) -> None:
    """Bring an element near the top, below the sticky header (not as the
    arrival target: the picture shows the page as a reader scrolls it)."""
    page.evaluate(
        """selector => { const e = document.querySelector(selector);
           const header = document.querySelector('.md-header');
           window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY
                              - (header ? header.offsetHeight : 0) - 16); }""",
        selector,
    )


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as site_dir:
        server, url = free_port_url()
        build(load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=site_dir, site_url=url))
        with serve_on(server, Path(site_dir)), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for device, (width, height) in VIEWPORTS.items():
                for scheme in SCHEMES:
                    context = browser.new_context(
                        color_scheme=scheme, viewport={"width": width, "height": height}
                    )
                    page = context.new_page()
                    for name, (page_url, element) in PAGES.items():
                        page.goto(url + page_url)
                        if element:
                            scroll_to(page, element)
                        page.wait_for_timeout(300)
                        target = IMAGES / f"{name}-{device}-{scheme}.png"
                        page.screenshot(path=str(target))
                        written.append(target)
                    context.close()
            context = browser.new_context(
                color_scheme="dark", viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            page.goto(url + PAGES["report"][0])
            scroll_to(page, "#claim-willing .claim-contradictions")
            page.locator("#claim-willing a.claim-contradiction").first.hover()
            page.locator("#claims-preview").wait_for(state="visible")
            target = IMAGES / "hover-preview-desktop-dark.png"
            page.screenshot(path=str(target))
            written.append(target)
            context.close()
            browser.close()
    print(f"wrote {len(written)} screenshots to {IMAGES}")


if __name__ == "__main__":
    main()
