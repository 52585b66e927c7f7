"""The OpenAPI document is accurate: schemathesis drives the running server from it.

Each generated request runs twice: as generated (random session ids: the error
paths) and with a real session id substituted (the success paths). Every
response must be declared in the document with the schema it has, and none may
be a server error.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server.conftest import Running

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_document_covers_every_route(server: Running) -> None:
    document = server.client.get("/openapi.json").json()
    assert set(document["paths"]) == {
        "/v1/health", "/v1/sessions", "/v1/sessions/{session_id}", "/v1/turns", "/v1/vehicle",
        "/v1/vehicle/{vss_path}", "/v1/navigation", "/v1/profile", "/v1/profile/export",
        "/v1/profile/{key}", "/v1/voice", "/v1/map",
    }
    turn = document["paths"]["/v1/turns"]["post"]
    assert {"200", "404", "413", "422"} <= set(turn["responses"])


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms(server: Running, mode: GenerationMode) -> None:
    """Valid (positive) and invalid (negative) requests for every operation."""
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and operation.path == "/v1/health":
            continue  # no input to get wrong

        @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)
            if mode is GenerationMode.POSITIVE:
                sid = server.session("Schema")
                if _with_session(case, sid):
                    case.call_and_validate(checks=CHECKS)
                server.client.delete(f"/v1/sessions/{sid}")

        run()


def _with_session(case: schemathesis.Case, sid: str) -> bool:
    """Put a live session id where the case has one; False when it takes none."""
    if isinstance(case.query, dict) and "session" in case.query:
        case.query["session"] = sid
    elif isinstance(case.body, dict) and "session" in case.body:
        case.body["session"] = sid
    elif case.path_parameters and "session_id" in case.path_parameters:
        case.path_parameters["session_id"] = sid
    else:
        return False
    return True
