"""The lock and environment.yml pin the same versions; the lock pins everything exactly."""

from kzseries import envfile


def test_environment_yml_mirrors_the_lock():
    assert envfile.lock_pins() == envfile.env_pins()


def test_lock_is_exact_and_hashed(root):
    text = (root / "requirements.lock").read_text()
    pins = envfile.lock_pins(text)
    for pkg in ("pandas", "matplotlib", "seaborn", "papermill", "jupyterlab", "ipykernel", "nbconvert", "pandera"):
        assert pkg in pins
    assert text.count("--hash=sha256:") >= len(pins)


def test_disagreement_is_detected():
    lock = "pandas==3.1.1 \\\n    --hash=sha256:00\n"
    env = "      - pandas==3.1.0\n"
    assert envfile.lock_pins(lock) != envfile.env_pins(env)
