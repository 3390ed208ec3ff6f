"""The catalogue report, and the shipped copy of it in docs/ that must not go stale."""

import re
from datetime import datetime, timezone

from click.testing import CliRunner

from acr_lifecycle.catalogue import load_catalogue
from acr_lifecycle.cli import main
from acr_lifecycle.review.report import build_report, render_html, render_markdown

from .conftest import BUNDLED_CATALOGUE, ROOT

SHIPPED = ROOT / "docs" / "catalogue.md"


def test_shipped_report_matches_the_bundled_catalogue():
    shipped = SHIPPED.read_text()
    stamp = re.search(r"Generated for (\d{4}-\d\d-\d\d \d\d:\d\d) UTC", shipped)
    assert stamp, "docs/catalogue.md lost its 'Generated for' line"
    now = stamp.group(1).replace(" ", "T") + "Z"

    result = CliRunner().invoke(main, ["report", "--catalogue", str(BUNDLED_CATALOGUE), "--now", now])

    assert result.exit_code == 0, result.output
    assert result.output == shipped, (
        "docs/catalogue.md is stale; regenerate it with "
        f"`acr-lifecycle report --now {now} -o docs/catalogue.md`"
    )


def test_report_describes_each_task_schedule_rules_and_commands(bundled_plan):
    catalogue = load_catalogue(BUNDLED_CATALOGUE)
    now = datetime(2026, 12, 3, 19, 0, tzinfo=timezone.utc)

    text = render_markdown(build_report(catalogue, bundled_plan, now))

    assert "#### Task prod-nightly-releases" in text
    assert (
        "- Timer `schedule-1` `0 2 * * *`: At 02:00, every day (UTC); next runs "
        "2026-12-04 02:00, 2026-12-05 02:00, 2026-12-06 02:00 UTC"
    ) in text
    assert "mode dry-run (logs what it would delete, deletes nothing)" in text
    assert (
        "Step 2, rule `expire-other-tags`: Selects every tag in repositories whose whole name "
        "matches `apps/.*`, except tags already selected by earlier rules (keep-releases). "
        "Deletes selected tags last updated more than 30 days ago."
    ) in text
    assert (
        "```sh\nmcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}} "
        "--filter 'apps/.*:^(?!v.*$).*$' --ago 30d --dry-run\n```"
    ) in text
    assert "`az acr task list-runs --registry acrlifecycleprod --name prod-nightly-releases --top 15 -o table`" in text


def test_html_report_escapes_and_keeps_the_same_content(bundled_plan):
    catalogue = load_catalogue(BUNDLED_CATALOGUE)
    now = datetime(2026, 12, 3, 19, 0, tzinfo=timezone.utc)

    page = render_html(build_report(catalogue, bundled_plan, now))

    assert page.startswith("<!DOCTYPE html>")
    assert "<h4>Task dev-nightly-releases</h4>" in page
    assert (
        "<pre><code>mcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}} "
        "--filter &#x27;apps/.*:^(?!v.*$).*$&#x27; --ago 30d</code></pre>"
    ) in page


def test_runs_prints_a_list_runs_command_per_task():
    result = CliRunner().invoke(main, ["runs", "--catalogue", str(BUNDLED_CATALOGUE), "--failed"])

    assert result.exit_code == 0
    assert (
        "# prod/acrlifecycleprod/prod-nightly-releases\n"
        "az acr task list-runs --registry acrlifecycleprod --name prod-nightly-releases "
        "--run-status Failed --top 15 -o table"
    ) in result.output
    assert result.output.count("az acr task list-runs") == 5


def test_a_description_is_shown_as_text_never_as_markup(write_catalogue):
    from acr_lifecycle.compile import compile_catalogue

    from .conftest import catalogue_document

    document = catalogue_document(
        [
            {
                "id": "r",
                "kind": "tags",
                "repositories": ["app"],
                "tags": "any",
                "older_than": "7d",
                "description": "See [docs](https://example.invalid) <img src=x>\n```\n# not a heading `x`",
            }
        ]
    )
    catalogue = load_catalogue(write_catalogue(document))
    blocks = build_report(catalogue, compile_catalogue(catalogue), datetime(2026, 12, 3, tzinfo=timezone.utc))

    text = render_markdown(blocks)
    page = render_html(blocks)

    assert (
        "Rule note: See \\[docs\\](https://example.invalid) \\<img src=x\\> \\`\\`\\` # not a heading \\`x\\`\n"
    ) in text
    assert text.count("```") == 2  # the command's own fence, opened and closed
    assert (
        "<p>Rule note: See [docs](https://example.invalid) &lt;img src=x&gt; ``` # not a heading `x`</p>"
    ) in page
