"""Tokens, keys, client secrets and real card numbers never survive redaction; test data and ids do."""

from __future__ import annotations

import httpx

from connect_cert.fixtures.cards import ALL_CARDS, VISA_4242
from connect_cert.harness import redact
from connect_cert.sandbox import identity

JWT = identity.partner_token("partner_a")


def test_a_partner_token_is_removed_everywhere() -> None:
    text = f"token={JWT} and again {JWT}"
    assert JWT not in redact.redact(text)


def test_a_bearer_value_is_removed_whatever_it_looks_like() -> None:
    assert redact.redact("Authorization: Bearer abc.def-123") == "Authorization: Bearer [REDACTED]"


def test_stripe_keys_keep_only_their_prefix() -> None:
    out = redact.redact(f"{identity.SECRET_KEY} {identity.PUBLISHABLE_KEY} sk_live_abcDEF123 rk_test_xyz789")
    assert out == "sk_test_[REDACTED] pk_test_[REDACTED] sk_live_[REDACTED] rk_test_[REDACTED]"


def test_client_secrets_keep_the_intent_id_only() -> None:
    out = redact.redact('{"setup_intent_client_secret": "seti_1AbC_secret_XyZ9", "s": "pi_9Qq_secret_77"}')
    assert out == '{"setup_intent_client_secret": "seti_1AbC_secret_[REDACTED]", "s": "pi_9Qq_secret_[REDACTED]"}'


def test_a_real_card_number_is_masked_to_its_last_four() -> None:
    real = "4111 1111 1111 1111"  # Luhn-valid, not one of Stripe's published test numbers
    assert redact.redact(f"card {real} typed") == "card [REDACTED card …1111] typed"
    assert redact.redact("number=5500-0000-0000-0004") == "number=[REDACTED card …0004]"


def test_published_test_numbers_and_ordinary_numbers_stay() -> None:
    kept = " ".join(c.number for c in ALL_CARDS) + " 1767225600000 12.50 4111111111111112"
    assert redact.redact(kept) == kept  # test cards, a timestamp, an amount, a non-Luhn number
    uuid = "550e8400-e29b-41d4-a716-446655440000"
    assert redact.redact(uuid) == uuid


def test_a_registered_secret_is_removed_even_when_it_looks_harmless() -> None:
    secret = "opaque-partner-credential-42"
    redact.register_secret(secret)
    assert secret not in redact.redact(f"x {secret} y")


def test_headers_lose_credentials_but_keep_the_scheme() -> None:
    headers = redact.redact_headers({"Authorization": f"Bearer {JWT}", "Cookie": "s=1", "Accept": "application/json"})
    assert headers == {"Authorization": "Bearer [REDACTED]", "Cookie": "[REDACTED]", "Accept": "application/json"}


def test_json_is_redacted_by_key_and_by_pattern() -> None:
    body = {"tokens": {"partner_a": JWT}, "token": "short", "items": [{"pi": "pi_1_secret_2"}], "n": 3}
    assert redact.redact_json(body) == {
        "tokens": {"partner_a": "[REDACTED]"},
        "token": "[REDACTED]",
        "items": [{"pi": "pi_1_secret_[REDACTED]"}],
        "n": 3,
    }


def test_a_curl_command_reproduces_the_request_without_secrets() -> None:
    request = httpx.Request(
        "POST",
        "http://127.0.0.1:8765/stripe/v1/setup_intents/seti_1/confirm",
        headers={"Authorization": f"Bearer {JWT}"},
        data={"client_secret": "seti_1_secret_abc", "payment_method_data[card][number]": VISA_4242.number},
    )
    curl = redact.curl_command(request)
    assert JWT not in curl and "seti_1_secret_abc" not in curl
    assert ': Bearer $CONNECT_TOKEN"' in curl  # double quotes: the shell expands the variable
    assert VISA_4242.number in curl  # a published test number is evidence, not a leak
    assert curl.startswith("curl -sS -X POST") and curl.endswith(
        " http://127.0.0.1:8765/stripe/v1/setup_intents/seti_1/confirm"
    )
