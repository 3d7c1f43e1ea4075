"""A one-page PDF invoice, written by hand (no dependency): what the invoice link downloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def _escape(text: str) -> str:
    text = text.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def render(invoice: dict[str, Any]) -> bytes:
    cost = invoice["cost"]
    date = datetime.fromtimestamp(invoice["date"], UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        ("F2", 18, "Invoice " + invoice["number"]),
        ("F1", 11, "Cariqa Connect sandbox - test data, not a real invoice"),
        ("F1", 11, f"Date: {date}"),
        ("F1", 11, f"Charging session: {invoice['session_id']}"),
        ("F1", 11, f"Charging point: {invoice['evse_id']}"),
        ("F1", 11, f"Energy: {invoice['energy']} kWh"),
        ("F1", 11, f"Energy cost: {cost['kwh_cost']} {invoice['currency']}"),
    ]
    if cost.get("time_cost") is not None:
        lines.append(("F1", 11, f"Time cost: {cost['time_cost']} {invoice['currency']}"))
    lines += [
        ("F1", 11, f"Session fee: {cost['session_fee_cost']} {invoice['currency']}"),
        ("F1", 11, f"Starting fee: {cost['starting_fee_cost']} {invoice['currency']}"),
    ]
    if invoice.get("writeoff", "0.00") != "0.00":
        lines.append(("F1", 11, f"Discount: -{invoice['writeoff']} {invoice['currency']}"))
    lines += [
        ("F2", 12, f"Total: {invoice['total']} {invoice['currency']} (VAT included: {invoice['vat']})"),
    ]
    ops = ["BT"]
    y = 790
    for font, size, text in lines:
        ops.append(f"/{font} {size} Tf 1 0 0 1 56 {y} Tm ({_escape(text)}) Tj")
        y -= size + 12
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
