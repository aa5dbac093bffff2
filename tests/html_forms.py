"""Read a rendered form back as the POST body a browser would send.

Tests that build POST data by hand cannot notice a field the page forgets to render (a
formset's hidden ``id``, say). Posting what the page itself carries catches that.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._option_value: str | None = None
        self._option_text: list[str] = []
        self._in_template = 0

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._in_template += 1
        if tag == "form" and not self.in_form:
            wanted = self.form_id is None and attrs.get("method", "").lower() == "post"
            if wanted and "logout" in (attrs.get("action") or ""):
                wanted = False
            self.in_form = wanted or (self.form_id is not None and attrs.get("id") == self.form_id)
            return
        if not self.in_form or self._in_template:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_value, self._first_option = name, None, None
        elif tag == "option" and self._select:
            self._option_value = attrs.get("value")
            self._option_text = []
            if "selected" in attrs:
                self._select_value = self._option_value

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)
        if self._select and self._option_value is None:
            self._option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "option" and self._select:
            value = self._option_value
            if value is None:
                value = "".join(self._option_text).strip()
            if self._first_option is None:
                self._first_option = value
            self._option_value = None
        elif tag == "select" and self._select:
            chosen = self._select_value if self._select_value is not None else self._first_option
            self._add(self._select, chosen or "")
            self._select = None


def form_data(html: str, *, form_id: str | None = None) -> dict[str, str | list[str]]:
    """The fields of the page's first POST form (or the form with ``form_id``)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return {k: v[0] if len(v) == 1 else v for k, v in reader.data.items()}
