"""``{% external_link url label %}``: the one way templates show a URL that came from data.

An http(s) URL becomes a link that opens in a new tab without a referrer or opener; anything
else (``javascript:``, ``data:``, ``vbscript:``, mixed case or hidden white space included) is shown
as text, so a message or a connector can never put a script URL into a page.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tatakelola.utilities.links import safe_link_url

register = template.Library()


@register.simple_tag
def external_link(url: object, label: object = "", css_class: str = "") -> SafeString:
    """A link for an http(s) URL, otherwise the value as (escaped) text."""
    if not url:
        return format_html("")
    href = safe_link_url(url)
    if href is None:
        return format_html(
            '<span class="text-break text-secondary" data-testid="unsafe-url" title="{}">{}</span>',
            _("Not a web address: shown as text, not as a link"),
            str(url)[:300],
        )
    return format_html(
        '<a href="{}" class="{}" rel="noopener noreferrer nofollow" target="_blank">{}</a>',
        href,
        css_class,
        label or href,
    )
