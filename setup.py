"""Maps the repository's top-level folders onto the one `connect_cert` namespace.

Metadata lives in pyproject.toml; only the package layout is computed here, so that a new sub-package
under any mapped folder ships without editing a list. Folders that hold only data (sandbox/static/…,
fixtures/partners/, template folders) are listed as packages too: setuptools then ships their files
(package-data in pyproject.toml) instead of warning that it will stop doing so. The `connect_cert/`
folder of the repository links to the mapped folders for tools that read the tree; it is never walked
here, so nothing ships twice.
"""

from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
MAPPED = ("harness", "sandbox", "contracts", "fixtures", "suites", "devices")
# What a run leaves in the tree and must not ship: caches, and the cassettes `--record` writes by default.
CACHES = {"__pycache__", "node_modules"}
NOT_SHIPPED = {ROOT / "fixtures" / "cassettes"}


def _shipped_dirs(folder: Path) -> list[Path]:
    found = [folder]
    for child in sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()):
        if child.name in CACHES or child.name.startswith(".") or child in NOT_SHIPPED:
            continue
        found += _shipped_dirs(child)
    return found


def _packages() -> tuple[list[str], dict[str, str]]:
    packages = ["connect_cert"]
    package_dir = {"connect_cert": "connect_cert"}
    for folder in MAPPED:
        package_dir[f"connect_cert.{folder}"] = folder
        for directory in _shipped_dirs(ROOT / folder):
            relative = directory.relative_to(ROOT / folder)
            packages.append(".".join(("connect_cert", folder, *relative.parts)))
    return packages, package_dir


PACKAGES, PACKAGE_DIR = _packages()

setup(packages=PACKAGES, package_dir=PACKAGE_DIR)
