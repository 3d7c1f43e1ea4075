"""The hook points: where the sandbox's Connect and charging code passes a value through `faults.hook`.

Each names the value it carries; a behavioral fault registers a transform for one or more of them. Without an
active fault a hook answers its value unchanged.
"""

from __future__ import annotations


class Point:
    """Hook point names (value carried; where)."""

    USER_PARTNER = "user.partner"  # the partner a user must belong to (ctx user); connect.common.find_user
    SETUP_CUSTOMER = "setup.customer"  # the customer of the user's SetupIntent; connect.payments.setup_intent
    SETUP_SECRET = "setup.secret"  # the secret handed out (ctx customer_id); connect.payments.setup_intent
    START_PAYMENT_METHOD = "start.payment_method"  # the user's method or None (ctx payment_method_id)
    START_BILLING_COMPLETE = "start.billing_complete"  # whether the billing details are complete
    START_OPEN_DEBTS = "start.open_debts"  # the user's open debts
    START_ACTIVE_SESSION = "start.active_session"  # the user's active session or None
    START_PREAUTH_CENTS = "start.preauth_cents"  # the hold's amount, 0 for none (ctx payment_method)
    PREAUTH_NEEDS_AUTHENTICATION = "start.preauth_needs_authentication"  # the 402 answered (an APIError)
    PREAUTH_REUSE = "preauth.reuse"  # an authorized hold to reuse, or None; charging.sessions.preauthorize
    STOP_WHEN_STOPPED = "stop.when_stopped"  # the 409 refusal, or None to answer 204; connect.charging.stop
    STOP_ENDS_SESSION = "stop.ends_session"  # whether stop ends the session
    SESSION_COST = "session.cost"  # the rendered session_cost; connect.charging.render_session
    DEBTS_LISTED = "debts.listed"  # the debts the list shows (ctx user_id); connect.charging.list_debts
    DELETE_USER_OPEN_DEBTS = "delete_user.open_debts"  # the debts that refuse a soft delete; connect.users
    DELETE_METHOD_OPEN_DEBTS = "delete_method.open_debts"  # the debts that refuse a removal; connect.payments
    FAILED_CHARGE_LEAVES_DEBT = "final_charge.failure_leaves_debt"  # charging.sessions._settle
    INVOICE_ISSUED = "invoice.issued"  # whether the invoice is stored; charging.sessions.create_invoice
