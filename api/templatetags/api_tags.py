from django import template

register = template.Library()


@register.inclusion_tag("api/tokens_panel.html")
def api_tokens_panel():
    """Settings' card linking to the API tokens page and the API's docs."""
    return {}
