"""var/ full: asking for a code says that the outbox cannot be written, not a bare 500."""

import os
import subprocess

import pytest

from tests.support import ask_code
from webapp import create_app


@pytest.fixture
def full_var(tmp_path):
    """A tiny file system (tmpfs, as root) filled to the last byte."""
    var = tmp_path / "var"
    var.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(var)], check=True)
    try:
        (var / "outbox").mkdir()
        fd = os.open(var / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"x" * 512)
        except OSError:
            pass
        finally:
            os.close(fd)
        yield var
    finally:
        subprocess.run(["umount", str(var)], check=True)


def test_a_full_var_says_the_outbox_cannot_be_written(app_config, full_var, make_person):
    app = create_app({**app_config, "SERES_VAR": str(full_var), "SERES_DEV": True})
    person = make_person()
    response = ask_code(app.test_client(), person.username)
    text = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "er full" in text and str(full_var / "outbox") in text
    app.extensions["seres_service_pool"].close_all()
