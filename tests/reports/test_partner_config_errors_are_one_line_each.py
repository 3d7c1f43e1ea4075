"""The partner config: the documented example loads; each problem is one clear line; exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from connect_cert.harness.exitcodes import ConfigError, ExitCode
from connect_cert.harness.partner_config import PartnerConfigError, load_partner_config

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "partners" / "example-certification.yaml"


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "certification.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def _problems(tmp_path: Path, data: object) -> list[str]:
    with pytest.raises(PartnerConfigError) as raised:
        load_partner_config(_write(tmp_path, data))
    error = raised.value
    assert isinstance(error, ConfigError) and error.exit_code == ExitCode.USAGE
    assert str(error).splitlines() == error.problems
    return error.problems


def test_the_documented_example_is_valid() -> None:
    config = load_partner_config(EXAMPLE)
    assert config.partner == "Example Mobility GmbH"
    assert config.platforms == {"api", "web", "ios", "android"}
    assert config.target.url == "https://dev.connect.cariqa.com"
    assert config.target.token_env == "CONNECT_CERT_TOKEN"
    assert config.apps["web"].adapter is not None and config.apps["web"].adapter.kind == "selectors"
    assert config.app_version("ios") == "2.4.1"
    assert set(config.excluded) == {"PAY-08"}
    assert config.suites == ("api", "web", "mobile")


def test_a_minimal_config_certifies_the_api_on_the_sandbox(tmp_path: Path) -> None:
    config = load_partner_config(_write(tmp_path, {"partner": {"name": "Acme"}}))
    assert config.target.is_sandbox
    assert config.platforms == {"api"}
    assert config.excluded == {}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"partner": {}}, "certification.yaml: partner.name: missing"),
        (
            {"partner": {"name": "A"}, "target": {"url": "ftp://x"}},
            "certification.yaml: target.url: must be 'sandbox' or an http(s) URL, got 'ftp://x'",
        ),
        (
            {"partner": {"name": "A"}, "target": {"token_env": "eyJhbGciOiJIUzI1NiJ9.eyJwIjoxfQ.c2ln"}},
            "certification.yaml: target.token_env: looks like a credential: give the NAME of an environment variable holding it, never the value",
        ),
        (
            {"partner": {"name": "A"}, "target": {"token_env": "my-token"}},
            "certification.yaml: target.token_env: 'my-token' is not an environment variable name (A-Z, 0-9, _)",
        ),
        (
            {"partner": {"name": "A"}, "taget": {}},
            "certification.yaml: taget: unknown field (did you mean 'target'? known: version, partner, target, apps, suites, requirements)",
        ),
        (
            {"partner": {"name": "A"}, "apps": {"web": {"version": "1"}}},
            "certification.yaml: apps.web.url: missing (the URL of the partner web app)",
        ),
        (
            {"partner": {"name": "A"}, "apps": {"ios": {"version": "1"}}},
            "certification.yaml: apps.ios: give the build under test ('app': a path or URL) or an installed app ('bundle_id')",
        ),
        (
            {"partner": {"name": "A"}, "apps": {"windows": {}}},
            "certification.yaml: apps.windows: unknown field (known: web, ios, android, source)",
        ),
        (
            {"partner": {"name": "A"}, "requirements": {"exclude": {"PAY-02": "no cards"}}},
            "certification.yaml: requirements.exclude.PAY-02: PAY-02 is a blocker requirement "
            "(A 4242 card is added without friction and becomes the default method) and cannot be excluded",
        ),
        (
            {"partner": {"name": "A"}, "requirements": {"exclude": {"PAY-08": ""}}},
            "certification.yaml: requirements.exclude.PAY-08: expected non-empty text, got ''",
        ),
        (
            {"partner": {"name": "A"}, "suites": ["api", "desktop"]},
            "certification.yaml: suites: unknown suite 'desktop' (known: api, web, mobile, lint)",
        ),
        (
            {"partner": {"name": "A"}, "apps": {"web": {"url": "https://a.example", "adapter": "not a thing"}}},
            "certification.yaml: apps.web.adapter: 'not a thing' is neither 'reference', a selectors file (.yaml) nor Python ('module:Class' or 'file.py:Class')",
        ),
        (
            {"partner": {"name": "A"}, "apps": {"web": {"url": "https://a.example", "adapter": "adapters/web.py:App"}}},
            "certification.yaml: apps.web.adapter: adapters/web.py does not exist (relative to {dir})",
        ),
        (
            {"partner": {"name": "A"}, "apps": {"web": {"url": "https://a.example", "adapter": "missing.yaml"}}},
            "certification.yaml: apps.web.adapter: selectors file missing.yaml does not exist (relative to {dir})",
        ),
        (
            {"partner": {"name": "A"}, "target": {"wallet_domain": "https://pay.example.com"}},
            "certification.yaml: target.wallet_domain: expected a bare domain such as pay.example.com, got 'https://pay.example.com'",
        ),
    ],
)
def test_each_problem_is_one_line(tmp_path: Path, data: dict, expected: str) -> None:
    assert _problems(tmp_path, data) == [expected.format(dir=tmp_path.resolve())]


def test_unknown_requirement_lists_the_known_ones(tmp_path: Path) -> None:
    [problem] = _problems(tmp_path, {"partner": {"name": "A"}, "requirements": {"exclude": {"PAY-77": "x"}}})
    assert problem.startswith(
        "certification.yaml: requirements.exclude.PAY-77: unknown requirement (known: PAY-01, PAY-02,"
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        {
            "partner": {"name": ""},
            "target": {"url": "nope", "stripe_api_base": "api.stripe.com"},
            "apps": {"android": {"devices": "Pixel"}},
        },
    )
    assert len(problems) == 5, problems
    assert [p.split(": ")[1] for p in problems] == [
        "partner.name",
        "target.stripe_api_base",
        "target.url",
        "apps.android.devices",
        "apps.android",
    ]


def test_unreadable_files_are_one_line_too(tmp_path: Path) -> None:
    assert _problems(tmp_path, "partner: [unclosed\n")[0].startswith("certification.yaml: not valid YAML (line ")
    assert _problems(tmp_path, "- a list\n") == [
        "certification.yaml: expected a mapping at the top (partner, target, apps, requirements)"
    ]
    with pytest.raises(PartnerConfigError) as missing:
        load_partner_config(tmp_path / "nope.yaml")
    assert str(missing.value) == f"{tmp_path / 'nope.yaml'}: the partner config does not exist"
    with pytest.raises(PartnerConfigError, match="is a folder"):
        load_partner_config(tmp_path)


def test_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "selectors.yaml").write_text("sign_in: '#sign-in'\nlog_out: '#log-out'\n")
    (tmp_path / "app-src").mkdir()
    config = load_partner_config(
        _write(
            tmp_path,
            {
                "partner": {"name": "A"},
                "apps": {
                    "web": {"url": "https://a.example", "adapter": "selectors.yaml"},
                    "source": {"path": "app-src"},
                },
            },
        )
    )
    adapter = config.apps["web"].adapter
    assert adapter is not None and adapter.selectors == {"sign_in": "#sign-in", "log_out": "#log-out"}
    assert config.platforms == {"api", "web", "lint"}
    (tmp_path / "adapters").mkdir()
    (tmp_path / "adapters" / "web.py").write_text("class App: ...\n")
    python = load_partner_config(
        _write(
            tmp_path,
            {
                "partner": {"name": "A"},
                "apps": {"web": {"url": "https://a.example", "adapter": "adapters/web.py:App"}},
            },
        )
    )
    assert python.apps["web"].adapter is not None and python.apps["web"].adapter.python == "adapters/web.py:App"
