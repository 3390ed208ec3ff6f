"""Schedules that start a purge more than once an hour.

A purge of a large registry can run for hours; started every few minutes, runs pile
up and overlap, each listing and deleting what the one before is still working on.
Such a schedule is usually a cron typo ('* 1 * * *' for '0 1 * * *'). A warning, so
``--strict`` keeps it out of a catalogue and a deliberate one can stay.
"""

from __future__ import annotations

from ..catalogue import Catalogue
from ..catalogue.schedule import parse_schedule
from ..errors import Problem


def check_schedule_frequency(catalogue: Catalogue) -> list[Problem]:
    problems = []
    for assignment in catalogue.assignments.values():
        for index, schedule in enumerate(assignment.schedules):
            per_hour = len(parse_schedule(schedule.cron).minutes)
            if per_hour < 2:
                continue
            problems.append(
                Problem(
                    catalogue.location(
                        ("assignment", assignment.name), "schedules", index
                    ),
                    "frequent-schedule",
                    f"schedule '{schedule.cron}' starts a purge {per_hour} times an "
                    "hour; a run that lasts longer than the gap overlaps the next one",
                    where=f"assignment {assignment.name}",
                    value=schedule.cron,
                    fix="give one minute in the first field, e.g. '0 1 * * *' for "
                    "01:00 every day",
                    severity="warning",
                )
            )
    return problems
