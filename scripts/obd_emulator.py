"""Run ELM327-emulator's ``car`` scenario on a TCP port, with stored DTCs planted.

    python scripts/obd_emulator.py --port 35000 --dtc P0143 --dtc P0301 --dtc C0123

then ``incabin --vehicle obd:socket://127.0.0.1:35000`` talks to it exactly as
to a Wi-Fi ELM327 dongle. Prints ``ready <port>`` once it listens and runs
until SIGTERM/SIGINT. ELM327-emulator is CC-BY-NC-SA-4.0: a test-only tool.

The emulator's stored-DTC answer (mode 03) leaves out the DTC count byte that
a CAN ECU sends, so the count is prefixed to the first code: P0143, P0301 and
C0123 become ``['030143', '0301', '4123']``.
"""

from __future__ import annotations

import argparse
import signal
import socket
import sys
import time

_GROUPS = {"P": 0, "C": 1, "B": 2, "U": 3}


def dtc_bytes(code: str) -> str:
    """The two SAE J2012 bytes of a code, in hex: ``C0123`` -> ``4123``."""
    code = code.strip().upper()
    valid = (
        len(code) == 5
        and code[0] in _GROUPS
        and code[1] in "0123"
        and all(c in "0123456789ABCDEF" for c in code[2:])
    )
    if not valid:
        raise ValueError(f"not a diagnostic trouble code: {code!r} (expected e.g. P0143)")
    first = (_GROUPS[code[0]] << 2) | int(code[1])
    return f"{first:X}{code[2:]}"


def planted_dtcs(codes: list[str]) -> list[str]:
    """The emulator's ``DTC_STORED`` list for ``codes``, count byte prefixed."""
    raw = [dtc_bytes(code) for code in codes]
    if raw:
        raw[0] = f"{len(raw):02X}{raw[0]}"
    return raw


def _wait_listening(port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1")
    parser.add_argument("--dtc", action="append", default=[], help="a stored DTC, e.g. P0143")
    parser.add_argument("--scenario", default="car")
    args = parser.parse_args(argv)

    import elm.obd_message
    from elm import Elm

    elm.obd_message.DTC_STORED[:] = planted_dtcs(args.dtc)
    # Blocked before the emulator thread starts, so that only sigwait sees them.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    emulator = Elm(batch_mode=True, net_port=args.port)
    emulator.set_sorted_obd_msg(args.scenario)
    # ``with`` starts the emulator thread; it binds the port shortly after.
    with emulator:
        if not _wait_listening(args.port, time.monotonic() + 10):
            print(f"ELM327-emulator did not listen on port {args.port}", file=sys.stderr)
            return 1
        # The probe above was accepted as a client and closed; the emulator
        # then waits for the next one, which is the caller's adapter.
        print(f"ready {args.port}", flush=True)
        signal.sigwait(stop_signals)
    return 0


if __name__ == "__main__":
    sys.exit(main())
