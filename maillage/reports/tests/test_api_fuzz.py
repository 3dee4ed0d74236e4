"""The API answers no 5xx when fuzzed from its own OpenAPI schema (schemathesis), and only
answers its schema declares: the status, the content type and the body.

Each operation gets generated requests, valid and invalid (EXAMPLES per operation, the same
ones at every run: `derandomize`), sent through the WSGI application with the bearer token of a
facilitator of a group and of the territory's project manager; each request is sent as
generated, then with its path pointing at the access matrix's world (real ids), so that the
bodies reach the handlers' rules instead of a 404. Schemathesis also tries undeclared methods
(405) and missing or broken authentication (401). Marked `fuzz`: it runs once per CI run (in
the SQLite pass). To search further: `MAILLAGE_FUZZ_EXAMPLES=200 pytest -m fuzz`.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from maillage.accounts.services import api_token_create
from maillage.reports.tests.test_access_matrix import world as world

pytestmark = [pytest.mark.fuzz, pytest.mark.timeout(600)]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# No 5xx; and every answer is one the schema declares: its status, its content type, its body.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PERSONAS = ("facilitator", "project_manager")
EXAMPLES = int(os.environ.get("MAILLAGE_FUZZ_EXAMPLES", "25"))


@pytest.fixture
def tokens(request: Any, world: dict[str, Any]) -> dict[str, str]:
    return {
        persona: api_token_create(user=request.getfixturevalue(persona), name="fuzz")[1]
        for persona in PERSONAS
    }


def call(case: Any, headers: dict[str, str], path: dict[str, Any]) -> Any:
    """Send the case, its path parameters replaced by `path`'s."""
    generated = dict(case.path_parameters)
    case.path_parameters.update(path)
    try:
        return case.call(headers=headers)
    finally:
        case.path_parameters.clear()
        case.path_parameters.update(generated)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize="MAILLAGE_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_no_server_error(
    case: Any, tokens: dict[str, str], world: dict[str, Any]
) -> None:
    real_path = {key: world[key] for key in case.path_parameters if key in world}
    for token in tokens.values():
        headers = {"Authorization": f"Bearer {token}"}
        for path in ({}, real_path) if real_path else ({},):
            case.validate_response(call(case, headers, path), checks=CHECKS)
