"""The e-mail linter itself (email_lint.py): each rule catches what it names, and a message built
the way mail clients need passes. These run without a browser or a server."""

from __future__ import annotations

import pytest

from email_lint import errors, lint, visible_text

GOOD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Briefing</title></head>
<body style="margin:0"><table role="presentation" width="600"><tr><td style="padding:8px;font-family:Georgia,serif">
<h1 style="font-size:24px">Harbour reopens</h1>
<a href="https://news.example/story"><img src="https://news.example/p.jpg" width="552" alt="The harbour at dawn"></a>
<p><a href="mailto:desk@news.example">Write to the desk</a></p></td></tr></table></body></html>"""


def test_a_message_built_for_mail_clients_passes():
    assert lint(GOOD) == []


@pytest.mark.parametrize(
    "change, rule",
    [
        (("<h1", "<script>alert(1)</script><h1"), "element-script"),
        (("<h1", "<form action='https://x.example'><input name=q></form><h1"), "element-form"),
        (("<h1", "<iframe src='https://x.example'></iframe><h1"), "element-iframe"),
        (("<h1", "<svg width='4'></svg><h1"), "element-svg"),
        (('style="font-size:24px"', 'style="display:flex"'), "css-display"),
        (('style="font-size:24px"', 'style="position:absolute;top:0"'), "css-position"),
        (('style="font-size:24px"', "style=\"background:url('https://x.example/b.png')\""), "css-background"),
        (('style="font-size:24px"', 'style="color:var(--ink)"'), "css-function"),
        (('style="font-size:24px"', 'style="width:calc(100% - 8px)"'), "css-function"),
        (("https://news.example/story", "/story"), "link-relative"),
        (("https://news.example/story", "javascript:go()"), "link-script"),
        ((' alt="The harbour at dawn"', ""), "img-alt"),
        ((' width="552"', ""), "img-width"),
        (("https://news.example/p.jpg", "/p.jpg"), "img-src"),
        (("https://news.example/p.jpg", "https://news.example/p.webp"), "img-format"),
        (('<html lang="en">', "<html>"), "html-lang"),
        (('<meta charset="utf-8">', ""), "charset"),
        (("<h1", "<p onclick='x()'>Hi</p><h1"), "event-handler"),
    ],
)
def test_each_rule_catches_what_it_names(change, rule):
    old, new = change
    assert old in GOOD
    found = {finding.rule for finding in errors(GOOD.replace(old, new))}
    assert rule in found, found


def test_what_degrades_but_reads_is_a_warning_not_an_error():
    html = GOOD.replace('style="font-size:24px"', 'style="border-radius:4px"').replace(
        "<body", "<style>h1{color:red}</style><body").replace('<table role="presentation"', "<table")
    warned = {finding.rule for finding in lint(html) if finding.level == "warning"}
    assert {"css-border-radius", "style-element", "layout-table"} <= warned
    assert errors(html) == []


def test_gmail_clipping_and_a_message_of_pictures_only_are_errors():
    assert "size" in {f.rule for f in errors(GOOD.replace("Harbour reopens", "x" * 110_000))}
    only_pictures = GOOD.replace("Harbour reopens", "").replace("Write to the desk", "")
    assert "no-text" in {f.rule for f in errors(only_pictures)}


def test_visible_text_leaves_out_the_head_and_alternative_text():
    text = visible_text(GOOD)
    assert "Harbour reopens" in text and "Write to the desk" in text
    assert "Briefing" not in text and "harbour at dawn" not in text
