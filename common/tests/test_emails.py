from common.emails import absolute, make_message


def test_an_email_has_a_one_line_subject_a_text_and_an_html_part(settings, tmp_path):
    settings.SITE_URL = "https://afterview.example.com"
    folder = tmp_path / "emails" / "sample"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("A subject\non two lines\n")
    (folder / "body.txt").write_text("Open {{ site_url }}/notes/\n")
    (folder / "body.html").write_text('<a href="{{ site_url }}/notes/">Open</a>\n')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    message = make_message("sample", to="alice@example.com", context={})
    assert message.to == ["alice@example.com"]
    assert "\n" not in message.subject and message.subject
    assert "https://afterview.example.com/" in message.body
    ((html, mime),) = message.alternatives
    assert mime == "text/html" and "https://afterview.example.com/" in html


def test_absolute_links_use_the_site_url(settings):
    settings.SITE_URL = "https://afterview.example.com"
    assert absolute("/reminders/x/") == "https://afterview.example.com/reminders/x/"
