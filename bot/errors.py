"""The command tree's one error path: users get Japanese text, unexpected faults get logged."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

log = logging.getLogger(__name__)

APOLOGY = "申し訳ありません。処理中に問題が発生しました。時間をおいてもう一度お試しください。（問い合わせ番号: {id}）"


def user_message(error: app_commands.AppCommandError) -> str | None:
    """The Japanese explanation of a user-caused error, or None for a fault."""
    if isinstance(
        error, app_commands.MissingPermissions | app_commands.MissingRole | app_commands.MissingAnyRole
    ):
        return "この操作を行う権限がありません。サーバーの管理者に依頼してください。"
    if isinstance(error, app_commands.NoPrivateMessage):
        return "このコマンドはサーバー内でのみ使えます。"
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"少し待ってからもう一度お試しください（あと {error.retry_after:.0f} 秒）。"
    if isinstance(error, app_commands.TransformerError):
        return "入力の形式が正しくありません。/help で使い方を確認してください。"
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return "このコマンドは更新されています。少し待ってから、もう一度コマンドを入力し直してください。"
    if isinstance(error, app_commands.CheckFailure):
        return "このコマンドはここでは使えません。"
    return None


async def send_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Send an ephemeral message whether or not the interaction was already answered."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True)
    else:
        await interaction.response.send_message(text, ephemeral=True)


class StrategyTree(app_commands.CommandTree):
    """A command tree whose errors always end in a reply, never in silence or a traceback."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Explain a user's mistake; log anything else with the interaction and apologise."""
        text = user_message(error)
        command = interaction.command.qualified_name if interaction.command else "?"
        if text is None:
            log.error(
                "Unhandled error in /%s (interaction %s)",
                command,
                interaction.id,
                exc_info=getattr(error, "original", error),
            )
            text = APOLOGY.format(id=interaction.id)
        else:
            log.info("Refused /%s for user %s: %s", command, interaction.user.id, type(error).__name__)
        try:
            await send_ephemeral(interaction, text)
        except discord.HTTPException:
            log.warning(
                "Could not tell user about the error in /%s (interaction %s)", command, interaction.id
            )
