from common.emails import absolute, make_message


def test_an_email_has_a_one_line_subject_a_text_and_an_html_part(settings):
    settings.SITE_URL = "https://afterview.example.com"
    message = make_message(
        "password_reset",
        to="alice@example.com",
        context={
            "protocol": "https",
            "domain": "afterview.example.com",
            "uid": "MQ",
            "token": "set-token",
            "user": None,
            "email": "alice@example.com",
        },
    )
    assert message.to == ["alice@example.com"]
    assert "\n" not in message.subject and message.subject
    assert "https://afterview.example.com/" in message.body
    ((html, mime),) = message.alternatives
    assert mime == "text/html" and "https://afterview.example.com/" in html


def test_absolute_links_use_the_site_url(settings):
    settings.SITE_URL = "https://afterview.example.com"
    assert absolute("/reminders/x/") == "https://afterview.example.com/reminders/x/"
