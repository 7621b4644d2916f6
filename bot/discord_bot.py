"""The Discord front end: ``/ask``, @mentions and DMs answered from the engine.

``kyutai-qa discord`` calls :func:`run`. Tests build the bot with
:func:`create_bot` and ``await bot.start(token)`` inside their own event loop,
against a fake Discord on 127.0.0.1 (the endpoints come from the config, or
from ``DISCORD_API_BASE_URL`` / ``DISCORD_GATEWAY_URL``).

Every answer is the engine's (:meth:`Engine.answer`), so the bot, the CLI and
the REPL give the same answer to the same question; the engine runs in a worker
thread so the gateway heartbeat never waits for it.

The token is read from ``DISCORD_TOKEN`` only, and is never logged or printed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands

from retrieval.config import Config, ConfigError, DiscordConfig
from retrieval.engine import Answer, Engine, QuestionError

from . import discord_format as fmt
from .cli import settle

__all__ = [
    "TOKEN_ENV",
    "API_BASE_ENV",
    "GATEWAY_ENV",
    "Endpoints",
    "resolve_endpoints",
    "apply_endpoints",
    "make_intents",
    "QABot",
    "ShardedQABot",
    "create_bot",
    "run",
]

log = logging.getLogger(__name__)

TOKEN_ENV = "DISCORD_TOKEN"
API_BASE_ENV = "DISCORD_API_BASE_URL"
GATEWAY_ENV = "DISCORD_GATEWAY_URL"

# Nobody is ever pinged: a question may hold @everyone or <@id>, and it is quoted back.
NO_MENTIONS = discord.AllowedMentions.none()


def _describe(exc: BaseException | None) -> str:
    """An exception on one log line (HTTPException texts span several lines)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}"


# -- endpoints ---------------------------------------------------------------


@dataclass(frozen=True)
class Endpoints:
    api_base_url: str
    gateway_url: str


def resolve_endpoints(config: Config, environ: Mapping[str, str] | None = None) -> Endpoints:
    """REST base and gateway URLs: the environment overrides ``config.discord``."""
    env = os.environ if environ is None else environ
    api = (env.get(API_BASE_ENV) or config.discord.api_base_url).rstrip("/")
    gateway = env.get(GATEWAY_ENV) or config.discord.gateway_url
    if yarl.URL(api).scheme not in ("http", "https"):
        raise ConfigError(f"discord.api_base_url / {API_BASE_ENV} must be an http(s) URL, got {api!r}")
    if yarl.URL(gateway).scheme not in ("ws", "wss"):
        raise ConfigError(f"discord.gateway_url / {GATEWAY_ENV} must be a ws(s) URL, got {gateway!r}")
    return Endpoints(api, gateway)


def apply_endpoints(endpoints: Endpoints) -> None:
    """Point discord.py at ``endpoints``. Process-wide (class attributes): every
    REST route (interaction callbacks and webhooks too) is built from
    ``Route.BASE``, and a plain Client connects to ``DEFAULT_GATEWAY``."""
    discord.http.Route.BASE = endpoints.api_base_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(endpoints.gateway_url)


# -- the client --------------------------------------------------------------


def make_intents(dc: DiscordConfig) -> discord.Intents:
    """Only the events the bot uses (explicit, so nothing privileged sneaks in)."""
    intents = discord.Intents.none()
    intents.guilds = True  # guild and channel cache: tells channels from DMs, checks channel_ids
    intents.guild_messages = True  # MESSAGE_CREATE in channels, for @mentions
    intents.dm_messages = True  # MESSAGE_CREATE in DMs
    # Privileged: the text of guild messages. Discord documents that messages which
    # @mention the bot, and DMs, carry their text even without it, so mention replies,
    # DMs and /ask keep working with it off; on, the owner's `!sync` also works in a
    # channel. Requested only when configured, because the developer portal toggle must
    # match, or the gateway closes with 4014 (run() then says so).
    intents.message_content = dc.message_content_intent
    return intents


@dataclass(frozen=True)
class _Asker:
    """What CooldownMapping keys on: BucketType.user reads ``.author``, which an
    Interaction lacks, so mentions, DMs and /ask share one bucket per user."""

    author: discord.abc.User


@dataclass(frozen=True)
class Reply:
    content: str | None = None
    embed: discord.Embed | None = None
    # A notice only the asker needs (cooldown, a bad question): ephemeral for /ask.
    private: bool = False


class QATree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original = getattr(error, "original", error)
        log.error("/%s failed: %s", getattr(interaction.command, "name", "?"), _describe(original))
        client = interaction.client
        if isinstance(client, QABot):
            await client.send_apology(interaction)


class QABot(commands.Bot):
    """The question-answering bot (a plain gateway connection; see :class:`ShardedQABot`)."""

    # /ask waits this long for the engine before deferring; Discord wants an
    # acknowledgement within 3 s. Tests lower it.
    defer_after: float = 2.0

    def __init__(self, config: Config, engine: Engine, *, sync: bool = False, **options: Any) -> None:
        dc = config.discord
        options.setdefault("max_messages", None)  # no message cache: the bot never looks back
        # A text-only bot: silence discord.py's start-up warnings about missing voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix="!",
            intents=make_intents(dc),
            allowed_mentions=NO_MENTIONS,
            help_command=None,  # `!help` would answer nobody's question
            chunk_guilds_at_startup=False,
            tree_cls=QATree,
            **options,
        )
        self.config = config
        self.engine = engine
        self.sync_on_start = sync
        self.endpoints = resolve_endpoints(config)
        self.channel_ids = frozenset(dc.channel_ids)
        self.cooldown = commands.CooldownMapping.from_cooldown(dc.cooldown_rate, dc.cooldown_seconds, commands.BucketType.user)
        # One cooldown notice per user and window: a spammer is told once, not echoed.
        self.notice_cooldown = commands.CooldownMapping.from_cooldown(1, dc.cooldown_seconds, commands.BucketType.user)
        # The engine (MeCab tagger, caches) is not documented as thread-safe: one answer at a time.
        self._engine_lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------

    async def setup_hook(self) -> None:
        await self.add_cog(QACog(self))
        if self.sync_on_start:  # only on request: a global sync is rate limited and slow to spread
            synced = await self.tree.sync()
            log.info("registered %d application command(s) globally", len(synced))

    async def start(self, token: str, *, reconnect: bool = True) -> None:
        apply_endpoints(self.endpoints)  # before login: Route URLs are fixed when built
        await super().start(token, reconnect=reconnect)

    async def on_ready(self) -> None:
        log.info("connected as %s (id %s) to %d guild(s)", self.user, getattr(self.user, "id", "?"), len(self.guilds))

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        # One line, not a traceback; handlers below already apologise to the user.
        log.error("unhandled error in %s: %s", event_method, _describe(sys.exc_info()[1]))

    async def on_command_error(self, context: commands.Context, exception: commands.CommandError, /) -> None:
        if isinstance(exception, (commands.CheckFailure, commands.CommandNotFound)):
            log.info("ignored !%s from %s (not the owner)", context.invoked_with, context.author.id)
            return
        original = getattr(exception, "original", exception)
        log.error("!%s failed: %s", context.invoked_with, _describe(original))
        await self._reply_quietly(context.message, Reply(content=fmt.apology_message()))

    # -- answering ---------------------------------------------------------------

    def _answer_blocking(self, question: str) -> Answer:
        with self._engine_lock:
            return self.engine.answer(question)

    async def answer(self, question: str) -> Answer:
        """The engine's answer, computed in a worker thread."""
        return await asyncio.to_thread(self._answer_blocking, question)

    def check_rate(self, user: discord.abc.User) -> float | None:
        """Seconds to wait if ``user`` asked too often (this question counts), else None."""
        return self.cooldown.update_rate_limit(_Asker(user))

    def check_question(self, question: str) -> Reply | None:
        """A polite refusal for a question longer than discord.max_question_chars."""
        limit = self.config.discord.max_question_chars
        if len(question) > limit:
            return Reply(content=fmt.too_long_message(len(question), limit), private=True)
        return None

    def answer_reply(self, answer: Answer) -> Reply:
        dc = self.config.discord
        return Reply(embed=fmt.answer_embed(answer, max_passages=dc.max_passages, article_name=dc.article_name))

    async def reply_to(self, question: str) -> Reply:
        """Answer or hint for an admitted question (length checked, cooldown passed)."""
        refusal = self.check_question(question)
        if refusal is not None:
            return refusal
        try:
            answer = await self.answer(question)
        except QuestionError as exc:
            return Reply(content=fmt.question_error_message(exc), private=True)
        return self.answer_reply(answer)

    def channel_allowed(self, channel_id: int | None, channel: Any = None) -> bool:
        """Guild channels (and threads in them) per discord.channel_ids; empty: all."""
        if not self.channel_ids:
            return True
        return channel_id in self.channel_ids or getattr(channel, "parent_id", None) in self.channel_ids

    # -- mentions and DMs --------------------------------------------------------

    def question_in(self, message: discord.Message) -> str | None:
        """The question a message asks the bot, or None when it is not for the bot."""
        me = self.user
        if me is None:
            return None
        is_dm = isinstance(message.channel, discord.DMChannel)
        if not is_dm:
            mentioned = me.id in message.raw_mentions or any(user.id == me.id for user in message.mentions)
            if not mentioned or not self.channel_allowed(message.channel.id, message.channel):
                return None
        return re.sub(rf"<@!?{me.id}>", " ", message.content).strip()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or (self.user is not None and message.author.id == self.user.id):
            return  # bots (this one included) are never answered: no reply loops
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        context = await self.get_context(message)
        if context.valid:  # `!sync`
            await self.invoke(context)
            return
        question = self.question_in(message)
        if question is None:
            return
        try:
            await self.answer_message(message, question)
        except Exception as exc:  # one bad message must not stop the bot
            log.error("answering message %s failed: %s", message.id, _describe(exc))
            await self._reply_quietly(message, Reply(content=fmt.apology_message()))

    async def answer_message(self, message: discord.Message, question: str) -> None:
        retry_after = self.check_rate(message.author)
        if retry_after is not None:
            if self.notice_cooldown.update_rate_limit(_Asker(message.author)) is None:
                await self.send_reply(message, Reply(content=fmt.cooldown_message(retry_after)))
            return
        await self.send_reply(message, await self.reply_to(question))

    async def send_reply(self, message: discord.Message, reply: Reply) -> None:
        await message.channel.send(
            content=reply.content,
            embed=reply.embed,
            # A reply even if the question was deleted meanwhile (no 400 "unknown message").
            reference=message.to_reference(fail_if_not_exists=False),
            # none() already has replied_user=False; passing mention_author too would add
            # an explicit "replied_user": false for the same effect.
            allowed_mentions=NO_MENTIONS,
        )

    async def _reply_quietly(self, message: discord.Message, reply: Reply) -> None:
        """Send an apology; if even that fails (no permission...), just log it."""
        try:
            await self.send_reply(message, reply)
        except Exception as exc:
            log.error("could not apologise for message %s: %s", message.id, _describe(exc))

    # -- /ask --------------------------------------------------------------------

    async def answer_interaction(self, interaction: discord.Interaction, question: str) -> None:
        """Acknowledge within Discord's 3 s: answer directly when the engine is quick,
        else defer ("thinking…") and send the answer as a follow-up."""
        question = question.strip()
        if interaction.guild_id is not None and not self.channel_allowed(interaction.channel_id, interaction.channel):
            await self.send_interaction(interaction, Reply(content=fmt.channel_not_allowed_message(), private=True))
            return
        retry_after = self.check_rate(interaction.user)
        if retry_after is not None:
            await self.send_interaction(interaction, Reply(content=fmt.cooldown_message(retry_after), private=True))
            return
        task = asyncio.ensure_future(self.reply_to(question))
        # If deferring fails, the answer is dropped: fetch its exception so asyncio does not warn.
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        if not done:
            await interaction.response.defer(thinking=True)
        await self.send_interaction(interaction, await task)

    async def send_interaction(self, interaction: discord.Interaction, reply: Reply) -> None:
        kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
        if reply.content is not None:
            kwargs["content"] = reply.content
        if reply.embed is not None:
            kwargs["embed"] = reply.embed
        if interaction.response.is_done():
            # After a public defer the first follow-up replaces "thinking…", so it stays public.
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(ephemeral=reply.private, **kwargs)

    async def send_apology(self, interaction: discord.Interaction) -> None:
        try:
            await self.send_interaction(interaction, Reply(content=fmt.apology_message(), private=True))
        except Exception as exc:
            log.error("could not apologise for interaction %s: %s", interaction.id, _describe(exc))


class ShardedQABot(QABot, commands.AutoShardedBot):
    """The same bot over ``shard_count`` gateway connections (config discord.shard_count > 0)."""


class QACog(commands.Cog):
    """The user-facing commands: ``/ask`` and the owner's ``!sync``."""

    def __init__(self, bot: QABot) -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="キュタイの記事について質問します（答えと根拠の箇所を返します）")
    @app_commands.describe(question="記事についての質問（例: キュタイの予算は？）")
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        try:
            await self.bot.answer_interaction(interaction, question)
        except Exception as exc:  # one bad question must not stop the bot
            log.error("/ask failed: %s", _describe(exc))
            await self.bot.send_apology(interaction)

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(self, ctx: commands.Context) -> None:
        """Register /ask globally (the application owner only; `kyutai-qa discord --sync` does the same)."""
        synced = await self.bot.tree.sync()
        log.info("registered %d application command(s) globally (!sync)", len(synced))
        await ctx.reply(
            f"{len(synced)}件のアプリケーションコマンドを登録しました（反映まで数分かかることがあります）。",
            allowed_mentions=NO_MENTIONS,
        )


def create_bot(config: Config, engine: Engine, *, sync: bool = False, **options: Any) -> QABot:
    """The bot for ``config`` (sharded when discord.shard_count > 0); ``options`` go
    to :class:`discord.Client` (tests pass ``guild_ready_timeout``)."""
    shards = config.discord.shard_count
    if shards > 0:
        return ShardedQABot(config, engine, sync=sync, shard_count=shards, **options)
    return QABot(config, engine, sync=sync, **options)


# -- the command -------------------------------------------------------------


class _NoPrefixWarning(logging.Filter):
    """Drops discord.py's start-up warning that a prefix command needs the message
    content intent: the one prefix command, the owner's ``!sync``, is meant for DMs,
    whose text arrives without it (README, Discord)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Privileged message content intent is missing")


logging.getLogger("discord.ext.commands.bot").addFilter(_NoPrefixWarning())


def _setup_logging() -> None:
    # discord.py's own setup (what Client.run would do), unless the host already logs;
    # colours only on a terminal without NO_COLOR (discord.py colours any output in Docker).
    if not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        plain = not handler.stream.isatty() or bool(os.environ.get("NO_COLOR"))
        formatter = logging.Formatter("[{asctime}] [{levelname:<8}] {name}: {message}", "%Y-%m-%d %H:%M:%S", style="{") if plain else discord.utils.MISSING
        discord.utils.setup_logging(handler=handler, formatter=formatter, level=logging.INFO, root=True)


async def _serve(config: Config, engine: Engine, token: str, sync: bool) -> None:
    bot = create_bot(config, engine, sync=sync)
    loop = asyncio.get_running_loop()
    closing: set[asyncio.Task[None]] = set()

    def request_close(sig: signal.Signals) -> None:
        log.info("%s received: closing the connection", sig.name)
        task = loop.create_task(bot.close())
        closing.add(task)  # keep a reference until it is done
        task.add_done_callback(closing.discard)

    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, request_close, sig)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            pass
    try:
        async with bot:
            try:
                await bot.start(token)
            except (aiohttp.ClientError, RuntimeError, discord.HTTPException):
                if closing or bot.is_closed():
                    return  # a signal closed the session mid-login: a clean stop
                raise
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


def run(config: Config, *, sync: bool = False) -> int:
    """Run the bot until SIGINT/SIGTERM. Exit status: 0 stopped, 1 Discord refused
    or failed, 2 no token / bad endpoint settings."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        print(f"kyutai-qa: {TOKEN_ENV} is not set: export {TOKEN_ENV}=<the bot token from the developer portal>", file=sys.stderr)
        return 2
    if any(c.isspace() or not c.isprintable() for c in token):  # it would go into an HTTP header
        print(f"kyutai-qa: {TOKEN_ENV} holds spaces or control characters; copy the token again from the developer portal", file=sys.stderr)
        return 2
    try:
        resolve_endpoints(config)
    except ConfigError as exc:
        print(f"kyutai-qa: {exc}", file=sys.stderr)
        return 2
    engine = Engine.from_config(config)
    settle()
    _setup_logging()
    try:
        asyncio.run(_serve(config, engine, token, sync))
    except discord.LoginFailure:
        print(f"kyutai-qa: Discord rejected the token in {TOKEN_ENV} (401 Unauthorized); reset it in the developer portal and export it again", file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print(
            "kyutai-qa: Discord refused the message content intent; enable it in the developer portal (Bot → Privileged Gateway Intents) or set discord.message_content_intent: false",
            file=sys.stderr,
        )
        return 1
    except (discord.DiscordException, aiohttp.ClientError, OSError) as exc:
        print(f"kyutai-qa: Discord connection failed: {_describe(exc)}", file=sys.stderr)
        return 1
    return 0
