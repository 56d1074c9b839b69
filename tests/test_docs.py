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


GUIDE = (ROOT / "docs" / "guide.ja.md").read_text(encoding="utf-8")


def test_the_staff_guide_covers_what_staff_need():
    headings = [line for line in GUIDE.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 1. ボットが知っていること",
        "## 2. 聞き方",
        "## 3. 実績を登録する・訂正する（編集者）",
        "## 4. ★、公式、試算の意味",
        "## 5. 困ったとき",
    ]


def test_every_command_the_guide_shows_works(ctx):
    import re

    from commands.parse import execute
    from commands.registry import find_command

    shown = re.findall(r"`(/[^`]+)`", GUIDE)
    assert len(shown) > 30
    for line in shown:
        name = line.split()[0]
        assert find_command(name) is not None, line
        if (
            " " in line.strip()
        ):  # an example with its arguments must answer (editors' are refused, not broken)
            reply = execute(ctx, line)
            assert reply.status in ("ok", "forbidden"), (line, reply.message)


def test_help_links_to_the_guide(ctx):
    from commands.help import help_reply

    assert "docs/guide.ja.md" in "\n".join(help_reply(ctx, "console").lines)
    linked = help_reply(ctx, "discord", "https://example.org/guide")
    assert (linked.lines[-1], linked.record["guide"]) == (
        "職員向けの利用ガイド（聞き方・実績の登録と訂正・★と公式／試算の意味）: https://example.org/guide",
        "https://example.org/guide",
    )
