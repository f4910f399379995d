"""The hover preview never fetches another site: a link to an imported claim
(a.claim-external) is followed like any link, never previewed."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from playwright.sync_api import Browser, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, free_port_url, serve_on
from conftest import build_site, make_config, write


class _Recording(http.server.SimpleHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(b'<div class="claim" id="claim-theirs">Their words</div>')


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recording)
    other.daemon_threads = True
    other_url = f"http://127.0.0.1:{other.server_address[1]}/"
    threading.Thread(target=other.serve_forever, daemon=True).start()
    root = tmp_path_factory.mktemp("preview")
    claim = {
        "id": "theirs",
        "url": "reports/o/#claim-theirs",
        "speaker": None,
        "stance": "denies",
        "proposition": "p",
        "text": "No.",
        "date": "2020-01-02",
        "via": None,
        "note": None,
        "report": "reports/o/",
    }
    document = {
        "version": 2,
        "site_url": other_url,
        "reports": [],
        "speakers": [],
        "propositions": [],
        "claims": [claim],
        "quotes": [],
    }
    (root / "other.json").write_text(json.dumps(document), "utf-8")
    server, url = free_port_url()
    write(
        root,
        {
            "mkdocs.yml": make_config(
                {"import": [{"name": "Other", "url": "other.json"}]}, site_url=url
            ),
            "content/propositions.yml": "p:\n  statement: P.\n",
            "content/speakers.yml": "a:\n  name: A\nb:\n  name: B\n",
            "content/one.md": """
                ---
                title: One
                date: 2020-01-01
                ---

                /// claim | a affirms p
                    id: mine

                Yes.
                ///
                """,
            "content/two.md": """
                ---
                title: Two
                date: 2020-01-03
                ---

                /// claim | b denies p
                    id: ours

                No, ours.
                ///
                """,
        },
    )
    site = build_site(root)
    with serve_on(server, Path(site.site_dir)):
        yield url, _Recording.requests
    other.shutdown()
    other.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_hovering_or_focusing_an_external_link_fetches_nothing(
    browser: Browser, two_sites: tuple[str, list[str]]
):
    url, requests = two_sites
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "reports/one/")
    external = page.locator("#claim-mine a.claim-external")
    assert external.get_attribute("href", timeout=5000).startswith("http://127.0.0.1:")
    external.hover()
    external.focus()
    page.wait_for_timeout(800)
    assert requests == []
    assert not page.locator("#claims-preview").is_visible()
    # The preview itself works on this page: a link to this site's claim.
    page.mouse.move(0, 0)
    page.locator("#claim-mine a.claim-contradiction:not(.claim-external)").hover()
    page.locator("#claims-preview").wait_for(state="visible")
    assert "No, ours." in page.locator("#claims-preview").inner_text()
    assert requests == []
    context.close()
