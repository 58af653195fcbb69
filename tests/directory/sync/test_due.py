"""Whether `seres sync due` (re)tries a scheduled date, from the runs recorded for it (pure)."""

from datetime import UTC, datetime, timedelta

import pytest

from directory.sync.runs import DONE, GIVE_UP, RUN, WAIT, Run, next_attempt

NOW = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)


def attempt(minutes_ago: int, result: str = "aborted", finished: bool = True) -> Run:
    start = NOW - timedelta(minutes=minutes_ago + 1)
    end = NOW - timedelta(minutes=minutes_ago) if finished else None
    return Run(f"r{minutes_ago}", start, "schedule", end=end, result=result if finished else "")


@pytest.mark.parametrize(
    ("attempts", "action"),
    [
        ([], RUN),
        ([attempt(5, "ok")], DONE),
        ([attempt(5, "ok"), attempt(60)], DONE),
        ([attempt(5)], WAIT),  # 15 minutes after the first attempt
        ([attempt(16)], RUN),
        ([attempt(16, "failed")], RUN),
        ([attempt(30), attempt(120)], WAIT),  # an hour after the second
        ([attempt(61), attempt(120)], RUN),
        ([attempt(200), attempt(300), attempt(400)], WAIT),  # four hours after the third
        ([attempt(241), attempt(300), attempt(400)], RUN),
        ([attempt(241), attempt(300), attempt(400), attempt(500)], GIVE_UP),
        ([attempt(20, finished=False)], WAIT),  # may still be running: the lock's expiry
        ([attempt(40, finished=False)], RUN),
    ],
)
def test_a_date_is_retried_after_a_pause_until_a_run_ends_ok_four_attempts_at_most(
    attempts, action
):
    """Failed, aborted or dead attempts are retried after 15 min, 1 h, 4 h; then given up."""
    assert next_attempt(attempts, NOW, running_for=timedelta(minutes=30))[0] == action
