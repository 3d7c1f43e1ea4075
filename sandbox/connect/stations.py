"""Stations: around (paginated, by distance), details (by evse_id or station_id), map tile, partners.

Statuses are live: an EVSE someone charges at in the sandbox, or one made busy through the control API,
shows CHARGING. Tile features: a station is in tile (z, x, y) when its Web Mercator position falls in it;
below zoom 13 a tile's stations are grouped on a 4 x 4 grid and a cell with more than one becomes a
cluster feature (`cluster_id`, `count`, `expansion_zoom`). Coordinates in a feature are
[latitude, longitude] as strings, as the spec's TilesGeometryPoint describes them. `x` and `y` are lists:
every (x, y) pair of the two lists is a tile (at most 64 tiles a request).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from connect_cert.sandbox.charging import sessions
from connect_cert.sandbox.charging.dataset import (
    CONNECTOR_TYPES,
    SPEEDS,
    Operator,
    Station,
    dataset,
    distance_m,
    find_evse,
    find_station,
)
from connect_cert.sandbox.charging.pricing import money, prices
from connect_cert.sandbox.connect.common import absolute, error_response
from connect_cert.sandbox.connect.faults import fault_error
from connect_cert.sandbox.connect.fields import q_bool, q_choice, q_float, q_int, q_int_list, q_list
from connect_cert.sandbox.connect.pagination import paginate
from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import not_found, validation_error
from connect_cert.sandbox.http import ConnectRequest

CLUSTER_BELOW_ZOOM = 13
CLUSTER_GRID = 4
MAX_ZOOM = 22
MAX_TILES = 64
_UTC_OFFSET = {"DEU": 1, "AUT": 1}  # CET; the sandbox does not model daylight saving time


def logo_url(request: Request, operator: Operator) -> str:
    return absolute(request, "connect_operator_logo", slug=operator.slug)


def _local_datetime(sb: Sandbox, station: Station) -> str:
    tz = timezone(timedelta(hours=_UTC_OFFSET.get(station.country, 0)))
    return datetime.fromtimestamp(sb.now(), tz).replace(microsecond=0).isoformat()


def price_groups(sb: Sandbox, station: Station) -> list[dict[str, Any]]:
    groups: dict[tuple[str, float], list[str]] = {}
    for evse in station.evses:
        groups.setdefault((evse.current, evse.power_kw), []).append(evse.evse_id)
    preauth = sb.settings.preauth_amount
    local = _local_datetime(sb, station)
    return [
        {
            "type": current,
            "power": power,
            "evse_ids": evse_ids,
            "prices": prices(station.tariff),
            "local_datetime": local,
            "currency": station.tariff.currency,
            "pre_authorization_amount": money(Decimal(preauth)),
            "is_fallback": False,
        }
        for (current, power), evse_ids in groups.items()
    ]


def render_station(req: ConnectRequest, station: Station, states: dict[str, Any]) -> dict[str, Any]:
    if station.regular_hours:
        opening = {
            "twentyfourseven": False,
            "regular_hours": [
                {"weekday": day, "period_begin": begin, "period_end": end} for day, begin, end in station.regular_hours
            ],
        }
    else:
        opening = {"twentyfourseven": True, "regular_hours": []}
    return {
        "id": station.id,
        "name": station.name,
        "speed": station.speed,
        "address": station.address,
        "status": sessions.station_status(station, states),
        "coordinates": {"latitude": f"{station.latitude:.6f}", "longitude": f"{station.longitude:.6f}"},
        "opening_times": opening,
        "operator": {"name": station.operator.name, "contact": {"phone": station.operator.phone}},
        "evses": [{"evse_id": e.evse_id, "status": sessions.evse_status(e, states)} for e in station.evses],
        "last_updated": station.last_updated,
        "amenities": list(station.amenities),
        "is_partner": station.operator.is_partner,
        "price_groups": price_groups(req.sandbox, station),
        "logo_url": logo_url(req.request, station.operator),
    }


def _filters(req: ConnectRequest) -> tuple[set[str], bool, bool, set[str]]:
    connectors = set(q_list(req.query, "connector_types", choices=CONNECTOR_TYPES))
    only_available = q_bool(req.query, "only_available")
    only_partners = q_bool(req.query, "only_partners")
    operators = set(q_list(req.query, "operators", split=False))
    return connectors, only_available, only_partners, operators


def _keep(
    station: Station,
    states: dict[str, Any],
    connectors: set[str],
    only_available: bool,
    only_partners: bool,
    operators: set[str],
) -> bool:
    if connectors and not connectors & station.connectors:
        return False
    if only_partners and not station.operator.is_partner:
        return False
    if operators and station.operator.name not in operators:
        return False
    if only_available and sessions.station_status(station, states) != "free":
        return False
    return True


def around(req: ConnectRequest) -> dict[str, Any]:
    latitude = q_float(req.query, "latitude", required=True, minimum=-90, maximum=90)
    longitude = q_float(req.query, "longitude", required=True, minimum=-180, maximum=180)
    distance = q_int(req.query, "distance", default=100, minimum=0)
    filters = _filters(req)
    states = sessions.evse_states(req.sandbox)
    assert latitude is not None and longitude is not None and distance is not None
    found = []
    for station in dataset().stations:
        d = distance_m(latitude, longitude, station.latitude, station.longitude)
        if d <= distance and _keep(station, states, *filters):
            found.append((d, station))
    found.sort(key=lambda pair: pair[0])
    return paginate(req.request, [s for _, s in found], lambda s: render_station(req, s, states))


def details(req: ConnectRequest) -> dict[str, Any]:
    ident = req.query.get("id")
    if ident is None:
        raise validation_error("id: This field is required.")
    if ident == "":
        raise validation_error("id: This field may not be blank.")
    kind = q_choice(req.query, "type", ("evse_id", "station_id"), required=True)
    if kind == "evse_id":
        found = find_evse(ident)
        station = found[0] if found else None
    else:
        station = find_station(ident)
    if station is None:
        raise not_found()
    return render_station(req, station, sessions.evse_states(req.sandbox))


def _feature_for_station(station: Station, states: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "station_id": station.id,
        "geometry": {"type": "Point", "coordinates": [f"{station.latitude:.6f}", f"{station.longitude:.6f}"]},
        "properties": {
            "count": 1,
            "speed": station.speed,
            "status": sessions.station_status(station, states),
            "operator_id": station.operator.id,
        },
        "custom_properties": {"is_partner": station.operator.is_partner},
        "price_properties": {
            "price": money(station.tariff.kwh_price),
            "type": "charging_price",
            "currency": station.tariff.currency,
        },
    }


def _cluster(z: int, x: int, y: int, cell: int, members: list[Station]) -> dict[str, Any]:
    lat = sum(s.latitude for s in members) / len(members)
    lon = sum(s.longitude for s in members) / len(members)
    return {
        "type": "Feature",
        "cluster_id": f"{z}-{x}-{y}-{cell}",
        "geometry": {"type": "Point", "coordinates": [f"{lat:.6f}", f"{lon:.6f}"]},
        "properties": {"count": len(members), "expansion_zoom": min(z + 2, MAX_ZOOM)},
    }


def tile(req: ConnectRequest) -> dict[str, Any]:
    z = q_int(req.query, "z", required=True, minimum=0, maximum=MAX_ZOOM)
    assert z is not None
    side = 2**z
    xs = q_int_list(req.query, "x", required=True, maximum=side - 1)
    ys = q_int_list(req.query, "y", required=True, maximum=side - 1)
    if len(xs) * len(ys) > MAX_TILES:
        raise validation_error(f"x, y: At most {MAX_TILES} tiles per request.")
    max_price = q_float(req.query, "max_price", minimum=0)
    power_groups = set(q_list(req.query, "power_groups", choices=SPEEDS))
    filters = _filters(req)
    states = sessions.evse_states(req.sandbox)
    wanted = {(x, y) for x in xs for y in ys}
    by_tile: dict[tuple[int, int], list[Station]] = {}
    for station in dataset().stations:
        key = (int(station.world[0] * side), int(station.world[1] * side))
        if key not in wanted or not _keep(station, states, *filters):
            continue
        if power_groups and station.speed not in power_groups:
            continue
        if max_price is not None and station.tariff.kwh_price > Decimal(str(max_price)):
            continue
        by_tile.setdefault(key, []).append(station)
    features: list[dict[str, Any]] = []
    for (x, y), members in sorted(by_tile.items()):
        if z >= CLUSTER_BELOW_ZOOM:
            features.extend(_feature_for_station(s, states) for s in members)
            continue
        cells: dict[int, list[Station]] = {}
        for s in members:
            cx = int((s.world[0] * side - x) * CLUSTER_GRID)
            cy = int((s.world[1] * side - y) * CLUSTER_GRID)
            cells.setdefault(cy * CLUSTER_GRID + cx, []).append(s)
        for cell, group in sorted(cells.items()):
            features.append(
                _feature_for_station(group[0], states) if len(group) == 1 else _cluster(z, x, y, cell, group)
            )
    return {"type": "FeatureCollection", "features": features}


def partners(req: ConnectRequest) -> Any:
    fault = req.sandbox.take_fault("stations_partners")
    if fault:
        return error_response(fault_error(fault))
    return [{"name": op.name, "logo_url": logo_url(req.request, op)} for op in dataset().partners()]


_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#0b6e4f"/>
<text x="32" y="40" font-family="Helvetica, Arial, sans-serif" font-size="20" fill="#fff" text-anchor="middle">{initials}</text>
</svg>"""


async def operator_logo(request: Request) -> Response:
    """An operator's logo (no auth, as a CDN-hosted image)."""
    slug = request.path_params["slug"]
    operator = next((op for op in dataset().operators if op.slug == slug), None)
    if operator is None:
        return Response('{"detail": "Not found."}', 404, media_type="application/json")
    return Response(
        _LOGO.format(initials=operator.id),
        media_type="image/svg+xml",
        headers={"cache-control": "public, max-age=86400"},
    )
