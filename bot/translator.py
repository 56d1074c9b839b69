"""Japanese names and descriptions for every command, option and choice, from the one registry."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.cogs.digest import TRANSLATIONS as DIGEST
from commands.registry import all_commands

# Options and commands that exist only in Discord (the console has other means for them).
EXTRA = {
    **DIGEST,
    "query": "検索語",
    "page": "ページ",
    "number": "番号",
    "person": "担当者",
    "import": "取り込み",
    "file": "ファイル",
    "partial": "一部のみ",
    "Import actuals from an attached CSV (editors only)": "添付した CSV から実績を取り込みます（編集者のみ）",
    "CSV with indicator,value,as_of (UTF-8 or Shift_JIS)": "indicator,value,as_of の CSV（UTF-8 か Shift_JIS）",
    "Apply the valid rows even if some rows are invalid": "問題のある行があっても正しい行だけ取り込む",
    "role": "ロール",
    "The person responsible": "担当する人",
    "The role responsible": "担当するロール",
    "reload": "再読み込み",
    "Re-read the knowledge files (administrators only)": "データファイルを再読み込みします（管理者のみ）",
}


def japanese_names() -> dict[str, str]:
    """English base string → Japanese, for commands, options, choices and their descriptions."""
    table = dict(EXTRA)
    for spec in all_commands():
        table[spec.name] = spec.ja
        table[spec.description_en] = spec.description
        if spec.query_en and spec.query:
            table[spec.query_en] = spec.query
        for option in spec.options:
            table[option.name] = option.ja
            table[option.description_en] = option.description
            for _value, ja, en in option.choices:
                table[en] = ja
    return table


class JapaneseTranslator(app_commands.Translator):
    """Serves the ``ja`` localisation; other locales fall back to the English base strings."""

    def __init__(self) -> None:
        self.table = japanese_names()

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """Japanese for Japanese clients, None (the base string) for everyone else."""
        if locale is not discord.Locale.japanese:
            return None
        return self.table.get(string.message)
