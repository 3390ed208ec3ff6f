"""Values that acr purge or ACR Tasks would misread, refused where they are written.

Each case is one catalogue with one mistake; the test asserts the exact place,
severity, code, owner, offending value, message and fix.
"""

from __future__ import annotations

import pytest

from .lint_support import ASSIGNMENT, STACK, lint_files, lint_policy, rows

POLICY = (
    "policies:\n"
    "  - {name: purge, rules: [{id: r, kind: tags, repositories: [app], tags: any,"
    " older_than: 7d}]}\n"
)

RULE_CASES = [
    pytest.param(
        "app",
        "tags: any\n        older_than: 0d",
        (
            "policies.yaml:8:21",
            "error",
            "delete-all",
            "policy purge, rule r",
            "0d",
            "rule r deletes every tag of the selected repositories: it selects every tag, with older_than 0d and no keep_newest, so acr purge runs with --ago 0d and keeps nothing",
            "give older_than (e.g. 30d) or keep_newest (e.g. 10); if emptying these repositories is really meant, add 'acknowledge: [delete-all-tags]' to the rule",
        ),
        id="delete-all-tags",
    ),
    pytest.param(
        "app",
        "tags: {wildcards: ['*']}\n        keep_newest: null\n        older_than: 0h",
        (
            "policies.yaml:9:21",
            "error",
            "delete-all",
            "policy purge, rule r",
            "0h",
            "rule r deletes every tag of the selected repositories: it selects tags like '*', with older_than 0d and no keep_newest, so acr purge runs with --ago 0d and keeps nothing",
            "give older_than (e.g. 30d) or keep_newest (e.g. 10); if emptying these repositories is really meant, add 'acknowledge: [delete-all-tags]' to the rule",
        ),
        id="delete-all-tags-without-age",
    ),
    pytest.param(
        ".*",
        "tags: any\n        older_than: 0d\n        acknowledge: [delete-all-tags]",
        (
            "policies.yaml:6:24",
            "error",
            "delete-all",
            "policy purge, rule r",
            ".*",
            "rule r deletes every tag of every repository in the registry: repository pattern '.*' matches every repository, and the rule selects every tag with older_than 0d and no keep_newest",
            "name the repositories, or give older_than or keep_newest; if emptying the whole registry is really meant, add 'acknowledge: [delete-all-tags, every-repository]' to the rule",
        ),
        id="every-repository",
    ),
    pytest.param(
        "[a-z0-9._/-]+",
        "tags: {regex: '.+'}\n        older_than: 0d\n        acknowledge: [delete-all-tags]",
        (
            "policies.yaml:6:24",
            "error",
            "delete-all",
            "policy purge, rule r",
            "[a-z0-9._/-]+",
            "rule r deletes every tag of every repository in the registry: repository pattern '[a-z0-9._/-]+' matches every repository, and the rule selects tags matching the regex '.+' (whole tag) with older_than 0d and no keep_newest",
            "name the repositories, or give older_than or keep_newest; if emptying the whole registry is really meant, add 'acknowledge: [delete-all-tags, every-repository]' to the rule",
        ),
        id="every-repository-by-class",
    ),
    pytest.param(
        "app",
        "tags: {regex: '(?!zzz).*'}\n        older_than: 0d",
        (
            "policies.yaml:8:21",
            "error",
            "delete-all",
            "policy purge, rule r",
            "0d",
            "rule r may delete every tag of the selected repositories: it has older_than 0d and no keep_newest, and lint cannot tell what the tag regex '(?!zzz).*' leaves out (lookaround, backreferences or a pattern too large to analyse)",
            "give older_than (e.g. 30d) or keep_newest (e.g. 10), or say what to keep with an earlier rule instead of a lookaround; if deleting all of it is meant, add 'acknowledge: [delete-all-tags]' to the rule",
        ),
        id="undecidable-tag-regex-counts-as-every-tag",
    ),
    pytest.param(
        "(?!zzz).*",
        "tags: any\n        older_than: 0d\n        acknowledge: [delete-all-tags]",
        (
            "policies.yaml:6:24",
            "error",
            "delete-all",
            "policy purge, rule r",
            "(?!zzz).*",
            "rule r may delete every tag of every repository: it has older_than 0d and no keep_newest, and lint cannot tell what the repository pattern '(?!zzz).*' leaves out (lookaround, backreferences or a pattern too large to analyse)",
            "give older_than (e.g. 30d) or keep_newest (e.g. 10), or say what to keep with an earlier rule instead of a lookaround; if deleting all of it is meant, add 'acknowledge: [delete-all-tags, every-repository]' to the rule",
        ),
        id="undecidable-repository-pattern-counts-as-every-repository",
    ),
    pytest.param(
        "app",
        "tags: any\n        keep_newest: 100000000000000000000",
        (
            "policies.yaml:8:22",
            "error",
            "less-than-equal",
            "policy purge, rule r",
            100000000000000000000,
            "keep_newest: must be less than or equal to 9223372036854775807",
            "write 9223372036854775807 or less",
        ),
        id="keep-beyond-what-acr-cli-reads",
    ),
    pytest.param(
        "app",
        "tags: any\n        keep_newest: 2.0",
        (
            "policies.yaml:8:22",
            "error",
            "int-type",
            "policy purge, rule r",
            2.0,
            "keep_newest: expected a whole number, got the number 2.0",
            "write a whole number without quotes, e.g. 10",
        ),
        id="keep-as-a-float",
    ),
    pytest.param(
        "app",
        "tags: any\n        older_than: 0d\n        acknowledge: [delete-all]",
        (
            "policies.yaml:9:23",
            "error",
            "literal-error",
            "policy purge, rule r",
            "delete-all",
            "acknowledge: expected 'delete-all-tags' or 'every-repository', got 'delete-all'",
            "write 'delete-all-tags' or 'every-repository'",
        ),
        id="unknown-acknowledgement",
    ),
    pytest.param(
        "app",
        "tags: any\n        older_than: -3d",
        (
            "policies.yaml:8:21",
            "error",
            "duration",
            "policy purge, rule r",
            "-3d",
            "older_than: the age '-3d' is negative (acr-cli would put the cutoff in the future and every selected tag would be old enough)",
            "ages count back from now; write whole days and hours such as '7d', '36h' or '1d12h'",
        ),
        id="negative-age",
    ),
    pytest.param(
        "app",
        "tags: any\n        older_than: '0'",
        (
            "policies.yaml:8:21",
            "error",
            "duration",
            "policy purge, rule r",
            "0",
            "older_than: the age '0' has no unit",
            "write '0d' for days or '0h' for hours",
        ),
        id="age-without-unit",
    ),
    pytest.param(
        "app",
        "tags: any\n        older_than: 1.5d",
        (
            "policies.yaml:8:21",
            "error",
            "duration",
            "policy purge, rule r",
            "1.5d",
            "older_than: the age '1.5d' has a fraction",
            "write whole days and hours such as '7d', '36h' or '1d12h'",
        ),
        id="fractional-age",
    ),
    pytest.param(
        "app",
        "tags: any\n        older_than: 200000d",
        (
            "policies.yaml:8:21",
            "error",
            "duration",
            "policy purge, rule r",
            "200000d",
            "older_than: the age '200000d' is longer than 3650 days (acr-cli caps ages at 150 years, and releases before 0.18 overflowed and deleted everything)",
            "to keep tags forever, leave them out of every rule instead of using a huge age",
        ),
        id="age-beyond-cap",
    ),
    pytest.param(
        "app",
        "tags: any\n        older_than: 7w",
        (
            "policies.yaml:8:21",
            "error",
            "duration",
            "policy purge, rule r",
            "7w",
            "older_than: the age '7w' uses weeks, which acr purge does not know",
            "write '49d'",
        ),
        id="age-in-weeks",
    ),
    pytest.param(
        "app",
        "tags: any\n        keep_newest: 0",
        (
            "policies.yaml:8:22",
            "error",
            "greater-than-equal",
            "policy purge, rule r",
            0,
            "keep_newest: must be greater than or equal to 1",
            "write 1 or more; to keep no tag, leave keep_newest out",
        ),
        id="keep-zero",
    ),
    pytest.param(
        "test-*",
        "tags: any\n        older_than: 7d",
        (
            "policies.yaml:6:24",
            "error",
            "pattern",
            "policy purge, rule r",
            "test-*",
            "repositories: repository pattern 'test-*' looks like a glob, but it is a regular expression matched against the whole name, so it would match nothing you expect (a purge that matches nothing still succeeds)",
            "did you mean 'test-.*'?",
        ),
        id="glob-suffix",
    ),
    pytest.param(
        "a/*/b",
        "tags: any\n        older_than: 7d",
        (
            "policies.yaml:6:24",
            "error",
            "pattern",
            "policy purge, rule r",
            "a/*/b",
            "repositories: repository pattern 'a/*/b' looks like a glob, but it is a regular expression matched against the whole name, so it would match nothing you expect (a purge that matches nothing still succeeds)",
            "did you mean 'a/.*/b'?",
        ),
        id="glob-middle",
    ),
    pytest.param(
        "*",
        "tags: any\n        older_than: 7d",
        (
            "policies.yaml:6:24",
            "error",
            "pattern",
            "policy purge, rule r",
            "*",
            "repositories: repository pattern '*' looks like a glob, but it is a regular expression matched against the whole name, so it would match nothing you expect (a purge that matches nothing still succeeds)",
            "did you mean '.*'?",
        ),
        id="glob-star",
    ),
    pytest.param(
        "upstream.example.io/org/cache",
        "tags: any\n        older_than: 7d",
        (
            "policies.yaml:6:24",
            "error",
            "pattern",
            "policy purge, rule r",
            "upstream.example.io/org/cache",
            "repositories: repository pattern 'upstream.example.io/org/cache' starts with the host 'upstream.example.io'; repository names in a registry never include a host, so it would match nothing",
            "write 'org/cache'",
        ),
        id="host-prefix",
    ),
    pytest.param(
        "myreg.azurecr.io/app",
        "tags: any\n        older_than: 7d",
        (
            "policies.yaml:6:24",
            "error",
            "pattern",
            "policy purge, rule r",
            "myreg.azurecr.io/app",
            "repositories: repository pattern 'myreg.azurecr.io/app' starts with the host 'myreg.azurecr.io'; repository names in a registry never include a host, so it would match nothing",
            "write 'app'",
        ),
        id="azurecr-host",
    ),
    pytest.param(
        "Apps/web",
        "tags: any\n        older_than: 7d",
        (
            "policies.yaml:6:24",
            "error",
            "pattern",
            "policy purge, rule r",
            "Apps/web",
            "repositories: repository pattern 'Apps/web' can never match a repository name (lowercase letters and digits in '/'-separated parts joined by '.', '_' or '-'), so the rule would match no repository and the purge would still succeed",
            "write the names in lowercase, without a leading or trailing '/', or use '(?i:...)' for a case-insensitive match",
        ),
        id="uppercase-repository",
    ),
    pytest.param(
        "a(",
        "tags: any\n        older_than: 7d",
        (
            "policies.yaml:6:24",
            "error",
            "pattern",
            "policy purge, rule r",
            "a(",
            "repositories: the repository pattern is not a valid regular expression: missing ) at position 2",
            "check it with the regex package (ASCII), the closest match to acr-cli's engine",
        ),
        id="invalid-repository-regex",
    ),
    pytest.param(
        "(a+)+",
        "tags: any\n        older_than: 7d",
        (
            "policies.yaml:6:24",
            "error",
            "pattern",
            "policy purge, rule r",
            "(a+)+",
            "repositories: the repository pattern '(a+)+' can make acr-cli's backtracking engine take exponential time in '(a+)+': a repeat inside it can take the characters that what follows it, or the next iteration, could take too. acr-cli aborts a filter that runs past --filter-timeout-seconds and the purge fails",
            "rewrite it so that each character can be matched only one way, e.g. '(a+)+' as 'a+', '(\\w|\\d)+' as '\\w+'",
        ),
        id="backtracking-repository",
    ),
    pytest.param(
        "(?i)app",
        "tags: any\n        older_than: 7d",
        (
            "policies.yaml:6:24",
            "error",
            "pattern",
            "policy purge, rule r",
            "(?i)app",
            "repositories: the repository pattern uses the inline flag '(?i)', which acr-cli leaks into the patterns joined after it",
            "scope it, e.g. '(?i:...)'",
        ),
        id="global-inline-flag",
    ),
    pytest.param(
        "app",
        "tags: {regex: '^$'}\n        older_than: 7d",
        (
            "policies.yaml:7:23",
            "error",
            "pattern",
            "policy purge, rule r",
            "^$",
            "regex: the tag regex '^$' matches only the empty text, and no tag is empty, so the rule deletes nothing. ('^$' is the acr purge idiom for purging untagged manifests without touching tags)",
            "for untagged manifests write a rule of kind untagged; to select tags, write a regex that matches them",
        ),
        id="empty-tag-regex",
    ),
    pytest.param(
        "app",
        "tags: {regex: 'release/1'}\n        older_than: 7d",
        (
            "policies.yaml:7:23",
            "error",
            "pattern",
            "policy purge, rule r",
            "release/1",
            "regex: the tag regex 'release/1' can never match a tag (tags are 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'), so the rule would delete nothing and the purge would still succeed",
            "write a regex that matches the tags you mean, e.g. 'v[0-9]+' or 'dev-.*'",
        ),
        id="tag-regex-with-slash",
    ),
    pytest.param(
        "app",
        "tags: {regex: '.{129,}'}\n        older_than: 7d",
        (
            "policies.yaml:7:23",
            "error",
            "pattern",
            "policy purge, rule r",
            ".{129,}",
            "regex: the tag regex '.{129,}' can never match a tag (tags are 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'), so the rule would delete nothing and the purge would still succeed",
            "write a regex that matches the tags you mean, e.g. 'v[0-9]+' or 'dev-.*'",
        ),
        id="tag-regex-too-long",
    ),
    pytest.param(
        "app",
        "tags: {regex: '-rc'}\n        older_than: 7d",
        (
            "policies.yaml:7:23",
            "error",
            "pattern",
            "policy purge, rule r",
            "-rc",
            "regex: the tag regex '-rc' can never match a tag (tags are 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'), so the rule would delete nothing and the purge would still succeed",
            "write a regex that matches the tags you mean, e.g. 'v[0-9]+' or 'dev-.*'",
        ),
        id="tag-regex-leading-dash",
    ),
    pytest.param(
        "app",
        "tags: {regex: '(\\w|\\d)+'}\n        older_than: 7d",
        (
            "policies.yaml:7:23",
            "error",
            "pattern",
            "policy purge, rule r",
            "(\\w|\\d)+",
            "regex: the tag regex '(\\w|\\d)+' can make acr-cli's backtracking engine take exponential time in '(\\w|\\d)+': two of its alternatives can match the same text. acr-cli aborts a filter that runs past --filter-timeout-seconds and the purge fails",
            "rewrite it so that each character can be matched only one way, e.g. '(a+)+' as 'a+', '(\\w|\\d)+' as '\\w+'",
        ),
        id="backtracking-alternatives",
    ),
    pytest.param(
        "app",
        "tags: {regex: '(\\w+-?)+'}\n        older_than: 7d",
        (
            "policies.yaml:7:23",
            "error",
            "pattern",
            "policy purge, rule r",
            "(\\w+-?)+",
            "regex: the tag regex '(\\w+-?)+' can make acr-cli's backtracking engine take exponential time in '(\\w+-?)+': a repeat inside it can take the characters that what follows it, or the next iteration, could take too. acr-cli aborts a filter that runs past --filter-timeout-seconds and the purge fails",
            "rewrite it so that each character can be matched only one way, e.g. '(a+)+' as 'a+', '(\\w|\\d)+' as '\\w+'",
        ),
        id="backtracking-nested",
    ),
    pytest.param(
        "app",
        "tags: {regex: 'v1('}\n        older_than: 7d",
        (
            "policies.yaml:7:23",
            "error",
            "pattern",
            "policy purge, rule r",
            "v1(",
            "regex: the tag regex is not a valid regular expression: missing ) at position 3",
            "check it with the regex package (ASCII), the closest match to acr-cli's engine",
        ),
        id="invalid-tag-regex",
    ),
    pytest.param(
        "app",
        "tags: {regex: 'v:1'}\n        older_than: 7d",
        (
            "policies.yaml:7:23",
            "error",
            "pattern",
            "policy purge, rule r",
            "v:1",
            "regex: the tag regex contains ':' outside '(?:...)' or a '[...]' class; acr-cli would split the filter there",
            "remove it: names never contain ':'",
        ),
        id="tag-regex-colon",
    ),
    pytest.param(
        "app",
        "tags: any\n        older_than: 7d\n        untagged: true",
        (
            "policies.yaml:9:9",
            "error",
            "extra-forbidden",
            "policy purge, rule r",
            True,
            "unknown key 'untagged': in acr purge, --untagged does not narrow a tag purge: it first deletes the tags the filter selects that are older than --ago, then every manifest left without a tag",
            "expire tags in this rule, and add a separate rule with kind: untagged for untagged manifests (it compiles to --untagged-only, which never deletes a tag)",
        ),
        id="untagged-flag-in-tag-rule",
    ),
    pytest.param(
        "app",
        "tags: any\n        ago: 7d",
        (
            "policies.yaml:8:9",
            "error",
            "extra-forbidden",
            "policy purge, rule r",
            "7d",
            "unknown key 'ago': this is acr purge's --ago",
            "write older_than, e.g. 'older_than: 7d'",
        ),
        id="ago-flag",
    ),
]

ASSIGNMENT_CASES = [
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 1 * * *"]\n    task: {step_timeout_seconds: true}\n',
        (
            "assignments.yaml:7:34",
            "error",
            "int-type",
            "assignment nightly",
            True,
            "step_timeout_seconds: expected a whole number, got the boolean true",
            "write a whole number without quotes, e.g. 3600",
        ),
        id="step-timeout-as-a-boolean",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 0 * * 7"]\n',
        (
            "assignments.yaml:6:17",
            "error",
            "schedule",
            "assignment nightly",
            "0 0 * * 7",
            "schedules: '0 0 * * 7': the day of week value 7 is outside 0-6",
            "Sunday is 0 in NCrontab; write 0 or Sun",
        ),
        id="day-of-week-7",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 0 ? * *"]\n',
        (
            "assignments.yaml:6:17",
            "error",
            "schedule",
            "assignment nightly",
            "0 0 ? * *",
            "schedules: '0 0 ? * *': the day of month field '?' uses '?', which NCrontab (the parser ACR Tasks use) does not support",
            "write the values as numbers, ranges, lists or steps",
        ),
        id="question-mark",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 0 L * *"]\n',
        (
            "assignments.yaml:6:17",
            "error",
            "schedule",
            "assignment nightly",
            "0 0 L * *",
            "schedules: '0 0 L * *': the day of month field 'L' uses 'L', which NCrontab (the parser ACR Tasks use) does not support",
            "write the values as numbers, ranges, lists or steps",
        ),
        id="last-day",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 0 * * 1#2"]\n',
        (
            "assignments.yaml:6:17",
            "error",
            "schedule",
            "assignment nightly",
            "0 0 * * 1#2",
            "schedules: '0 0 * * 1#2': the day of week field '1#2' uses '#', which NCrontab (the parser ACR Tasks use) does not support",
            "write the values as numbers, ranges, lists or steps",
        ),
        id="nth-weekday",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 0 15W * *"]\n',
        (
            "assignments.yaml:6:17",
            "error",
            "schedule",
            "assignment nightly",
            "0 0 15W * *",
            "schedules: '0 0 15W * *': the day of month field '15W' uses 'W', which NCrontab (the parser ACR Tasks use) does not support",
            "write the values as numbers, ranges, lists or steps",
        ),
        id="nearest-weekday",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 0 1 * * *"]\n',
        (
            "assignments.yaml:6:17",
            "error",
            "schedule",
            "assignment nightly",
            "0 0 1 * * *",
            "schedules: '0 0 1 * * *' has 6 fields; ACR Tasks take exactly five (minute hour day-of-month month day-of-week, UTC), no seconds or year",
            "write five fields, for example '0 1 * * *'",
        ),
        id="six-fields",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["@daily"]\n',
        (
            "assignments.yaml:6:17",
            "error",
            "schedule",
            "assignment nightly",
            "@daily",
            "schedules: '@daily' is a macro, which ACR Tasks do not accept",
            "write five fields, for example '0 0 * * *' for daily at 00:00 UTC",
        ),
        id="macro",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 0 30 2 *"]\n',
        (
            "assignments.yaml:6:17",
            "error",
            "schedule",
            "assignment nightly",
            "0 0 30 2 *",
            "schedules: '0 0 30 2 *' never runs: February has no day 30",
            "choose a day of month that exists in the chosen months",
        ),
        id="never-runs",
    ),
    pytest.param(
        "assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: [5]\n",
        (
            "assignments.yaml:6:17",
            "error",
            "schedule",
            "assignment nightly",
            5,
            "schedules: a schedule must be a five-field cron expression in quotes",
            "write it like '0 1 * * *'",
        ),
        id="unquoted-number",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: [{name: "my timer", cron: "0 1 * * *"}]\n',
        (
            "assignments.yaml:6:24",
            "error",
            "timer-name",
            "assignment nightly",
            "my timer",
            "name: 'my timer' is not a timer name",
            "use 1 to 50 letters, digits, '-' or '_'",
        ),
        id="timer-name",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 1 * * *", "0  1 * * *"]\n',
        (
            "assignments.yaml:6:30",
            "error",
            "duplicate-schedule",
            "assignment nightly",
            "0 1 * * *",
            "schedule '0 1 * * *' is listed twice; ACR Tasks reject identical timers in one task",
            "remove the repeated schedule",
        ),
        id="duplicate-cron",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: [{name: t, cron: "0 1 * * *"}, {name: t, cron: "0 2 * * *"}]\n',
        (
            "assignments.yaml:6:47",
            "error",
            "duplicate-schedule",
            "assignment nightly",
            "t",
            "timer name 't' is used twice",
            "give each schedule its own name",
        ),
        id="duplicate-timer-name",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 1 * * *"]\n    task: {step_timeout_seconds: 36000}\n',
        (
            "assignments.yaml:7:34",
            "error",
            "timeout",
            "assignment nightly",
            36000,
            "step_timeout_seconds: step timeout 36000 s is outside 60-28800 s, the range ACR Tasks accept",
            "use a value in 60-28800; split large purges across tasks if 28800 s is not enough",
        ),
        id="step-timeout-too-long",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 1 * * *"]\n    task: {timeout_seconds: 120}\n',
        (
            "assignments.yaml:7:29",
            "error",
            "timeout",
            "assignment nightly",
            120,
            "timeout_seconds: task timeout 120 s is outside 300-28800 s, the range ACR Tasks accept",
            "use a value in 300-28800; split large purges across tasks if 28800 s is not enough",
        ),
        id="task-timeout-too-short",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 1 * * *"]\n    task: {step_timeout_seconds: 3600, timeout_seconds: 600}\n',
        (
            "assignments.yaml:7:57",
            "error",
            "timeout",
            "assignment nightly, policy purge",
            600,
            "task timeout 600 s is shorter than its 1 step of 3600 s (3600 s); the run would be cut off part-way, leaving a partial purge",
            "raise task.timeout_seconds to at least 3600 or lower task.step_timeout_seconds",
        ),
        id="step-longer-than-task",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 1 * * *"]\n    task: {acr_cli_image: acr}\n',
        (
            "assignments.yaml:7:27",
            "error",
            "acr-cli-image",
            "assignment nightly",
            "acr",
            "'acr' is not a pinned image: the task runner maps the bare 'acr' alias to whatever acr-cli release it ships",
            "write a full image such as 'mcr.microsoft.com/acr/acr-cli:0.19' (or leave acr_cli_image out for that default)",
        ),
        id="floating-acr-alias",
    ),
    pytest.param(
        'assignments:\n  - name: Nightly_Run\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 1 * * *"]\n',
        (
            "assignments.yaml:2:11",
            "error",
            "name",
            "assignment Nightly_Run",
            "Nightly_Run",
            "name: 'Nightly_Run' is not a valid name",
            "use 1 to 40 lowercase letters, digits and '-', starting and ending with a letter or digit",
        ),
        id="assignment-name",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry.azurecr.io]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 1 * * *"]\n',
        (
            "assignments.yaml:3:18",
            "error",
            "registry-name",
            "assignment nightly",
            "exampleregistry.azurecr.io",
            "registries: 'exampleregistry.azurecr.io' is not a registry name",
            "ACR names are 5 to 50 letters and digits, without the '.azurecr.io' suffix",
        ),
        id="registry-name-with-suffix",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: enforce\n    schedules: ["0 1 * * *"]\n    task:\n      registry_credentials:\n        - {login_server: mirror.example.io, identity: "/subscriptions/${x}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id"}\n',
        (
            "assignments.yaml:9:55",
            "error",
            "identity",
            "assignment nightly",
            "/subscriptions/${x}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
            "identity: '/subscriptions/${x}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id' is not '[system]' or a user-assigned identity's resource id",
            "write '[system]', or /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>",
        ),
        id="identity",
    ),
    pytest.param(
        'assignments:\n  - name: nightly\n    registries: [exampleregistry]\n    policies: [purge]\n    mode: dryrun\n    schedules: ["0 1 * * *"]\n',
        (
            "assignments.yaml:5:11",
            "error",
            "literal-error",
            "assignment nightly",
            "dryrun",
            "mode: expected 'dry-run' or 'enforce', got 'dryrun'",
            "write 'dry-run' or 'enforce'",
        ),
        id="mode",
    ),
]

STACK_CASES = [
    pytest.param(
        'stacks:\n  - name: example\n    registries:\n      - name: exampleregistry\n        resource_group: "rg-${var.x}"\n',
        (
            "stacks.yaml:5:25",
            "error",
            "resource-group",
            "stack example, registry exampleregistry",
            "rg-${var.x}",
            "resource_group: 'rg-${var.x}' is not a resource group name",
            "use 1 to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'",
        ),
        id="resource-group-interpolation",
    ),
    pytest.param(
        "stacks:\n  - name: example\n    backend: {type: cloud, organization: 'org{{x}}', workspace: w}\n    registries:\n      - name: exampleregistry\n        resource_group: rg-example\n",
        (
            "stacks.yaml:3:42",
            "error",
            "interpolation",
            "stack example",
            "org{{x}}",
            "organization: the text contains '{{', which Terraform or the ACR task runner would read as an expression instead of text",
            "remove it; catalogue values are always taken literally",
        ),
        id="backend-template",
    ),
    pytest.param(
        "stacks:\n  - name: example\n    backend: {type: cloud, organization: 'org $(id)', workspace: w}\n    registries:\n      - name: exampleregistry\n        resource_group: rg-example\n",
        (
            "stacks.yaml:3:42",
            "error",
            "cloud-name",
            "stack example",
            "org $(id)",
            "organization: 'org $(id)' is not a valid Terraform Cloud organization name",
            "use the organization's name as HCP Terraform shows it: letters, digits, '-' and '_'",
        ),
        id="backend-organization-shell",
    ),
    pytest.param(
        "stacks:\n  - name: example\n    backend: {type: cloud, organization: org, workspace: \"a\\nb\"}\n    registries:\n      - name: exampleregistry\n        resource_group: rg-example\n",
        (
            "stacks.yaml:3:58",
            "error",
            "cloud-name",
            "stack example",
            "a\nb",
            "workspace: 'a\\nb' is not a valid Terraform Cloud workspace name",
            "use 1 to 90 letters, digits, '-' and '_'",
        ),
        id="backend-workspace-newline",
    ),
    pytest.param(
        "stacks:\n  - name: example\n    backend: {type: cloud, organization: org, workspace_tags: [ok, 'not ok']}\n    registries:\n      - name: exampleregistry\n        resource_group: rg-example\n",
        (
            "stacks.yaml:3:68",
            "error",
            "cloud-name",
            "stack example",
            "not ok",
            "workspace_tags: 'not ok' is not a valid Terraform Cloud workspace tag",
            "use 1 to 255 letters, digits, ':', '-' and '_'",
        ),
        id="backend-workspace-tag-space",
    ),
    pytest.param(
        "stacks:\n  - name: example\n    backend: {type: cloud, organization: org, workspace: w, hostname: 'https://tfe.example.com/'}\n    registries:\n      - name: exampleregistry\n        resource_group: rg-example\n",
        (
            "stacks.yaml:3:71",
            "error",
            "cloud-name",
            "stack example",
            "https://tfe.example.com/",
            "hostname: 'https://tfe.example.com/' is not a valid Terraform Cloud or Enterprise host name",
            "use a host name such as app.terraform.io or tfe.example.com, without https:// or a path",
        ),
        id="backend-hostname-url",
    ),
    pytest.param(
        "stacks:\n  - name: example\n    registries:\n      - id: /subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ContainerRegistry/registries/exampleregistry\n",
        (
            "stacks.yaml:4:13",
            "error",
            "registry-id",
            "stack example, registry /subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ContainerRegistry/registries/exampleregistry",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ContainerRegistry/registries/exampleregistry",
            "id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ContainerRegistry/registries/exampleregistry' is not a container registry resource id",
            "write /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>, with exactly this casing",
        ),
        id="registry-id-casing",
    ),
]


@pytest.mark.parametrize(("repository", "body", "expected"), RULE_CASES)
def test_a_rule_value_acr_purge_would_misread_is_refused(
    tmp_path, repository, body, expected
):
    text = (
        "policies:\n  - name: purge\n    rules:\n      - id: r\n        kind: tags\n"
        f"        repositories: ['{repository}']\n        {body}\n"
    )

    report = lint_policy(tmp_path, text)

    assert rows(report) == [expected]


@pytest.mark.parametrize(("assignments", "expected"), ASSIGNMENT_CASES)
def test_an_assignment_value_acr_tasks_would_reject_is_refused(
    tmp_path, assignments, expected
):
    files = {
        "policies.yaml": POLICY,
        "stacks.yaml": STACK,
        "assignments.yaml": assignments,
    }

    report = lint_files(tmp_path, files)

    assert [r for r in rows(report) if r[1] == "error"] == [expected]


@pytest.mark.parametrize(("stacks", "expected"), STACK_CASES)
def test_a_stack_value_terraform_would_misread_is_refused(tmp_path, stacks, expected):
    assignments = (
        "assignments:\n  - name: nightly\n    registries: [exampleregistry]\n"
        "    policies: [purge]\n    mode: enforce\n    schedules: ['0 1 * * *']\n"
    )
    files = {
        "policies.yaml": POLICY,
        "stacks.yaml": stacks,
        "assignments.yaml": assignments,
    }

    report = lint_files(tmp_path, files)

    assert [r for r in rows(report) if r[1] == "error"] == [expected]


@pytest.mark.parametrize(
    ("repositories", "acknowledge"),
    [
        (["app"], ["delete-all-tags"]),
        ([".*"], ["delete-all-tags", "every-repository"]),
        (["(?!zzz).*"], ["delete-all-tags", "every-repository"]),
    ],
    ids=["named-repositories", "whole-registry", "undecidable-repository-pattern"],
)
def test_an_acknowledged_delete_all_rule_is_accepted(
    tmp_path, repositories, acknowledge
):
    text = (
        "policies:\n  - name: purge\n    rules:\n      - id: r\n        kind: tags\n"
        f"        repositories: {repositories}\n        tags: any\n"
        f"        older_than: 0d\n        acknowledge: {acknowledge}\n"
    )

    report = lint_policy(tmp_path, text)

    assert report.problems == ()
    assert report.plan is not None


@pytest.mark.parametrize(
    "selection",
    [
        "prefixes: [" + ", ".join([*"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", *(f"'{d}'" for d in "0123456789"), "_"]) + "]",
        "wildcards: [" + ", ".join(f"'{c}*'" for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") + "]",
    ],
    ids=["prefixes", "wildcards"],
)
def test_a_list_of_prefixes_or_wildcards_that_covers_every_tag_needs_the_acknowledgement(tmp_path, selection):
    text = (
        "policies:\n  - name: purge\n    rules:\n      - id: r\n        kind: tags\n"
        f"        repositories: [app]\n        tags:\n          {selection}\n        older_than: 0d\n"
    )

    report = lint_files(tmp_path, {"policies.yaml": text, "stacks.yaml": STACK, "assignments.yaml": ASSIGNMENT})

    errors = [r for r in rows(report) if r[1] == "error"]
    assert [e[2] for e in errors] == ["delete-all"]
    assert errors[0][5].startswith("rule r deletes every tag of the selected repositories")
