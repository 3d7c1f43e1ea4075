"""How deep a contract run generates: `quick` for CI and self-tests, `full` for certification."""

from __future__ import annotations

from dataclasses import dataclass

PHASES: tuple[str, ...] = ("examples", "coverage", "fuzzing", "stateful")


@dataclass(frozen=True)
class Profile:
    """One depth of a contract run; everything else (checks, tolerances) is the same in every profile."""

    name: str
    max_examples: int  # generated cases per operation in the examples and fuzzing phases
    stateful_examples: int  # scenarios of the stateful phase (each up to `max-steps` links long)
    workers: int  # concurrent Schemathesis workers
    phases: tuple[str, ...] = PHASES
    description: str = ""


# Every check and every phase, few generated cases: the coverage phase still sends each of its scenarios
# (missing and malformed parameters, undeclared methods, every documented enum value) once.
# The stateful phase must walk the whole chain to start -> stop, and a scenario follows start's link to stop
# only now and then (stop is mostly called with generated ids, 404). Measured on the sandbox, stateful phase
# alone: 40 scenarios stopped a session 1-10 times and never in about 1 run of 25 (the flaky "never stopped a
# session"); 100 stopped one 5-20 times in each of 30 runs (8.6 s against 3.8 s).
QUICK = Profile(
    "quick", max_examples=8, stateful_examples=100, workers=2, description="every check and phase once, few examples"
)
# Deep generation for certification: fits the 3-minute budget of `certify --suites api` on 2 cores.
FULL = Profile("full", max_examples=100, stateful_examples=100, workers=2, description="deep generation")

PROFILES: dict[str, Profile] = {p.name: p for p in (QUICK, FULL)}


def profile_named(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r}: choose from {', '.join(PROFILES)}") from None
