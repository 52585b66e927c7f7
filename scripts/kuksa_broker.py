"""A small stand-in for the Eclipse Kuksa databroker, for tests and demos.

It serves the ``kuksa.val.v1.VAL`` gRPC service from the stubs that ship inside
kuksa-client (``Get``, ``Set``, ``Subscribe``, ``GetServerInfo``) over incabin's
VSS catalogue, and behaves like the real broker where incabin relies on it:
per-path ``404`` errors for unknown signals, datatypes in the metadata, value
checks against the datatype and the catalogue's limits, actuator targets kept
apart from current values, and a subscription that starts with the current
values. The ``kuksa.val.v2`` service is left unimplemented, so kuksa-client
falls back to v1 as it does with an older broker. Production uses the real
databroker (https://github.com/eclipse-kuksa/kuksa-databroker).

    python scripts/kuksa_broker.py --port 55555
    incabin --vehicle kuksa:127.0.0.1:55555

With ``auto_actuate`` (the default) the broker also plays the provider of every
actuator: a new target becomes the current value at once.
"""

from __future__ import annotations

import argparse
import queue
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from concurrent import futures
from dataclasses import dataclass
from typing import Any

import grpc
from kuksa.val.v1 import types_pb2 as types
from kuksa.val.v1 import val_pb2 as val
from kuksa.val.v1 import val_pb2_grpc as val_grpc

from incabin.vehicle._catalogue import Catalogue, Signal, load_catalogue

VERSION = "0.1.0"

_SCALARS = {
    "string": (types.DATA_TYPE_STRING, "string"),
    "boolean": (types.DATA_TYPE_BOOLEAN, "bool"),
    "int8": (types.DATA_TYPE_INT8, "int32"),
    "int16": (types.DATA_TYPE_INT16, "int32"),
    "int32": (types.DATA_TYPE_INT32, "int32"),
    "int64": (types.DATA_TYPE_INT64, "int64"),
    "uint8": (types.DATA_TYPE_UINT8, "uint32"),
    "uint16": (types.DATA_TYPE_UINT16, "uint32"),
    "uint32": (types.DATA_TYPE_UINT32, "uint32"),
    "uint64": (types.DATA_TYPE_UINT64, "uint64"),
    "float": (types.DATA_TYPE_FLOAT, "float"),
    "double": (types.DATA_TYPE_DOUBLE, "double"),
}
_ARRAYS = {
    "string[]": types.DATA_TYPE_STRING_ARRAY,
    "boolean[]": types.DATA_TYPE_BOOLEAN_ARRAY,
    "int8[]": types.DATA_TYPE_INT8_ARRAY,
    "int16[]": types.DATA_TYPE_INT16_ARRAY,
    "int32[]": types.DATA_TYPE_INT32_ARRAY,
    "uint8[]": types.DATA_TYPE_UINT8_ARRAY,
    "uint16[]": types.DATA_TYPE_UINT16_ARRAY,
    "uint32[]": types.DATA_TYPE_UINT32_ARRAY,
    "float[]": types.DATA_TYPE_FLOAT_ARRAY,
    "double[]": types.DATA_TYPE_DOUBLE_ARRAY,
}
_ENTRY_TYPES = {
    "sensor": types.ENTRY_TYPE_SENSOR,
    "actuator": types.ENTRY_TYPE_ACTUATOR,
    "attribute": types.ENTRY_TYPE_ATTRIBUTE,
}


def _field(signal_: Signal) -> str:
    """The ``Datapoint`` oneof field that carries values of ``signal_``."""
    if signal_.datatype in _SCALARS:
        return _SCALARS[signal_.datatype][1]
    return _SCALARS[signal_.datatype[:-2]][1] + "_array"


def _data_type(signal_: Signal) -> int:
    if signal_.datatype in _SCALARS:
        return _SCALARS[signal_.datatype][0]
    return _ARRAYS[signal_.datatype]


def _error(path: str, code: int, reason: str, message: str) -> types.DataEntryError:
    return types.DataEntryError(
        path=path, error=types.Error(code=code, reason=reason, message=message)
    )


def to_datapoint(signal_: Signal, value: Any) -> types.Datapoint:
    """Encode a plain Python value as the ``Datapoint`` the real broker would send."""
    point = types.Datapoint()
    point.timestamp.GetCurrentTime()
    field = _field(signal_)
    if field.endswith("_array"):
        getattr(point, field).values.extend(value)
    else:
        setattr(point, field, value)
    return point


def from_datapoint(point: types.Datapoint) -> Any:
    """The plain Python value of a ``Datapoint`` (a list for arrays), or None."""
    field = point.WhichOneof("value")
    if field is None:
        return None
    value = getattr(point, field)
    return list(value.values) if field.endswith("_array") else value


@dataclass
class _Subscriber:
    paths: frozenset[str]
    target_view: bool
    updates: queue.Queue[list[tuple[str, types.Datapoint]] | None]


class Broker(val_grpc.VALServicer):
    """The databroker state and its gRPC service; ``start``/``stop`` run it on a port."""

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        paths: Iterable[str] | None = None,
        *,
        auto_actuate: bool = True,
    ) -> None:
        catalogue = catalogue or load_catalogue()
        chosen = catalogue.paths() if paths is None else list(paths)
        self.signals: dict[str, Signal] = {p: catalogue.get(p) for p in chosen}
        self.auto_actuate = auto_actuate
        self.set_calls = 0  # Set RPCs received, failed ones included
        self._values: dict[str, types.Datapoint] = {}
        self._targets: dict[str, types.Datapoint] = {}
        self._subscribers: list[_Subscriber] = []
        self._lock = threading.Lock()
        self._server: grpc.Server | None = None
        self._closing = threading.Event()

    # -- running ---------------------------------------------------------------

    def start(self, port: int = 0, host: str = "127.0.0.1") -> int:
        """Serve on ``host:port`` (0 = any free port); returns the port."""
        self._closing.clear()
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        val_grpc.add_VALServicer_to_server(self, server)
        bound = server.add_insecure_port(f"{host}:{port}")
        if bound == 0:
            raise OSError(f"cannot listen on {host}:{port}")
        server.start()
        self._server = server
        return bound

    def stop(self) -> None:
        """Stop serving at once; open subscriptions end (clients see the broker go away)."""
        self._closing.set()
        with self._lock:
            subscribers, self._subscribers = self._subscribers, []
        for sub in subscribers:
            sub.updates.put(None)
        if self._server is not None:
            self._server.stop(grace=0).wait()
            self._server = None

    # -- the provider side (what a feeder or the car would publish) --------------

    def publish(self, values: Mapping[str, Any]) -> None:
        """Set current values as a provider would; subscribers are notified."""
        points = {path: to_datapoint(self.signals[path], v) for path, v in values.items()}
        self._apply(points, target=False)

    def current(self, path: str) -> Any:
        """The current value of ``path`` (None if it has none)."""
        point = self._values.get(path)
        return None if point is None else from_datapoint(point)

    def target(self, path: str) -> Any:
        """The actuator target of ``path`` (None if none was requested)."""
        point = self._targets.get(path)
        return None if point is None else from_datapoint(point)

    def _apply(self, points: Mapping[str, types.Datapoint], target: bool) -> None:
        with self._lock:
            (self._targets if target else self._values).update(points)
            if target and self.auto_actuate:
                self._values.update(points)
            subscribers = list(self._subscribers)
        for sub in subscribers:
            if sub.target_view == target or (target and self.auto_actuate):
                batch = [(p, dp) for p, dp in points.items() if p in sub.paths]
                if batch:
                    sub.updates.put(batch)

    def _check(self, path: str, point: types.Datapoint) -> types.DataEntryError | None:
        signal_ = self.signals[path]
        if point.WhichOneof("value") != _field(signal_):
            return _error(path, 400, "type_mismatch", f"{path} is {signal_.datatype}")
        value = from_datapoint(point)
        values = value if isinstance(value, list) else [value]
        lo, hi = signal_.limits()
        for item in values:
            if signal_.allowed is not None and item not in signal_.allowed:
                return _error(path, 400, "value_not_allowed", f"{item!r} is not allowed")
            number = isinstance(item, (int, float)) and not isinstance(item, bool)
            if number and ((lo is not None and item < lo) or (hi is not None and item > hi)):
                return _error(path, 400, "value_out_of_bounds", f"{item!r} out of bounds")
        return None

    # -- gRPC ------------------------------------------------------------------

    def GetServerInfo(self, request: val.GetServerInfoRequest, context: Any) -> Any:
        return val.GetServerInfoResponse(name="incabin-test-databroker", version=VERSION)

    def Get(self, request: val.GetRequest, context: Any) -> val.GetResponse:
        response = val.GetResponse()
        for entry in request.entries:
            signal_ = self.signals.get(entry.path)
            if signal_ is None:
                response.errors.append(_error(entry.path, 404, "not_found", "no such signal"))
                continue
            out = types.DataEntry(path=entry.path)
            if entry.view in (types.VIEW_METADATA, types.VIEW_ALL):
                out.metadata.CopyFrom(
                    types.Metadata(
                        data_type=_data_type(signal_),
                        entry_type=_ENTRY_TYPES[signal_.kind.value],
                        description=signal_.description,
                        unit=signal_.unit or "",
                    )
                )
            current = entry.view in (types.VIEW_CURRENT_VALUE, types.VIEW_ALL)
            if current and entry.path in self._values:
                out.value.CopyFrom(self._values[entry.path])
            target = entry.view in (types.VIEW_TARGET_VALUE, types.VIEW_ALL)
            if target and entry.path in self._targets:
                out.actuator_target.CopyFrom(self._targets[entry.path])
            response.entries.append(out)
        if response.errors:
            response.error.CopyFrom(types.Error(code=404, reason="not_found", message="see errors"))
        return response

    def Set(self, request: val.SetRequest, context: Any) -> val.SetResponse:
        self.set_calls += 1
        response = val.SetResponse()
        targets: dict[str, types.Datapoint] = {}
        values: dict[str, types.Datapoint] = {}
        for update in request.updates:
            path = update.entry.path
            if path not in self.signals:
                response.errors.append(_error(path, 404, "not_found", "no such signal"))
                continue
            if types.FIELD_ACTUATOR_TARGET in update.fields:
                if self.signals[path].kind.value != "actuator":
                    response.errors.append(
                        _error(path, 400, "not_an_actuator", f"{path} is not an actuator")
                    )
                    continue
                point = update.entry.actuator_target
                destination = targets
            else:
                point = update.entry.value
                destination = values
            problem = self._check(path, point)
            if problem is not None:
                response.errors.append(problem)
                continue
            stamped = types.Datapoint()
            stamped.CopyFrom(point)
            stamped.timestamp.GetCurrentTime()
            destination[path] = stamped
        if response.errors:
            # all or nothing, as the real broker validates a request before applying it
            response.error.CopyFrom(
                types.Error(code=400, reason="bad_request", message="see errors")
            )
            return response
        if targets:
            self._apply(targets, target=True)
        if values:
            self._apply(values, target=False)
        return response

    def Subscribe(
        self, request: val.SubscribeRequest, context: Any
    ) -> Iterator[val.SubscribeResponse]:
        paths = [entry.path for entry in request.entries]
        unknown = [p for p in paths if p not in self.signals]
        if unknown:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no such signal: {', '.join(unknown)}")
        target_view = any(entry.view == types.VIEW_TARGET_VALUE for entry in request.entries)
        sub = _Subscriber(frozenset(paths), target_view, queue.Queue())
        with self._lock:
            self._subscribers.append(sub)
            known = self._targets if target_view else self._values
            first = [(p, known[p]) for p in paths if p in known]
        try:
            if first:
                yield self._response(first, target_view)
            while context.is_active() and not self._closing.is_set():
                try:
                    batch = sub.updates.get(timeout=0.1)
                except queue.Empty:
                    continue
                if batch is None:
                    return
                yield self._response(batch, target_view)
        finally:
            with self._lock:
                if sub in self._subscribers:
                    self._subscribers.remove(sub)

    @staticmethod
    def _response(batch: list[tuple[str, types.Datapoint]], target_view: bool) -> Any:
        response = val.SubscribeResponse()
        for path, point in batch:
            entry = types.DataEntry(path=path)
            if target_view:
                entry.actuator_target.CopyFrom(point)
                field = types.FIELD_ACTUATOR_TARGET
            else:
                entry.value.CopyFrom(point)
                field = types.FIELD_VALUE
            response.updates.append(val.EntryUpdate(entry=entry, fields=[field]))
        return response


DEMO_VALUES: dict[str, Any] = {
    "Vehicle.Speed": 0.0,
    "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed": 80.0,
    "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature": 21.0,
    "Vehicle.Exterior.AirTemperature": 12.0,
    "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position": 0,
    "Vehicle.Diagnostics.DTCList": [],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=55555)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    broker = Broker()
    broker.publish(DEMO_VALUES)
    port = broker.start(args.port, args.host)
    print(f"ready {port}", flush=True)
    signal.sigwait(stop_signals)
    broker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
