"""claims.json is written streaming; it must be exactly the documented document."""

from __future__ import annotations

import io
import json

from conftest import REPO
from mkdocs_claims.export import PlainText, claims_document, write_claims_json
from mkdocs_claims.layout import Layout
from mkdocs_claims.scan import Sources, scan


def test_streamed_json_equals_the_document_and_is_script_safe():
    result = scan(Sources(str(REPO / "content"), str(REPO)))
    plain = PlainText()
    for layout in (Layout(), Layout(directory_urls=False)):
        buffer = io.StringIO()
        write_claims_json(buffer, result.index, layout, lambda claim: plain(claim.body))
        text = buffer.getvalue()
        assert "<" not in text and ">" not in text and "&" not in text
        document = claims_document(result.index, layout, lambda claim: plain(claim.body))
        assert json.loads(text) == document
        assert any(claim["contradicts"] for claim in document["claims"])
