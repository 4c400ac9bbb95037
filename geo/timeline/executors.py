"""Where the chunk tasks run: in this process, a local process pool, or a Dask cluster.

Tasks go to an *executor*: in-process for one worker, a
:class:`concurrent.futures.ProcessPoolExecutor` for ``workers > 1`` (the default uses every
core), or a :class:`dask.distributed.Client` when a scheduler address (or a client) is
given. All three expose the same ``submit``/``as_completed`` shape, so the timeline has one
code path.

Examples
--------
>>> with open_executor(1, None, None) as ex:
...     fut = ex.submit(sum, [1, 2, 3])
...     [f.result() for f in ex.as_completed([fut])]
[6]
>>> default_workers() >= 1
True
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from geo.errors import UsageError

__all__ = [
    "SCHEDULER_TIMEOUT_S",
    "DaskExecutor",
    "InlineExecutor",
    "PoolExecutor",
    "dask_slots",
    "default_workers",
    "open_executor",
]

#: Seconds to wait for a Dask scheduler before giving up with a UsageError.
SCHEDULER_TIMEOUT_S = 20.0


class InlineExecutor:
    """Runs each task at submission, in this process (one worker, no pickling)."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        """Run ``fn(*args)`` now; its result or exception is in the returned future."""
        fut: cf.Future[Any] = cf.Future()
        try:
            fut.set_result(fn(*args))
        except BaseException as exc:  # delivered through the future, like a pool would
            fut.set_exception(exc)
        return fut

    @staticmethod
    def as_completed(futures: Iterable[Any]) -> Iterator[Any]:
        """The futures in submission order (they are all done already)."""
        return iter(list(futures))


class PoolExecutor:
    """``concurrent.futures.ProcessPoolExecutor`` behind the common interface.

    Parameters
    ----------
    workers : int
        Worker processes.
    """

    def __init__(self, workers: int) -> None:
        self.pool = cf.ProcessPoolExecutor(max_workers=workers)

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        """Queue ``fn(*args)`` on the pool."""
        return self.pool.submit(fn, *args)

    @staticmethod
    def as_completed(futures: Iterable[Any]) -> Iterator[Any]:
        """The futures as they finish."""
        return cf.as_completed(list(futures))

    def close(self) -> None:
        """Shut the pool down, cancelling tasks not started yet."""
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """A ``dask.distributed.Client``: ``submit``/``as_completed`` mirror concurrent.futures.

    Parameters
    ----------
    client : dask.distributed.Client
        The connected client.
    owned : bool
        Close the client in :meth:`close` (true when this module opened it).
    """

    def __init__(self, client: Any, owned: bool) -> None:
        self.client = client
        self.owned = owned

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Submit ``fn(*args)`` to the cluster."""
        # pure=False: two chunks with equal arguments must still both run.
        return self.client.submit(fn, *args, pure=False)

    @staticmethod
    def as_completed(futures: Iterable[Any]) -> Iterator[Any]:
        """The futures as they finish (``distributed.as_completed``)."""
        from distributed import as_completed

        return iter(as_completed(list(futures)))

    def close(self) -> None:
        """Close the client if this executor opened it."""
        if self.owned:
            self.client.close()


def default_workers() -> int:
    """The number of CPU cores this process may use (at least 1).

    Returns
    -------
    int
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def dask_slots(client: Any) -> int | None:
    """How many tasks a Dask client's cluster runs at once (its threads); None if unknown.

    Parameters
    ----------
    client : dask.distributed.Client or None

    Returns
    -------
    int or None
    """
    if client is None:
        return None
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # an unreachable cluster fails later with a clear message
        return None


def _connect(scheduler: str | None) -> Any:
    """A new ``distributed.Client`` for ``scheduler``, or a UsageError saying why not."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - a declared dependency
        raise UsageError(
            "--scheduler needs dask.distributed (pip install dask[distributed])"
        ) from None
    try:
        return Client(scheduler, timeout=f"{SCHEDULER_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot connect to the Dask scheduler {scheduler!r}: {exc}") from None


@contextlib.contextmanager
def open_executor(workers: int | None, scheduler: str | None, client: Any) -> Iterator[Any]:
    """The executor for these settings, closed again on exit.

    Parameters
    ----------
    workers : int or None
        Local worker processes (``None``: every usable core); 1 runs in this process.
    scheduler : str or None
        A Dask scheduler address to connect to.
    client : dask.distributed.Client or None
        An existing client, used and left open.

    Yields
    ------
    InlineExecutor, PoolExecutor or DaskExecutor

    Raises
    ------
    UsageError
        The scheduler cannot be reached.
    """
    ex: InlineExecutor | PoolExecutor | DaskExecutor
    if client is not None:
        ex = DaskExecutor(client, owned=False)
    elif scheduler is not None:
        ex = DaskExecutor(_connect(scheduler), owned=True)
    elif (workers or default_workers()) == 1:
        ex = InlineExecutor()
    else:
        ex = PoolExecutor(workers or default_workers())
    try:
        yield ex
    finally:
        close = getattr(ex, "close", None)
        if close is not None:
            close()
