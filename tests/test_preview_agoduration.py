"""acr-cli's --ago parser, quirks included, against the table of its real results."""

from __future__ import annotations

import pytest

from acr_lifecycle.preview.agoduration import (
    CAP_WARNING,
    DAY,
    HOUR,
    MAX_AGO_DAYS,
    AgoError,
    go_parse_duration,
    parse_ago,
    wrap_int64,
)

MINUTE = 60_000_000_000
SECOND = 1_000_000_000
CAP = MAX_AGO_DAYS * DAY


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("1d", DAY),
        ("0d", 0),
        ("0", 0),
        ("0m", 0),
        ("30m", 30 * MINUTE),
        ("1d2h", 26 * HOUR),
        ("2d3h6m", 51 * HOUR + 6 * MINUTE),
        ("1.5h", 90 * MINUTE),
        ("1d1.5h", 25 * HOUR + 30 * MINUTE),
        ("90s", 90 * SECOND),
        ("1d 2h", 26 * HOUR),
        ("-1d", -DAY),
        ("-1h", -HOUR),
        ("1h30d", DAY),
        ("1h1d", DAY),
        ("1.5d", DAY),
        ("1d0", DAY),
        ("xd", 0),
        ("d", 0),
        ("abc", CAP),
        ("1dfoo", CAP),
        ("1dd", CAP),
        ("3days", CAP),
        ("999999d", CAP),
        ("+2d", 2 * DAY),
        ("1µs", 1_000),
        ("1μs", 1_000),
    ],
)
def test_ago_parses_to_what_acr_cli_computes(text, duration):
    assert parse_ago(text).nanoseconds == duration


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15", 'time: missing unit in duration "15"'),
        ("10d5", 'time: missing unit in duration "5"'),
        ("15p", 'time: unknown unit "p" in duration "15p"'),
        ("7D", 'time: unknown unit "D" in duration "7D"'),
        ("1w", 'time: unknown unit "w" in duration "1w"'),
        ("", "unexpected EOF"),
        ("   ", "unexpected EOF"),
    ],
)
def test_ago_values_acr_cli_refuses_raise_its_message(text, message):
    with pytest.raises(AgoError) as raised:
        parse_ago(text)
    assert str(raised.value) == message


def test_a_capped_ago_prints_acr_cli_warning():
    assert parse_ago("999999d").warnings == (CAP_WARNING,)
    assert parse_ago("7d").warnings == ()


def test_before_0_18_huge_days_wrap_around_into_a_future_cutoff():
    duration = parse_ago("999999d", capped=False).nanoseconds
    assert duration == wrap_int64(999999 * DAY)
    assert duration < 0  # cutoff = now - duration lies in the future: everything goes


def test_before_0_18_an_invalid_tail_is_an_error_not_150_years():
    with pytest.raises(AgoError, match="invalid duration"):
        parse_ago("1dfoo", capped=False)


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("1h30m", 90 * MINUTE),
        (".5s", SECOND // 2),
        ("1.s", SECOND),
        ("-0", 0),
        ("1ns", 1),
        ("2562047h47m16.854775807s", (1 << 63) - 1),
    ],
)
def test_go_durations_follow_go_grammar(text, duration):
    assert go_parse_duration(text) == duration


@pytest.mark.parametrize("text", [".s", "-", "1h.m", "9223372036854775808ns"])
def test_malformed_go_durations_are_invalid(text):
    with pytest.raises(AgoError, match="invalid duration"):
        go_parse_duration(text)
