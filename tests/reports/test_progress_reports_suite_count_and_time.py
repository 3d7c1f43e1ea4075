"""Progress: suite, tests done and elapsed; often on a terminal, sparse plain lines in CI."""

from __future__ import annotations

from connect_cert.harness.reports.progress import PLAIN_EVERY, Progress, format_elapsed, plain_mode, suite_of


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _progress(plain: bool) -> tuple[Progress, list[str], Clock]:
    lines: list[str] = []
    clock = Clock()
    progress = Progress(write=lines.append, plain=plain, clock=clock)
    progress.start(total=120)
    return progress, lines, clock


def test_a_line_names_the_suite_the_count_and_the_time() -> None:
    progress, lines, clock = _progress(plain=False)
    clock.now += 65
    progress.test_finished("suites/api/test_auth.py::test_401", failed=False)
    assert lines == ["[connect-cert] suite api: 1/120 tests done, 0:01:05 elapsed"]


def test_a_new_suite_is_announced_at_once() -> None:
    progress, lines, _ = _progress(plain=True)
    progress.test_finished("suites/api/test_a.py::t", failed=False)
    progress.test_finished("suites/api/test_a.py::u", failed=False)
    progress.test_finished("suites/web/test_b.py::t", failed=True)
    assert [line.split(":")[0] for line in lines] == ["[connect-cert] suite api", "[connect-cert] suite web"]
    assert lines[-1] == "[connect-cert] suite web: 3/120 tests done, 1 failed, 0:00:00 elapsed"


def test_a_terminal_hears_every_few_seconds_and_ci_less_often() -> None:
    tty, tty_lines, tty_clock = _progress(plain=False)
    ci, ci_lines, ci_clock = _progress(plain=True)
    for _ in range(20):  # 20 tests, 2 s apart
        for progress, clock in ((tty, tty_clock), (ci, ci_clock)):
            clock.now += 2
            progress.test_finished("suites/api/test_a.py::t", failed=False)
    assert len(tty_lines) == 1 + 6  # the suite, then every 5 s over 40 s (at 6, 12, 18, ... s)
    assert len(ci_lines) == 1 + 1  # the suite, then once after 30 s


def test_ci_also_reports_every_so_many_tests() -> None:
    ci, lines, _ = _progress(plain=True)
    for _ in range(PLAIN_EVERY * 2 + 1):
        ci.test_finished("suites/web/test_a.py::t", failed=False)
    assert len(lines) == 3


def test_finish_always_writes_the_last_line() -> None:
    progress, lines, _ = _progress(plain=True)
    progress.finish()
    assert lines == ["[connect-cert] suite -: 0/120 tests done, 0:00:00 elapsed"]


def test_plain_when_not_a_terminal_or_in_ci() -> None:
    assert plain_mode(isatty=False, environ={}) is True
    assert plain_mode(isatty=True, environ={"CI": "true"}) is True
    assert plain_mode(isatty=True, environ={}) is False


def test_helpers() -> None:
    assert suite_of("suites/mobile/ios/test_sheet.py::t") == "mobile"
    assert suite_of("tests/reports/test_x.py::t") == "tests"
    assert format_elapsed(3725) == "1:02:05"
