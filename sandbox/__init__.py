"""The embedded sandbox: a local Connect API with Stripe test mode, charging points and a web client.

It knows nothing of the harness; the harness reaches it only over HTTP.
"""

from connect_cert.sandbox.app import create_app

__all__ = ["create_app"]
