"""A vehicle source backed by an Eclipse Kuksa databroker, through kuksa-client.

``KuksaSource("127.0.0.1", 55555)`` asks the broker at ``start`` which of the
catalogue's signals it serves, copies their *current* values into the store and
then follows them with a subscription in a background thread. Actuator commands
go out as *target* values (``set_target_values``): the broker hands them to the
provider that owns the actuator, whose new current value then comes back through
the subscription. A broker that is down at ``start`` is a ``SourceError``; one
that goes away later marks the values ``STALE`` while the thread reconnects with
exponential back-off.

kuksa-client ships as the optional extra ``incabin[kuksa]``; importing this
module registers the ``kuksa:<host>:<port>`` scheme of ``open_vehicle``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from logging import getLogger
from typing import Any

import grpc
from kuksa_client.grpc import Datapoint, MetadataField, VSSClient, VSSClientError

from incabin.vehicle._errors import InvalidValue, NotSupported, SourceError
from incabin.vehicle._models import UnavailableReason
from incabin.vehicle._profile import CarProfile, profile_from_source
from incabin.vehicle._source import register_source
from incabin.vehicle._store import VehicleStore

log = getLogger(__name__)

_NOT_FOUND = grpc.StatusCode.NOT_FOUND.value[0]
_UNAVAILABLE = grpc.StatusCode.UNAVAILABLE.value[0]
_HTTP_NOT_FOUND = 404


def parse_address(argument: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:55555`` for IPv6) -> ``(host, port)``; ``SourceError`` if malformed."""
    host, sep, port = argument.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SourceError(
            f"bad Kuksa databroker address {argument!r}: expected kuksa:<host>:<port>, "
            "e.g. kuksa:127.0.0.1:55555"
        )
    return host, int(port)


def _plain(value: Any) -> Any:
    """kuksa-client hands arrays over as protobuf messages; the store wants tuples."""
    values = getattr(value, "values", None)
    return tuple(values) if values is not None and not isinstance(value, Mapping) else value


def _wire(value: Any) -> Any:
    """kuksa-client parses array targets from their text form ``[a, "b"]``."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(json.dumps(v) for v in value) + "]"
    return value


def _missing_paths(err: VSSClientError) -> set[str]:
    """The paths a broker reported as not found in a per-entry error list."""
    return {
        e["path"]
        for e in err.errors
        if e.get("path") and e.get("error", {}).get("code") in (_HTTP_NOT_FOUND, _NOT_FOUND)
    }


def _describe(err: VSSClientError) -> str:
    """The broker's reasons, top-level and per path, in one line."""
    details = [err.error.get("message") or err.error.get("reason") or ""]
    details += [e.get("error", {}).get("message", "") for e in err.errors]
    return "; ".join(d for d in details if d) or "no reason given"


class KuksaSource:
    """Mirrors a Kuksa databroker's signals into the store and sends it actuator targets.

    ``paths`` limits the signals followed (default: every catalogue path the
    broker knows). ``timeout`` bounds each unary call in seconds.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        paths: Iterable[str] | None = None,
        token: str | None = None,
        timeout: float = 5.0,
        reconnect_delay: float = 1.0,
        max_reconnect_delay: float = 30.0,
    ) -> None:
        self.host = host
        self.port = port
        self.wanted = tuple(paths) if paths is not None else None
        self.token = token
        self.timeout = timeout
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay
        self.reconnects = 0  # successful reconnections since start
        self.last_error: str | None = None
        self.server: str | None = None  # "name version" of the broker
        self._client: VSSClient | None = None
        self._store: VehicleStore | None = None
        self._paths: tuple[str, ...] = ()
        self._stream: threading.Event = threading.Event()  # set while a subscription runs
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def from_spec(cls, argument: str) -> KuksaSource:
        """Build from the ``<host>:<port>`` part of ``kuksa:<host>:<port>``."""
        host, port = parse_address(argument)
        return cls(host, port)

    @property
    def address(self) -> str:
        """``host:port`` of the broker."""
        return f"{self.host}:{self.port}"

    @property
    def connected(self) -> bool:
        """True while the subscription to the broker is live."""
        return self._client is not None and self._stream.is_set()

    @property
    def paths(self) -> tuple[str, ...]:
        """The catalogue paths the broker serves and this source follows."""
        return self._paths

    def start(self, store: VehicleStore) -> None:
        """Connect, copy the current values, then follow them in the background.

        Raises ``SourceError`` when the broker cannot be reached.
        """
        if self._thread is not None:
            raise SourceError(f"Kuksa source on {self.address} is already started")
        self._store = store
        self._client = self._connect()
        try:
            self._paths = self._served_paths(self._client, store)
            self._snapshot(self._client)
        except SourceError:
            self._disconnect()
            raise
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"kuksa {self.address}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the subscription and disconnect; the followed values become ``SOURCE_DOWN``."""
        self._stop.set()
        self._disconnect()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            self._disconnect()  # a reconnect may have finished while stopping
        if self._store is not None and self._paths:
            self._store.mark_unavailable(self._paths, UnavailableReason.SOURCE_DOWN)

    def write_target(self, path: str, value: Any) -> None:
        """Ask the broker to move actuator ``path`` to ``value``.

        ``NotSupported`` when the broker has no such actuator, ``SourceError``
        when it cannot be reached or refuses the value.
        """
        client = self._client
        if client is None:
            raise SourceError(f"the Kuksa databroker at {self.address} is not connected")
        if path not in self._paths:
            raise NotSupported(f"the Kuksa databroker at {self.address} does not serve {path}")
        try:
            client.set_target_values({path: Datapoint(_wire(value))}, timeout=self.timeout)
        except VSSClientError as err:
            code = err.error.get("code")
            if path in _missing_paths(err) or code == _NOT_FOUND:
                raise NotSupported(f"the Kuksa databroker has no actuator {path}") from err
            if code == _UNAVAILABLE:
                raise SourceError(f"cannot reach the Kuksa databroker at {self.address}") from err
            raise SourceError(
                f"the Kuksa databroker refused {path} = {value!r}: {_describe(err)}"
            ) from err
        except ValueError as err:  # kuksa-client cannot encode the value for the datatype
            raise InvalidValue(path, value, str(err)) from err

    def advance(self, seconds: float) -> None:
        """Nothing to do: the broker's providers run in real time."""

    def car_profile(self) -> CarProfile:
        """What this car has, as its broker tells: the VSS attributes it serves
        (``Massage.IsAvailable``, ``DoorCount`` …) and, for a feature without one, whether
        it serves any of the feature's signals."""
        store = self._store
        if store is None:
            raise SourceError(f"Kuksa source on {self.address} is not started")
        served = frozenset(self._paths)
        return profile_from_source(
            store.catalogue,
            f"Kuksa {self.server or self.address}",
            served.__contains__,
            lambda path: store.get(path) if store.has_value(path) else None,
        )

    def _connect(self) -> VSSClient:
        client = VSSClient(self.host, self.port, token=self.token, ensure_startup_connection=False)
        try:
            client.connect()
            info = client.get_server_info(timeout=self.timeout)
        except (VSSClientError, grpc.RpcError) as err:
            client.disconnect()
            reason = _describe(err) if isinstance(err, VSSClientError) else str(err.code())
            raise SourceError(
                f"cannot reach the Kuksa databroker at {self.address}: {reason}"
            ) from err
        self.server = f"{info.name} {info.version}" if info is not None else None
        log.info("connected to Kuksa databroker %s at %s", self.server, self.address)
        return client

    def _served_paths(self, client: VSSClient, store: VehicleStore) -> tuple[str, ...]:
        """The wanted catalogue paths that the broker knows (one metadata call, plus a retry)."""
        asked = [p for p in (self.wanted or store.catalogue.paths()) if p in store.catalogue]
        wanted = list(asked)
        for _attempt in range(2):
            try:
                client.get_metadata(wanted, MetadataField.DATA_TYPE, timeout=self.timeout)
                break
            except VSSClientError as err:
                missing = _missing_paths(err)
                if not missing:
                    raise SourceError(
                        f"the Kuksa databroker at {self.address} failed: {_describe(err)}"
                    ) from err
                wanted = [p for p in wanted if p not in missing]
        log.info("Kuksa databroker serves %d of %d signals asked for", len(wanted), len(asked))
        # What the broker does not serve, this car does not have.
        store.mark_unavailable(set(asked) - set(wanted), UnavailableReason.NOT_SUPPORTED)
        return tuple(wanted)

    def _snapshot(self, client: VSSClient) -> None:
        try:
            values = client.get_current_values(self._paths, timeout=self.timeout)
        except VSSClientError as err:
            raise SourceError(
                f"cannot read from the Kuksa databroker at {self.address}: {_describe(err)}"
            ) from err
        self._store_updates(values)

    def _store_updates(self, updates: Mapping[str, Datapoint | None]) -> None:
        store = self._store
        assert store is not None
        # one batch, so that a broker serving both SoCs (or both ranges) keeps both
        rejected = store.ingest(
            {
                path: (
                    _plain(datapoint.value),
                    datapoint.timestamp.timestamp() if datapoint.timestamp else None,
                )
                for path, datapoint in updates.items()
                if datapoint is not None and datapoint.value is not None
                and path in store.catalogue
            }
        )
        for path, err in rejected.items():
            # A provider publishing nonsense must not stop the feed of everything else.
            log.warning("Kuksa databroker sent an unusable value: %s", err)
            if store.has_value(path):
                store.mark_unavailable([path], UnavailableReason.STALE)

    def _disconnect(self) -> None:
        client, self._client = self._client, None
        self._stream.clear()
        if client is not None:
            client.disconnect()  # also cancels a running subscription

    def _run(self) -> None:
        delay = self.reconnect_delay
        while not self._stop.is_set():
            client = self._client
            if client is None:
                if self._stop.wait(delay):
                    return
                delay = self._reconnect(delay)
                continue
            try:
                for updates in client.subscribe_current_values(self._paths):
                    self._stream.set()  # the broker answers a subscription with current values
                    self._store_updates(updates)
            except Exception as err:  # the follower must survive whatever the stream raises
                if self._stop.is_set():
                    return
                self.last_error = f"lost the Kuksa databroker at {self.address}: {err}"
                log.warning(
                    "%s; values are stale until it reconnects", self.last_error, exc_info=True
                )
            if self._stop.is_set():
                return
            assert self._store is not None
            self._store.mark_unavailable(self._paths, UnavailableReason.STALE)
            self._disconnect()
            delay = self.reconnect_delay

    def _reconnect(self, delay: float) -> float:
        """Try once; on success re-read everything, else return the next, longer delay."""
        try:
            client = self._connect()
            self._snapshot(client)
        except SourceError as err:
            self.last_error = str(err)
            delay = min(delay * 2, self.max_reconnect_delay)
            log.info("Kuksa reconnect failed (%s); next try in %.1f s", err, delay)
            return delay
        if self._stop.is_set():
            client.disconnect()
            return delay
        self._client = client
        self.reconnects += 1
        self.last_error = None
        return self.reconnect_delay


register_source("kuksa", KuksaSource.from_spec)
