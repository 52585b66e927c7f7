"""Suite-wide pytest options (the real-dongle ``--obd-port`` lives with the OBD tests)."""

pytest_plugins = ["tests.vehicle.conftest_sources", "tests.postgres"]
