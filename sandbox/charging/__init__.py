"""Charging: the Virtual Charging Points, the station dataset, tariffs, sessions, CDRs, invoices and debts.

Knows nothing of HTTP: the Connect API (`sandbox.connect`) and the control API (`sandbox.control`)
render what happens here.
"""

from sandbox.charging.sessions import install

__all__ = ["install"]
