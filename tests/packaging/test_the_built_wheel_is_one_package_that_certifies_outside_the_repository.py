"""`python -m build` gives one `connect_cert` package with its data, and the wheel certifies from anywhere.

The sdist is built from the checkout and the wheel from the sdist, as a release does. The wheel is then
installed `--no-deps` into a fresh venv outside the repository whose dependencies come from the project's
venv: a `.pth` file lists the project venv's site-packages. A path line in a `.pth` only extends sys.path,
it does not run the `.pth` files inside that folder, so the checkout's editable install stays out, and the
new venv's own site-packages (earlier on sys.path) holds the wheel's `connect_cert`. That is a full
`pip install dist/*.whl` minus the download. The run's PATH is the venv's bin folder alone: the API suite
needs neither Node nor a browser, and without npm the run says in one line how to get the Allure HTML.
"""

from __future__ import annotations

import configparser
import email.parser
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import connect_cert

REPO = Path(__file__).resolve().parents[2]
MAPPED = ("harness", "sandbox", "contracts", "fixtures", "suites", "devices")
# Package data the product reads at run time, as globs over the checkout (each must match something).
PACKAGE_DATA = (
    "suites/pytest.ini",
    "contracts/connect-api.yaml",
    "contracts/known-drift.yaml",
    "fixtures/requirements.yaml",
    "fixtures/partners/*",
    "harness/contract/schemathesis.toml",
    "harness/reports/*.json",
    "harness/**/*.j2",
    "sandbox/static/**/*.*",
)
BUILD_TIMEOUT = 300
CERTIFY_TIMEOUT = 600


def _run(
    command: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = BUILD_TIMEOUT,
    expect: int | None = 0,
) -> subprocess.CompletedProcess[str]:
    """Run `command`; with `expect`, assert its exit code (showing the output's end when it differs)."""
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert expect is None or done.returncode == expect, (
        f"{command[:4]} exited {done.returncode}:\n{done.stdout[-4000:]}\n{done.stderr[-3000:]}"
    )
    return done


def _tracked_files() -> list[str]:
    listed = _run(["git", "-C", str(REPO), "ls-files", "--", *MAPPED]).stdout.splitlines()
    return [name for name in listed if (REPO / name).is_file()]  # a file deleted but not yet committed is gone


def _check_wheel(wheel: Path) -> str:
    """One top-level package, every file of the mapped folders in it; returns the dist-info folder."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
        assert archive.read(f"{dist_info}/top_level.txt").decode().split() == ["connect_cert"]
        record = [row.split(",")[0] for row in archive.read(f"{dist_info}/RECORD").decode().splitlines()]
    assert record and set(record) == names
    strays = sorted(n for n in record if not n.startswith(("connect_cert/", f"{dist_info}/")))
    assert not strays, f"files outside connect_cert/ and the dist-info: {strays}"
    for pattern in PACKAGE_DATA:
        matched = [p.relative_to(REPO).as_posix() for p in REPO.glob(pattern) if p.is_file()]
        assert matched, f"{pattern} matches nothing in the checkout"
        missing = sorted(m for m in matched if f"connect_cert/{m}" not in names)
        assert not missing, f"package data missing from the wheel: {missing}"
    missing = sorted(t for t in _tracked_files() if f"connect_cert/{t}" not in names)
    assert not missing, f"tracked files of the mapped folders missing from the wheel: {missing}"
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or "/cassettes/" in n]
    return dist_info


def _check_metadata(wheel: Path, dist_info: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        metadata = email.parser.Parser().parsestr(archive.read(f"{dist_info}/METADATA").decode())
        entry_points = configparser.ConfigParser()
        entry_points.read_string(archive.read(f"{dist_info}/entry_points.txt").decode())
    assert metadata["Name"] == "connect-cert" and metadata["Version"] == connect_cert.__version__
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().startswith("# connect-cert"), "the README is the long description"
    urls = metadata.get_all("Project-URL") or []
    assert urls and all(u.split(", ", 1)[1].startswith("https://docs.cariqa.com/") for u in urls), urls
    classifiers = metadata.get_all("Classifier") or []
    assert {"Framework :: Pytest", "Programming Language :: Python :: 3.11"} <= set(classifiers), classifiers
    assert metadata["Keywords"]
    assert entry_points["console_scripts"]["connect-cert"] == "connect_cert.harness.cli:main"
    assert entry_points["pytest11"]["connect_cert"] == "connect_cert.harness.plugin"


def _check_sdist(sdist: Path) -> None:
    """connect_cert/ in the checkout links to the mapped folders: nothing may come into the sdist through it."""
    with tarfile.open(sdist) as archive:
        members = [m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile() and "/" in m.name]
    through_links = sorted(m for m in members if m.startswith("connect_cert/") and m.count("/") > 1)
    assert not through_links, f"files duplicated through connect_cert/: {through_links[:5]}"
    assert len(members) == len(set(members))
    assert {"setup.py", "pyproject.toml", "README.md", "package-lock.json", "suites/pytest.ini"} <= set(members)


def _purelib(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(_run([str(python), "-c", code]).stdout.strip())


def test_the_wheel_is_one_package_with_its_data_and_certifies_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(REPO)])
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    dist_info = _check_wheel(wheel)
    _check_metadata(wheel, dist_info)
    _check_sdist(sdist)

    venv, elsewhere = tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python, site = venv / "bin" / "python", _purelib(venv / "bin" / "python")
    (site / "project-dependencies.pth").write_text(f"{_purelib(Path(sys.executable))}\n", encoding="utf-8")
    env = {
        "PATH": str(venv / "bin"),  # no node, no npm
        "HOME": str(tmp_path / "home"),
        "CONNECT_CERT_CACHE_DIR": str(tmp_path / "cache"),
        "LANG": "C.UTF-8",
        **({"TMPDIR": os.environ["TMPDIR"]} if "TMPDIR" in os.environ else {}),
    }
    where = [str(python), "-c", "import connect_cert; print(connect_cert.__file__)"]
    before = _run(where, cwd=elsewhere, env=env, expect=1)
    assert "No module named 'connect_cert'" in before.stderr, "the checkout leaks in"

    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index"]
    _run([*pip, str(wheel)])
    imported = Path(_run(where, cwd=elsewhere, env=env).stdout.strip())
    assert imported.is_relative_to(site), f"connect_cert imported from {imported}, not the wheel"

    certify = [str(venv / "bin" / "connect-cert"), "certify", "--suites", "api", "--profile", "quick"]
    proc = _run(certify, cwd=elsewhere, env=env, timeout=CERTIFY_TIMEOUT)
    assert "connect-cert: certified (exit 0)" in proc.stdout
    assert f"rootdir: {site / 'connect_cert' / 'suites'}" in proc.stdout, "the suites ran from the wheel"
    reports = elsewhere / "reports"
    document = json.loads((reports / "certification.json").read_text(encoding="utf-8"))
    assert document["verdict"] == "pass"
    assert (reports / "certification.html").is_file() and (reports / "junit.xml").is_file()
    allure_lines = [line for line in proc.stdout.splitlines() if "Allure HTML" in line]
    assert len(allure_lines) == 1 and "npm" in allure_lines[0], allure_lines
    assert not (tmp_path / "cache").exists(), "nothing is installed without npm"
