"""The interview date in the schedule: every review before the day, every question in time.

With an interview date set and ``Settings.fit_to_interview`` on (the default), two rules change
plain FSRS until the day, and nothing after it:

- **No interval ends after the date.** The last day before the interview is the last study day.
  An answer given before that day whose FSRS due date falls after the start of it is due at the
  start of it instead: FSRS's due date is when recall is predicted to fall to the desired
  retention, so the card comes back at that moment or on the last study day, whichever is
  first, and its last review falls as close to the interview as the retention allows. An answer
  given on the last study day or later is scheduled by plain FSRS (the date has done its work).
- **Every question is introduced in time.** The day's new questions are the unseen questions at
  the start of the day spread over the days left to introduce them (today up to the day before
  the last study day, so that day is for reviews; with the interview tomorrow, today),
  ``ceil(unseen / days)``: raised or lowered from the setting, at most ``MAX_NEW_PER_DAY``.
  On the interview day and after it the setting applies again.

Days are UTC days, as everywhere in the store; the interview itself is taken to start at
``INTERVIEW_HOUR`` UTC on its date (what the planner projects recall at). Nothing here imports
fsrs: the home screen's counts use these rules at start-up.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

import msgspec

from quizapp.store.records import Settings

INTERVIEW_HOUR = 9  # the interview is assumed to start at 09:00 UTC on its date
# Beyond this many new questions a day the first day's learning steps alone are some 200
# answers: the plan stops being study. The planner says so and the schedule stops here.
MAX_NEW_PER_DAY = 100


def parse_interview_date(text: str | None) -> date | None:
    """``YYYY-MM-DD`` (surrounding spaces allowed) -> date; empty -> None; else ValueError."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-04-15 (empty = no date)"
        ) from None


def interview_moment(day: date) -> datetime:
    return datetime.combine(day, time(INTERVIEW_HOUR), tzinfo=UTC)


def day_start(day: date) -> datetime:
    """00:00 UTC of ``day``: where the store's days begin."""
    return datetime.combine(day, time(), tzinfo=UTC)


def utc_day(when: datetime) -> date:
    return when.astimezone(UTC).date()


def new_days_left(days_left: int) -> int:
    """Days on which new questions can still be introduced, today included."""
    return max(days_left - 1, 1)


def new_per_day_needed(unseen: int, days_left: int) -> int:
    """New questions a day so every one is seen and reviewed before the interview."""
    if unseen <= 0:
        return 0
    return math.ceil(unseen / new_days_left(days_left))


class Deadline(msgspec.Struct, frozen=True):
    """The interview date, as the schedule keeps it."""

    day: date

    @classmethod
    def from_settings(cls, settings: Settings) -> Deadline | None:
        """The deadline in force: None with no date, an unreadable one, or fitting off."""
        if not settings.fit_to_interview:
            return None
        try:
            day = parse_interview_date(settings.interview_date)
        except ValueError:
            return None
        return cls(day) if day is not None else None

    @property
    def last_study_day(self) -> date:
        return self.day - timedelta(days=1)

    def days_left(self, now: datetime) -> int:
        return (self.day - utc_day(now)).days

    def due_for(self, due: datetime, reviewed: datetime) -> datetime:
        """When a card answered at ``reviewed`` (FSRS said ``due``) comes back."""
        if utc_day(reviewed) >= self.last_study_day:
            return due
        return min(due, day_start(self.last_study_day))

    def new_per_day(self, unseen_at_day_start: int, now: datetime) -> int | None:
        """Today's new questions, or None from the interview day on (the setting applies)."""
        days_left = self.days_left(now)
        if days_left <= 0:
            return None
        return min(new_per_day_needed(unseen_at_day_start, days_left), MAX_NEW_PER_DAY)


def todays_new_per_day(settings: Settings, unseen_at_day_start: int, now: datetime) -> int:
    """The day's new questions under ``settings``: the deadline's count, else the setting."""
    deadline = Deadline.from_settings(settings)
    fitted = deadline.new_per_day(unseen_at_day_start, now) if deadline else None
    return settings.new_per_day if fitted is None else fitted
