"""One-time codes without the directory: an app's code while enrolling."""

from directory import otp


def test_an_app_code_gives_the_step_it_matched():
    """The step of a code one step either side of now; None further off or wrong."""
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    now = 1_800_000_015.0
    current = int(now // otp.APP_STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        assert otp.app_code_step(secret, f" {otp.code_at(secret, step)} ", now) == step
    for step in (current - 2, current + 2):
        assert otp.app_code_step(secret, otp.code_at(secret, step), now) is None
    wrong = f"{(int(otp.code_at(secret, current)) + 1) % 1_000_000:06d}"
    assert otp.app_code_step(secret, wrong, now) is None
