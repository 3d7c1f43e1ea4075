"""The one pytest option group every connect-cert plugin adds its options to."""

from __future__ import annotations

import pytest

GROUP = "connect-cert"
GROUP_TITLE = "connect-cert: the target and the run"


def option_group(parser: pytest.Parser) -> pytest.OptionGroup:
    return parser.getgroup(GROUP, GROUP_TITLE)
