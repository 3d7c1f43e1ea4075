"""What a self-test runs: for each fault mode a certification of a sandbox with that fault, by the suites of its
family that exist, and clean certifications, `repeat` times each, of the suite each fault run starts with (a
suite further down that catches a fault gets its clean runs afterwards: `clean_jobs`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from connect_cert.harness.exitcodes import ConfigError

# The suites that can see a family's faults, in the order they run (the cheaper first: a run stops at its
# first failing test).
FAMILY_SUITES: Mapping[str, tuple[str, ...]] = {
    "contract": ("api",),
    "auth": ("api",),
    "payments": ("api", "web", "mobile"),
    "lifecycle": ("api", "web", "mobile"),
    "web_client": ("web",),
    "stripe_js": ("web",),
    "paymentsheet": ("mobile",),
}
SLOW_SUITES = ("web", "mobile")  # a browser or a device per test: runs that start with one go first


@dataclass(frozen=True)
class FaultInfo:
    """A fault mode as the self-test sees it (from `connect_cert.sandbox.faults.catalog()`)."""

    name: str
    family: str
    description: str


@dataclass(frozen=True)
class Job:
    """One certification run: of a sandbox with `fault` (None: a clean one), by `suites`; `run` numbers repeats."""

    fault: FaultInfo | None
    suites: tuple[str, ...]
    run: int = 1

    @property
    def slug(self) -> str:
        if self.fault is not None:
            return f"fault-{self.fault.name}"
        return f"clean-{'-'.join(self.suites)}-{self.run}"

    @property
    def label(self) -> str:
        return self.fault.name if self.fault is not None else f"clean {','.join(self.suites)} #{self.run}"


def fault_catalog() -> list[FaultInfo]:
    from connect_cert.sandbox.faults import catalog

    return [FaultInfo(f.name, f.family, f.description) for f in catalog()]


def choose_faults(spec: str, known: Sequence[FaultInfo]) -> list[FaultInfo]:
    """`all`, `none`, or comma-separated fault mode names and family names, in catalog order."""
    items = [item.strip() for item in spec.split(",") if item.strip()]
    if not items:
        raise ConfigError("--faults is empty: give all, none, or fault modes / families separated by commas")
    if items == ["all"]:
        return list(known)
    if items == ["none"]:
        return []
    by_name = {f.name: f for f in known}
    families = {f.family for f in known}
    chosen: set[str] = set()
    for item in items:
        if item in by_name:
            chosen.add(item)
        elif item in families:
            chosen.update(f.name for f in known if f.family == item)
        else:
            raise ConfigError(f"--faults: {item!r} is neither a fault mode nor a family (see --list)")
    return [f for f in known if f.name in chosen]


def clean_jobs(suites: Sequence[str], repeat: int) -> list[Job]:
    return [Job(None, (suite,), run) for suite in suites for run in range(1, repeat + 1)]


def plan(
    faults: Sequence[FaultInfo], available: Sequence[str], only: Sequence[str] | None, repeat: int
) -> tuple[list[Job], list[FaultInfo]]:
    """The jobs (slow suites first), and the faults no chosen suite can see (they are reported, not run)."""
    allowed = [s for s in available if only is None or s in only]
    jobs: list[Job] = []
    unseen: list[FaultInfo] = []
    for fault in faults:
        suites = tuple(s for s in FAMILY_SUITES.get(fault.family, ()) if s in allowed)
        if suites:
            jobs.append(Job(fault, suites))
        else:
            unseen.append(fault)
    seeing = {s for suites in FAMILY_SUITES.values() for s in suites}
    first = {job.suites[0] for job in jobs} or seeing & set(allowed)
    jobs += clean_jobs(sorted(first, key=allowed.index), repeat)
    jobs.sort(key=lambda job: (job.suites[0] not in SLOW_SUITES, job.fault is not None))
    return jobs, unseen
