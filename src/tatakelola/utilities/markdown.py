"""User-written Markdown (policies, lessons, playbooks) rendered to safe HTML.

Markdown is converted, then the HTML is sanitised with nh3 (Ammonia) against an allow-list: no
script, style, iframe or form; no event-handler or style attributes; links only to http(s), mailto
and paths inside the platform, opened with ``rel="noopener noreferrer"``; images only from paths
inside the platform or ``data:`` URIs. Whatever the author writes, the result is inert.
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "abbr": {"title"},
    "*": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "attr_list"]


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # Images from inside the platform (uploaded, static) or inline data only: no tracking pixels.
        return value if value.startswith(("/", "data:image/")) else None
    return value


def render_markdown(text: str) -> SafeString:
    """Sanitised HTML for ``text``, safe to put in a page as it is."""
    html = markdown_lib.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308  # sanitised by nh3 just above
