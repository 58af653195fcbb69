"""Where things are: the project's ldif/ files and the system's OpenLDAP."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LDIF_DIR = PROJECT_ROOT / "ldif"
CONFIG_TEMPLATE = LDIF_DIR / "config.ldif.in"
PROJECT_SCHEMA_DIR = LDIF_DIR / "schema"
BASE_LDIF = LDIF_DIR / "base.ldif"
DEMO_LDIF = LDIF_DIR / "demo.ldif"
DEMO_ACCOUNTS = LDIF_DIR / "demo-accounts.json"

# Debian's slapd package.
SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SLAPPASSWD = "/usr/sbin/slappasswd"
MODULE_DIR = "/usr/lib/ldap"
SYSTEM_SCHEMA_DIR = Path("/etc/ldap/schema")
# The standard schemas the project builds on, in load order.
SYSTEM_SCHEMAS = ("core", "cosine", "inetorgperson", "dyngroup")

DEFAULT_SUFFIX = "dc=seres,dc=example"
