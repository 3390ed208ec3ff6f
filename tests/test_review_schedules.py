from datetime import datetime, timezone

import pytest

from acr_lifecycle.catalogue.schedule import describe_schedule, parse_schedule

NOW = datetime(2026, 12, 3, 19, 0, tzinfo=timezone.utc)


def utc(*parts):
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        ("0 1 * * *", [utc(2026, 12, 4, 1), utc(2026, 12, 5, 1), utc(2026, 12, 6, 1)]),
        ("0 3 * * Sun", [utc(2026, 12, 6, 3), utc(2026, 12, 13, 3), utc(2026, 12, 20, 3)]),
        ("*/20 19 * * *", [utc(2026, 12, 3, 19, 20), utc(2026, 12, 3, 19, 40), utc(2026, 12, 4, 19, 0)]),
        # NCrontab needs day of month AND day of week; Vixie cron would take either.
        ("30 2 15 * 1", [utc(2027, 2, 15, 2, 30), utc(2027, 3, 15, 2, 30), utc(2027, 11, 15, 2, 30)]),
    ],
)
def test_next_runs_follow_ncrontab(schedule, expected):
    assert parse_schedule(schedule).next_runs(NOW) == expected


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        ("0 1 * * *", "At 01:00, every day"),
        ("0 3 * * Sun", "At 03:00, only on Sunday"),
        ("30 2 15 * 1", "At 02:30, on day 15 of the month, only when that day is a Monday"),
    ],
)
def test_describe_schedule_says_it_in_words(schedule, words):
    assert describe_schedule(schedule) == words
