"""One declaration of the dependencies (pyproject), one universal hashed lock, and its mirrors agree."""

import re
import subprocess
import sys
import tomllib

from kzseries import envfile


def test_environment_yml_and_binder_mirror_the_lock(root):
    lock = envfile.lock_requirements()
    assert envfile.env_requirements() == lock
    assert envfile.binder_requirements() == lock
    r = subprocess.run([sys.executable, "-m", "kzseries.envfile", "--check"], cwd=root,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_environment_yml_installs_no_local_tree(root):
    # Binder and conda build the environment before the source tree is there: no `-e .`.
    lines = (root / "environment.yml").read_text().splitlines()
    assert not [x for x in lines if re.fullmatch(r"\s*-\s+(-e\s+)?\.\s*", x)]


def test_lock_is_exact_hashed_and_universal(root):
    text = (root / "requirements.lock").read_text()
    reqs = envfile.lock_requirements(text)
    for pkg in ("pandas", "matplotlib", "seaborn", "papermill", "jupyterlab", "ipykernel", "nbconvert", "pandera",
                "uv", "setuptools", "pytest"):
        assert pkg in reqs
    assert text.count("--hash=sha256:") >= len(reqs)
    # every platform and Python 3.11-3.13: macOS and Windows-only packages carry their markers
    assert "darwin" in reqs["appnope"][1]
    assert "win32" in reqs["colorama"][1]
    assert "nt" in reqs["pywinpty"][1]
    assert "make lock" in text.splitlines()[1]


def test_direct_dependencies_are_declared_in_pyproject_and_locked(root):
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11,<3.14"
    assert project["license"] == "MIT"
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = envfile.lock_pins()
    for spec in declared:
        name, _, lower = spec.partition(">=")
        assert lower, f"{spec}: a direct dependency needs a lower bound"
        assert name.lower() in pins, f"{name} is declared in pyproject.toml but not in requirements.lock"
        got = tuple(int(x) for x in pins[name.lower()].split(".")[:2])
        want = tuple(int(x) for x in lower.split(".")[:2])
        assert got >= want, f"{name}: locked {pins[name.lower()]} is below the declared {lower}"


def test_disagreement_is_detected():
    lock = "pandas==3.1.1 \\\n    --hash=sha256:00\n"
    env = "      - pandas==3.1.0\n"
    assert envfile.lock_pins(lock) != envfile.env_pins(env)
    lock = "appnope==1.0.0 ; sys_platform == 'darwin' \\\n    --hash=sha256:00\n"
    env = "      - appnope==1.0.0\n"
    assert envfile.lock_requirements(lock) != envfile.env_requirements(env)
