"""Typed failures of our contract checks: each with a title, a severity, and "Received / Documented"."""

from __future__ import annotations

from typing import ClassVar

from schemathesis.core.failures import Failure, Severity


class ContractFailure(Failure):
    """A Connect API contract failure found by one of connect-cert's own checks."""

    code: ClassVar[str] = "CC900"
    kind_title: ClassVar[str] = "Connect API contract violated"
    default_severity: ClassVar[Severity] = Severity.HIGH

    def __init__(self, *, operation: str, received: str, documented: str, title: str | None = None) -> None:
        super().__init__(
            operation=operation,
            title=title,
            message=f"Received: {received}\nDocumented: {documented}",
            severity=self.default_severity,
        )


class WrongIntentSecret(ContractFailure):
    code = "CC101"
    kind_title = "Setup intent endpoint returned something other than a SetupIntent secret"
    default_severity = Severity.CRITICAL


class IncoherentPagination(ContractFailure):
    code = "CC102"
    kind_title = "Pagination is incoherent"


class MalformedErrorEnvelope(ContractFailure):
    code = "CC103"
    kind_title = "Error body does not use the Connect error envelope"


class MisplacedPaymentSecret(ContractFailure):
    code = "CC104"
    kind_title = "A PaymentIntent secret was returned on an error that is not a payment error"
    default_severity = Severity.CRITICAL


class CardDataExposed(ContractFailure):
    code = "CC105"
    kind_title = "Card data beyond brand, last4, expiry and holder was returned"
    default_severity = Severity.CRITICAL


class CredentialEchoed(ContractFailure):
    code = "CC106"
    kind_title = "A token or secret was echoed in an error"
    default_severity = Severity.CRITICAL


class DeletedUserVisible(ContractFailure):
    code = "CC107"
    kind_title = "A soft-deleted user is still visible"
    default_severity = Severity.CRITICAL


class SessionWithoutPaymentMethod(ContractFailure):
    code = "CC108"
    kind_title = "A charging session started without one of the user's payment methods"
    default_severity = Severity.CRITICAL
