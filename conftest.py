"""The connect-cert plugin loads through its `pytest11` entry point wherever the package is installed.

`pytester` serves the project's own tests of the plugins (pytest allows `pytest_plugins` only here).
"""

pytest_plugins = ["pytester"]
