"""connect-cert harness: what every suite and the CLI share (target, clients, plugin, redaction, CLI)."""

from connect_cert import __version__

__all__ = ["__version__"]
