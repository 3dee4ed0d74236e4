"""The REST API: each domain app has its router in its api.py; they are mounted here.

Every operation needs `Authorization: Bearer <token>` unless it says `auth=None`. Errors answer
`{"detail": ...}` with a 4xx status; an unexpected exception answers a bare 500 (logged), never
a traceback.
"""

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from maillage.accounts.api import BearerAuth
from maillage.accounts.api import router as accounts_router
from maillage.business.api import router as business_router
from maillage.core.api_input import BoundedIntegerParser
from maillage.editions.api import router as editions_router
from maillage.editions.charter import CharterRequired
from maillage.editions.recruitment.api import router as recruitment_router
from maillage.meetings.api import router as meetings_router
from maillage.reports.api import router as reports_router
from maillage.themes.api import router as themes_router

logger = logging.getLogger(__name__)

# Error answers every operation may give, declared in the schema so that clients (and schema
# checkers) expect them: all carry `{"detail": ...}`.
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "type": "string"}},
    "required": ["detail"],
}
INVALID_SCHEMA = {
    "title": "InvalidInput",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "type": "array", "items": {"type": "object"}}},
    "required": ["detail"],
}
ERRORS = {
    400: "Bad Request: a rule refused the request, or a number is out of range (`detail`)",
    401: "Unauthorized: no live bearer token",
    403: "Forbidden: not allowed (or the group's charter is not accepted yet)",
    404: "Not Found (or not visible to the caller)",
}


def declare_errors(schema: Any) -> Any:
    """Add to each operation the error answers it may give: 400, 403 and 404 always; 401 when
    it needs a token; 422 (the input does not match its schema) when it takes any input."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    components.setdefault("InvalidInput", INVALID_SCHEMA)

    def answer(description: str, component: str) -> dict[str, Any]:
        reference = {"$ref": f"#/components/schemas/{component}"}
        return {"description": description, "content": {"application/json": {"schema": reference}}}

    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                if status == 401 and not operation.get("security"):
                    continue
                responses.setdefault(status, answer(description, "Error"))
            if operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault(
                    422,
                    answer(
                        "Unprocessable Entity: the input does not match its schema", "InvalidInput"
                    ),
                )
    return schema


class MaillageAPI(NinjaAPI):
    """The API, its schema declaring the error answers (`declare_errors`)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return declare_errors(schema)


api = MaillageAPI(
    title="Maillage API",
    version="1",
    urls_namespace="api",
    auth=BearerAuth(),
    parser=BoundedIntegerParser(),  # integers past 2**53 - 1: 400 (see core.api_input)
)

api.add_router("", accounts_router)
api.add_router("", editions_router)
api.add_router("", recruitment_router)
api.add_router("", business_router)
api.add_router("", meetings_router)
api.add_router("", themes_router)
api.add_router("", reports_router)


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(CharterRequired)
def charter_required(request: HttpRequest, exc: CharterRequired) -> HttpResponse:
    """A member who has not accepted the group's charter yet (see editions.charter)."""
    return api.create_response(request, {"detail": CharterRequired.code}, status=403)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Forbidden"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A rule refused by a service (django.core.exceptions.ValidationError): 400."""
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": "Internal Server Error"}, status=500)
