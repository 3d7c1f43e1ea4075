"""Every method that @stripe/stripe-js's type definitions declare exists on the Stripe.js stand-in: the Stripe
object, the Elements group, each Element type (with its events) and the PaymentRequest; a method the sandbox
does not offer refuses with Stripe's IntegrationError naming it, never answering undefined."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from connect_cert.sandbox import identity
from tests.web.stripe_js_pages import open_probe

TYPES = Path(__file__).resolve().parents[2] / "node_modules" / "@stripe" / "stripe-js" / "dist" / "stripe-js"
OPEN = "({<["
CLOSE = ")}]"


@dataclass(frozen=True)
class Member:
    name: str
    returns_promise: bool


@dataclass(frozen=True)
class Declared:
    """One interface (or object type) of the .d.ts files: its members and, for Elements, their events."""

    name: str
    members: tuple[Member, ...]
    events: tuple[str, ...]
    extends_base: bool

    def names(self) -> set[str]:
        return {m.name for m in self.members}


def _source() -> dict[Path, str]:
    without_comments = {}
    for path in sorted(TYPES.rglob("*.d.ts")):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        without_comments[path] = re.sub(r"//[^\n]*", "", text)
    return without_comments


def _top_level(body: str) -> str:
    """`body` with everything nested in (), {}, <> or [] blanked out, except the opening parenthesis."""
    depth, out, previous = 0, [], ""
    for ch in body:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE or (ch == ">" and previous != "="):  # `=>` is no closing bracket
            depth -= 1
        out.append(ch if depth == 0 or (depth == 1 and ch == "(") else " ")
        previous = ch
    return "".join(out)


def _declared(source: dict[Path, str], name: str) -> Declared:
    start = re.compile(rf"export\s+(?:interface\s+{name}\b[^{{=]*|type\s+{name}\s*=\s*([\w\s&]*?))\{{")
    for text in source.values():
        found = start.search(text)
        if not found:
            continue
        depth, end = 0, found.end() - 1
        for end in range(found.end() - 1, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        body = text[found.end() : end]
        members: dict[str, bool] = {}
        for declaration in _top_level(body).split(";"):
            head = re.match(r"\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*([(:<])", declaration)
            if not head:
                continue
            arrow = re.search(r"=>\s*([\w.]+)", declaration) if head.group(2) == ":" else None
            method = re.search(r"\)\s*:\s*([\w.]+)", declaration)
            returns = (arrow or method).group(1) if (arrow or method) else ""
            # overloads: a member returns a promise when every overload does
            members[head.group(1)] = members.get(head.group(1), True) and returns == "Promise"
        events = tuple(sorted(set(re.findall(r"\bon\(\s*eventType:\s*'([\w-]+)'", body))))
        base = "StripeElementBase" in (found.group(1) or "")
        return Declared(name, tuple(Member(n, p) for n, p in sorted(members.items())), events, base)
    raise LookupError(f"{name} is declared in none of @stripe/stripe-js's .d.ts files")


@dataclass(frozen=True)
class StripeJsTypes:
    stripe: Declared
    elements: Declared
    payment_request: Declared
    element_base: Declared
    element_types: dict[str, Declared]  # elementType ('card', 'payment', ...) -> its Element type


@pytest.fixture(scope="module")
def types() -> StripeJsTypes:
    if not TYPES.is_dir():
        pytest.skip("@stripe/stripe-js is not installed: run `npm ci` (make install)")
    source = _source()
    group = next(text for path, text in source.items() if path.name == "elements-group.d.ts")
    created = dict(re.findall(r"create\(\s*elementType:\s*'(\w+)'[^)]*\)\s*:\s*(\w+)", group))
    return StripeJsTypes(
        stripe=_declared(source, "Stripe"),
        elements=_declared(source, "StripeElements"),
        payment_request=_declared(source, "PaymentRequest"),
        element_base=_declared(source, "StripeElementBase"),
        element_types={kind: _declared(source, type_name) for kind, type_name in created.items()},
    )


@pytest.fixture
def probe(page: Page, sandbox_url: str) -> Page:
    """A blank page of the sandbox's origin that loads the stand-in as a partner page would."""
    return open_probe(page, sandbox_url)


def test_the_parser_reads_stripes_declarations(types: StripeJsTypes) -> None:
    names = types.stripe.names()
    assert len(names) >= 70 and {"confirmCardSetup", "elements", "createToken", "paymentRequest"} <= names
    assert {m.name for m in types.stripe.members if m.returns_promise} >= {"confirmSetup", "createToken"}
    assert not any(m.returns_promise for m in types.stripe.members if m.name in ("elements", "registerAppInfo"))
    assert {"card", "payment", "cardNumber", "expressCheckout", "address"} <= set(types.element_types)
    assert "collapse" in types.element_types["payment"].names() and types.element_types["card"].extends_base
    assert {"create", "getElement", "on", "submit", "update", "fetchUpdates"} <= types.elements.names()


def test_every_declared_method_exists_on_the_stand_in(probe: Page, types: StripeJsTypes) -> None:
    surface: dict[str, Any] = probe.evaluate(
        """([pk, kinds]) => {
        const stripe = Stripe(pk);
        const kinds_of = (o) => Object.fromEntries(
            [...new Set([...Object.keys(o), ...Object.getOwnPropertyNames(Object.getPrototypeOf(o))])]
                .map((k) => [k, typeof o[k]]));
        const elements = stripe.elements({mode: "setup", currency: "eur"});
        const byType = {};
        for (const kind of kinds) {
            byType[kind] = kinds_of(elements.create(kind, {}));
        }
        const request = stripe.paymentRequest({country: "DE", currency: "eur", total: {amount: 100, label: "x"}});
        return {stripe: kinds_of(stripe), elements: kinds_of(elements), paymentRequest: kinds_of(request),
                byType};
    }""",
        [identity.PUBLISHABLE_KEY, sorted(types.element_types)],
    )
    missing = [f"stripe.{n}" for n in sorted(types.stripe.names()) if surface["stripe"].get(n) != "function"]
    missing += [f"elements.{n}" for n in sorted(types.elements.names()) if surface["elements"].get(n) != "function"]
    missing += [
        f"paymentRequest.{n}"
        for n in sorted(types.payment_request.names())
        if surface["paymentRequest"].get(n) != "function"
    ]
    for kind, declared in sorted(types.element_types.items()):
        wanted = declared.names() | (types.element_base.names() if declared.extends_base else set())
        missing += [f"{kind}Element.{n}" for n in sorted(wanted) if surface["byType"][kind].get(n) != "function"]
    assert missing == []
    # the wrappers' own entry points, outside the public types
    assert surface["stripe"]["_registerWrapper"] == "function"


def test_every_declared_event_is_accepted_and_no_other(probe: Page, types: StripeJsTypes) -> None:
    events = {kind: list(declared.events) for kind, declared in types.element_types.items()}
    refused: dict[str, Any] = probe.evaluate(
        """([pk, events]) => {
        const elements = Stripe(pk).elements({mode: "setup", currency: "eur"});
        const refused = {};
        for (const [kind, names] of Object.entries(events)) {
            const element = elements.create(kind, {});
            refused[kind] = names.filter((name) => {
                try { element.on(name, () => {}); element.off(name); return false; } catch (e) { return true; }
            });
            try { element.on("no-such-event", () => {}); refused[kind].push("(accepted an unknown event)"); }
            catch (e) { if (e.name !== "IntegrationError") refused[kind].push(e.name); }
        }
        return refused;
    }""",
        [identity.PUBLISHABLE_KEY, events],
    )
    assert {kind: names for kind, names in refused.items() if names} == {}
    assert sum(len(names) for names in events.values()) > 50  # the lists were read, not empty


def test_a_method_called_wrongly_or_not_offered_refuses_with_an_integration_error_naming_it(
    probe: Page, types: StripeJsTypes
) -> None:
    """Called without arguments, a promise method rejects and a synchronous one throws (or works, as
    `elements()` does); the IntegrationError's message names the method."""
    answers: dict[str, Any] = probe.evaluate(
        """async ([pk, methods]) => {
        const stripe = Stripe(pk);
        const answers = {};
        for (const [name, promised] of methods) {
            let returned;
            try { returned = stripe[name](); } catch (e) { answers[name] = ["threw", e.name, e.message]; continue; }
            if (!(returned instanceof Promise)) { answers[name] = ["returned", typeof returned]; continue; }
            try { await returned; answers[name] = ["resolved"]; }
            catch (e) { answers[name] = ["rejected", e.name, e.message]; }
        }
        return answers;
    }""",
        [identity.PUBLISHABLE_KEY, [[m.name, m.returns_promise] for m in types.stripe.members]],
    )
    wrong = {}
    for member in types.stripe.members:
        answer = answers[member.name]
        if member.name == "elements":
            ok = answer == ["returned", "object"]
        else:
            how = "rejected" if member.returns_promise else "threw"
            ok = answer[:2] == [how, "IntegrationError"] and member.name in answer[2]
        if not ok:
            wrong[member.name] = answer
    assert wrong == {}
