from commands.registry import all_commands
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    missing = [s.name for s in all_commands() if f"`/{s.name}" not in README or f"`/{s.ja}`" not in README]
    assert missing == []


def test_every_command_has_a_short_description_and_example():
    for spec in all_commands():
        assert 0 < len(spec.description) <= 100
        assert spec.example.startswith(f"/{spec.name}")
        for option in spec.options:
            assert 0 < len(option.description) <= 100


def test_env_file_is_ignored_and_its_template_documents_every_setting():
    from bot.config import Settings

    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    keys = {line.split("=")[0] for line in example.splitlines() if "=" in line and not line.startswith("#")}
    assert keys == {name.upper() for name in Settings.model_fields}
