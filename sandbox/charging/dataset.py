"""The station dataset: the VCPs plus a few hundred generated stations, the same every run.

The VCPs are those of the development environment (docs/reference.md#virtual-charging-points).

Generated from a fixed seed with `random.Random`, whose sequence for a given seed is stable across
Python versions, so every id, coordinate and price is identical on every machine and every start.
Operators are fictional; station ids are UUID5 of a fixed namespace, EVSE ids follow the eMI3 shape
(`DE*ABC*E000123*1`).
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from connect_cert.sandbox.charging import points
from connect_cert.sandbox.charging.pricing import Tariff

SEED = 20260101
GENERATED_STATIONS = 320
_NAMESPACE = uuid.UUID("6f1c0c5e-4a9e-4d1e-9a55-0c0de0c0ffee")

AMENITIES = (
    "HOTEL",
    "RESTAURANT",
    "CAFE",
    "MALL",
    "SUPERMARKET",
    "SPORT",
    "RECREATION_AREA",
    "NATURE",
    "MUSEUM",
    "BUS_STOP",
    "TAXI_STAND",
    "TRAIN_STATION",
    "AIRPORT",
    "CARPOOL_PARKING",
    "FUEL_STATION",
    "WIFI",
)
CONNECTOR_TYPES = (
    "CHADEMO",
    "DOMESTIC_A",
    "DOMESTIC_B",
    "DOMESTIC_C",
    "DOMESTIC_D",
    "DOMESTIC_E",
    "DOMESTIC_F",
    "DOMESTIC_G",
    "DOMESTIC_H",
    "DOMESTIC_I",
    "DOMESTIC_J",
    "DOMESTIC_K",
    "DOMESTIC_L",
    "IEC_60309_2_single_16",
    "IEC_60309_2_three_16",
    "IEC_60309_2_three_32",
    "IEC_60309_2_three_64",
    "IEC_62196_T1",
    "IEC_62196_T1_COMBO",
    "IEC_62196_T2",
    "IEC_62196_T2_COMBO",
    "IEC_62196_T3A",
    "IEC_62196_T3C",
    "TESLA_R",
    "TESLA_S",
)
SPEEDS = ("slow", "fast", "turbo")
WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


def speed_for(power_kw: float) -> str:
    """AC up to 22 kW is slow, DC below 150 kW fast, 150 kW and more turbo."""
    if power_kw < 50:
        return "slow"
    return "fast" if power_kw < 150 else "turbo"


@dataclass(frozen=True)
class Operator:
    id: str
    name: str
    phone: str
    is_partner: bool
    country: str  # ISO 3166-1 alpha-3, as OCPI

    @property
    def slug(self) -> str:
        return self.id.lower()


@dataclass(frozen=True)
class Evse:
    evse_id: str
    station_id: str
    connector: str
    power_kw: float
    base_status: str  # ConnectAPIEvseStatusEnum when nobody in the sandbox charges there

    @property
    def current(self) -> str:
        return "AC" if self.power_kw < 50 else "DC"


@dataclass(frozen=True)
class Station:
    id: str
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    latitude: float
    longitude: float
    operator: Operator
    evses: tuple[Evse, ...]
    tariff: Tariff
    amenities: tuple[str, ...] = ()
    regular_hours: tuple[tuple[str, str, str], ...] = ()  # (weekday, begin, end); empty: 24/7
    last_updated: str = "2025-11-03T08:00:00Z"
    vcp: bool = False
    world: tuple[float, float] = field(default=(0.0, 0.0), compare=False)  # Web Mercator, 0..1

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"

    @property
    def max_power(self) -> float:
        return max(e.power_kw for e in self.evses)

    @property
    def speed(self) -> str:
        return speed_for(self.max_power)

    @property
    def connectors(self) -> frozenset[str]:
        return frozenset(e.connector for e in self.evses)


def world_xy(latitude: float, longitude: float) -> tuple[float, float]:
    """Web Mercator coordinates in [0, 1): the slippy-map tile of zoom z is floor(xy * 2**z)."""
    lat = max(min(latitude, 85.05112878), -85.05112878)
    x = (longitude + 180.0) / 360.0
    rad = math.radians(lat)
    y = (1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0
    return min(max(x, 0.0), math.nextafter(1.0, 0.0)), min(max(y, 0.0), math.nextafter(1.0, 0.0))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(a)))


def _station(**kwargs: object) -> Station:
    station = Station(**kwargs)  # type: ignore[arg-type]
    object.__setattr__(station, "world", world_xy(station.latitude, station.longitude))
    return station


# --- operators -----------------------------------------------------------------------------------

VCP_OPERATORS = {
    "CIQ": Operator("CIQ", "Cariqa Playground", "+49 30 120 845 00", True, "DEU"),
    "VIE": Operator("VIE", "Vienna Virtual Charging", "+43 1 230 400 00", True, "AUT"),
    "PWA": Operator("PWA", "PWA Virtual Charging", "+49 89 200 300 40", True, "DEU"),
    "EUL": Operator("EUL", "EUL Virtual Charging", "+49 69 300 200 10", True, "DEU"),
}
GENERATED_OPERATORS = (
    Operator("VWY", "VoltWay", "+49 30 555 010 10", True, "DEU"),
    Operator("SNN", "Stromnetz Nord", "+49 40 555 020 20", True, "DEU"),
    Operator("CCH", "CityCharge", "+49 221 555 030", False, "DEU"),
    Operator("EMS", "E-Mobil Sued", "+49 711 555 040", False, "DEU"),
    Operator("CHB", "ChargeHub", "+49 69 555 050 50", False, "DEU"),
    Operator("RHL", "Rheinland Laden", "+49 211 555 060", False, "DEU"),
    Operator("ALP", "Alpenstrom", "+43 662 555 070", True, "AUT"),
    Operator("DNP", "Donau Power", "+43 1 555 080 80", False, "AUT"),
)

# --- the VCPs ------------------------------------------------------------------------------------

DE_TAX, AT_TAX = Decimal("19"), Decimal("20")


def _vcp_stations() -> list[Station]:
    specs = [
        # evse id, operator, name, street, postal code, city, country, lat, lon, connector, kW, tariff
        (
            "DE*CIQ*EWBNHHLM82TLA*1",
            "CIQ",
            "Cariqa Virtual Charging Point Berlin",
            "Torstrasse 1",
            "10119",
            "Berlin",
            "DEU",
            52.529870,
            13.401790,
            "IEC_62196_T2",
            22.0,
            Tariff(Decimal("0.59"), Decimal("0.50"), Decimal("0.59"), DE_TAX),
        ),
        (
            "AT*VIE*E2334770022*2",
            "VIE",
            "Virtual Charging Point Wien",
            "Stephansplatz 1",
            "1010",
            "Wien",
            "AUT",
            48.208490,
            16.373080,
            "IEC_62196_T2",
            11.0,
            Tariff(Decimal("0.69"), Decimal("0.00"), Decimal("0.59"), AT_TAX),
        ),
        (
            "DE*PWA*EALP22541X01617*01",
            "PWA",
            "Virtual Fast Charger Muenchen",
            "Marienplatz 1",
            "80331",
            "Muenchen",
            "DEU",
            48.137430,
            11.575490,
            "IEC_62196_T2_COMBO",
            150.0,
            Tariff(Decimal("0.79"), Decimal("0.00"), Decimal("0.59"), DE_TAX),
        ),
        (
            "DE*EUL*EAUT0002*01",
            "EUL",
            "Virtual Charging Point Frankfurt",
            "Roemerberg 1",
            "60311",
            "Frankfurt am Main",
            "DEU",
            50.110640,
            8.682130,
            "IEC_62196_T2",
            22.0,
            Tariff(Decimal("0.49"), Decimal("0.30"), Decimal("0.59"), DE_TAX, time_price=Decimal("0.02")),
        ),
    ]
    stations = []
    for evse_id, op, name, street, postal, city, country, lat, lon, connector, kw, tariff in specs:
        station_id = evse_id.rsplit("*", 1)[0]
        stations.append(
            _station(
                id=station_id,
                name=name,
                street=street,
                postal_code=postal,
                city=city,
                country=country,
                latitude=lat,
                longitude=lon,
                operator=VCP_OPERATORS[op],
                evses=(Evse(evse_id, station_id, connector, kw, "AVAILABLE"),),
                tariff=tariff,
                amenities=("WIFI", "CAFE"),
                vcp=True,
            )
        )
    return stations


# --- generated stations --------------------------------------------------------------------------

CITIES = (
    # city, country, lat, lon, postal code prefix
    ("Berlin", "DEU", 52.5200, 13.4050, "10"),
    ("Hamburg", "DEU", 53.5511, 9.9937, "20"),
    ("Muenchen", "DEU", 48.1351, 11.5820, "80"),
    ("Koeln", "DEU", 50.9375, 6.9603, "50"),
    ("Frankfurt am Main", "DEU", 50.1109, 8.6821, "60"),
    ("Stuttgart", "DEU", 48.7758, 9.1829, "70"),
    ("Duesseldorf", "DEU", 51.2277, 6.7735, "40"),
    ("Leipzig", "DEU", 51.3397, 12.3731, "04"),
    ("Dresden", "DEU", 51.0504, 13.7373, "01"),
    ("Hannover", "DEU", 52.3759, 9.7320, "30"),
    ("Nuernberg", "DEU", 49.4521, 11.0767, "90"),
    ("Wien", "AUT", 48.2082, 16.3738, "1"),
    ("Graz", "AUT", 47.0707, 15.4395, "8"),
    ("Salzburg", "AUT", 47.8095, 13.0550, "5"),
    ("Linz", "AUT", 48.3069, 14.2858, "4"),
)
STREETS = (
    "Hauptstrasse",
    "Bahnhofstrasse",
    "Gartenweg",
    "Schulstrasse",
    "Lindenallee",
    "Marktplatz",
    "Parkstrasse",
    "Kirchgasse",
    "Ringstrasse",
    "Industriestrasse",
    "Am Hafen",
    "Seeweg",
    "Bergstrasse",
    "Muehlweg",
)
AC_POWERS = (11.0, 22.0)
DC_OPTIONS = (
    ("IEC_62196_T2_COMBO", 50.0),
    ("IEC_62196_T2_COMBO", 150.0),
    ("IEC_62196_T2_COMBO", 300.0),
    ("CHADEMO", 50.0),
)
STATUS_WEIGHTS = (("AVAILABLE", 78), ("CHARGING", 12), ("OUTOFORDER", 4), ("UNKNOWN", 3), ("RESERVED", 3))


def _generated_stations(rng: random.Random) -> list[Station]:
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    stations = []
    for n in range(1, GENERATED_STATIONS + 1):
        city, country, clat, clon, postal_prefix = CITIES[(n - 1) % len(CITIES)]
        operators = [op for op in GENERATED_OPERATORS if op.country == country]
        op = operators[rng.randrange(len(operators))]
        lat = round(clat + rng.gauss(0.0, 0.03), 6)
        lon = round(clon + rng.gauss(0.0, 0.045), 6)
        street = f"{STREETS[rng.randrange(len(STREETS))]} {rng.randint(1, 180)}"
        postal = (postal_prefix + f"{rng.randint(0, 999):03d}")[: 5 if country == "DEU" else 4]
        station_id = str(uuid.uuid5(_NAMESPACE, f"station-{n}"))
        dc = rng.random() < 0.35
        evses = []
        cc = "DE" if country == "DEU" else "AT"
        for k in range(1, rng.randint(1, 6) + 1):
            if dc:
                connector, kw = DC_OPTIONS[rng.randrange(len(DC_OPTIONS))]
            else:
                connector, kw = ("IEC_62196_T2", AC_POWERS[rng.randrange(len(AC_POWERS))])
                if rng.random() < 0.05:
                    connector, kw = ("DOMESTIC_F", 3.7)
            evses.append(
                Evse(f"{cc}*{op.id}*E{n:06d}*{k}", station_id, connector, kw, statuses[rng.randrange(len(statuses))])
            )
        kwh = Decimal(
            rng.choice(
                ("0.49", "0.55", "0.59", "0.65", "0.69", "0.79")
                if dc
                else ("0.39", "0.45", "0.49", "0.52", "0.55", "0.59")
            )
        )
        time_price = Decimal("0.03") if (not dc and rng.random() < 0.2) else None
        tariff = Tariff(
            kwh,
            Decimal(rng.choice(("0.00", "0.00", "0.35", "0.50"))),
            Decimal("0.59"),
            DE_TAX if country == "DEU" else AT_TAX,
            time_price=time_price,
        )
        amenities = tuple(sorted(rng.sample(AMENITIES, rng.randint(0, 3)), key=AMENITIES.index))
        hours: tuple[tuple[str, str, str], ...] = ()
        if rng.random() < 0.25:
            hours = tuple((day, "07:00", "22:00") for day in WEEKDAYS[:6])
        day = rng.randint(1, 28)
        stations.append(
            _station(
                id=station_id,
                name=f"{op.name} {street.rsplit(' ', 1)[0]}",
                street=street,
                postal_code=postal,
                city=city,
                country=country,
                latitude=lat,
                longitude=lon,
                operator=op,
                evses=tuple(evses),
                tariff=tariff,
                amenities=amenities,
                regular_hours=hours,
                last_updated=f"2025-10-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
            )
        )
    return stations


@dataclass(frozen=True)
class Dataset:
    stations: tuple[Station, ...]
    by_id: dict[str, Station]
    by_evse: dict[str, tuple[Station, Evse]]

    @property
    def operators(self) -> tuple[Operator, ...]:
        seen: dict[str, Operator] = {}
        for station in self.stations:
            seen.setdefault(station.operator.id, station.operator)
        return tuple(seen.values())

    def partners(self) -> tuple[Operator, ...]:
        return tuple(op for op in self.operators if op.is_partner)


@lru_cache(maxsize=1)
def dataset() -> Dataset:
    rng = random.Random(SEED)
    stations = tuple(_vcp_stations() + _generated_stations(rng))
    by_evse = {e.evse_id: (s, e) for s in stations for e in s.evses}
    assert all(evse_id in by_evse for evse_id in points.VCPS)
    return Dataset(stations, {s.id: s for s in stations}, by_evse)


def find_evse(evse_id: str) -> tuple[Station, Evse] | None:
    return dataset().by_evse.get(evse_id)


def find_station(station_id: str) -> Station | None:
    return dataset().by_id.get(station_id)
