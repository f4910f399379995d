"""Screenshots of the sample newsroom for the README: `python tests/screenshots.py`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, free_port_url, serve_on
from conftest import REPO

IMAGES = REPO / "docs" / "images"
SHOTS = [
    ("claim-callout.png", "reports/2018/pompeo-rapid-progress/", "#claim-rapid", "light", False),
    ("hover-preview.png", "reports/2018/pompeo-rapid-progress/", "#claim-willing", "dark", True),
    ("proposition-page.png", "propositions/talks-progress/", None, "light", False),
    ("speaker-page-dark.png", "speakers/mike-pompeo/", None, "dark", False),
]


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as site_dir:
        server, url = free_port_url()
        build(load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=site_dir, site_url=url))
        with serve_on(server, Path(site_dir)), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, page_url, element, scheme, hover in SHOTS:
                context = browser.new_context(
                    color_scheme=scheme, viewport={"width": 1100, "height": 800}
                )
                page = context.new_page()
                page.goto(url + page_url)
                if hover:
                    page.locator(f"{element} a.claim-contradiction").first.hover()
                    page.locator("#claims-preview").wait_for(state="visible")
                    page.screenshot(path=str(IMAGES / name))
                elif element:
                    page.locator(element).screenshot(path=str(IMAGES / name))
                else:
                    page.screenshot(path=str(IMAGES / name))
                context.close()
            browser.close()
    print(f"wrote {len(SHOTS)} screenshots to {IMAGES}")


if __name__ == "__main__":
    main()
