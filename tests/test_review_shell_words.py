"""Command lines split as /bin/sh splits them, up to the first unquoted operator."""

from __future__ import annotations

import pytest

from acr_lifecycle.review.commands import parse_cmd
from acr_lifecycle.review.shell_words import split_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param(
            "acr purge --filter 'a:x|y;z&w' --ago 7d",
            ("acr", "purge", "--filter", "a:x|y;z&w", "--ago", "7d"),
            id="single-quotes-keep-operators-literal",
        ),
        pytest.param(
            'acr purge --filter "a:x|y>z" --ago 7d',
            ("acr", "purge", "--filter", "a:x|y>z", "--ago", "7d"),
            id="double-quotes-keep-control-operators-literal",
        ),
        pytest.param(
            "acr purge --filter a:x\\|y\\;z",
            ("acr", "purge", "--filter", "a:x|y;z"),
            id="backslash-makes-the-next-character-literal",
        ),
        pytest.param(
            'acr purge -f "a:\\$x\\"\\d"',
            ("acr", "purge", "-f", 'a:$x"\\d'),
            id="double-quotes-escape-only-dollar-quote-backslash",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' \\\n  --ago 7d",
            ("acr", "purge", "--filter", "a:.*", "--ago", "7d"),
            id="backslash-line-break-continues-the-line",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' --ago 7d # it's nightly; keep | it",
            ("acr", "purge", "--filter", "a:.*", "--ago", "7d"),
            id="a-comment-ends-the-words",
        ),
        pytest.param(
            "acr purge --filter a:#x",
            ("acr", "purge", "--filter", "a:#x"),
            id="a-hash-inside-a-word-is-no-comment",
        ),
        pytest.param(
            "\nacr purge --filter 'a:.*' --ago 7d\n\n",
            ("acr", "purge", "--filter", "a:.*", "--ago", "7d"),
            id="line-breaks-around-one-command-are-blanks",
        ),
        pytest.param(
            "acr purge --filter '' --ago 7d",
            ("acr", "purge", "--filter", "", "--ago", "7d"),
            id="empty-quotes-are-an-empty-word",
        ),
    ],
)
def test_split_words_reads_quoting_as_the_shell_does(text, words):
    split = split_words(text)

    assert (split.words, split.operator, split.error) == (words, None, None)


OPERATORS = {
    "and": ("a purge -x && b", "&&", "separator", ("a", "purge", "-x")),
    "or": ("a purge -x || b", "||", "separator", ("a", "purge", "-x")),
    "semicolon": ("a purge -x; b", ";", "separator", ("a", "purge", "-x")),
    "background": ("a purge -x & b", "&", "separator", ("a", "purge", "-x")),
    "line-break": ("a purge -x\nb", "\n", "separator", ("a", "purge", "-x")),
    "pipe": ("a purge -x | b", "|", "pipe", ("a", "purge", "-x")),
    "pipe-in-an-unquoted-word": (
        "a purge -f a:x|y",
        "|",
        "pipe",
        ("a", "purge", "-f", "a:x"),
    ),
    "backquote": ("a purge `b`", "`", "substitution", ("a", "purge")),
    "dollar-paren": ("a purge $(b)", "$(", "substitution", ("a", "purge")),
    "dollar-paren-in-double-quotes": (
        'a purge "x$(b)"',
        "$(",
        "substitution",
        ("a", "purge", "x"),
    ),
    "backquote-in-double-quotes": (
        'a purge "x`b`"',
        "`",
        "substitution",
        ("a", "purge", "x"),
    ),
    "redirect-output": ("a purge > log", ">", "redirection", ("a", "purge")),
    "append-output": ("a purge >> log", ">>", "redirection", ("a", "purge")),
    "redirect-input": ("a purge < in", "<", "redirection", ("a", "purge")),
    "duplicate-output": ("a purge 2>&1", ">&", "redirection", ("a", "purge", "2")),
    "parenthesis": ("a purge -f a:(x)", "(", "grouping", ("a", "purge", "-f", "a:")),
}


@pytest.mark.parametrize(
    ("text", "operator", "kind", "words"), OPERATORS.values(), ids=OPERATORS.keys()
)
def test_split_words_stops_at_the_first_unquoted_operator(text, operator, kind, words):
    split = split_words(text)

    assert split.words == words
    assert (split.operator.text, split.operator.kind) == (operator, kind)
    assert split.operator.offset == text.index(operator)


def test_the_operator_keeps_the_text_after_it():
    split = split_words("acr purge -f 'a:.*' --ago 7d && acr purge -f 'x:.*' --ago 1d")

    assert split.operator.rest == "acr purge -f 'x:.*' --ago 1d"


@pytest.mark.parametrize(
    ("text", "error", "last_word"),
    [
        (
            "acr purge --filter 'a:.* --ago 7d",
            "the single quote at column 20 is never closed",
            "a:.* --ago 7d",
        ),
        (
            'acr purge --filter "a:.*',
            "the double quote at column 20 is never closed",
            "a:.*",
        ),
    ],
    ids=["single-quote", "double-quote"],
)
def test_an_unclosed_quote_is_an_error_with_its_column(text, error, last_word):
    split = split_words(text)

    assert split.error == error
    assert split.words[-1] == last_word


def test_parse_cmd_reads_no_flag_after_a_shell_operator():
    step = parse_cmd("acr purge --filter 'a:.*' --ago 7d; rm -rf /")

    assert step.shell_operator.text == ";"
    assert (step.filters, step.options, step.unknown, step.positional) == (
        ["a:.*"],
        {"ago": "7d"},
        [],
        [],
    )
