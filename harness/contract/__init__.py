"""Running our OpenAPI contract against a target with Schemathesis' engine.

    run = run_contract(target, QUICK)            # every check, every phase, as `schemathesis run` would
    run.findings_for("users_setup_intents_retrieve")

- `schemathesis.toml`: the settings every run shares (with the throughput benchmark's bare CLI), each
  with its reason; `profiles.py`: how deep (`quick`, `full`);
- `runner.py`: the run and its result (`ContractRun`: findings, errors, what each operation answered);
- `findings.py`: a failed check as operation, check, Received / Documented and a redacted curl;
- `frontend_step.py`: the SetupIntent a frontend confirms in the stateful phase (publishable key, 4242);
- `tolerances.py`: what a correct DRF API does that a literal reading of the contract would flag;
- `janitor.py`: the sessions and users a run leaves behind, stopped and deleted;
- `checks.py`: our checks not yet in `connect_cert.contracts.checks`; `operations.py`: the contract as data.
"""

from connect_cert.harness.contract.findings import Finding
from connect_cert.harness.contract.paths import CONTRACT, SETTINGS
from connect_cert.harness.contract.profiles import FULL, PROFILES, QUICK, Profile, profile_named
from connect_cert.harness.contract.runner import (
    STATEFUL,
    UNIT_PHASES,
    ContractRun,
    RunError,
    contract_operations,
    run_contract,
)

__all__ = [
    "CONTRACT",
    "FULL",
    "PROFILES",
    "QUICK",
    "SETTINGS",
    "STATEFUL",
    "UNIT_PHASES",
    "ContractRun",
    "Finding",
    "Profile",
    "RunError",
    "contract_operations",
    "profile_named",
    "run_contract",
]
