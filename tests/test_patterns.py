"""Patterns as acr-cli reads them: its filter split, globs, hosts, injection."""

import pytest

from acr_lifecycle.catalogue import patterns
from acr_lifecycle.catalogue.patterns import PatternError

from .conftest import load_case

# acr-purge notes, section 4.1: acr-cli's results for these filters.
SPLIT_TABLE = [
    ("app:v1", ("app", "v1")),
    ("a:b:c", "unable to correctly parse filter flag"),
    ("re:po:x", "unable to correctly parse filter flag"),
    ("repo:a:", "unable to correctly parse filter flag"),
    ("repo:\\d+:\\d+", "unable to correctly parse filter flag"),
    ("repo:\\:x", "unable to correctly parse filter flag"),
    ("repo:[a:b]", "unable to correctly parse filter flag"),
    ("repo:(?<!x):y", "unable to correctly parse filter flag"),
    ("app", "unable to correctly parse filter flag"),
    (":x", "missing repository name/expression"),
    ("app:", "missing tag name/expression"),
    ("repo:(?:a|b)", ("repo", "(?:a|b)")),
    ("repo:[[:digit:]]+", ("repo", "[[:digit:]]+")),
    ("repo:[^:]+", ("repo", "[^:]+")),
    ("repo:a[:]b", ("repo", "a[:]b")),
    ("repo:[^a:]x", ("repo", "[^a:]x")),
    ("(?i:Repo):x", ("(?i:Repo)", "x")),
    ("repo:^(?!latest$).*", ("repo", "^(?!latest$).*")),
]


@pytest.mark.parametrize(("text", "expected"), SPLIT_TABLE, ids=[t for t, _ in SPLIT_TABLE])
def test_split_filter_follows_acr_cli_colon_rule(text, expected):
    if isinstance(expected, tuple):
        assert patterns.split_filter(text) == expected
    else:
        with pytest.raises(PatternError, match=expected):
            patterns.split_filter(text)


def test_split_filter_matches_handed_parse_checks():
    checks = load_case("br-06")["expected"]["parse_checks"]

    assert patterns.split_filter("hello-(?:world):latest") == (
        checks["hello-(?:world):latest"]["repo"],
        checks["hello-(?:world):latest"]["tag"],
    )
    repo, tag = patterns.split_filter("app:^(?:(?!release).)*$")
    assert (repo, tag) == ("app", "^(?:(?!release).)*$")
    assert not patterns.compile_pattern(tag).search("release-1.0")
    assert patterns.compile_pattern(tag).search("pr-12")


@pytest.mark.parametrize(
    ("pattern", "suggestion"),
    [
        ("test-*", "test-.*"),
        ("teamx*", "teamx.*"),
        ("a/*/b", "a/.*/b"),
        ("*", ".*"),
        ("*/cache", ".*/cache"),
    ],
)
def test_check_repository_pattern_rejects_globs_with_the_regex_to_use(pattern, suggestion):
    with pytest.raises(PatternError) as raised:
        patterns.check_repository_pattern(pattern)

    message = str(raised.value)
    assert "regular expression" in message
    assert f"did you mean '{suggestion}'?" in message


@pytest.mark.parametrize(
    "pattern", ["samples/.*", "app.*", r"\d*", "(ab)*", "[a*]", "hello-world", "(?:a|b)/x"]
)
def test_check_repository_pattern_accepts_regexes(pattern):
    patterns.check_repository_pattern(pattern)


@pytest.mark.parametrize(
    ("pattern", "rest"),
    [
        ("upstream.example.io/upstream-org/cache", "upstream-org/cache"),
        ("myregistry.azurecr.io/app", "app"),
        ("localhost:5000/app", None),
    ],
)
def test_check_repository_pattern_rejects_a_registry_host(pattern, rest):
    with pytest.raises(PatternError) as raised:
        patterns.check_repository_pattern(pattern)

    if rest is not None:
        assert f"write '{rest}'" in str(raised.value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("it's", "single quote"),
        ("a b", "white space"),
        ("a\nb", "white space"),
        ("{{.Run.ID}}", "template"),
        ("a}}", "template"),
        ("${var.x}", "interpolate"),
        ("%{if}", "interpolate"),
        ("v$Registry", "replaces"),
        ("v`id`", "backtick"),
        ("caf\u00e9", "non-ASCII"),
        ("a\x01", "control character"),
    ],
    ids=repr,
)
def test_check_regex_refuses_what_could_escape_the_quoted_filter(value, fragment):
    with pytest.raises(PatternError, match=fragment):
        patterns.check_regex(value, "tag regex")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("(?i)latest", "'(?i)'"),
        ("a:b", "split the filter"),
        ("v(", "not a valid regular expression"),
    ],
)
def test_check_regex_refuses_what_acr_cli_misreads(value, fragment):
    with pytest.raises(PatternError) as raised:
        patterns.check_regex(value, "tag regex")

    assert fragment in str(raised.value)


def test_check_regex_accepts_lookaround_classes_and_scoped_flags():
    for value in ["v1(?!-a)", "^((?!release).)*$", "[[:digit:]]+", "(?i:latest)", "v[0-9]+$"]:
        patterns.check_regex(value, "tag regex")


@pytest.mark.parametrize(
    ("value", "construct", "fix"),
    [
        ("v1(?#()|", "a comment '(?#...)'", "remove the comment"),
        ("(?x:v1#)|x)", "the extended-mode flag 'x'", "remove it"),
        ("(r[0-9]+)-\\1", "a backreference or octal escape '\\1'", "write the text out"),
        ("(?P<n>v)(?P=n)", "a named group or reference", "use a plain group"),
        ("(?<n>v)", "a named group or reference", "use a plain group"),
        ("v[0-9]{,2}", "'{,' (acr-cli reads '{,n}' as the text itself", "e.g. '{0,2}'"),
        ("apps/[a-z-[w]]*", "a class subtraction '-[...]'", "list the characters"),
        ("v\\m", "the escape '\\m'", "without the backslash"),
        ("v1\\z", "the escape '\\z'", "leave it out"),
    ],
    ids=["comment", "extended-mode", "backreference", "named-reference", "dotnet-named-group",
         "open-lower-bound", "class-subtraction", "regex-only-escape", "end-escape"],
)
def test_check_regex_refuses_what_the_two_engines_read_differently(value, construct, fix):
    with pytest.raises(PatternError) as raised:
        patterns.check_regex(value, "tag regex")

    assert raised.value.message.startswith(f"the tag regex '{value}' uses {construct}")
    assert raised.value.message.endswith(", which is not supported")
    assert fix in raised.value.fix


@pytest.mark.parametrize(
    "value",
    ["v-[0-9]+", "[]a-]x", "[^]x]+", "(?<=v)1", "(?<!v)1", "\\d+\\.\\d+", "(?i:rc)[0-9]{1,3}"],
)
def test_check_regex_accepts_what_both_engines_read_alike(value):
    patterns.check_regex(value, "tag regex")


@pytest.mark.parametrize(
    ("body", "grouped"),
    [
        ("[](]?v1|x", "(?:[](]?v1|x)"),
        ("[^](]|x", "(?:[^](]|x)"),
        ("[|]x", "[|]x"),
        ("(a|b)c", "(a|b)c"),
    ],
)
def test_group_reads_a_leading_bracket_in_a_class_as_a_literal(body, grouped):
    assert patterns.group(body) == grouped


@pytest.mark.parametrize("wildcard", ["--dry-run", ".hidden*", "x" * 129], ids=["flag-like", "leading-dot", "too-long"])
def test_check_tag_literal_refuses_a_wildcard_that_can_never_match_a_tag(wildcard):
    with pytest.raises(PatternError) as raised:
        patterns.check_tag_literal(wildcard, "tag wildcard", wildcard=True)

    assert raised.value.message.startswith(f"the tag wildcard '{wildcard}' can never match a tag")
    assert raised.value.fix == "write the tags it should match, e.g. 'v*' or '*-rc*'"


def test_check_repository_pattern_suggests_a_lowercase_regex_for_an_uppercase_glob():
    with pytest.raises(PatternError) as raised:
        patterns.check_repository_pattern("App*")

    assert raised.value.fix == "did you mean 'app.*'?"
