"""A second process writing to the same profile store (run by the concurrency tests).

    python writer_process.py URL DRIVER TAG COUNT
adds COUNT favourite places named "TAG-<n>" and sets climate.fan, one write at a time.
"""

from __future__ import annotations

import sys

from incabin.profile import open_profiles


def main(url: str, driver: str, tag: str, count: int) -> None:
    with open_profiles(url) as profiles:
        profile = profiles.driver(driver)
        for n in range(count):
            profile.add("places.favourites", f"{tag}-{n}")
            profile.set("climate.fan", n % 100)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
