"""The Connect API, one method per operation (named after its operationId), as a partner backend calls it.

The client's base is the Connect API base (`{origin}/api/v1`, `Target.api_base`); paths end with a
slash as in the published spec. Bodies are JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

import httpx

from connect_cert.harness.clients import ApiResponse, HttpClient, Observer


def _seg(value: str) -> str:
    """A path segment, escaped (EVSE ids carry `*`, user input may carry `/`)."""
    return quote(str(value), safe="")


class ConnectClient(HttpClient):
    """A partner's view of the Connect API; `token=None` sends no Authorization header."""

    def __init__(
        self,
        api_base: str,
        token: str | None,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        observers: tuple[Observer, ...] = (),
    ) -> None:
        headers = {"Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        super().__init__(api_base, headers=headers, timeout=timeout, transport=transport, observers=observers)
        self.api_base = self.base_url
        self._token = token

    def with_token(self, token: str | None) -> ConnectClient:
        """The same target with another token (None: no Authorization header), for auth and tenancy tests."""
        return ConnectClient(
            self.api_base, token, timeout=self._timeout, transport=self._transport, observers=self.observers
        )

    def request(self, method: str, path: str, *, operation: str = "raw", **kwargs: Any) -> ApiResponse:
        """Any request relative to the API base (e.g. `/users/`), for tests that go off the typed path."""
        return self.send(operation, method, path, **kwargs)

    # users ----------------------------------------------------------------------------------------
    def list_users(
        self, *, page: int | None = None, page_size: int | None = None, search: str | None = None
    ) -> ApiResponse:
        return self.send(
            "users_list", "GET", "/users/", params={"page": page, "page_size": page_size, "search": search}
        )

    def create_user(
        self,
        *,
        email: str | None = None,
        locale: str | None = None,
        external_id: str | None = None,
        **fields: Any,
    ) -> ApiResponse:
        body: dict[str, Any] = {k: v for k, v in (("email", email), ("locale", locale)) if v is not None}
        if external_id is not None:
            body["custom_properties"] = {"external_id": external_id}
        body.update(fields)
        return self.send("users_create", "POST", "/users/", json_body=body)

    def get_user(self, user_id: str) -> ApiResponse:
        return self.send("users_retrieve", "GET", f"/users/{_seg(user_id)}/")

    def update_user(self, user_id: str, **fields: Any) -> ApiResponse:
        return self.send("users_partial_update", "PATCH", f"/users/{_seg(user_id)}/", json_body=fields)

    def delete_user(self, user_id: str) -> ApiResponse:
        """Soft delete."""
        return self.send("users_destroy", "DELETE", f"/users/{_seg(user_id)}/")

    # billing details ------------------------------------------------------------------------------
    def get_billing_details(self, user_id: str) -> ApiResponse:
        return self.send("users_billing_details_retrieve", "GET", f"/users/{_seg(user_id)}/billing-details/")

    def put_billing_details(self, user_id: str, details: Mapping[str, Any]) -> ApiResponse:
        return self.send(
            "users_billing_details_update", "PUT", f"/users/{_seg(user_id)}/billing-details/", json_body=dict(details)
        )

    # payments -------------------------------------------------------------------------------------
    def get_setup_intent(self, user_id: str, *, pm_type: str | None = "card") -> ApiResponse:
        """`{"setup_intent_client_secret": "seti_…_secret_…"}` for the frontend to confirm with Stripe."""
        return self.send(
            "users_setup_intents_retrieve",
            "GET",
            f"/users/{_seg(user_id)}/setup-intents/",
            params={"pm_type": pm_type},
        )

    def list_payment_methods(
        self, user_id: str, *, page: int | None = None, page_size: int | None = None
    ) -> ApiResponse:
        return self.send(
            "users_payment_methods_list",
            "GET",
            f"/users/{_seg(user_id)}/payment-methods/",
            params={"page": page, "page_size": page_size},
        )

    def delete_payment_method(self, user_id: str, payment_method_id: str) -> ApiResponse:
        return self.send(
            "users_payment_methods_destroy",
            "DELETE",
            f"/users/{_seg(user_id)}/payment-methods/{_seg(payment_method_id)}/",
        )

    def set_default_payment_method(self, user_id: str, payment_method_id: str) -> ApiResponse:
        return self.send(
            "users_payment_methods_default_create",
            "POST",
            f"/users/{_seg(user_id)}/payment-methods/{_seg(payment_method_id)}/default/",
        )

    # charging -------------------------------------------------------------------------------------
    def start_charging(self, user_id: str, *, evse_id: str, payment_method_id: str) -> ApiResponse:
        return self.send(
            "users_charging_start_create",
            "POST",
            f"/users/{_seg(user_id)}/charging/start/",
            json_body={"evse_id": evse_id, "payment_method_id": payment_method_id},
        )

    def stop_charging(self, user_id: str, session_id: str) -> ApiResponse:
        return self.send(
            "users_charging_stop_create", "POST", f"/users/{_seg(user_id)}/charging/stop/{_seg(session_id)}/"
        )

    def list_charging_sessions(
        self, user_id: str, *, page: int | None = None, page_size: int | None = None
    ) -> ApiResponse:
        return self.send(
            "users_charging_sessions_list",
            "GET",
            f"/users/{_seg(user_id)}/charging-sessions/",
            params={"page": page, "page_size": page_size},
        )

    def get_charging_session(self, user_id: str, session_id: str) -> ApiResponse:
        return self.send(
            "users_charging_sessions_retrieve",
            "GET",
            f"/users/{_seg(user_id)}/charging-sessions/{_seg(session_id)}/",
        )

    def rate_charging_session(self, user_id: str, session_id: str, rates: int | None) -> ApiResponse:
        return self.send(
            "users_charging_sessions_partial_update",
            "PATCH",
            f"/users/{_seg(user_id)}/charging-sessions/{_seg(session_id)}/",
            json_body={"rates": rates},
        )

    def list_debts(self, user_id: str, *, page: int | None = None, page_size: int | None = None) -> ApiResponse:
        return self.send(
            "users_charging_debts_list",
            "GET",
            f"/users/{_seg(user_id)}/charging/debts/",
            params={"page": page, "page_size": page_size},
        )

    def list_invoices(self, user_id: str, *, page: int | None = None, page_size: int | None = None) -> ApiResponse:
        return self.send(
            "users_invoices_list",
            "GET",
            f"/users/{_seg(user_id)}/invoices/",
            params={"page": page, "page_size": page_size},
        )

    # stations -------------------------------------------------------------------------------------
    def stations_around(
        self,
        *,
        latitude: float,
        longitude: float,
        distance: int | None = None,
        connector_types: Sequence[str] | None = None,
        operators: Sequence[str] | None = None,
        only_available: bool | None = None,
        only_partners: bool | None = None,
        page: int | None = None,
        page_size: int | None = None,
    ) -> ApiResponse:
        params = {
            "latitude": latitude,
            "longitude": longitude,
            "distance": distance,
            "connector_types": list(connector_types) if connector_types else None,
            "operators": list(operators) if operators else None,
            "only_available": _flag(only_available),
            "only_partners": _flag(only_partners),
            "page": page,
            "page_size": page_size,
        }
        return self.send("stations_around_list", "GET", "/stations/around/", params=params)

    def station_details(self, station_or_evse_id: str, *, type: str = "station_id") -> ApiResponse:
        """`type` is `station_id` or `evse_id`."""
        return self.send(
            "stations_details_retrieve", "GET", "/stations/details/", params={"id": station_or_evse_id, "type": type}
        )

    def station_tile(
        self,
        *,
        x: Sequence[int],
        y: Sequence[int],
        z: int,
        connector_types: Sequence[str] | None = None,
        power_groups: Sequence[str] | None = None,
        operators: Sequence[str] | None = None,
        max_price: float | None = None,
        only_available: bool | None = None,
        only_partners: bool | None = None,
    ) -> ApiResponse:
        params = {
            "x": list(x),
            "y": list(y),
            "z": z,
            "connector_types": list(connector_types) if connector_types else None,
            "power_groups": list(power_groups) if power_groups else None,
            "operators": list(operators) if operators else None,
            "max_price": max_price,
            "only_available": _flag(only_available),
            "only_partners": _flag(only_partners),
        }
        return self.send("stations_tile_retrieve", "GET", "/stations/tile/", params=params)

    def station_partners(self) -> ApiResponse:
        return self.send("stations_partners_list", "GET", "/stations/partners/")


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")
