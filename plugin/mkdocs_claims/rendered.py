"""After a report is rendered: did Markdown read what the scan found?

The scan (:mod:`mkdocs_claims.scan`) and Python-Markdown read every report;
they must agree on every block and mention, or a claim the index holds
would be a dead link elsewhere (or a claim shown would not be
cross-checked). Any generator that renders reports with the claims
extension asks this after each report page.
"""

from __future__ import annotations

import os

from .markdown import PageCursor, unindexed_lines
from .model import Diagnostic, Report
from .scan import Sources, read_source


def disagreements(
    report: Report, cursor: PageCursor, sources: Sources, unclosed: set[str]
) -> list[Diagnostic]:
    """What the scan and the rendering of ``report`` (through ``cursor``)
    disagree on, as diagnostics. ``unclosed`` holds the reports with an
    unclosed block: Markdown then nests the blocks that follow, and that is
    already said, at the right line."""
    if report.path in unclosed:
        return []
    found = [
        Diagnostic(
            report.path,
            claim.line,
            "unrecognized_block",
            "this claim was indexed but Markdown did not read it as a block, so links "
            "to it lead nowhere: put a blank line before the block (inside a list "
            "item, indent it four spaces after a blank line)",
        )
        for claim in cursor.unrendered()
    ]
    shown = sum(cursor.mentions.values())
    if shown:
        found.append(
            Diagnostic(
                report.path,
                1,
                "unknown_mention",
                f"{shown} mention(s) found by the plugin's scan were not read as links by "
                "Markdown (in raw HTML, or in an image?), so speaker pages list a mention "
                "the report does not show",
            )
        )
    if cursor.unindexed_mentions:
        found.append(
            Diagnostic(
                report.path,
                1,
                "unknown_mention",
                f"{cursor.unindexed_mentions} '@' link(s) were read by Markdown but not "
                "by the plugin's scan, so they are shown as text: write each mention as "
                "[text](@speaker-id) on one line",
            )
        )
    path = os.path.join(sources.content_dir, report.key + ".md")
    text = (
        read_source(path, report.path, [], sources.content_dir, sources.max_size)
        if cursor.unindexed
        else None
    )
    lines = unindexed_lines(text or "", report, cursor.unindexed)
    for line in lines:
        found.append(
            Diagnostic(
                report.path,
                line,
                "unrecognized_block",
                "Markdown read this claim block but the plugin's scan did not, so it is "
                "not cross-checked: check its indentation (inside a list item, a block "
                "follows a blank line and is indented four spaces)",
            )
        )
    missing = len(cursor.unindexed) - len(lines)
    if missing:
        found.append(
            Diagnostic(
                report.path,
                1,
                "unrecognized_block",
                f"{missing} claim block(s) were read by Markdown but not by the "
                "plugin's scan, so they are not cross-checked: check their indentation",
            )
        )
    return found
