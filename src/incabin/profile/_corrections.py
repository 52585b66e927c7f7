"""Learning from corrections: notice when the driver keeps changing a value the assistant
chose from a default, so the agent can propose remembering it. It never stores anything."""

from __future__ import annotations

from collections import Counter
from typing import Any

from incabin.profile._catalogue import spec


class CorrectionTracker:
    """Counts corrections per key for one driver's session.

    ``record`` returns True once the driver has corrected the same key to the same value
    ``threshold`` times: the agent should then ask "Shall I remember 23 °C?" and, on yes,
    call ``DriverProfile.set(key, value, PreferenceSource.CORRECTION)``.
    """

    def __init__(self, threshold: int = 2) -> None:
        if threshold < 1:
            raise ValueError("threshold must be at least 1")
        self._threshold = threshold
        self._counts: Counter[tuple[str, str]] = Counter()
        self._declined: set[tuple[str, str]] = set()

    def record(self, key: str, default_value: Any, corrected_value: Any) -> bool:
        """Note that the driver changed ``default_value`` to ``corrected_value`` for ``key``.

        Raises UnknownPreference/InvalidPreference for a bad key or value. Returns True
        when it is time to propose remembering ``corrected_value``.
        """
        row = spec(key)
        new = row.validate(corrected_value)
        if default_value is not None and row.validate(default_value) == new:
            return False
        marker = (key, repr(new))
        if marker in self._declined:
            return False
        self._counts[marker] += 1
        if self._counts[marker] < self._threshold:
            return False
        del self._counts[marker]
        return True

    def proposal(self, key: str, corrected_value: Any) -> Any:
        """The normalised value to propose (e.g. 23 → 23.0 for a temperature)."""
        return spec(key).validate(corrected_value)

    def decline(self, key: str, corrected_value: Any) -> None:
        """The driver said no: do not propose this value for this key again this session."""
        self._declined.add((key, repr(spec(key).validate(corrected_value))))

    def reset(self, key: str | None = None) -> None:
        """Forget counted corrections (for one key, or all) and declined proposals."""
        self._counts = Counter({m: n for m, n in self._counts.items()
                                if key is not None and m[0] != key})
        self._declined = {m for m in self._declined if key is not None and m[0] != key}
