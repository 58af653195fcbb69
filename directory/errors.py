"""The project's own directory exceptions, and the one place that makes them.

Callers catch these, never ldap3's: a view turns each into a message and a
status, the CLI into an exit code.
"""

import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager

from ldap3.core import exceptions as ldap3_exceptions
from ldap3.core.results import RESULT_CODES
from pyasn1.codec.ber import decoder as ber_decoder
from pyasn1.error import PyAsn1Error
from pyasn1.type import namedtype, namedval, tag, univ

# The password policy control (draft-behera-ldap-password-policy), sent with
# a bind so that slapd says why it refused: a locked account, for example.
PPOLICY_OID = "1.3.6.1.4.1.42.2.27.8.5.1"


# The virtual list view's result code (draft-ietf-ldapext-ldapv3-vlv), which
# ldap3 2.9.1 does not know: without a name for it, decoding the answer fails.
VLV_ERROR = 76
RESULT_CODES.setdefault(VLV_ERROR, "virtualListViewError")


class DirectoryError(Exception):
    """Something the directory refused or could not do."""


class Unavailable(DirectoryError):
    """No directory server answered."""


class InvalidCredentials(DirectoryError):
    """A bind was refused: wrong password, wrong or used code, or no such account."""


class AccountLocked(InvalidCredentials):
    """A bind was refused because the password policy locked the account."""


class InsufficientAccess(DirectoryError):
    """The directory's access rules do not allow this to the bound identity."""


class NoSuchEntry(DirectoryError):
    """The entry (or its parent) does not exist."""


class AlreadyExists(DirectoryError):
    """An entry with this name exists already."""


class InvalidValue(DirectoryError):
    """A value the schema or a constraint refuses (or an empty name)."""


class Busy(DirectoryError):
    """The directory is busy or the operation timed out; trying later may work."""


class OutOfRange(DirectoryError):
    """A virtual list view was asked for entries past the end of the list."""


class Conflict(DirectoryError):
    """Someone changed the entry since it was read; read it again and retry.

    Also what a write with a failed assertion (RFC 4528) raises.
    """


class _PolicyError(univ.Enumerated):
    namedValues = namedval.NamedValues(
        ("passwordExpired", 0),
        ("accountLocked", 1),
        ("changeAfterReset", 2),
        ("passwordModNotAllowed", 3),
        ("mustSupplyOldPassword", 4),
        ("insufficientPasswordQuality", 5),
        ("passwordTooShort", 6),
        ("passwordTooYoung", 7),
        ("passwordInHistory", 8),
    )


class _PolicyResponse(univ.Sequence):
    # The warning [0] is a CHOICE; only the error [1] matters here, so the
    # warning is read as an opaque value.
    componentType = namedtype.NamedTypes(
        namedtype.OptionalNamedType(
            "warning",
            univ.Any().subtype(
                implicitTag=tag.Tag(tag.tagClassContext, tag.tagFormatConstructed, 0)
            ),
        ),
        namedtype.OptionalNamedType(
            "error",
            _PolicyError().subtype(
                implicitTag=tag.Tag(tag.tagClassContext, tag.tagFormatSimple, 1)
            ),
        ),
    )


def policy_error(controls: dict | None) -> str | None:
    """Return the password policy error a response carries (e.g. "accountLocked"), or None."""
    value = ((controls or {}).get(PPOLICY_OID) or {}).get("value")
    if not value:
        return None
    try:
        decoded, _rest = ber_decoder.decode(value, asn1Spec=_PolicyResponse())
    except PyAsn1Error:
        return None
    error = decoded.getComponentByName("error")
    return str(error.prettyPrint()) if error.isValue else None


_BY_RESULT = {
    ldap3_exceptions.LDAPInvalidCredentialsResult: InvalidCredentials,
    ldap3_exceptions.LDAPInsufficientAccessRightsResult: InsufficientAccess,
    ldap3_exceptions.LDAPAuthorizationDeniedResult: InsufficientAccess,
    ldap3_exceptions.LDAPStrongerAuthRequiredResult: InsufficientAccess,
    ldap3_exceptions.LDAPInappropriateAuthenticationResult: InvalidCredentials,
    ldap3_exceptions.LDAPNoSuchObjectResult: NoSuchEntry,
    ldap3_exceptions.LDAPEntryAlreadyExistsResult: AlreadyExists,
    ldap3_exceptions.LDAPConstraintViolationResult: InvalidValue,
    ldap3_exceptions.LDAPInvalidAttributeSyntaxResult: InvalidValue,
    ldap3_exceptions.LDAPInvalidDNSyntaxResult: InvalidValue,
    ldap3_exceptions.LDAPNamingViolationResult: InvalidValue,
    ldap3_exceptions.LDAPObjectClassViolationResult: InvalidValue,
    ldap3_exceptions.LDAPUndefinedAttributeTypeResult: InvalidValue,
    ldap3_exceptions.LDAPAttributeOrValueExistsResult: InvalidValue,
    ldap3_exceptions.LDAPNoSuchAttributeResult: InvalidValue,
    ldap3_exceptions.LDAPNotAllowedOnNotLeafResult: InvalidValue,
    ldap3_exceptions.LDAPBusyResult: Busy,
    ldap3_exceptions.LDAPUnavailableResult: Unavailable,
    ldap3_exceptions.LDAPTimeLimitExceededResult: Busy,
    ldap3_exceptions.LDAPAdminLimitExceededResult: Busy,
    ldap3_exceptions.LDAPAssertionFailedResult: Conflict,
}


def _translate_result(exc: ldap3_exceptions.LDAPOperationResult) -> DirectoryError:
    if exc.result == VLV_ERROR:
        return OutOfRange(exc.message or "virtual list view out of range")
    for ldap3_class, ours in _BY_RESULT.items():
        if isinstance(exc, ldap3_class):
            return ours(exc.description or str(exc))
    return DirectoryError(f"{exc.description}: {exc.message}".strip(": "))


@contextmanager
def translated(connection=None) -> Iterator[None]:
    """Run a block of ldap3 calls; re-raise ldap3's errors as the project's.

    ``connection`` is given for a bind (only): a refused bind whose password
    policy control says the account is locked becomes :class:`AccountLocked`,
    and a password that SASLprep (RFC 4013, which ldap3 applies to every
    simple bind) refuses, or that cannot be encoded, is an ordinary
    :class:`InvalidCredentials`: no stored password can match it. Elsewhere
    SASLprep's refusal is an :class:`InvalidValue`.
    """
    try:
        yield
    except DirectoryError:
        raise
    except ldap3_exceptions.LDAPSASLPrepError as exc:
        if connection is not None:
            raise InvalidCredentials("password refused by SASLprep") from exc
        raise InvalidValue(str(exc)) from exc
    except UnicodeEncodeError as exc:
        if connection is not None:
            raise InvalidCredentials("password cannot be encoded") from exc
        raise
    except ldap3_exceptions.LDAPOperationResult as exc:
        if connection is not None and isinstance(
            exc, ldap3_exceptions.LDAPInvalidCredentialsResult
        ):
            result = connection.result or {}
            if policy_error(result.get("controls")) == "accountLocked":
                raise AccountLocked(exc.description or str(exc)) from exc
        raise _translate_result(exc) from exc
    except ssl.SSLCertVerificationError as exc:
        # ldap3 re-raises it mixed into its LDAPSocketOpenError, the reason in nested tuples.
        reason = re.search(r"certificate verify failed: (.*?)\s*\(_ssl", str(exc))
        reason = reason.group(1).replace("\\'", "'") if reason else str(exc)
        raise Unavailable(f"the server's certificate is refused: {reason}") from exc
    except (
        ldap3_exceptions.LDAPCommunicationError,
        ldap3_exceptions.LDAPServerPoolExhaustedError,
        ldap3_exceptions.LDAPSocketOpenError,
        ldap3_exceptions.LDAPSessionTerminatedByServerError,
        ldap3_exceptions.LDAPStartTLSError,
    ) as exc:
        raise Unavailable(str(exc)) from exc
    except ldap3_exceptions.LDAPResponseTimeoutError as exc:
        raise Busy(str(exc)) from exc
    except ldap3_exceptions.LDAPInvalidDnError as exc:
        raise InvalidValue(str(exc)) from exc
    except ldap3_exceptions.LDAPException as exc:
        raise DirectoryError(str(exc)) from exc
