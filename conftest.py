"""Plain `pytest suites/...` loads the connect-cert plugin, as `connect-cert certify` does.

`pytester` serves the project's own tests of the reports plugin (pytest allows plugins only here).
"""

pytest_plugins = ["harness.plugin", "pytester"]
