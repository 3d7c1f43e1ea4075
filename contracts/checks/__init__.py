"""connect-cert's own Schemathesis checks; importing this package registers them all."""

from connect_cert.contracts.checks import errors, lifecycle, pagination, payments
from connect_cert.contracts.checks.failures import ContractFailure

CHECK_NAMES = (
    "setup_intent_secret_is_a_setup_intent",
    "pagination_is_coherent",
    "error_uses_the_envelope",
    "payment_secret_only_on_payment_errors",
    "no_card_data_beyond_summary",
    "no_credential_echoed_in_errors",
    "soft_deleted_user_stays_gone",
    "session_starts_only_with_the_users_method",
)

__all__ = ["CHECK_NAMES", "ContractFailure", "errors", "lifecycle", "pagination", "payments"]
