"""Where things are: the project's ldif/ files and the system's OpenLDAP."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LDIF_DIR = PROJECT_ROOT / "ldif"
CONFIG_TEMPLATE = LDIF_DIR / "config.ldif.in"
PROJECT_SCHEMA_DIR = LDIF_DIR / "schema"
BASE_LDIF = LDIF_DIR / "base.ldif"
DEMO_LDIF = LDIF_DIR / "demo.ldif"
DEMO_ACCOUNTS = LDIF_DIR / "demo-accounts.json"
# ppolicy's check module: built into each directory with the system's C compiler.
PASSWORD_CHECK_SOURCE = LDIF_DIR / "modules" / "seres-password-check.c"

# Debian's slapd package.
SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SLAPPASSWD = "/usr/sbin/slappasswd"
MODULE_DIR = "/usr/lib/ldap"
SYSTEM_SCHEMA_DIR = Path("/etc/ldap/schema")
# The standard schemas the project builds on, in load order.
SYSTEM_SCHEMAS = ("core", "cosine", "inetorgperson", "dyngroup")

# slapd's Argon2 module and its cost, for slapd (ldif/config.ldif.in) and
# slappasswd alike. The module's default (4 MiB, 3 passes) is below OWASP's
# minimum; 12 MiB with 3 passes is one of OWASP's equivalent settings, and
# Debian's module makes Argon2i, which wants at least 3 passes.
ARGON2_MODULE = "argon2 m=12288 t=3 p=1"
