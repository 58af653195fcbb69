"""The repository's copy of the SERES samples is complete and unchanged."""

import hashlib

from tests.models.conftest import SAMPLE_NAMES, SAMPLES

# SHA-256 of the files as SERES wrote them (../shared/samples/seres-xsd, outside the
# repository, so that this test runs wherever the repository does).
ORIGINALS = {
    "Kursdomene_BliTjenesteeier_M_2020-05-25_5703_34553_SERES.xsd": (
        "ec16c9a7a4d3c073496210c0957f6d18321c4b1160ecd09f8fe854e87e3b7ca1"
    ),
    "Kursdomene_HvemErHvem_M_2021-04-08_5742_34627_SERES.xsd": (
        "b3445475a901cbb5f2087d41f8dc6a85babd459958e24b25ce91143ae78a799a"
    ),
    "RA-0678_M.xsd": "29b700a6ef8b4d2ed625bd0f1d694402b26bf8f60df16fc91c7e33eee436992c",
    "krt-3221-42265.xsd": "380e3a22ad06182b4808edd8f613cbabc5757bd9d9b831f93c85d3256b69fa03",
    "schema_2363_2_forms_3141_37777.xsd": (
        "0a2b8f040c9d78c63bfa8846c31c8a3567ab29e397df0eb523acec5b3ccbfcc8"
    ),
    "README.md": "e45924bff0516586930474f526f85477d3c582d97a2aea743b9714ecccab36be",
}


def test_all_five_samples_and_their_readme_are_present():
    """The five SERES files and the README describing them live inside the repository."""
    assert len(SAMPLE_NAMES) == 5
    assert (SAMPLES / "README.md").is_file()


def test_samples_are_the_real_seres_bytes():
    """Each copy is byte for byte the file SERES wrote (byte order marks, line ends and all)."""
    found = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in SAMPLES.iterdir()
        if path.is_file()
    }
    assert found == ORIGINALS
