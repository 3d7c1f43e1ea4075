"""The keys under which the connect-cert plugins share state on `config.stash` and `item.stash`.

One neutral module, so each plugin imports its keys from here and no plugin imports another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from connect_cert.harness.partner_config import PartnerConfig
    from connect_cert.harness.reports.catalog import Catalog
    from connect_cert.harness.reports.plugin import RunState
    from connect_cert.harness.sharding import ShardPlan, ShardSpec
    from connect_cert.harness.target import Target
    from connect_cert.harness.web.partner_app import WebAppSpec

# --- config.stash ----------------------------------------------------------------------------------

CATALOG_KEY: pytest.StashKey[Catalog] = pytest.StashKey()
"""The requirement catalog of the run (reports plugin, at configure)."""

PARTNER_KEY: pytest.StashKey[PartnerConfig | None] = pytest.StashKey()
"""The partner config of `--partner-config`, None without one (reports plugin, at configure)."""

STATE_KEY: pytest.StashKey[RunState] = pytest.StashKey()
"""The reports plugin's state of this run (progress, suites seen, the verdict)."""

TARGET_KEY: pytest.StashKey[Target] = pytest.StashKey()
"""The resolved target (the `target` fixture): the report names it, the leak scan knows its tokens."""

WEB_APP_KEY: pytest.StashKey[WebAppSpec | None] = pytest.StashKey()
"""The web app under test: the partner config's `apps.web`, the reference client, or None (not certified)."""

DEVICES_KEY: pytest.StashKey[set[str]] = pytest.StashKey()
"""The mobile viewports chosen with `--web-devices`."""

SHARD_KEY: pytest.StashKey[ShardSpec] = pytest.StashKey()
"""`--shard I/N` of this run (sharding plugin, at configure); absent when the run is not a shard."""

SHARD_PLAN_KEY: pytest.StashKey[ShardPlan] = pytest.StashKey()
"""This shard's plan: the selection's hash and the tests it owns (sharding plugin; the reports write it)."""

# --- item.stash ------------------------------------------------------------------------------------

FAILED_KEY: pytest.StashKey[bool] = pytest.StashKey()
"""Set when a test's setup or call failed: the web plugin then keeps its trace and video."""
