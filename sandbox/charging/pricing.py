"""Tariffs and the price of a session.

Prices the user sees (`user_facing_price`, `user_facing_session_prices`, every cost of a session) include
VAT, as the spec's TimePriceItem says ("Price to display for users. VAT applied"); `gross_price` is the
raw price without VAT (per kWh, per hour for time prices). A session costs
energy x kWh price + minutes x time price (where the station has one) + session fee + starting fee,
each part rounded half-up to cents; the invoice's VAT is the share of VAT inside that total.
No station of the sandbox has blocking fees: nothing models a car left plugged in after charging.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
MILLI = Decimal("0.001")
PRICE_DATE_FROM = "2025-01-01"
PRICE_DATE_TO = "2030-12-31"


def money(value: Decimal) -> str:
    """`Decimal("4.425")` -> `"4.43"`: the API's amount strings."""
    return str(value.quantize(CENT, ROUND_HALF_UP))


def cents(value: Decimal) -> int:
    return int((value.quantize(CENT, ROUND_HALF_UP) * 100).to_integral_value())


def from_cents(amount: int) -> str:
    return money(Decimal(amount) / 100)


def energy(value: Decimal) -> str:
    """kWh with three decimals, as `consumed_energy` (`^-?\\d{0,5}(?:\\.\\d{0,3})?$`)."""
    return str(value.quantize(MILLI, ROUND_HALF_UP))


@dataclass(frozen=True)
class Tariff:
    kwh_price: Decimal  # EUR per kWh, VAT included
    session_fee: Decimal  # one-off fee of the operator, VAT included
    starting_fee: Decimal  # one-off fee billed by Cariqa, VAT included
    tax_percent: Decimal  # 19 in Germany, 20 in Austria
    time_price: Decimal | None = None  # EUR per minute, VAT included
    currency: str = "EUR"

    def without_vat(self, value: Decimal) -> Decimal:
        return value / (1 + self.tax_percent / 100)


@dataclass(frozen=True)
class Cost:
    kwh_cost: str
    time_cost: str | None
    session_fee_cost: str
    starting_fee_cost: str
    total: str
    vat: str
    currency: str

    @property
    def total_cents(self) -> int:
        return cents(Decimal(self.total))

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _item(tariff: Tariff, gross: Decimal, user_facing: Decimal) -> list[dict[str, Any]]:
    return [
        {
            "time_from": "00:00",
            "time_to": "23:59",
            "date_from": PRICE_DATE_FROM,
            "date_to": PRICE_DATE_TO,
            "gross_price": money(gross),
            "user_facing_price": money(user_facing),
            "grace_period_minutes": None,
            "tax": float(tariff.tax_percent),
            "blocking_cap": None,
        }
    ]


def prices(tariff: Tariff) -> dict[str, Any]:
    """ConnectAPIPrices: each price per weekday (`ALL`); time prices gross per hour, user-facing per minute."""
    time_price = None
    if tariff.time_price is not None:
        time_price = {"ALL": _item(tariff, tariff.without_vat(tariff.time_price) * 60, tariff.time_price)}
    return {
        "time_price": time_price,
        "kwh_price": {"ALL": _item(tariff, tariff.without_vat(tariff.kwh_price), tariff.kwh_price)},
        "blocking_fee": None,
        "session_fee": {"ALL": _item(tariff, tariff.without_vat(tariff.session_fee), tariff.session_fee)},
        "starting_fee": {"ALL": _item(tariff, tariff.without_vat(tariff.starting_fee), tariff.starting_fee)},
    }


def user_facing_session_prices(tariff: Tariff) -> dict[str, Any]:
    return {
        "kwh_price": money(tariff.kwh_price),
        "time_price": money(tariff.time_price) if tariff.time_price is not None else None,
        "session_fee": money(tariff.session_fee),
        "blocking_fee": None,
        "starting_fee": money(tariff.starting_fee),
        "grace_period_minutes": None,
        "blocking_cap": None,
        "currency": tariff.currency,
    }


def tariff_from_session_prices(data: dict[str, Any], tax_percent: str) -> Tariff:
    """The tariff a session was started with (its snapshot), back from `user_facing_session_prices`."""
    return Tariff(
        kwh_price=Decimal(data["kwh_price"]),
        session_fee=Decimal(data["session_fee"]),
        starting_fee=Decimal(data["starting_fee"]),
        tax_percent=Decimal(tax_percent),
        time_price=Decimal(data["time_price"]) if data.get("time_price") is not None else None,
        currency=data.get("currency") or "EUR",
    )


def price_session(tariff: Tariff, energy_kwh: Decimal, duration_seconds: float) -> Cost:
    kwh_cost = (energy_kwh * tariff.kwh_price).quantize(CENT, ROUND_HALF_UP)
    time_cost = None
    if tariff.time_price is not None:
        minutes = Decimal(max(duration_seconds, 0.0)) / 60
        time_cost = (minutes * tariff.time_price).quantize(CENT, ROUND_HALF_UP)
    session_fee = tariff.session_fee.quantize(CENT, ROUND_HALF_UP)
    starting_fee = tariff.starting_fee.quantize(CENT, ROUND_HALF_UP)
    total = kwh_cost + (time_cost or Decimal(0)) + session_fee + starting_fee
    vat = total - tariff.without_vat(total)
    return Cost(
        kwh_cost=money(kwh_cost),
        time_cost=money(time_cost) if time_cost is not None else None,
        session_fee_cost=money(session_fee),
        starting_fee_cost=money(starting_fee),
        total=money(total),
        vat=money(vat),
        currency=tariff.currency,
    )
