"""Tests for geo.timeline.animate and geo.timeline.grid (``frontline timeline --animate`` and
``--small-multiples``): byte-identical GIFs across processes, videos that play, the grid."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.maps import write_snapshots
from PIL import Image

from geo.cli import main
from geo.timeline.animate import animation_recipe, frame_images, stamp_text
from geo.timeline.grid import grid_shape, pick_evenly

REPO = Path(__file__).resolve().parent.parent
CREDIT = "Generated test snapshots (CC0)"


@pytest.fixture(scope="module")
def snaps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("snaps")
    write_snapshots(folder, days=30, start="2026-07-24")
    return folder


def _gif_in_subprocess(snaps: Path, out: Path) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "geo",
        "timeline",
        str(snaps),
        "--animate",
        str(out),
        "--credit",
        CREDIT,
    ]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_30_frame_gif_is_byte_identical_from_two_processes(snaps, tmp_path):
    outs = [tmp_path / "a.gif", tmp_path / "b.gif"]
    procs = [_gif_in_subprocess(snaps, o) for o in outs]
    for p in procs:
        _, err = p.communicate(timeout=900)
        assert p.returncode == 0, err.decode()
    a, b = (o.read_bytes() for o in outs)
    assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest()
    im = Image.open(outs[0])
    assert im.n_frames == 30 and im.size == (800, 450)
    # Frames differ (the area grows, the date and the progress bar move).
    im.seek(0)
    first = im.convert("RGB").tobytes()
    im.seek(29)
    assert im.convert("RGB").tobytes() != first


def test_mp4_and_webm_play_with_the_right_frame_count_and_duration(snaps, tmp_path):
    import imageio_ffmpeg

    for suffix in ("mp4", "webm"):
        out = tmp_path / f"t.{suffix}"
        argv = [
            "timeline",
            str(snaps),
            "--animate",
            str(out),
            "--credit",
            CREDIT,
            "--start",
            "2026-07-24",
            "--end",
            "2026-08-02",
            "--frame-ms",
            "200",
        ]
        assert main(argv) == 0
        frames, secs = imageio_ffmpeg.count_frames_and_secs(str(out))
        assert frames == 10
        assert secs == pytest.approx(2.0, abs=0.21)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_frames_are_dated_in_order_with_a_progress_bar(snaps):
    recipe = animation_recipe(str(snaps), credit=CREDIT, start="2026-08-01", end="2026-08-03")
    got = list(frame_images(recipe))
    assert [d for d, _ in got] == ["2026-08-01", "2026-08-02", "2026-08-03"]
    for i, (_, im) in enumerate(got):
        w, h = im.size
        # The bar's filled share grows: red up to (i+1)/3 of the width, grey after it.
        red = im.getpixel((int(w * (i + 1) / 3) - 3, h - 2))
        assert red[0] > 140 and red[1] < 80
        if i < 2:
            grey = im.getpixel((int(w * (i + 1) / 3) + 3, h - 2))
            assert grey == (217, 217, 217)
    assert stamp_text("2026-08-01") == "1 Aug 2026"


def test_small_multiples_grid(snaps, tmp_path):
    out = tmp_path / "grid.png"
    argv = [
        "timeline",
        str(snaps),
        "--small-multiples",
        str(out),
        "--panels",
        "6",
        "--credit",
        CREDIT,
    ]
    assert main(argv) == 0
    im = Image.open(out)
    assert im.size == (3 * 360 * 2, (2 * 250 + 100) * 2)
    again = tmp_path / "again.png"
    assert main([*argv[:3], str(again), *argv[4:]]) == 0
    assert again.read_bytes() == out.read_bytes()
    assert pick_evenly(30, 6) == [0, 6, 12, 17, 23, 29]
    assert grid_shape(2) == (1, 2) and grid_shape(12) == (3, 4)


@pytest.mark.parametrize(
    "extra, needle",
    [
        (["--animate", "{out}/x.avi"], "expected"),
        (["--small-multiples", "{out}/x.jpg"], "expected"),
        (["--animate", "{out}/x.gif", "--start", "2026-02-30"], "unparseable date"),
        (["--animate", "{out}/x.gif", "--start", "2030-01-01"], "no snapshot"),
        (["--animate", "{out}/x.gif", "--panels", "99"], "panels"),
    ],
)
def test_bad_picture_options_exit_2_and_write_nothing(snaps, tmp_path, capsys, extra, needle):
    argv = ["timeline", str(snaps), "--credit", CREDIT, *(e.format(out=tmp_path) for e in extra)]
    with pytest.raises(SystemExit) if "--panels" in extra else _NoRaise():
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


class _NoRaise:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False
