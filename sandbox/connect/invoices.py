"""Invoices: the user's list (newest first) and the PDF each `link` downloads.

The link is an unguessable URL served without a token, like the pre-signed download links invoices
are usually served from; it stops working when the user is soft-deleted.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connect_cert.sandbox.charging import invoice_pdf, sessions
from connect_cert.sandbox.connect.charging import invoice_link
from connect_cert.sandbox.connect.common import USER, Doc, find_user, iso
from connect_cert.sandbox.connect.pagination import paginate
from connect_cert.sandbox.http import ConnectRequest, sandbox_of


def render(request: Request, invoice: Doc) -> dict[str, Any]:
    return {
        "link": invoice_link(request, invoice["id"]),
        "total": invoice["total"],
        "date": iso(invoice["date"]),
        "refund": invoice["refund"],
        "charging_session_id": invoice["session_id"],
        "currency": invoice["currency"],
    }


def list_invoices(req: ConnectRequest) -> dict[str, Any]:
    user = find_user(req, req.params["user_id"])
    items = list(reversed(req.sandbox.store.list(sessions.INVOICE, parent=user["id"])))
    return paginate(req.request, items, lambda inv: render(req.request, inv))


async def invoice_pdf_view(request: Request) -> Response:
    sb = sandbox_of(request)
    invoice = sb.store.get(sessions.INVOICE, request.path_params["invoice_id"])
    user = sb.store.get(USER, invoice["user_id"]) if invoice else None
    if invoice is None or user is None or user["deleted"]:
        return JSONResponse({"detail": "Not found."}, 404)
    return Response(
        invoice_pdf.render(invoice),
        media_type="application/pdf",
        headers={
            "content-disposition": f'inline; filename="{invoice["number"]}.pdf"',
        },
    )
