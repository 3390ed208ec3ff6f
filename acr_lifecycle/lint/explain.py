"""When each assignment's tasks run next, in UTC, computed with NCrontab's rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..catalogue import Catalogue
from ..catalogue.schedule import describe_schedule, parse_schedule

RUNS_SHOWN = 3


@dataclass(frozen=True)
class ScheduleRuns:
    name: str
    cron: str
    enabled: bool
    description: str
    runs: tuple[datetime, ...]


@dataclass(frozen=True)
class AssignmentRuns:
    assignment: str
    registries: tuple[str, ...]
    policies: tuple[str, ...]
    mode: str
    enabled: bool
    schedules: tuple[ScheduleRuns, ...]

    def as_dict(self) -> dict:
        return {
            "assignment": self.assignment,
            "registries": list(self.registries),
            "policies": list(self.policies),
            "mode": self.mode,
            "enabled": self.enabled,
            "schedules": [
                {
                    "name": s.name,
                    "cron": s.cron,
                    "enabled": s.enabled,
                    "description": s.description,
                    "next_runs_utc": [_iso(run) for run in s.runs],
                }
                for s in self.schedules
            ],
        }

    def render(self) -> str:
        state = "" if self.enabled else ", disabled"
        lines = [
            f"assignment {self.assignment} ({self.mode}{state}): policies "
            f"{', '.join(self.policies)} on {', '.join(self.registries)}"
        ]
        for schedule in self.schedules:
            runs = ", ".join(_iso(run) for run in schedule.runs) or (
                "no run in the next 29 years"
            )
            off = " (disabled)" if not schedule.enabled else ""
            lines.append(
                f"  {schedule.name} '{schedule.cron}' (UTC){off}: "
                f"{schedule.description}; next runs: {runs}"
            )
        return "\n".join(lines)


def explain_schedules(
    catalogue: Catalogue, now: datetime, count: int = RUNS_SHOWN
) -> list[AssignmentRuns]:
    """Every assignment of ``catalogue`` with the next ``count`` runs of each timer."""
    result = []
    for name in sorted(catalogue.assignments):
        assignment = catalogue.assignments[name]
        schedules = []
        for index, schedule in enumerate(assignment.schedules):
            parsed = parse_schedule(schedule.cron)
            schedules.append(
                ScheduleRuns(
                    name=schedule.name or f"schedule-{index + 1}",
                    cron=schedule.cron,
                    enabled=schedule.enabled,
                    description=describe_schedule(schedule.cron),
                    runs=tuple(parsed.next_runs(now, count)),
                )
            )
        result.append(
            AssignmentRuns(
                assignment=name,
                registries=tuple(assignment.registries),
                policies=tuple(assignment.policies),
                mode=assignment.mode,
                enabled=assignment.enabled,
                schedules=tuple(schedules),
            )
        )
    return result


def _iso(run: datetime) -> str:
    return run.strftime("%Y-%m-%dT%H:%MZ")
