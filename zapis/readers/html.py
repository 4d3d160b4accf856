"""Saved web pages (.html, .htm), and HTML inside Markdown or text files: the page's text with
its block structure (paragraphs, line breaks, list items, table rows), without markup, scripts,
styles or navigation.  Python's own HTML parser: no dependency for a job it does well."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from zapis.document import Page
from zapis.readers.base import Reading
from zapis.readers.options import ExtractOptions
from zapis.readers.text import decode_text

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "caption",
        "title",
    ]
)
# What a page carries besides its content: never text of the minutes.
_SKIP = frozenset(
    ["script", "style", "noscript", "template", "svg", "nav", "head", "iframe", "object", "button", "select"]
)
_CELLS = frozenset(("td", "th"))
_TAG = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?|!--.*?--)>", re.DOTALL)
# Tags that lay text out: a file with several is a page; one with a script and a meta tag only
# (a Markdown document rendered in the browser) is text.
_LAYOUT_TAG = re.compile(r"<(?:p|div|br|li|tr|td|th|h[1-6]|table|ul|ol|span|section|article)\b", re.IGNORECASE)
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.skipping = 0
        self.in_row = False
        self.cells_in_row = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://")) and href not in self.links:
                self.links.append(href)
        if tag == "br":
            self.parts.append("\n")
        elif tag == "tr":
            self.parts.append("\n")
            self.cells_in_row = 0
        elif tag in _CELLS:
            if self.cells_in_row:
                self.parts.append(" | ")
            self.cells_in_row += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # inside a block, source line breaks are only spacing
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """The text of an HTML page or fragment, and the links it points to."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return html.unescape(text), parser.links


def has_markup(text: str, least: int = 5) -> bool:
    """Does a text file carry HTML (a page saved as .txt, a Markdown post with an HTML body)?"""
    return len(_LAYOUT_TAG.findall(text, 0, 200_000)) >= least


def read(data: bytes, options: ExtractOptions | None = None) -> Reading:
    """A saved page; a file named .html that is really Markdown or text (a tag or two at most)
    is read as such, its line structure kept."""
    text, encoding, repaired = decode_text(data)
    if not has_markup(text):
        from zapis.readers.text import read as read_text

        return read_text(_TAG.sub("", _SCRIPT_OR_STYLE.sub("", text)).encode("utf-8"), options)
    warnings = repaired + ([] if encoding in ("utf-8", "utf-8-sig", "ascii") else [f"text decoded as {encoding}"])
    body, links = html_to_text(text)
    return Reading([Page(number=1, text=body, method="text", engine=f"html:{encoding}")], warnings, links)
