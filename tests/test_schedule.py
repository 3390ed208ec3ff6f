import pytest

from acr_lifecycle.catalogue.schedule import ScheduleSyntaxError, normalize_schedule


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("0 1 * * *", "0 1 * * *"),
        ("  0   1 *  * *  ", "0 1 * * *"),
        ("0 3 * * Sun", "0 3 * * Sun"),
        ("30 9 * * 1-5", "30 9 * * 1-5"),
        ("*/15 * * * *", "*/15 * * * *"),
        ("0 0 1,15 * *", "0 0 1,15 * *"),
        ("0 0 * Jan-Mar Mon-Fri", "0 0 * Jan-Mar Mon-Fri"),
        ("0 0 * * Wed", "0 0 * * Wed"),
        ("5-10/2 * * * *", "5-10/2 * * * *"),
    ],
)
def test_normalize_schedule_accepts_ncrontab_five_fields(text, normalized):
    assert normalize_schedule(text) == normalized


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0 0 * * 7", "Sunday is 0"),
        ("0 0 * * ?", "'?'"),
        ("0 0 L * *", "'L'"),
        ("0 0 * * 1#2", "'#'"),
        ("0 0 15W * *", "'W'"),
        ("@daily", "macro"),
        ("0 0 * *", "has 4 fields"),
        ("0 0 0 * * *", "has 6 fields"),
        ("60 0 * * *", "outside 0-59"),
        ("0 24 * * *", "outside 0-23"),
        ("0 0 0 * *", "outside 1-31"),
        ("*/0 * * * *", "1 or more"),
        ("0 5-1 * * *", "runs backwards"),
        ("0 0 * Foo *", "not a number"),
        (5, "five-field"),
    ],
)
def test_normalize_schedule_rejects_what_acr_tasks_reject(text, fragment):
    with pytest.raises(ScheduleSyntaxError) as raised:
        normalize_schedule(text)

    assert fragment in str(raised.value)
