"""A vehicle source that reads a real ELM327 OBD-II adapter through python-OBD.

``ObdSource("/dev/ttyUSB0")`` (or ``"socket://192.168.0.10:35000"`` for a Wi-Fi
adapter) connects at ``start``, then a background thread polls the commands of
``_obd_map.OBD_SIGNALS`` that the car supports every ``interval`` seconds and
writes the converted values into the store. When the adapter goes away the
values are marked ``STALE`` and the thread reconnects with exponential back-off;
it never raises into the caller. A port that cannot be opened at ``start`` is a
``SourceError``. OBD-II is read-only here: ``write_target`` raises ``NotSupported``.

python-OBD is GPL-2.0-only and ships as the optional extra ``incabin[obd]``;
importing this module registers the ``obd:<port>`` scheme of ``open_vehicle``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from logging import getLogger
from typing import Any

import obd

from incabin._config import setting
from incabin.vehicle._errors import InvalidValue, NotSupported, SourceError
from incabin.vehicle._models import UnavailableReason
from incabin.vehicle._obd_map import OBD_SIGNALS, ObdSignal
from incabin.vehicle._source import register_source
from incabin.vehicle._store import VehicleStore

log = getLogger(__name__)

# python-OBD prints its warnings to stderr through a handler of its own; let the
# application's logging set-up (interfaces/) decide where they go instead.
obd.logger.removeHandler(obd.console_handler)

# pyserial's network URL schemes; a TCP adapter ignores the baud rate but
# python-OBD's auto-detection does not work over one, so one must be given.
_NETWORK_SCHEMES = ("socket://", "rfc2217://")
_NETWORK_BAUDRATE = 38400


def _polling_interval(interval: float | None) -> float:
    """``interval``, else ``INCABIN_OBD_INTERVAL`` (default 1 s); ``InvalidValue`` unless > 0."""
    raw: object = setting("obd_interval", "1.0") if interval is None else interval
    try:
        seconds = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = math.nan
    if not seconds > 0 or math.isinf(seconds):
        raise InvalidValue("INCABIN_OBD_INTERVAL", raw, "a number of seconds > 0")
    return seconds


class ObdSource:
    """Polls an ELM327 adapter and keeps the store's OBD-fed signals current.

    ``port`` is a serial device or a pyserial URL. ``protocol`` is an ELM327
    protocol id ("6" = ISO 15765-4 CAN 11/500) that skips auto-detection.
    ``interval`` is the polling period in seconds; ``reconnect_delay`` and
    ``max_reconnect_delay`` bound the back-off after the adapter is lost.
    """

    def __init__(
        self,
        port: str,
        *,
        baudrate: int | None = None,
        protocol: str | None = None,
        interval: float | None = None,
        timeout: float = 1.0,
        reconnect_delay: float = 1.0,
        max_reconnect_delay: float = 30.0,
        signals: Iterable[ObdSignal] = OBD_SIGNALS,
    ) -> None:
        if not port:
            raise SourceError("no OBD port given: use obd:<serial device or socket://host:port>")
        self.port = port
        if baudrate is None and port.startswith(_NETWORK_SCHEMES):
            baudrate = _NETWORK_BAUDRATE
        self.baudrate = baudrate
        self.protocol = protocol
        self.interval = _polling_interval(interval)
        self.timeout = timeout
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay
        self.signals = tuple(signals)
        self.reconnects = 0  # successful reconnections since start
        self.last_error: str | None = None
        self._conn: Any = None
        self._store: VehicleStore | None = None
        self._active: dict[str, ObdSignal] = {}  # path -> the row that feeds it
        self._stop = threading.Event()
        self._lock = threading.Lock()  # one query at a time on the adapter
        self._thread: threading.Thread | None = None

    @property
    def connected(self) -> bool:
        """True while the adapter answers for the car."""
        conn = self._conn
        return conn is not None and conn.status() == obd.OBDStatus.CAR_CONNECTED

    @property
    def paths(self) -> tuple[str, ...]:
        """The VSS paths this source currently feeds (those the car supports)."""
        return tuple(self._active)

    def start(self, store: VehicleStore) -> None:
        """Connect, read every supported signal once, then poll in the background.

        Raises ``SourceError`` when the port cannot be opened or no car answers.
        """
        if self._thread is not None:
            raise SourceError(f"OBD source on {self.port} is already started")
        self._store = store
        self._conn = self._connect()
        self._choose_signals()
        self.poll()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"obd-poll {self.port}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling and close the adapter; the values it fed become ``SOURCE_DOWN``."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._close()
        if self._store is not None and self._active:
            self._store.mark_unavailable(self._active, UnavailableReason.SOURCE_DOWN)

    def write_target(self, path: str, value: Any) -> None:
        """OBD-II offers no actuators: always ``NotSupported``."""
        raise NotSupported(f"cannot set {path}: the OBD-II adapter is read-only")

    def advance(self, seconds: float) -> None:
        """Nothing to do: a real car moves in real time."""

    def poll(self) -> int:
        """Query every active command once and store the results; returns values stored.

        A lost connection marks every fed value ``STALE`` and closes the adapter
        (the background thread then reconnects).
        """
        store = self._store
        if store is None:
            raise SourceError("OBD source is not started")
        responses: dict[str, Any] = {}
        values: dict[str, tuple[Any, None]] = {}
        with self._lock:
            conn = self._conn
            if conn is None:
                return 0
            for path, row in self._active.items():
                if self._stop.is_set() and self._thread is not None:
                    break
                if row.command not in responses:
                    responses[row.command] = conn.query(obd.commands[row.command])
                value = self._convert(store, path, row, responses[row.command])
                if value is not None:
                    values[path] = (value, None)
            lost = conn.status() != obd.OBDStatus.CAR_CONNECTED
        # one batch: the signals that follow these (e.g. the other range) come along
        rejected = store.ingest(values)
        for path, err in rejected.items():
            self._unusable(store, path, self._active[path], err)
        stored = len(values) - len(rejected)
        if lost:
            self.last_error = f"lost the OBD-II adapter on {self.port}"
            log.warning("%s; values are stale until it reconnects", self.last_error)
            store.mark_unavailable(self._active, UnavailableReason.STALE)
            self._close()
        return stored

    def _convert(self, store: VehicleStore, path: str, row: ObdSignal, response: Any) -> Any:
        """The VSS value of one answer, or None (and the old value marked stale) without one."""
        if response.is_null():
            if store.has_value(path):
                store.mark_unavailable([path], UnavailableReason.STALE)
            return None
        try:
            return row.convert(response.value)
        except (TypeError, ValueError, AttributeError) as err:
            self._unusable(store, path, row, err)
            return None

    @staticmethod
    def _unusable(store: VehicleStore, path: str, row: ObdSignal, err: Exception) -> None:
        # A garbled answer keeps the previous value out of use, never crashes the poller.
        log.warning("OBD %s gave an unusable value for %s: %s", row.command, path, err)
        if store.has_value(path):
            store.mark_unavailable([path], UnavailableReason.STALE)

    def _connect(self) -> Any:
        try:
            conn = obd.OBD(
                self.port,
                baudrate=self.baudrate,
                protocol=self.protocol,
                fast=False,
                timeout=self.timeout,
            )
        except Exception as err:  # python-OBD lets serial and OS errors through on some paths
            raise SourceError(f"cannot open the OBD-II adapter on {self.port}: {err}") from err
        status = conn.status()
        if status != obd.OBDStatus.CAR_CONNECTED:
            conn.close()
            if status == obd.OBDStatus.NOT_CONNECTED:
                reason = "no ELM327 adapter answers on that port"
            else:
                reason = "the adapter answers but the car does not (ignition off?)"
            raise SourceError(f"cannot connect to the car through {self.port}: {reason}")
        log.info("OBD-II connected on %s (%s)", self.port, conn.protocol_name())
        return conn

    def _choose_signals(self) -> None:
        store = self._store
        assert store is not None and self._conn is not None
        active: dict[str, ObdSignal] = {}
        unsupported: set[str] = set()
        for row in self.signals:
            if row.path not in store.catalogue or row.path in active:
                continue
            if self._conn.supports(obd.commands[row.command]):
                active[row.path] = row
                unsupported.discard(row.path)
            else:
                unsupported.add(row.path)
        self._active = active
        if unsupported:
            store.mark_unavailable(unsupported, UnavailableReason.NOT_SUPPORTED)
        log.info("OBD-II feeds %d signals; the car lacks %d", len(active), len(unsupported))

    def _close(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # closing a dead port must not stop the poller
                log.debug("closing the OBD-II connection failed", exc_info=True)

    def _run(self) -> None:
        delay = self.reconnect_delay
        while not self._stop.is_set():
            if self._conn is None:
                if self._stop.wait(delay):
                    return
                delay = self._reconnect(delay)
                continue
            if self._stop.wait(self.interval):
                return
            try:
                self.poll()
            except Exception:  # the poller must survive anything the adapter throws at it
                log.exception("OBD-II poll failed on %s", self.port)
                self._close()
            if self._conn is None:
                delay = self.reconnect_delay

    def _reconnect(self, delay: float) -> float:
        """Try once; on success re-read everything, else return the next, longer delay."""
        try:
            conn = self._connect()
        except SourceError as err:
            self.last_error = str(err)
            delay = min(delay * 2, self.max_reconnect_delay)
            log.info("OBD-II reconnect failed (%s); next try in %.1f s", err, delay)
            return delay
        with self._lock:
            self._conn = conn
        self.reconnects += 1
        self.last_error = None
        self._choose_signals()
        self.poll()
        return self.reconnect_delay


register_source("obd", ObdSource)
