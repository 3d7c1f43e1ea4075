"""The Connect API under /api/v1/ (one module per resource), as Django REST Framework serves it.

Conventions: paths end with a slash; lists are paginated (`pagination`); errors use the simple or the rich
envelope (`connect_cert.sandbox.errors.APIError`); every user-scoped path answers 404 for a user of another partner or a
soft-deleted one. Two unauthenticated routes serve what responses link to: invoice PDFs
(`/api/v1/invoices/{id}.pdf`, unguessable ids) and operator logos.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from connect_cert.sandbox.charging import install as install_charging
from connect_cert.sandbox.connect import billing, charging, invoices, payments, stations, users
from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.http import connect_view

GET, POST, PUT, PATCH, DELETE = "GET", "POST", "PUT", "PATCH", "DELETE"


def install(sb: Sandbox) -> None:
    """Subscribe to Stripe events and register time-driven work (progress, CDRs)."""
    install_charging(sb)


def routes() -> list[BaseRoute]:
    v = connect_view
    return [
        # the 22 operations of the published spec
        Route("/users/", v(users.users), methods=[GET, POST]),
        Route("/users/{user_id}/", v(users.user), methods=[GET, PATCH, DELETE]),
        Route("/users/{user_id}/billing-details/", v(billing.billing_details), methods=[GET, PUT]),
        Route("/users/{user_id}/setup-intents/", v(payments.setup_intent), methods=[GET]),
        Route("/users/{user_id}/payment-methods/", v(payments.list_methods), methods=[GET]),
        Route("/users/{user_id}/payment-methods/{pm}/", v(payments.delete_method), methods=[DELETE]),
        Route("/users/{user_id}/payment-methods/{pm}/default/", v(payments.set_default), methods=[POST]),
        Route("/users/{user_id}/charging/start/", v(charging.start), methods=[POST]),
        Route("/users/{user_id}/charging/stop/{session_id}/", v(charging.stop), methods=[POST]),
        Route("/users/{user_id}/charging/debts/", v(charging.list_debts), methods=[GET]),
        Route("/users/{user_id}/charging-sessions/", v(charging.list_sessions), methods=[GET]),
        Route("/users/{user_id}/charging-sessions/{session_id}/", v(charging.session_detail), methods=[GET, PATCH]),
        Route("/users/{user_id}/invoices/", v(invoices.list_invoices), methods=[GET]),
        Route("/stations/around/", v(stations.around), methods=[GET]),
        Route("/stations/details/", v(stations.details), methods=[GET]),
        Route("/stations/tile/", v(stations.tile), methods=[GET]),
        Route("/stations/partners/", v(stations.partners), methods=[GET]),
        # served files the API links to (no token, as CDN or pre-signed links)
        Route("/invoices/{invoice_id}.pdf", invoices.invoice_pdf_view, methods=[GET], name="connect_invoice_pdf"),
        Route("/operators/{slug}/logo.svg", stations.operator_logo, methods=[GET], name="connect_operator_logo"),
    ]
