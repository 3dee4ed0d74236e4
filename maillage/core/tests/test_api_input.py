"""The API refuses integers past 2**53 - 1 with 400 and a reason, whatever the operation."""

from __future__ import annotations

from typing import Any

from maillage.core.api_input import MAX_INTEGER, out_of_range, parse_id


def test_integers_up_to_the_i_json_limit_are_in_range() -> None:
    assert not any(out_of_range(text) for text in ("0", "-12", " 42 ", str(MAX_INTEGER), "abc"))


def test_larger_integers_and_very_long_digit_strings_are_out_of_range() -> None:
    assert all(out_of_range(text) for text in (str(MAX_INTEGER + 1), str(-(2**70)), "9" * 5000))


def test_parse_id_reads_plain_ascii_digits_only() -> None:
    assert [parse_id(text) for text in ("42", "007", str(MAX_INTEGER))] == [42, 7, MAX_INTEGER]
    odd = ("", "abc", "1.5", "-1", " 4", "²", "٣", "9" * 5000, str(MAX_INTEGER + 1), None, 3)
    assert [parse_id(text) for text in odd] == [None] * len(odd)


def test_a_query_parameter_out_of_range_answers_400_naming_it(api: Any, leader: Any) -> None:
    response = api(leader).get("/ideas", group=2**70)
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "group: number out of range"},
    )


def test_a_page_number_out_of_range_answers_400(api: Any, leader: Any) -> None:
    assert api(leader).get("/territories", page=2**62).status_code == 400


def test_a_body_with_an_integer_out_of_range_answers_400(api: Any, leader: Any) -> None:
    response = api(leader).post("/ideas", {"meeting_id": 2**70, "title": "Un rituel"})
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_body_with_a_nul_character_answers_400(api: Any, leader: Any) -> None:
    response = api(leader).post("/ideas", {"meeting_id": 1, "title": "Un\x00rituel"})
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_query_parameter_with_a_nul_character_answers_400(api: Any, leader: Any) -> None:
    response = api(leader).get("/ideas", status="to\x00try")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
