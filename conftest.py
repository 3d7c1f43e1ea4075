"""Plain `pytest suites/...` loads the connect-cert plugin, as `connect-cert certify` does."""

pytest_plugins = ["harness.plugin"]
