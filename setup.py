"""Maps the repository's top-level folders onto the one `connect_cert` namespace.

Metadata lives in pyproject.toml; only the package layout is computed here, so that a new sub-package
under any mapped folder ships without editing a list.
"""

from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
MAPPED = ("harness", "sandbox", "contracts", "fixtures", "suites", "devices")


def _packages() -> tuple[list[str], dict[str, str]]:
    packages = ["connect_cert"]
    package_dir = {"connect_cert": "connect_cert"}
    for folder in MAPPED:
        package_dir[f"connect_cert.{folder}"] = folder
        for init in sorted((ROOT / folder).rglob("__init__.py")):
            relative = init.parent.relative_to(ROOT / folder)
            packages.append(".".join(("connect_cert", folder, *relative.parts)))
    return packages, package_dir


PACKAGES, PACKAGE_DIR = _packages()

setup(packages=PACKAGES, package_dir=PACKAGE_DIR)
