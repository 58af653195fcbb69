"""The repository's copy of the SERES samples is complete and unchanged."""

from tests.models.conftest import SAMPLE_NAMES, SAMPLES


def test_all_five_samples_and_their_readme_are_present():
    """The five SERES files and the README describing them live inside the repository."""
    assert len(SAMPLE_NAMES) == 5
    assert (SAMPLES / "README.md").is_file()


def test_samples_are_the_real_seres_bytes():
    """Four samples start with a UTF-8 byte order mark, as SERES wrote them."""
    with_bom = [
        name for name in SAMPLE_NAMES if (SAMPLES / name).read_bytes()[:3] == b"\xef\xbb\xbf"
    ]
    assert len(with_bom) == 4
