"""connect-cert harness: what every suite and the CLI share (target, clients, plugin, redaction, CLI)."""

__version__ = "0.1.0"
