"""The README's generated parts match the registry, the raw data and the executed notebooks."""

from kzseries import readme


def test_generated_sections_are_current(root):
    text = (root / "README.md").read_text(encoding="utf-8")
    assert readme.render(text) == text, "run `python -m kzseries.readme` and commit README.md"


def test_readme_gives_the_two_commands_and_every_flag(root):
    text = (root / "README.md").read_text(encoding="utf-8")
    assert "make reproduce" in text and "make test" in text
    from kzseries.runner import build_parser

    for action in build_parser()._actions:
        for opt in action.option_strings:
            if opt not in ("-h", "--help"):
                assert f"`{opt}" in text, f"README does not document {opt}"


def test_ci_runs_the_readme_test_command(root):
    assert "make test" in (root / ".ci" / "run").read_text()
