"""The OpenAPI schema, as a client generator reads it: valid, and each component the schema of
every model that refers to it. django-ninja files every model's definitions under their bare
class name, the last one winning: two `Status` enums, or two `ThemeOut`, and one operation's
body or response was described by another's."""

from __future__ import annotations

from typing import Any

from ninja.constants import NOT_SET

from config.api import api


def _comparable(schema: Any) -> Any:
    """Without what ninja leaves out or wraps: `"default": null`, a lone `allOf` around a $ref."""
    if isinstance(schema, dict):
        if set(schema) == {"allOf"} and len(schema["allOf"]) == 1:
            return _comparable(schema["allOf"][0])
        return {
            key: _comparable(value)
            for key, value in schema.items()
            if not (key == "default" and value is None)
        }
    if isinstance(schema, list):
        return [_comparable(value) for value in schema]
    return schema


def _models() -> list[tuple[str, Any, str]]:
    """(operation path, pydantic model, json-schema mode) for each body, query and response."""
    found = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                found += [(path, model, "validation") for model in operation.models]
                found += [
                    (path, model, "serialization")
                    for model in operation.response_models.values()
                    if model is not None and model is not NOT_SET  # NOT_SET: no body (a file)
                ]
    return found


def test_each_component_is_the_schema_of_every_model_that_refers_to_it() -> None:
    components = api.get_openapi_schema()["components"]["schemas"]
    clashes = set()
    for path, model, mode in _models():
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode=mode)
        for name, definition in schema.get("$defs", {}).items():
            if _comparable(components.get(name)) != _comparable(definition):
                clashes.add((path, name))
    assert sorted(clashes) == []


def test_the_patch_and_decision_bodies_list_their_own_statuses() -> None:
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]

    def statuses(body: str) -> list[str]:
        (choice,) = [
            option
            for option in components[body]["properties"]["status"].get("anyOf", [])
            or [components[body]["properties"]["status"]]
            if option.get("type") != "null"
        ]
        if "$ref" in choice:
            choice = components[choice["$ref"].rsplit("/", 1)[1]]
        return list(choice["enum"])

    assert statuses("IdeaPatch") == ["to_try", "tried", "adopted", "dropped"]
    assert statuses("ReferralPatch") == ["given", "contacted", "won", "lost"]
    assert statuses("DecisionIn") == ["submitted", "accepted", "waitlisted", "declined"]
    listed = components["PagedThemeOut"]["properties"]["items"]["items"]["$ref"]
    assert "rating_mean" in components[listed.rsplit("/", 1)[1]]["properties"]


def test_every_operation_declares_the_errors_it_may_answer() -> None:
    """400, 403 and 404 everywhere, 401 behind a token, 422 where there is input: a client (or
    a schema checker) is not surprised by a refusal."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    undeclared = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = {400, 403, 404}
            if operation.get("security"):
                expected.add(401)
            if operation.get("parameters") or operation.get("requestBody"):
                expected.add(422)
            missing = expected - set(operation["responses"])
            if missing:
                undeclared.append((method, path, sorted(missing)))
            for status in expected:
                content = operation["responses"][status].get("content", {})
                reference = content["application/json"]["schema"]["$ref"]
                assert "detail" in components[reference.rsplit("/", 1)[1]]["properties"]
    assert undeclared == []


def test_a_refusal_answers_the_body_the_schema_declares(client: Any, db: None) -> None:
    response = client.get("/api/v1/ideas")  # no token
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}
