"""What an upload can do to the register: pages, downloads and cookies stay bounded and safe."""

import re
from html import unescape

import pytest

from directory.errors import AlreadyExists
from directory.modelstore import store as modelstore
from models import ComplexType, MessageModel, Property, generate_xsd, import_xsd, to_dict
from tests.models.conftest import read_sample
from tests.support import csrf_token
from tests.webapp.models.conftest import (
    BASE,
    MODEL,
    SAMPLE,
    VERSION1,
    crafted_post,
    remove_models,
    upload,
    versions,
)

CHAIN = "Kjede_M"


def chain_model(levels: int) -> MessageModel:
    """T0 uses T1 twice, T1 uses T2 twice, ...: expanded in full, 2**levels leaves."""
    types = [
        ComplexType(
            name=f"T{i}",
            kind="Dataobjekttype",
            properties=[Property(name=n, type=f"T{i + 1}") for n in ("a", "b")],
        )
        for i in range(levels)
    ]
    types.append(ComplexType(name=f"T{levels}", properties=[Property(name="v", type="xsd:string")]))
    return MessageModel(
        name=CHAIN,
        data_format_id="1",
        data_format_version="2",
        parts=[Property(name="start", type="T0")],
        types=types,
    )


def test_a_type_used_again_and_again_is_expanded_once(signed_in, roles, manager, tree):
    """A chain of types each using the next twice: the page grows with the model, not 2**n."""
    levels = 16
    client = signed_in(roles.writer)
    try:
        response = upload(client, generate_xsd(chain_model(levels), "altinn"))
        assert response.status_code == 303
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert len(page) < 100_000
        assert page.count("<summary><strong>") == levels + 1  # each type expanded once
        for i in range(1, levels + 1):
            assert f'<strong>b</strong>: <a href="#type-T{i}">T{i}</a>' in page
            assert f'<section id="type-T{i}"' in page
    finally:
        remove_models(manager, tree, CHAIN)


NAVN = b'<xsd:element name="navn" type="Navn"'
TEKST = b'<xsd:restriction base="xsd:string" />'


def spoiled(old: bytes, new: bytes, source: bytes | None = None) -> bytes:
    source = source or read_sample(SAMPLE)
    assert old in source
    return source.replace(old, new, 1)


def without_data_format() -> bytes:
    return re.sub(rb'<xsd:attribute name="dataFormat(Id|Version)"[^>]*/>', b"", read_sample(SAMPLE))


PROHIBITED = (
    b'<xsd:element name="navn"><xsd:complexType><xsd:simpleContent><xsd:extension base="Navn">'
    b'<xsd:attribute name="x" type="xsd:string" use="prohibited"/></xsd:extension>'
    b'</xsd:simpleContent></xsd:complexType></xsd:element><xsd:element name="ignored"'
)

# Files the importer reads, but that do not make a valid message specification.
UNEXPORTABLE = {
    "no dataFormat": (without_data_format, "Modellen har ingen dataFormatId"),
    "maxOccurs 0": (
        lambda: spoiled(NAVN, NAVN + b' maxOccurs="0"'),
        "navn kan ikke forekomme så ofte",
    ),
    "prohibited": (lambda: spoiled(NAVN, PROHIBITED), 'use="prohibited"'),
    "duplicate": (
        lambda: spoiled(b'name="epost"', b'name="navn"'),
        "To elementer i samme type heter navn.",
    ),
    "pattern": (
        lambda: spoiled(
            TEKST,
            b'<xsd:restriction base="xsd:string"><xsd:pattern value="[a-"/></xsd:restriction>',
        ),
        "Mønsteret [a- er ikke et gyldig regulært uttrykk",
    ),
    "minInclusive": (
        lambda: spoiled(
            TEKST,
            b'<xsd:restriction base="xsd:integer"><xsd:minInclusive value="abc"/>'
            b"</xsd:restriction>",
        ),
        "Restriksjonen minInclusive = abc passer ikke",
    ),
    "superscript": (
        lambda: spoiled(b'name="epost"', 'name="a²"'.encode()),
        # The model's own name check catches it now, before xmlschema would.
        "a² er ikke et gyldig navn",
    ),
    "name _M": (
        lambda: read_sample(SAMPLE).replace(MODEL.encode(), b"_M"),
        "Modellnavnet _M kan ikke lagres",
    ),
    "long name": (
        lambda: read_sample(SAMPLE).replace(MODEL.encode(), b"M" * 130),
        "kan ikke lagres",
    ),
}


@pytest.mark.parametrize("case", UNEXPORTABLE)
def test_a_file_that_makes_no_valid_specification_is_refused_and_nothing_stored(
    signed_in, roles, manager, tree, clean_models, case
):
    """400 with the reason in words (no English, no xmlschema dump); nothing is stored."""
    make, words = UNEXPORTABLE[case]
    response = upload(signed_in(roles.writer), make())
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html
    assert "ikke en gyldig meldingsspesifikasjon" in html or "kan ikke lagres" in html
    assert words in unescape(html)
    assert "Schema component" not in html and "xsd:schema/" not in html
    assert modelstore.list_models(manager, tree, "prod", "BUFdir") == []


def test_a_stored_version_that_cannot_be_exported_says_why(signed_in, roles, manager, tree):
    """A version stored before imports were checked: downloads and publishing answer 409 in
    words, never 500; the page offers no standard variant without a namespace."""
    model = import_xsd(without_data_format()).model
    model.domain = None
    assert model.target_namespace is None
    modelstore.save_working(manager, tree, "prod", "BUFdir", MODEL, to_dict(model))
    client = signed_in(roles.writer)
    try:
        page = client.get(VERSION1).get_data(as_text=True)
        assert f"{VERSION1}/altinn.xsd" in page
        assert f"{VERSION1}/standard.xsd" not in page
        for variant in ("altinn", "standard"):
            response = client.get(f"{VERSION1}/{variant}.xsd")
            assert response.status_code == 409
            html = response.get_data(as_text=True)
            assert "Denne versjonen kan ikke skrives som XSD" in html
            assert "Modellen har ingen dataFormatId" in html
        response = client.get(f"{VERSION1}/publish")
        assert response.status_code == 409
        assert "Denne versjonen kan ikke publiseres" in response.get_data(as_text=True)
        response = crafted_post(client, f"{VERSION1}/publish", {"confirm": "y"})
        assert response.status_code == 409
        assert versions(manager, tree) == [(1, "working")]
    finally:
        remove_models(manager, tree, MODEL)


def test_an_import_that_loses_a_race_is_a_conflict(
    signed_in, roles, manager, tree, clean_models, monkeypatch
):
    """Two imports at once: the one whose version number was taken meanwhile gets 409."""

    def taken(*_args, **_kwargs):
        raise AlreadyExists("cn=1 exists")

    monkeypatch.setattr(modelstore, "save_working", taken)
    response = upload(signed_in(roles.writer), read_sample(SAMPLE))
    assert response.status_code == 409
    assert "En annen import kom først" in response.get_data(as_text=True)


def test_an_upload_over_the_size_limit_gets_the_413_page(signed_in, roles, manager, tree):
    """5 MB (the limit is 4 MB) to the import page, signed in: the translated 413 page, whose
    frame (the sign-out form) does not read the body again."""
    client = signed_in(roles.writer)
    url = "/domains/prod/BUFdir/models/import"
    token = csrf_token(client.get(url).get_data(as_text=True))
    # The body as bytes: the test client would spool a form this large to a temporary file.
    body = (
        (
            f'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            '--b\r\nContent-Disposition: form-data; name="file"; filename="big.xsd"\r\n\r\n'
        ).encode()
        + b"x" * (5 * 1024 * 1024)
        + b"\r\n--b--\r\n"
    )
    response = client.post(url, data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Det du sendte, er for stort" in html
    assert "Logg ut" in html
    assert modelstore.list_models(manager, tree, "prod", "BUFdir") == []


@pytest.mark.parametrize(
    ("name", "data_format_id", "data_format_version", "ascii_name", "utf8_name"),
    [
        (MODEL, "5742", "34627", f"BUFdir_{MODEL}_5742_34627_SERES.xsd", None),
        (
            MODEL,
            '1"; filename=evil.html',
            "34627",
            f"BUFdir_{MODEL}_1_filename_evil.html_34627_SERES.xsd",
            None,
        ),
        (MODEL, "5742", "1\r\nX-Evil: yes", f"BUFdir_{MODEL}_5742_1_X-Evil_yes_SERES.xsd", None),
        (
            "Őrség_ČŊ",
            "5742",
            "34627",
            "BUFdir_Orseg_C__5742_34627_SERES.xsd",
            "BUFdir_%C5%90rs%C3%A9g_%C4%8C%C5%8A_5742_34627_SERES.xsd",
        ),
    ],
)
def test_a_download_is_named_from_safe_parts_only(
    signed_in,
    roles,
    manager,
    tree,
    name,
    data_format_id,
    data_format_version,
    ascii_name,
    utf8_name,
):
    """Uploaded values cannot add to Content-Disposition or break it: each part keeps letters,
    digits, . _ -; the header is ASCII, with RFC 6266's filename* for other letters."""
    model = import_xsd(read_sample(SAMPLE)).model
    model.name, model.data_format_id = name, data_format_id
    model.data_format_version = data_format_version
    modelstore.save_working(manager, tree, "prod", "BUFdir", name, to_dict(model))
    try:
        response = signed_in(roles.writer).get(f"{BASE}/{name}/1/altinn.xsd")
        assert response.status_code == 200
        header = response.headers["Content-Disposition"]
        assert header.isascii() and "\n" not in header and "\r" not in header
        expected = f'attachment; filename="{ascii_name}"'
        if utf8_name:
            expected += f"; filename*=UTF-8''{utf8_name}"
        assert header == expected
    finally:
        remove_models(manager, tree, name)


def test_thousands_of_import_warnings_keep_the_session_cookie_small(
    signed_in, roles, manager, tree, clean_models
):
    """2,000 warnings: the first 20 and how many more, in a cookie a browser keeps (< 4 KB)."""
    extra = b"".join(
        f'<xsd:element name="e{i}_{"x" * 40}" type="Tekst" default="d" />'.encode()
        for i in range(2000)
    )
    source = spoiled(b"<xsd:sequence>", b"<xsd:sequence>" + extra)
    client = signed_in(roles.writer)
    response = upload(client, source)
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert len(cookie) < 4000
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count('<p class="message message-warning">Attributtet støttes ikke: ') == 20
    assert "(unsupported_attribute)" not in page
    assert "… og 1980 advarsler til, som ikke er listet her." in page
