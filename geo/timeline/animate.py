"""Animated timelines: one static map per dated snapshot, as GIF, MP4 or WebM.

Each frame is the static map renderer's picture (:func:`geo.render.static.compose`) of a
``[timeline]`` map built in code (:func:`animation_recipe`): the vector basemap, the
occupied area on that date, the front-line towns, the header with the date's area, and the
credit line. On top of it go the date, stamped large in the map's upper right corner, and a
progress bar along the bottom edge. The map and its furniture are prepared once
(:func:`base_model`); each frame then reads only its own snapshot, once
(:func:`geo.render.prepare.prepare_timeline` on one file), so memory stays flat.

Encoders:

- ``.gif``: Pillow, every frame quantised to an adaptive palette (median cut, no dither),
  looping. Byte-identical for the same inputs in any process.
- ``.mp4`` (H.264, yuv420p) and ``.webm`` (VP9): the ffmpeg binary bundled with the PyPI
  package ``imageio-ffmpeg`` (no system ffmpeg needed).

This module is imported by the ``timeline`` command only, never by :mod:`geo.timeline`'s
``__init__`` (:mod:`geo.render.prepare.timeline` imports :mod:`geo.timeline`).

Examples
--------
>>> FORMATS
('.gif', '.mp4', '.webm')
>>> stamp_text("2026-08-22")
'22 Aug 2026'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely

from geo.errors import RecipeError, UsageError
from geo.files import commit, temp_beside, write_atomic
from geo.recipe import LabelSpec, LayerSpec, Recipe, StaticSpec, Text, TimelineSpec, View
from geo.render import make_model
from geo.render.model import MapModel
from geo.render.prepare import prepare_timeline, select_snapshots
from geo.render.static import compose
from geo.sources import read_source

__all__ = [
    "FORMATS",
    "FRONT_TOWNS",
    "Animation",
    "animate",
    "animation_recipe",
    "base_model",
    "frame_images",
    "frame_model",
    "stamp_text",
]

FORMATS = (".gif", ".mp4", ".webm")
#: Towns labelled on every frame (from the ``places`` layer), where they are in view.
FRONT_TOWNS = (
    "Kharkiv",
    "Kupiansk",
    "Pokrovsk",
    "Kurakhove",
    "Zaporizhzhia",
    "Kherson",
    "Donetsk",
    "Mariupol",
    "Luhansk",
    "Sudzha",
)
_CODECS = {".mp4": ("libx264", "yuv420p"), ".webm": ("libvpx-vp9", "yuv420p")}
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
#: Progress bar height as a fraction of the frame height.
_BAR = 0.012


@dataclass(frozen=True)
class Animation:
    """What :func:`animate` wrote."""

    path: Path
    frames: int
    first_date: str
    last_date: str
    frame_ms: int
    size: tuple[int, int]


def stamp_text(iso: str) -> str:
    """The date as stamped on a frame: ``"22 Aug 2026"``."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _bounds(paths: Sequence[str]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The view: the first and last snapshots' bounds, padded by 8 %."""
    geoms = [read_source(p).occupied for p in (paths[0], paths[-1])]
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    px, py = (x1 - x0) * 0.08 + 0.2, (y1 - y0) * 0.08 + 0.2
    return ((x0 - px, y0 - py), (x1 + px, y1 + py))


def animation_recipe(
    source: str,
    *,
    credit: str,
    start: str | None = None,
    end: str | None = None,
    step_days: int = 1,
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
    size: tuple[int, int] = (800, 450),
    title: str = "The occupied area of Ukraine, day by day",
) -> Recipe:
    """The in-code ``[timeline]`` recipe every frame is drawn from.

    Parameters
    ----------
    source : str
        A folder, glob or ``deepstate:`` reference of dated snapshots.
    credit : str
        Where the snapshots come from (printed on every frame).
    start, end : str, optional
        ISO dates limiting the frames.
    step_days : int, default 1
        Keep one snapshot every ``step_days`` days at least (the last is always kept).
    bounds : ((W, S), (E, N)), optional
        The view, degrees; default the first and last snapshots' extent.
    size : (int, int), default (800, 450)
        Frame width and height in pixels (even numbers, for the video encoders).
    title : str
        The header's title.

    Returns
    -------
    Recipe
    """
    if size[0] % 2 or size[1] % 2 or min(size) < 200:
        raise UsageError(f"frame size {size[0]}x{size[1]}: use even numbers of at least 200")
    spec = TimelineSpec(
        source=os.path.abspath(source) if not source.startswith("deepstate:") else source,
        credit=credit,
        start=start,
        end=end,
        step_days=step_days,
    )
    recipe = Recipe(
        name="animation",
        path=None,
        text=Text(title=title, byline="frontline"),
        view=View(bounds=bounds, min_zoom=4, max_zoom=9) if bounds else View(),
        layers=(
            LayerSpec(id="places", where=(("name", FRONT_TOWNS),), legend=False, switcher=False),
        ),
        labels=(LabelSpec(layer="places", field="name", names=FRONT_TOWNS),),
        static=StaticSpec(width=size[0], height=size[1], scale=1.0),
        timeline=spec,
    )
    if bounds is None:
        _, paths, _ = select_snapshots(recipe)
        recipe = dataclasses.replace(
            recipe, view=View(bounds=_bounds(paths), min_zoom=4, max_zoom=9)
        )
    return recipe


def _stamp(layout: Any, date: str, index: int, total: int) -> None:
    """Stamp the date on the map and draw the progress bar along the bottom edge."""
    from matplotlib import patheffects
    from matplotlib.patches import Rectangle

    ax = layout.map_ax
    ax.text(
        0.985,
        0.965,
        stamp_text(date),
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=20,
        fontweight="bold",
        color="#1a1a1a",
        zorder=60,
        path_effects=[patheffects.withStroke(linewidth=4, foreground="white")],
    )
    fig = layout.fig
    done = (index + 1) / total
    fig.add_artist(Rectangle((0, 0), 1, _BAR, transform=fig.transFigure, color="#d9d9d9"))
    fig.add_artist(Rectangle((0, 0), done, _BAR, transform=fig.transFigure, color="#a52714"))


def _one_file(recipe: Recipe, path: str) -> Recipe:
    """The recipe with its ``[timeline]`` narrowed to one snapshot file."""
    assert recipe.timeline is not None
    spec = dataclasses.replace(recipe.timeline, source=path, start=None, end=None)
    return dataclasses.replace(recipe, timeline=spec)


def base_model(recipe: Recipe) -> tuple[MapModel, list[str]]:
    """The map without its dated area (prepared once, from the first snapshot) and the files.

    Returns
    -------
    model : MapModel
        Basemap, towns, furniture and credits; its timeline holds the first snapshot.
    paths : list of str
        Every snapshot the recipe shows, oldest first (:func:`select_snapshots`).
    """
    _, paths, _ = select_snapshots(recipe)
    return make_model(_one_file(recipe, paths[0]), offline=True), paths


def frame_model(
    base: MapModel, recipe: Recipe, path: str, history: Sequence[dict[str, Any]] = ()
) -> MapModel | None:
    """The base model showing the snapshot at ``path`` (one file read), or None if unreadable.

    Parameters
    ----------
    base : MapModel
        From :func:`base_model`.
    recipe : Recipe
        The animation recipe.
    path : str
        The snapshot file.
    history : sequence of dict
        The earlier frames' entries (date, area), for the header's "newest of N" caption.
    """
    assert base.timeline is not None
    try:
        single = prepare_timeline(_one_file(recipe, path), base.timeline.frame, base.max_bounds)
    except RecipeError as exc:
        sys.stderr.write(f"frontline: warning: {exc.message} (frame left out)\n")
        return None
    tl = dataclasses.replace(
        base.timeline, last=single.last, frames=[*history, *single.frames], skipped=[]
    )
    return dataclasses.replace(base, timeline=tl)


def frame_images(
    recipe: Recipe, *, progress: Callable[[int, int], object] | None = None
) -> Iterator[Any]:
    """Render each dated frame of ``recipe`` as an RGB ``PIL.Image``, oldest first.

    Each snapshot is read once; an unreadable one is left out with a warning.

    Parameters
    ----------
    recipe : Recipe
        From :func:`animation_recipe`.
    progress : callable, optional
        Called as ``progress(done, total)`` after each snapshot.

    Yields
    ------
    (str, PIL.Image.Image)
        The ISO date and the frame.
    """
    from PIL import Image

    base, paths = base_model(recipe)
    history: list[dict[str, Any]] = []
    for i, path in enumerate(paths):
        model = frame_model(base, recipe, path, history)
        if model is not None and model.timeline is not None:
            history = model.timeline.frames
            date = history[-1]["date"]
            layout = compose(model)
            _stamp(layout, date, i, len(paths))
            buf = io.BytesIO()
            layout.fig.savefig(buf, format="png", metadata={"Software": "frontline"})
            yield date, Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
        if progress is not None:
            progress(i + 1, len(paths))


def _gif(images: list[Any], frame_ms: int) -> bytes:
    from PIL import Image

    pal = [
        im.quantize(255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE) for im in images
    ]
    durations = [frame_ms] * len(pal)
    durations[-1] = max(frame_ms, 1500)  # hold the last date
    buf = io.BytesIO()
    pal[0].save(
        buf,
        format="GIF",
        save_all=True,
        append_images=pal[1:],
        duration=durations,
        loop=0,
        optimize=False,
        disposal=1,
    )
    return buf.getvalue()


def _video(frames: Iterator[Any], target: Path, frame_ms: int, size: tuple[int, int]) -> int:
    import imageio_ffmpeg

    codec, pix = _CODECS[target.suffix.lower()]
    n = 0
    with temp_beside(target, suffix=target.suffix) as tmp:
        os.unlink(tmp)  # ffmpeg writes the file itself
        writer = imageio_ffmpeg.write_frames(
            tmp,
            size,
            fps=1000.0 / frame_ms,
            codec=codec,
            pix_fmt_out=pix,
            macro_block_size=1,
            quality=None,
            bitrate=None,
            output_params=["-crf", "30", "-b:v", "0"] if codec == "libvpx-vp9" else ["-crf", "23"],
        )
        writer.send(None)
        try:
            for _, im in frames:
                writer.send(im.tobytes())
                n += 1
        finally:
            writer.close()
        commit(tmp, target)
    return n


def animate(
    recipe: Recipe,
    out: str | os.PathLike[str],
    *,
    frame_ms: int = 250,
    progress: Callable[[int, int], object] | None = None,
) -> Animation:
    """Render the recipe's frames into an animated GIF, MP4 or WebM (by ``out``'s suffix).

    Parameters
    ----------
    recipe : Recipe
        From :func:`animation_recipe`.
    out : str or os.PathLike
        ``.gif``, ``.mp4`` or ``.webm``; written atomically (nothing on failure).
    frame_ms : int, default 250
        Milliseconds per frame (the GIF holds the last one at least 1.5 s).
    progress : callable, optional
        ``progress(done, total)`` after each frame.

    Returns
    -------
    Animation

    Raises
    ------
    UsageError
        An unknown suffix or a frame time outside 20-10,000 ms.
    RecipeError
        No snapshot to show.
    """
    target = Path(out)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"--animate {target}: expected a .gif, .mp4 or .webm file")
    if not 20 <= frame_ms <= 10_000:
        raise UsageError(f"frame time {frame_ms} ms: use 20 to 10000")
    size = (recipe.static.width, recipe.static.height)
    dates: list[str] = []

    def frames() -> Iterator[Any]:
        for date, im in frame_images(recipe, progress=progress):
            dates.append(date)
            yield date, im

    if suffix == ".gif":
        images = [im for _, im in frames()]
        if not images:
            raise RecipeError("no frame to animate")
        write_atomic(target, _gif(images, frame_ms))
        n = len(images)
    else:
        n = _video(frames(), target, frame_ms, size)
    return Animation(target, n, dates[0], dates[-1], frame_ms, size)
