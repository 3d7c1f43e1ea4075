"""Stations: the deterministic dataset behind around, details, tile and partners."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import pytest

from connect_cert.fixtures.charging import ALL_VCPS, SHARED_VCP
from connect_cert.sandbox.charging import dataset as ds

STATION_FIELDS = {
    "id",
    "name",
    "speed",
    "address",
    "status",
    "coordinates",
    "opening_times",
    "operator",
    "evses",
    "last_updated",
    "amenities",
    "is_partner",
    "price_groups",
    "logo_url",
}


def _tile(lat: float, lon: float, z: int) -> tuple[int, int]:
    """Slippy-map tile numbers, from the OpenStreetMap formula."""
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def test_dataset_is_identical_on_every_generation():
    first = ds._generated_stations(random.Random(ds.SEED))
    second = ds._generated_stations(random.Random(ds.SEED))
    assert [(s.id, [e.evse_id for e in s.evses], s.latitude) for s in first] == [
        (s.id, [e.evse_id for e in s.evses], s.latitude) for s in second
    ]
    assert len(ds.dataset().stations) >= 300
    assert len({e for s in ds.dataset().stations for e in (x.evse_id for x in s.evses)}) == len(ds.dataset().by_evse)


def _clock_apart(station: dict) -> tuple[dict, list[datetime]]:
    """The station without the local time each answer stamps on its price groups, and those times."""
    groups = [{k: v for k, v in g.items() if k != "local_datetime"} for g in station["price_groups"]]
    return {**station, "price_groups": groups}, [
        datetime.fromisoformat(g["local_datetime"]) for g in station["price_groups"]
    ]


@pytest.mark.parametrize("evse_id", ALL_VCPS)
def test_every_vcp_has_station_details(api, evse_id):
    response = api.station_details(evse_id, type="evse_id")
    assert response.status == 200
    station = response.body
    assert set(station) == STATION_FIELDS
    assert evse_id in [e["evse_id"] for e in station["evses"]]
    # the same station by its own id; a second may pass between the two answers, so their clocks may differ
    by_evse, evse_times = _clock_apart(station)
    by_station, station_times = _clock_apart(api.station_details(station["id"]).body)
    assert by_station == by_evse
    assert all(
        timedelta(0) <= later - earlier <= timedelta(seconds=5)
        for earlier, later in zip(evse_times, station_times, strict=True)
    )
    group = station["price_groups"][0]
    assert group["currency"] == "EUR" and group["pre_authorization_amount"] == "50.00"
    assert group["prices"]["kwh_price"]["ALL"][0]["user_facing_price"]


def test_details_of_unknown_id_is_404_and_bad_type_400(api, error_of):
    assert api.station_details("nope", type="evse_id").status == 404
    assert api.station_details("nope").status == 404
    for params in ({"id": "x", "type": "city"}, {"id": "x"}, {"type": "evse_id"}, {"id": "", "type": "evse_id"}):
        response = api.request("GET", "/stations/details/", params=params)
        assert response.status == 400 and error_of(response)["type"] == "validation_error"


def test_around_returns_stations_within_distance_nearest_first(api):
    vcp = ds.find_evse(SHARED_VCP)[0]  # type: ignore[index]
    page = api.stations_around(latitude=vcp.latitude, longitude=vcp.longitude, distance=5000, page_size=100).body
    assert page["count"] == len(page["results"]) > 1
    assert page["results"][0]["id"] == vcp.id
    distances = [
        ds.distance_m(
            vcp.latitude, vcp.longitude, float(s["coordinates"]["latitude"]), float(s["coordinates"]["longitude"])
        )
        for s in page["results"]
    ]
    assert distances == sorted(distances) and max(distances) <= 5000


def test_around_default_distance_is_100_m(api):
    vcp = ds.find_evse(SHARED_VCP)[0]  # type: ignore[index]
    page = api.stations_around(latitude=vcp.latitude + 0.0005, longitude=vcp.longitude).body
    assert [s["id"] for s in page["results"]] == [vcp.id]  # about 56 m away
    far = api.stations_around(latitude=vcp.latitude + 0.002, longitude=vcp.longitude).body
    assert vcp.id not in [s["id"] for s in far["results"]]


def test_around_filters(api):
    params = {"latitude": 52.52, "longitude": 13.405, "distance": 20000, "page_size": 100}
    everything = api.stations_around(**params).body
    partners = api.stations_around(**params, only_partners=True).body
    assert 0 < partners["count"] < everything["count"]
    assert all(s["is_partner"] for s in partners["results"])
    chademo = api.stations_around(**params, connector_types=["CHADEMO"]).body
    assert chademo["count"] < everything["count"]
    for station in chademo["results"]:
        assert any(ds.find_evse(e["evse_id"])[1].connector == "CHADEMO" for e in station["evses"])  # type: ignore[index]
    available = api.request(
        "GET", "/stations/around/", params={**params, "only_available": "1"}
    ).body  # "1": a boolean as DRF reads it
    assert all(s["status"] == "free" for s in available["results"])
    name = partners["results"][0]["operator"]["name"]
    by_operator = api.stations_around(**params, operators=[name]).body
    assert by_operator["count"] >= 1 and {s["operator"]["name"] for s in by_operator["results"]} == {name}


@pytest.mark.parametrize(
    "params",
    [
        {"longitude": 13.4},
        {"latitude": 52.5},
        {"latitude": "north", "longitude": 13.4},
        {"latitude": 91, "longitude": 13.4},
        {"latitude": 52.5, "longitude": 13.4, "distance": "far"},
        {"latitude": 52.5, "longitude": 13.4, "distance": -1},
        {"latitude": "nan", "longitude": 13.4},
        {"latitude": 52.5, "longitude": 13.4, "connector_types": "USB_C"},
        {"latitude": 52.5, "longitude": 13.4, "only_partners": "maybe"},
    ],
)
def test_around_rejects_bad_parameters(api, error_of, params):
    response = api.request("GET", "/stations/around/", params=params)
    assert response.status == 400 and error_of(response)["type"] == "validation_error"


def test_busy_vcp_shows_charging_in_the_station_status(api, control):
    control.set_busy(SHARED_VCP, True)
    station = api.station_details(SHARED_VCP, type="evse_id").body
    assert station["evses"][0]["status"] == "CHARGING" and station["status"] == "busy"


def test_tile_holds_the_station_in_it(api):
    vcp = ds.find_evse(SHARED_VCP)[0]  # type: ignore[index]
    x, y = _tile(vcp.latitude, vcp.longitude, 16)
    collection = api.station_tile(x=[x], y=[y], z=16).body
    assert collection["type"] == "FeatureCollection"
    feature = next(f for f in collection["features"] if f.get("station_id") == vcp.id)
    assert feature["geometry"]["coordinates"] == [f"{vcp.latitude:.6f}", f"{vcp.longitude:.6f}"]
    assert feature["properties"]["count"] == 1 and feature["custom_properties"]["is_partner"] is True
    assert feature["price_properties"] == {"price": "0.59", "type": "charging_price", "currency": "EUR"}
    neighbour = api.station_tile(x=[x + 1], y=[y], z=16).body
    assert vcp.id not in [f.get("station_id") for f in neighbour["features"]]


def test_low_zoom_tile_clusters_and_counts_every_station(api):
    x, y = _tile(52.52, 13.405, 8)
    features = api.station_tile(x=[x], y=[y], z=8).body["features"]
    clusters = [f for f in features if "cluster_id" in f]
    assert clusters and all(f["properties"]["count"] > 1 and f["properties"]["expansion_zoom"] > 8 for f in clusters)
    in_tile = [s for s in ds.dataset().stations if _tile(s.latitude, s.longitude, 8) == (x, y)]
    assert sum(f["properties"]["count"] for f in features) == len(in_tile)


def test_tile_takes_lists_of_x_and_y(api):
    x, y = _tile(52.52, 13.405, 10)
    one = api.station_tile(x=[x], y=[y], z=10).body["features"]
    two = api.station_tile(x=[x, x + 1], y=[y], z=10).body["features"]
    assert len(two) >= len(one)


@pytest.mark.parametrize(
    "params",
    [
        {"x": 1, "y": 1},
        {"z": 3, "y": 1},
        {"z": 3, "x": 1},
        {"z": 3, "x": 8, "y": 1},
        {"z": -1, "x": 0, "y": 0},
        {"z": 99, "x": 0, "y": 0},
        {"z": "a", "x": 0, "y": 0},
        {"z": 3, "x": 1, "y": 1, "power_groups": "warp"},
        {"z": 3, "x": 1, "y": 1, "max_price": "cheap"},
    ],
)
def test_tile_rejects_bad_parameters(api, error_of, params):
    response = api.request("GET", "/stations/tile/", params=params)
    assert response.status == 400 and error_of(response)["type"] == "validation_error"


def test_partners_list_names_and_serves_logos(api):
    partners = api.station_partners().body
    assert {p["name"] for p in partners} == {op.name for op in ds.dataset().partners()}
    logo = api.with_token(None).request("GET", partners[0]["logo_url"]).response
    assert logo.status_code == 200 and logo.headers["content-type"].startswith("image/svg+xml")


def test_partners_fault_answers_423(api, control, error_of):
    control.configure(faults={"stations_partners": "temporary_locked"}).expect(200)
    response = api.station_partners()
    assert response.status == 423 and error_of(response)["type"] == "temporary_locked"
    assert api.station_partners().status == 200
