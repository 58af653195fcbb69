"""A request that sends nothing answers like a send: as slow, and failing while sends fail."""

import pytest

from webapp.notify import SendFailed
from webapp.notify.lookalike import Channel, NotSent


class Clock:
    """A clock moved by hand; sleeping on it is recorded and moves it."""

    def __init__(self):
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def channel(clock: Clock, **options) -> Channel:
    no_jitter = {"uniform": lambda low, high: 1.0, **options}
    return Channel("sms", clock=clock, sleep=clock.sleep, **no_jitter)


def test_before_any_send_nothing_is_waited_for():
    """The estimate starts at zero: no wait, no failure."""
    clock = Clock()
    fresh = channel(clock)
    fresh.imitate()
    assert clock.slept == [] and fresh.typical() == 0.0 and not fresh.failing()


def test_the_first_send_sets_the_estimate_and_later_ones_move_it_a_little():
    """One send of 0.3 s: wait 0.3 s; then a send of 1.3 s moves it by a fifth of the gap."""
    clock = Clock()
    sends = channel(clock)
    sends.succeeded(0.3)
    sends.imitate()
    assert clock.slept == [pytest.approx(0.3)]
    sends.succeeded(1.3)
    assert sends.typical() == pytest.approx(0.5)


def test_a_send_is_timed_by_the_channel():
    """send() measures the backend's call and counts it as a success."""
    clock = Clock()
    sends = channel(clock)
    sends.send(clock.sleep, 0.25)
    assert sends.typical() == pytest.approx(0.25) and not sends.failing()


def test_a_failed_send_makes_the_next_imitation_fail_as_slowly():
    """After a failure that took 1.5 s, nothing-sent waits about 1.5 s and raises NotSent."""
    clock = Clock()
    sends = channel(clock)
    sends.succeeded(0.3)

    def down(*args):
        clock.sleep(1.5)
        raise SendFailed("gateway down")

    with pytest.raises(SendFailed):
        sends.send(down, "+4799999999", "text")
    clock.slept.clear()
    with pytest.raises(NotSent, match="no real send"):
        sends.imitate()
    assert clock.slept == [pytest.approx(1.5)]
    assert issubclass(NotSent, SendFailed)


def test_the_next_successful_send_clears_the_failure():
    """Failure, then success: imitation passes again, at the successes' pace."""
    clock = Clock()
    sends = channel(clock)
    sends.failed(2.0)
    sends.succeeded(0.4)
    sends.imitate()
    assert not sends.failing() and clock.slept == [pytest.approx(0.4)]


def test_a_failure_lasts_until_a_real_send_succeeds_however_long_it_is():
    """A quiet outage of a day still answers nothing-sent as failed: no timer to outlive."""
    clock = Clock()
    sends = channel(clock)
    sends.failed(1.0)
    clock.now += 24 * 3600
    with pytest.raises(NotSent):
        sends.imitate()
    sends.succeeded(0.2)
    sends.imitate()


def test_a_backend_error_that_is_not_send_failed_is_a_failed_send():
    """A gateway's garbled answer (here ValueError) marks the channel failing, as SendFailed."""
    clock = Clock()
    sends = channel(clock)

    def garbled(*args):
        raise ValueError("bad status line")

    with pytest.raises(SendFailed, match="ValueError: bad status line"):
        sends.send(garbled, "+4799999999", "text")
    assert sends.failing()


def test_a_seed_is_the_estimate_until_the_first_send_is_timed():
    """A network backend's guess is waited for at once; the first timed send replaces it."""
    clock = Clock()
    sends = channel(clock, seed=0.3)
    sends.imitate()
    assert clock.slept == [pytest.approx(0.3)]
    sends.succeeded(0.1)
    assert sends.typical() == pytest.approx(0.1)


def test_pad_waits_out_what_is_left_of_a_typical_success():
    """A refusal after 2 ms of a 15 ms check waits 13 ms; one that took 15 ms waits nothing."""
    clock = Clock()
    checks = channel(clock)
    checks.succeeded(0.015)
    checks.pad(0.002)
    checks.pad(0.015)
    assert clock.slept == [pytest.approx(0.013)]


def test_the_wait_is_spread_by_the_jitter():
    """uniform() is asked for 1 ± jitter, and the wait is the estimate times its answer."""
    clock = Clock()
    asked = []

    def uniform(low, high):
        asked.append((low, high))
        return high

    sends = channel(clock, uniform=uniform, jitter=0.1)
    sends.succeeded(1.0)
    sends.imitate()
    assert asked == [(pytest.approx(0.9), pytest.approx(1.1))]
    assert clock.slept == [pytest.approx(1.1)]


def test_the_real_jitter_stays_within_its_bounds():
    """The default random spread keeps a 1 s estimate between 0.9 and 1.1 s."""
    clock = Clock()
    sends = Channel("email", clock=clock, sleep=clock.sleep)
    sends.succeeded(1.0)
    for _ in range(50):
        sends.imitate()
    assert all(0.9 <= s <= 1.1 for s in clock.slept)


def test_while_failing_only_two_requests_wait_at_once_and_the_rest_fail_at_once():
    """Two slow failing sends hold both slots: a third send is not tried, an imitation
    does not wait, both fail at once alike; slots free again afterwards."""
    import threading

    clock = Clock()
    sends = channel(clock)
    sends.failed(5.0)
    release = threading.Event()
    tried = []

    def hanging(*args):
        tried.append(args)
        release.wait(5)
        raise SendFailed("gateway timed out")

    def send_in_background():
        with pytest.raises(SendFailed):
            sends.send(hanging, "+4799999999", "text")

    holders = [threading.Thread(target=send_in_background) for _ in range(2)]
    for holder in holders:
        holder.start()
    while len(tried) < 2:
        release.wait(0.01)
    with pytest.raises(SendFailed, match="not tried"):
        sends.send(hanging, "+4799999998", "text")
    with pytest.raises(NotSent):
        sends.imitate()
    assert len(tried) == 2 and clock.slept == []
    release.set()
    for holder in holders:
        holder.join()
    with pytest.raises(NotSent):
        sends.imitate()
    assert clock.slept == [pytest.approx(sends.typical())] and sends.typical() > 0


def test_early_refusals_wait_as_long_as_refusals_that_hashed_a_password():
    """Successes take 15 ms, real refusals 20 ms (ppolicy records them): a 1 ms refusal
    waits until 20 ms; a real one waits about nothing; quick ones teach nothing."""
    from webapp.auth.signin import CheckTiming

    clock = Clock()
    timing = CheckTiming(channel(clock), channel(clock))
    timing.succeeded(0.015)
    timing.refused(0.020)
    assert clock.slept == []
    timing.refused(0.001)
    assert clock.slept == [pytest.approx(0.019)]
    assert timing.refusals.typical() == pytest.approx(0.020)
