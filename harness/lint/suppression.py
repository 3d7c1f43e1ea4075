"""Inline suppression: a comment naming the rule id.

    // connect-cert: ignore[no-customer-config]          this line and the next
    # connect-cert: ignore[rule-a, rule-b]                several rules
    /* connect-cert: ignore-file[no-live-or-secret-key] */  the whole file

A comment suppresses findings on the lines it spans and on the line after it (so it can sit at the end of
the line or on its own line above). A finding about the whole app (no line) is suppressed by a comment
naming its rule in any file of that platform. Only real comments count: the same text in a string does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from connect_cert.harness.lint.facts import Comment

PATTERN = re.compile(r"connect-cert:\s*ignore(-file)?\[([^\]]*)\]")


@dataclass
class Suppressions:
    by_line: dict[int, set[str]] = field(default_factory=dict)
    whole_file: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)  # every rule id named anywhere in the file

    def covers(self, rule: str, line: int | None) -> bool:
        if rule in self.whole_file:
            return True
        if line is None:
            return rule in self.named
        return rule in self.by_line.get(line, set())


def suppressions(comments: Iterable[Comment]) -> Suppressions:
    found = Suppressions()
    for comment in comments:
        for match in PATTERN.finditer(comment.text):
            ids = {part.strip() for part in match.group(2).split(",") if part.strip()}
            found.named |= ids
            if match.group(1):
                found.whole_file |= ids
                continue
            for line in range(comment.line, comment.end_line + 2):
                found.by_line.setdefault(line, set()).update(ids)
    return found
