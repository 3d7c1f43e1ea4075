"""Charging: the Virtual Charging Points, the station dataset, tariffs, sessions, CDRs, invoices and debts.

Knows nothing of HTTP: the Connect API (`connect_cert.sandbox.connect`) and the control API (`connect_cert.sandbox.control`)
render what happens here.
"""

from connect_cert.sandbox.charging.sessions import install

__all__ = ["install"]
