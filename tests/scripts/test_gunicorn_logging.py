"""make run's access log keeps no working activation or recovery link."""

import datetime

import pytest
from gunicorn.config import Config

from scripts.gunicorn_logging import RedactingLogger, redact

TOKEN = "ZXlKMWMyVnlJam9pYkdWelpYSXVjSEp2WkNKOS5abVZsWkE.Zm9v-bar_baz"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"GET /activate/{TOKEN} HTTP/1.1", "GET /activate/[redacted] HTTP/1.1"),
        (f"POST /recover/{TOKEN}?lang=nb HTTP/1.1", "POST /recover/[redacted]?lang=nb HTTP/1.1"),
        (f"http://127.0.0.1:8000/recover/{TOKEN}", "http://127.0.0.1:8000/recover/[redacted]"),
        (f'"GET /Activate/{TOKEN}/ HTTP/1.1"', '"GET /Activate/[redacted]/ HTTP/1.1"'),
        ("GET /login HTTP/1.1", "GET /login HTTP/1.1"),
        (
            "GET /servicedesk/people?q=recover HTTP/1.1",
            "GET /servicedesk/people?q=recover HTTP/1.1",
        ),
    ],
)
def test_redact_takes_out_link_tokens_only(line, expected):
    assert redact(line) == expected


def test_the_access_log_line_has_no_token(capsys):
    """Request line, path, raw URI and Referer of a link's request are redacted."""

    class Response:
        status = "200 OK"
        sent = 10
        headers = [("Content-Type", "text/html")]

    path = f"/activate/{TOKEN}"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://127.0.0.1:8000{path}",
        "HTTP_USER_AGENT": "test",
    }
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(r)s %(U)s %({raw_uri}e)s "%(f)s" %(s)s')
    logger = RedactingLogger(config)  # writes to this test's sys.stdout
    logger.access(Response(), [], environ, datetime.timedelta(seconds=0.01))
    line = capsys.readouterr().out
    assert TOKEN not in line
    assert line.count("/activate/[redacted]") == 4
