import pytest

from acr_lifecycle.catalogue.duration import Duration, DurationSyntaxError, parse_duration


@pytest.mark.parametrize(
    ("text", "canonical", "hours"),
    [
        ("0d", "0d", 0),
        ("0h", "0d", 0),
        ("7d", "7d", 168),
        ("12h", "12h", 12),
        ("36h", "1d12h", 36),
        ("1d12h", "1d12h", 36),
        ("2d24h", "3d", 72),
        ("3650d", "3650d", 87600),
    ],
    ids=lambda value: str(value),
)
def test_parse_duration_writes_one_canonical_form(text, canonical, hours):
    duration = parse_duration(text)

    assert duration == Duration(hours)
    assert duration.canonical() == canonical


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (7, "'7d' for days"),
        ("7", "'7d' for days"),
        ("1.5d", "fraction"),
        ("-1d", "negative"),
        ("1w", "'7d'"),
        ("7D", "'7d'"),
        ("30m", "finer than an hour"),
        ("xd", "not an age"),
        ("d", "not an age"),
        ("1h30d", "not an age"),
        ("", "not an age"),
        ("3651d", "longer than 3650 days"),
        ("999999d", "leave them out of every rule"),
        (True, "must be text"),
        (None, "must be text"),
    ],
    ids=repr,
)
def test_parse_duration_rejects_what_acr_cli_would_misread(value, fragment):
    with pytest.raises(DurationSyntaxError) as raised:
        parse_duration(value)

    assert fragment in str(raised.value)
