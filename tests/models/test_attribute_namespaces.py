"""Attributes keep the namespace they have in messages: import, storage, both exports."""

import json

import pytest

from models import differences, from_dict, generate_xsd, import_xsd, to_dict
from models.conventions import NO_NAMESPACE, SERES_NS, TARGET_NAMESPACE
from models.model import SimpleType
from models.validation import instance_errors, load_schema
from tests.models.conftest import FIXED_TIME, read_sample
from tests.models.family import FAMILY, FAMILY_NAMES, SERES_IMPORT

STANDARD_SAMPLE = "schema_2363_2_forms_3141_37777.xsd"
KRT = "krt-3221-42265.xsd"


def _validating(model) -> list:
    return [
        attribute
        for item in model.types
        if isinstance(item, SimpleType)
        for attribute in item.attributes
    ]


@pytest.fixture(params=FAMILY_NAMES)
def family_name(request) -> str:
    """Each test file of the older generators' family in turn."""
    return request.param


def test_older_family_imports_with_the_seres_namespace_and_no_warning(family_name):
    """ref="seres:dataFormat*" (and seres:guid/orid) are read as in SERES's namespace."""
    result = import_xsd(FAMILY[family_name])
    assert result.warnings == []
    assert result.model.data_format_namespace == SERES_NS
    assert all(attribute.namespace == SERES_NS for attribute in _validating(result.model))


def test_orid_by_ref_is_kept_with_and_without_fixed():
    """seres:orid without fixed is no longer written back as a plain name="orid"."""
    for name, fixed in (
        ("krt-3221-42265~seres-orid.xsd", False),
        (
            "krt-3221-42265~seres-orid-fixed.xsd",
            True,
        ),
    ):
        model = import_xsd(FAMILY[name]).model
        orids = [a for a in _validating(model) if a.name == "orid"]
        assert orids and all(a.namespace == SERES_NS for a in orids)
        assert all((a.fixed is not None) == fixed for a in orids)
        for variant in ("standard", "altinn"):
            xsd = generate_xsd(model, variant, generated_at=FIXED_TIME).decode("utf-8-sig")
            assert '<xsd:attribute name="orid" type' not in xsd
            assert xsd.count('ref="seres:orid"') == len(orids)


@pytest.mark.parametrize("variant", ["standard", "altinn"])
def test_older_family_exports_keep_the_seres_namespace_in_both_variants(family_name, variant):
    """Both exports are equivalent to the original; messages keep seres:dataFormatProvider."""
    original = FAMILY[family_name]
    model = import_xsd(original).model
    exported = generate_xsd(model, variant, generated_at=FIXED_TIME)
    assert [str(d) for d in differences(original, exported)] == []
    text = exported.decode("utf-8-sig")
    assert '<xsd:attribute ref="seres:dataFormatProvider" use="required" fixed="SERES" />' in text
    assert 'name="dataFormatProvider"' not in text
    namespace = model.target_namespace if variant == "standard" else None
    start = f'<melding xmlns="{namespace}"' if namespace else "<melding"
    message = (
        f'{start} xmlns:seres="{SERES_NS}" seres:dataFormatProvider="SERES" '
        f'seres:dataFormatId="{model.data_format_id}" '
        f'seres:dataFormatVersion="{model.data_format_version}"/>'
    )
    errors = instance_errors(load_schema(exported), message)
    assert not any("dataFormat" in error for error in errors), errors


def test_older_family_survives_storage(family_name):
    """to_dict and from_dict keep the namespaces, through JSON too."""
    model = import_xsd(FAMILY[family_name]).model
    data = json.loads(json.dumps(to_dict(model)))
    assert data["data_format_namespace"] == SERES_NS
    again = from_dict(data)
    assert again == model
    assert generate_xsd(again, generated_at=FIXED_TIME) == generate_xsd(
        model, generated_at=FIXED_TIME
    )


def _without_namespaces(data: dict) -> dict:
    """Return stored data as versions before attribute namespaces wrote it."""
    text = json.dumps(data)
    legacy = json.loads(text)
    legacy.pop("data_format_namespace", None)
    stack = [*legacy["parts"], *legacy["types"]]
    while stack:
        item = stack.pop()
        stack.extend(item.get("properties", []))
        for attribute in item.get("attributes", []):
            attribute.pop("namespace", None)
    return legacy


def test_stored_data_from_before_attribute_namespaces_reads_as_it_did():
    """Old data keeps its meaning: the standard variant's dataFormat in the model's own
    namespace and fixed seres.xsd attributes as seres refs; the Altinn variant's none."""
    for name, variant, data_format, guid in (
        (STANDARD_SAMPLE, "standard", TARGET_NAMESPACE, SERES_NS),
        (KRT, "altinn", NO_NAMESPACE, NO_NAMESPACE),
        (KRT, "standard", TARGET_NAMESPACE, SERES_NS),
    ):
        model = import_xsd(read_sample(name)).model
        model.variant = variant
        legacy = _without_namespaces(to_dict(model))
        again = from_dict(legacy)
        assert again.data_format_namespace == data_format
        assert {a.namespace for a in _validating(again)} <= {guid}


def test_data_with_the_usual_namespaces_is_stored_as_before():
    """Nothing new is stored when the namespaces are what old data meant, so versions
    that know nothing of them read it unchanged."""
    for name in (STANDARD_SAMPLE, "RA-0678_M.xsd"):
        data = to_dict(import_xsd(read_sample(name)).model)
        assert "data_format_namespace" not in data
        assert _without_namespaces(data) == data


def test_an_altinn_files_unqualified_guid_stays_unqualified_in_the_standard_export():
    """krt's name="guid" is no seres:guid in the standard export: messages stay the same."""
    model = import_xsd(read_sample(KRT)).model
    text = generate_xsd(model, "standard", generated_at=FIXED_TIME).decode()
    assert 'ref="seres:guid"' not in text
    assert text.count('<xsd:attribute name="guid" type="xsd:string"') == len(_validating(model))


# -- the comparison sees a namespace change --------------------------------------------

_REFS = FAMILY["RA-0678_M~seres-refs.xsd"].decode()


@pytest.mark.parametrize(
    ("new", "declare", "right"),
    [
        ('name="dataFormatProvider" type="xsd:string"', False, None),
        ('ref="dataFormatProvider"', True, "##targetNamespace"),
    ],
    ids=["seres-to-none", "seres-to-model-namespace"],
)
def test_comparison_sees_a_data_format_namespace_change(new, declare, right):
    """seres:dataFormatProvider, no namespace and the model's own are three things."""
    old = 'ref="seres:dataFormatProvider"'
    assert _REFS.count(old) == 1
    changed = _REFS.replace(old, new)
    if declare:
        changed = changed.replace(
            SERES_IMPORT,
            SERES_IMPORT + '<xsd:attribute name="dataFormatProvider" type="xsd:string" />',
        )
    found = [(d.path, d.what, d.left, d.right) for d in differences(_REFS, changed)]
    assert found == [("root", "namespace", SERES_NS, right)] or found == [
        ("type RA-0678_M/attribute[dataFormatProvider]", "namespace", SERES_NS, right)
    ]


def test_comparison_sees_orid_by_ref_become_a_plain_name():
    """ref="seres:orid" and name="orid" type="xsd:string" differ in messages, so here too."""
    text = FAMILY["krt-3221-42265~seres-orid.xsd"].decode()
    changed = text.replace(
        '<xsd:attribute ref="seres:orid" />', '<xsd:attribute name="orid" type="xsd:string" />', 1
    )
    assert [(d.what, d.left, d.right) for d in differences(text, changed)] == [
        ("namespace", SERES_NS, None)
    ]


def test_comparison_sees_the_namespace_change_across_variants():
    """A standard file with seres refs and an Altinn file with plain names are not alike."""
    altinn = read_sample("RA-0678_M.xsd")
    assert any(d.what == "namespace" for d in differences(_REFS, altinn))
    # ... while the standard sample's own-namespace dataFormat and Altinn's none are.
    model = import_xsd(read_sample(STANDARD_SAMPLE)).model
    assert list(differences(read_sample(STANDARD_SAMPLE), generate_xsd(model, "altinn"))) == []
