"""Charge currencies and their minimum amounts (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).

The sandbox settles in the currencies of that table; amounts are in the currency's smallest unit.
"""

from __future__ import annotations

from connect_cert.sandbox.stripe.params import ParamError, param_error

# currency: (symbol, minimum in the smallest unit, decimals)
MINIMUMS: dict[str, tuple[str, int, int]] = {
    "usd": ("$", 50, 2),
    "aed": ("AED ", 200, 2),
    "aud": ("A$", 50, 2),
    "bgn": ("BGN ", 100, 2),
    "brl": ("R$", 50, 2),
    "cad": ("CA$", 50, 2),
    "chf": ("CHF ", 50, 2),
    "czk": ("CZK ", 1500, 2),
    "dkk": ("DKK ", 250, 2),
    "eur": ("€", 50, 2),
    "gbp": ("£", 30, 2),
    "hkd": ("HK$", 400, 2),
    "huf": ("HUF ", 17500, 2),
    "inr": ("₹", 50, 2),
    "jpy": ("¥", 50, 0),
    "mxn": ("MX$", 1000, 2),
    "myr": ("RM", 200, 2),
    "nok": ("NOK ", 300, 2),
    "nzd": ("NZ$", 50, 2),
    "pln": ("PLN ", 200, 2),
    "ron": ("RON ", 200, 2),
    "sek": ("SEK ", 300, 2),
    "sgd": ("S$", 50, 2),
    "thb": ("฿", 1000, 2),
}
MAXIMUM = 99_999_999  # eight digits in the smallest unit


def _format(currency: str, amount: int) -> str:
    symbol, _, decimals = MINIMUMS[currency]
    value = f"{amount / 10**decimals:,.{decimals}f}" if decimals else f"{amount:,}"
    return f"{symbol}{value} {currency}"


def check_currency(currency: str) -> str:
    code = currency.lower()
    if code not in MINIMUMS:
        raise param_error(
            f"Invalid currency: {code}. Stripe currently supports these currencies: {', '.join(sorted(MINIMUMS))}",
            "currency",
        )
    return code


def check_amount(amount: int, currency: str) -> ParamError | None:
    """Stripe's `amount_too_small` / `amount_too_large`, naming the intent's own currency; None when fine."""
    code = check_currency(currency)
    minimum = MINIMUMS[code][1]
    if amount < minimum:
        return param_error(f"Amount must be at least {_format(code, minimum)}", "amount", "amount_too_small")
    if amount > MAXIMUM:
        return param_error(f"Amount must be no more than {_format(code, MAXIMUM)}", "amount", "amount_too_large")
    return None
