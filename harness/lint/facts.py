"""What a source file says, in one shape for every language: the facts the rules read.

Each language module (`connect_cert.harness.lint.lang`) walks its syntax tree once and lowers it into these
facts. Comments are facts of their own and strings are literals, so a rule that looks for a call, a
configuration key or a member never sees text inside a comment or a string; only the rules about
literals (keys, dependency coordinates) read `Literal`s.

- `Call`      a call, constructor or JSX element: its callee path (`PaymentSheet.Configuration`), the line
              of its name, its arguments (labelled or positional) and where it sits (`Context`);
- `Label`     a configured value: a named argument, an object key, a JSX attribute, an assignment to a
              property (`configuration.returnURL = …`) or a builder setter (`.customer(…)`);
- `Member`    a member read (`debt.client_secret`, `debt["client_secret"]`, `Environment.Production`);
- `Literal`   the content of a string literal; `Comment` a comment; `Name` an identifier.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What kind of expression a value is."""

    STRING = "string"
    TRUE = "true"
    FALSE = "false"
    NUMBER = "number"
    NAME = "name"  # an identifier or a member path: `kDebugMode`, `Environment.Production`, `.payment`
    CALL = "call"  # a call or constructor: its callee path is the text
    OBJECT = "object"  # an object, map or dictionary literal: see `entries`
    CONDITIONAL = "conditional"  # a ternary, if- or when-expression
    OTHER = "other"


class LabelKind(StrEnum):
    ARGUMENT = "argument"  # named argument: Swift `merchantId:`, Kotlin `customer =`, Dart `testEnv:`
    KEY = "key"  # object / map key: `{ returnURL: … }`, Groovy `group: 'com.stripe'`
    ATTRIBUTE = "attribute"  # JSX attribute: `<StripeProvider merchantIdentifier="…">`
    ASSIGNMENT = "assignment"  # `configuration.returnURL = …`
    SETTER = "setter"  # builder setter: `Configuration.Builder(…).customer(…)`


@dataclass(frozen=True, slots=True)
class Context:
    """Where a fact sits: the enclosing calls (dotted callee paths) and labels, innermost first, and whether
    it is under a condition (ternary, if, when, switch)."""

    calls: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    conditional: bool = False

    def in_call(self, name: str) -> Context:
        return Context((name, *self.calls), self.labels, self.conditional)

    def in_label(self, name: str) -> Context:
        return Context(self.calls, (name, *self.labels), self.conditional)

    def under_condition(self) -> Context:
        return self if self.conditional else Context(self.calls, self.labels, True)

    @property
    def call(self) -> str | None:
        """The name of the innermost enclosing call (`create` for `PaymentSheet.FlowController.create`)."""
        return self.calls[0].rsplit(".", 1)[-1] if self.calls else None

    def within(self, names: Collection[str]) -> bool:
        """Whether any enclosing call or label is named one of `names`."""
        return any(c.rsplit(".", 1)[-1] in names for c in self.calls) or any(label in names for label in self.labels)


ROOT = Context()


@dataclass(frozen=True, slots=True)
class Value:
    """A value as the rules need it: its kind, a text (string content, or the dotted path of a name or
    callee) and everything inside it (identifiers, keys, string contents; never comments)."""

    kind: Kind
    text: str = ""
    names: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()
    strings: tuple[str, ...] = ()
    entries: tuple[tuple[str, Value], ...] = ()  # OBJECT: its top-level keys, in order

    @property
    def last(self) -> str:
        """The last segment of a path: `Production` for `Environment.Production`, `payment` for `.payment`."""
        return self.text.rsplit(".", 1)[-1]

    def entry(self, key: str) -> Value | None:
        return next((v for k, v in self.entries if k == key), None)


@dataclass(frozen=True, slots=True)
class Argument:
    label: str | None
    value: Value


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    path: tuple[str, ...]
    line: int
    arguments: tuple[Argument, ...]
    inner: Value  # everything inside the arguments, however deep
    context: Context = ROOT

    def argument(self, label: str) -> Value | None:
        """A labelled argument, or a key of an object passed to the call (`initPaymentSheet({ returnURL })`)."""
        for argument in self.arguments:
            if argument.label == label:
                return argument.value
        for argument in self.arguments:
            if argument.label is None and argument.value.kind is Kind.OBJECT:
                found = argument.value.entry(label)
                if found is not None:
                    return found
        return None

    @property
    def qualified(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    value: Value
    line: int
    kind: LabelKind
    receiver: tuple[str, ...] = ()  # ASSIGNMENT / SETTER: the path the property belongs to
    context: Context = ROOT


@dataclass(frozen=True, slots=True)
class Member:
    path: tuple[str, ...]
    line: int
    context: Context = ROOT


@dataclass(frozen=True, slots=True)
class Literal:
    text: str
    line: int
    context: Context = ROOT


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    line: int


@dataclass(slots=True)
class Facts:
    """Everything one file (or one script of an HTML file) says."""

    calls: list[Call] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    literals: list[Literal] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)

    def extend(self, other: Facts) -> None:
        self.calls += other.calls
        self.labels += other.labels
        self.members += other.members
        self.literals += other.literals
        self.comments += other.comments
        self.names += other.names

    def calls_named(self, *names: str) -> Iterator[Call]:
        return (c for c in self.calls if c.name in names)

    def labels_named(self, *names: str) -> Iterator[Label]:
        return (label for label in self.labels if label.name in names)

    def has_call(self, *names: str) -> bool:
        return any(True for _ in self.calls_named(*names))

    def has_label(self, *names: str) -> bool:
        return any(True for _ in self.labels_named(*names))
