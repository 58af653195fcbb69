"""The models blueprint: every URL of a domain's models in one table.

The views live by what they show: ``versions`` (import, a version's page,
publish, discard, a new version), ``types`` (element and type edits of a
working version), ``downloads`` (the XSD files). A view below a version's URL
gets that version loaded once (``loading.version_page``).
"""

from flask import Blueprint

from models import SERES_XSD_NAME
from models.conventions import VARIANTS
from webapp.models import downloads, types, versions

bp = Blueprint("models", __name__, template_folder="templates")
BASE = "/domains/<env>/<domain>/models"
VERSION = BASE + "/<name>/<int:number>"
GET_POST = ["GET", "POST"]

ROUTES = [
    (BASE + "/import", versions.import_xsd, GET_POST),
    (BASE + "/<name>", versions.model, ["GET"]),
    (VERSION, versions.version, ["GET"]),
    (VERSION + "/publish", versions.publish, GET_POST),
    (VERSION + "/discard", versions.discard, GET_POST),
    (VERSION + "/new-version", versions.new_version, ["POST"]),
    (VERSION + f"/<any({', '.join(VARIANTS)}):variant>.xsd", downloads.download, ["GET"]),
    (VERSION + "/" + SERES_XSD_NAME, downloads.seres_xsd, ["GET"]),
    (VERSION + "/types/<owner>/add", types.add_property, GET_POST),
    (VERSION + "/types/<owner>/properties/<prop>", types.change_property, GET_POST),
    (VERSION + "/types/<owner>/properties/<prop>/remove", types.remove_property, ["POST"]),
    (VERSION + "/new-type/<any(complex, simple):kind>", types.add_type, GET_POST),
    (VERSION + "/types/<type_name>/remove", types.remove_type, GET_POST),
    (VERSION + "/simple/<type_name>", types.simple_type, GET_POST),
]

for rule, view, methods in ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=methods)
bp.add_app_template_filter(versions.dn_name, "dn_name")
