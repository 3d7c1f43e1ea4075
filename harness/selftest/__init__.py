"""`connect-cert selftest`: prove that a green certification means something.

For each fault mode of the sandbox (`connect_cert.sandbox.faults`) one `connect-cert certify` run, in a child
process with its own embedded sandbox started with that fault, by the suites that can see the fault's family
(`plan.FAMILY_SUITES`), stopping at the first failing test; then clean runs of the same suites (`--repeat`
times each) that must pass. A row per fault (caught or not, by which requirement and finding, how soon), the
clean runs, the tests whose outcome changed between clean runs (flaky), one summary line, JSON.

    plan (which runs) -> runner (child processes, N at a time; `probe` records each test) -> report
"""

from connect_cert.harness.selftest.command import SelfTestOptions, list_faults, run_selftest, selftest

__all__ = ["SelfTestOptions", "list_faults", "run_selftest", "selftest"]
