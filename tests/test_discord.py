"""The Discord front end against a fake Discord on 127.0.0.1 (tests/fake_discord.py).

Sync test functions drive their own ``asyncio.run`` (no pytest-asyncio). A guard
fixture refuses any connection that is not to the loopback interface, so a
mistake in the endpoint settings cannot reach the real Discord.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import discord_format as fmt
from bot.discord_bot import Endpoints, QABot, ShardedQABot, create_bot, resolve_endpoints, run
from retrieval.config import Config, ConfigError, load_config
from retrieval.engine import NOT_IN_ARTICLE, Answer, Engine, QuestionError, RankedPassage

if __package__:  # tests/ is a package
    from . import fake_discord as fd
else:  # pytest's default rootdir-less import: tests/ itself is on sys.path
    import fake_discord as fd

TOKEN = "fake-token-must-never-be-printed"
CONFIG_PATH = Path(__file__).resolve().parent.parent / "config.yaml"
QUESTION = "キュタイの予算は？"


# -- guards and shared objects ---------------------------------------------------

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def _refuse_unless_loopback(host: Any) -> None:
    if host is not None and str(host) not in _LOOPBACK:
        raise ConnectionRefusedError(f"test blocked a connection to {host!r}: only 127.0.0.1 is allowed")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse every connection (and name lookup) that is not to the loopback interface."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo, real_create_connection = socket.getaddrinfo, socket.create_connection

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse_unless_loopback(address[0])
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse_unless_loopback(address[0])
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_unless_loopback(host.decode() if isinstance(host, bytes) else host)
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_unless_loopback(address[0])
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)


@pytest.fixture(autouse=True)
def discord_endpoints(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The bot sets process-wide endpoints (Route.BASE, DEFAULT_GATEWAY): restore them,
    and keep the developer's own DISCORD_* variables out of the tests."""
    for name in ("DISCORD_TOKEN", "DISCORD_API_BASE_URL", "DISCORD_GATEWAY_URL"):
        monkeypatch.delenv(name, raising=False)
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(CONFIG_PATH)


@pytest.fixture(scope="module")
def engine(config: Config) -> Engine:
    return Engine.from_config(config)


class WrappedEngine:
    """The real engine, made slow or failing for one test."""

    def __init__(self, engine: Engine, *, delay: float = 0.0, fail_on: str | None = None) -> None:
        self.engine, self.delay, self.fail_on = engine, delay, fail_on

    def answer(self, question: str, **kwargs: Any) -> Answer:
        if self.fail_on is not None and self.fail_on in question:
            raise RuntimeError("engine exploded")
        time.sleep(self.delay)
        return self.engine.answer(question, **kwargs)


@dataclass
class Session:
    fake: fd.FakeDiscord
    bot: QABot
    config: Config

    async def ask(self, payload: dict[str, Any]) -> fd.Recorded:
        """Dispatch a MESSAGE_CREATE and wait for the reply to it."""
        await self.fake.dispatch("MESSAGE_CREATE", payload)
        await self.fake.wait_until(lambda: bool(self.replies_to(payload["id"])), what=f"a reply to {payload['id']}")
        return self.replies_to(payload["id"])[0]

    def replies_to(self, message_id: str | int) -> list[fd.Recorded]:
        return [r for r in self.fake.message_posts if str((r.json.get("message_reference") or {}).get("message_id")) == str(message_id)]


@contextlib.asynccontextmanager
async def session(
    config: Config,
    engine: Any,
    *,
    fake: fd.FakeDiscord | None = None,
    sync: bool = False,
    defer_after: float | None = None,
    **discord_settings: Any,
) -> AsyncIterator[Session]:
    """A bot connected to a fresh fake Discord, until the block ends."""
    fake = fake or fd.FakeDiscord()
    await fake.start()
    cfg = config.replace(discord={"api_base_url": fake.api_url, "gateway_url": fake.gateway_url, **discord_settings})
    bot = create_bot(cfg, engine, sync=sync, guild_ready_timeout=0.05)
    if defer_after is not None:
        bot.defer_after = defer_after
    runner = asyncio.create_task(bot.start(TOKEN))
    try:
        deadline = time.monotonic() + 10
        while not bot.is_ready():
            if runner.done():
                runner.result()  # raises what start() raised
                raise AssertionError("bot.start() returned before ready")
            assert time.monotonic() < deadline, "bot never became ready"
            await asyncio.sleep(0.01)
        yield Session(fake, bot, cfg)
    finally:
        await bot.close()
        await asyncio.wait_for(runner, 10)
        await fake.stop()


def human(n: int) -> dict[str, Any]:
    return fd.user(300000000000000000 + n, name=f"human{n}")


def embed_of(record: fd.Recorded) -> dict[str, Any]:
    embeds = record.json.get("embeds") or []
    assert len(embeds) == 1, record.json
    return embeds[0]


# -- 1. mentions -----------------------------------------------------------------


def test_mention_gets_answer_with_citations(config: Config, engine: Engine) -> None:
    expected = engine.answer(QUESTION)

    async def scenario() -> None:
        async with session(config, engine) as s:
            reply = await s.ask(fd.mention(1001, QUESTION, human(1)))
            assert reply.path == f"/channels/{fd.CHANNEL_ID}/messages"
            assert reply.json["allowed_mentions"] == {"parse": []}
            assert str(reply.json["message_reference"]["message_id"]) == "1001"
            assert reply.authorization == f"Bot {TOKEN}"
            embed = embed_of(reply)
            cited = [p.id for p in expected.passages[: s.config.discord.max_passages]]
            assert [f["name"] for f in embed["fields"]] == cited
            # The same short answer as the engine (and the CLI) gives.
            assert expected.answer and fmt.escape(expected.answer) in embed["description"]
            assert "**" in embed["fields"][0]["value"]  # matched words in bold
            assert s.config.discord.article_name in embed["footer"]["text"]
            assert not s.fake.calls("PUT", "/applications")  # no command sync on a plain start

    asyncio.run(scenario())


# -- 2. /ask -------------------------------------------------------------------------


def test_slash_ask_is_answered_in_the_interaction_response(config: Config, engine: Engine) -> None:
    expected = engine.answer(QUESTION)

    async def scenario() -> None:
        async with session(config, engine, defer_after=5.0) as s:
            await s.fake.dispatch("INTERACTION_CREATE", fd.interaction_create(2001, QUESTION, human(2)))
            await s.fake.wait_until(lambda: bool(s.fake.calls("POST", "/interactions/2001/")), what="the callback")
            (callback,) = s.fake.calls("POST", "/interactions/2001/itoken-2001/callback")
            assert callback.json["type"] == 4
            data = callback.json["data"]
            assert data["allowed_mentions"] == {"parse": []}
            assert fmt.escape(expected.answer or "") in data["embeds"][0]["description"]
            assert [f["name"] for f in data["embeds"][0]["fields"]] == [p.id for p in expected.passages[:3]]
            await asyncio.sleep(0.1)
            assert not s.fake.calls("POST", "/webhooks")

    asyncio.run(scenario())


def test_slow_answer_is_deferred_then_followed_up(config: Config, engine: Engine) -> None:
    expected = engine.answer(QUESTION)

    async def scenario() -> None:
        async with session(config, WrappedEngine(engine, delay=0.6), defer_after=0.1) as s:
            await s.fake.dispatch("INTERACTION_CREATE", fd.interaction_create(2002, QUESTION, human(3)))
            followup_path = f"/webhooks/{fd.APP_ID}/itoken-2002"
            await s.fake.wait_until(lambda: bool(s.fake.calls("POST", followup_path)), what="the follow-up")
            (callback,) = s.fake.calls("POST", "/interactions/2002/")
            assert callback.json["type"] == 5  # deferred: "thinking…"
            (followup,) = s.fake.calls("POST", followup_path)
            assert s.fake.requests.index(callback) < s.fake.requests.index(followup)
            assert followup.json["allowed_mentions"] == {"parse": []}
            assert fmt.escape(expected.answer or "") in followup.json["embeds"][0]["description"]

    asyncio.run(scenario())


# -- 3. DMs ----------------------------------------------------------------------


def test_dm_is_answered(config: Config, engine: Engine) -> None:
    async def scenario() -> None:
        async with session(config, engine) as s:
            dm = fd.message_create(3001, QUESTION, human(4), channel_id=fd.DM_CHANNEL_ID, guild_id=None)
            reply = await s.ask(dm)
            assert reply.path == f"/channels/{fd.DM_CHANNEL_ID}/messages"
            assert reply.json["allowed_mentions"] == {"parse": []}
            assert embed_of(reply)["fields"]

    asyncio.run(scenario())


# -- 4. mentions inside a question ping nobody -------------------------------------


def test_mentions_in_a_question_ping_nobody(config: Config, engine: Engine) -> None:
    pings = "@everyone @here <@123> <@&456> <@123456789012345678>"

    async def scenario() -> None:
        async with session(config, engine) as s:
            reply = await s.ask(fd.mention(4001, f"{pings} **太字** {QUESTION}", human(5), mention_everyone=True, mention_roles=["456"]))
            assert reply.json["allowed_mentions"] == {"parse": []}
            raw = json.dumps(reply.json, ensure_ascii=False)
            for ping in ("@everyone", "@here", "<@123>", "<@&456>", "<@123456789012345678>"):
                assert ping not in raw, ping
            title = embed_of(reply)["title"]
            assert "@\u200beveryone" in title and "@\u200bhere" in title
            assert "\\*\\*太字\\*\\*" in title  # the user's Markdown is shown, not rendered

            # A DM that is only a mention-laden question gets the same treatment.
            dm = await s.ask(fd.message_create(4002, f"{pings} {QUESTION}", human(5), channel_id=fd.DM_CHANNEL_ID, guild_id=None))
            assert dm.json["allowed_mentions"] == {"parse": []}
            assert "@everyone" not in json.dumps(dm.json, ensure_ascii=False)

    asyncio.run(scenario())


# -- 5. bots are ignored -------------------------------------------------------------


def test_bot_authors_are_ignored(config: Config, engine: Engine) -> None:
    async def scenario() -> None:
        async with session(config, engine) as s:
            other_bot = fd.user(400000000000000001, bot=True, name="otherbot")
            await s.fake.dispatch("MESSAGE_CREATE", fd.mention(5001, QUESTION, other_bot))
            await s.fake.dispatch("MESSAGE_CREATE", fd.message_create(5002, QUESTION, fd.BOT_USER, channel_id=fd.DM_CHANNEL_ID, guild_id=None))
            await s.fake.dispatch("MESSAGE_CREATE", fd.mention(5003, f"<@{fd.BOT_ID}> {QUESTION}", fd.BOT_USER))
            # A human question afterwards is answered: the bot is alive and processed the others.
            await s.ask(fd.mention(5004, QUESTION, human(6)))
            await asyncio.sleep(0.3)
            assert len(s.fake.message_posts) == 1
            assert not s.replies_to(5001) and not s.replies_to(5002) and not s.replies_to(5003)

    asyncio.run(scenario())


# -- 6. cooldown -------------------------------------------------------------------


def test_cooldown_holds_across_mentions_dms_and_slash(config: Config, engine: Engine) -> None:
    async def scenario() -> None:
        async with session(config, engine, cooldown_rate=2, cooldown_seconds=60.0) as s:
            asker = human(7)
            first = await s.ask(fd.mention(6001, QUESTION, asker))
            second = await s.ask(fd.message_create(6002, QUESTION, asker, channel_id=fd.DM_CHANNEL_ID, guild_id=None))
            assert embed_of(first)["fields"] and embed_of(second)["fields"]
            third = await s.ask(fd.mention(6003, QUESTION, asker))
            assert not third.json.get("embeds")
            assert "秒" in third.json["content"] and "お待ち" in third.json["content"]
            assert third.json["allowed_mentions"] == {"parse": []}
            # The notice is given once per window; further questions get nothing.
            await s.fake.dispatch("MESSAGE_CREATE", fd.mention(6004, QUESTION, asker))
            # /ask shares the bucket: an ephemeral cooldown notice, no answer.
            await s.fake.dispatch("INTERACTION_CREATE", fd.interaction_create(6005, QUESTION, asker))
            await s.fake.wait_until(lambda: bool(s.fake.calls("POST", "/interactions/6005/")), what="the callback")
            (callback,) = s.fake.calls("POST", "/interactions/6005/")
            assert callback.json["type"] == 4 and callback.json["data"]["flags"] & 64
            assert "秒" in callback.json["data"]["content"] and not callback.json["data"].get("embeds")
            # Someone else is not held back.
            other = await s.ask(fd.mention(6006, QUESTION, human(8)))
            assert embed_of(other)["fields"]
            assert not s.replies_to(6004)

    asyncio.run(scenario())


# -- 7. 429 ------------------------------------------------------------------------


def test_rate_limited_post_is_retried_and_delivered_once(config: Config, engine: Engine) -> None:
    async def scenario() -> None:
        async with session(config, engine, fake=fd.FakeDiscord(rate_limit_message_posts=1)) as s:
            await s.ask(fd.mention(7001, QUESTION, human(9)))
            await asyncio.sleep(0.3)
            attempts = s.fake.calls("POST", f"/channels/{fd.CHANNEL_ID}/messages")
            assert [r.status for r in attempts] == [429, 200]
            assert len(s.replies_to(7001)) == 1

    asyncio.run(scenario())


# -- 8. resume -----------------------------------------------------------------------


def test_dropped_gateway_connection_resumes(config: Config, engine: Engine) -> None:
    async def scenario() -> None:
        async with session(config, engine) as s:
            await s.ask(fd.mention(8001, QUESTION, human(10)))
            await s.fake.drop(code=4000)
            await s.fake.wait_until(lambda: bool(s.fake.ops(6)) and s.fake.connected, what="a RESUME")
            (resume,) = s.fake.ops(6)
            assert resume.path == "/resume"  # READY's resume_gateway_url
            assert resume.payload["d"]["session_id"] == s.fake.session_id
            assert resume.payload["d"]["seq"] >= 2
            assert len(s.fake.ops(2)) == 1  # resumed, not identified again
            reply = await s.ask(fd.mention(8002, QUESTION, human(10)))
            assert embed_of(reply)["fields"]

    asyncio.run(scenario())


# -- 9. load -------------------------------------------------------------------------


def test_two_hundred_questions_from_twenty_users(config: Config, engine: Engine) -> None:
    questions = [QUESTION, "誰が所長？", "キュタイはどこにある？", "火星の人口は？", "GPUは何基？"]

    async def scenario() -> None:
        async with session(config, engine, cooldown_rate=1000) as s:
            asked: dict[str, str] = {}
            for i in range(200):
                message_id = 9000 + i
                question = questions[i % len(questions)]
                asked[str(message_id)] = question
                await s.fake.dispatch("MESSAGE_CREATE", fd.mention(message_id, question, human(100 + i % 20)))
            await s.fake.wait_until(lambda: len(s.fake.message_posts) >= 200, timeout=40, what="200 replies")
            await asyncio.sleep(0.3)
            posts = s.fake.message_posts
            assert len(posts) == 200
            refs = Counter(str(r.json["message_reference"]["message_id"]) for r in posts)
            assert set(refs) == set(asked) and set(refs.values()) == {1}
            for r in posts:  # each reply answers its own message's question
                question = asked[str(r.json["message_reference"]["message_id"])]
                assert embed_of(r)["title"] == "Q. " + fmt.escape(question)

    asyncio.run(scenario())


# -- 10. run(): token handling, signals, --sync ------------------------------------------


def test_run_without_token_exits_2(config: Config, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(config) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err
    monkeypatch.setenv("DISCORD_TOKEN", "   ")
    assert run(config) == 2


def test_run_with_a_token_holding_a_newline_exits_2(config: Config, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A token pasted with a line break would go into an HTTP header (aiohttp raises)."""
    monkeypatch.setenv("DISCORD_TOKEN", "abc\nX-Injected: 1")
    assert run(config) == 2
    out = capsys.readouterr()
    assert out.err.count("\n") == 1 and "control characters" in out.err
    assert "abc" not in out.err + out.out and "Injected" not in out.err + out.out


def test_prefix_intent_warning_is_dropped(caplog: pytest.LogCaptureFixture) -> None:
    """discord.py warns that prefix commands need the message content intent; the
    bot's one prefix command, !sync, is for DMs, which carry their text without it."""
    logger = logging.getLogger("discord.ext.commands.bot")
    with caplog.at_level(logging.WARNING):
        logger.warning("Privileged message content intent is missing, commands may not work as expected.")
        logger.warning("something else")
    assert "Privileged message content" not in caplog.text and "something else" in caplog.text


def test_run_with_rejected_token_exits_1(config: Config, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with fd.ThreadedFakeDiscord(fd.FakeDiscord(reject_token=True)) as fake:
        monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
        monkeypatch.setenv("DISCORD_API_BASE_URL", fake.api_url)
        monkeypatch.setenv("DISCORD_GATEWAY_URL", fake.gateway_url)
        assert run(config) == 1
        assert [r.path for r in fake.requests] == ["/users/@me"]
    out = capsys.readouterr()
    assert out.err.count("\n") == 1 and "rejected the token" in out.err
    assert TOKEN not in out.err + out.out


def test_run_syncs_on_request_and_stops_cleanly_on_sigterm(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    class SigtermNotHandled(Exception):
        pass

    def unexpected(signum: int, frame: Any) -> None:  # reached only if run() did not take over SIGTERM
        raise SigtermNotHandled("SIGTERM reached the previous handler, not run()'s")

    previous = signal.signal(signal.SIGTERM, unexpected)
    fake = fd.FakeDiscord(on_ready_sent=lambda: threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM)).start())
    try:
        with fd.ThreadedFakeDiscord(fake):
            monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
            monkeypatch.setenv("DISCORD_API_BASE_URL", fake.api_url)
            monkeypatch.setenv("DISCORD_GATEWAY_URL", fake.gateway_url)
            started = time.monotonic()
            assert run(config, sync=True) == 0
            assert time.monotonic() - started < 10
            deadline = time.monotonic() + 5
            while not fake.close_codes and time.monotonic() < deadline:
                time.sleep(0.01)
            # A close frame was sent (discord.py sends 4000 when a read is pending),
            # not a dropped socket (1006) or nothing at all.
            assert len(fake.close_codes) == 1 and fake.close_codes[0] not in (None, 1006)
            (put,) = fake.calls("PUT", f"/applications/{fd.APP_ID}/commands")
            assert [c["name"] for c in put.json] == ["ask"]
            assert put.json[0]["options"][0]["name"] == "question"
            assert len(fake.ops(2)) == 1
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- other behaviour -------------------------------------------------------------------


def test_engine_error_gets_an_apology_and_the_bot_keeps_running(config: Config, engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with session(config, WrappedEngine(engine, fail_on="爆発")) as s:
            apology = await s.ask(fd.mention(10001, "爆発する質問", human(11)))
            assert "申し訳ありません" in apology.json["content"] and not apology.json.get("embeds")
            await s.fake.dispatch("INTERACTION_CREATE", fd.interaction_create(10002, "爆発する質問", human(11)))
            await s.fake.wait_until(lambda: bool(s.fake.calls("POST", "/interactions/10002/")), what="the callback")
            assert "申し訳ありません" in s.fake.calls("POST", "/interactions/10002/")[0].json["data"]["content"]
            reply = await s.ask(fd.mention(10003, QUESTION, human(11)))
            assert embed_of(reply)["fields"]

    asyncio.run(scenario())
    errors = [r for r in caplog.records if r.name == "bot.discord_bot" and r.levelname == "ERROR"]
    assert len(errors) == 2 and all("\n" not in r.getMessage() and TOKEN not in r.getMessage() for r in errors)


def test_empty_and_too_long_questions_get_polite_hints(config: Config, engine: Engine) -> None:
    async def scenario() -> None:
        async with session(config, engine, max_question_chars=20) as s:
            empty = await s.ask(fd.message_create(11001, f"<@{fd.BOT_ID}>", human(12), mentions=[fd.BOT_USER]))
            assert "質問が空です" in empty.json["content"]
            long = await s.ask(fd.mention(11002, "あ" * 21, human(12)))
            assert "20文字以内" in long.json["content"] and not long.json.get("embeds")

    asyncio.run(scenario())


def test_channel_ids_limit_guild_channels_but_not_dms(config: Config, engine: Engine) -> None:
    async def scenario() -> None:
        async with session(config, engine, channel_ids=[fd.OTHER_CHANNEL_ID]) as s:
            await s.fake.dispatch("MESSAGE_CREATE", fd.mention(12001, QUESTION, human(13)))
            allowed = await s.ask(fd.mention(12002, QUESTION, human(13), channel_id=fd.OTHER_CHANNEL_ID))
            dm = await s.ask(fd.message_create(12003, QUESTION, human(13), channel_id=fd.DM_CHANNEL_ID, guild_id=None))
            await s.fake.dispatch("INTERACTION_CREATE", fd.interaction_create(12004, QUESTION, human(13)))
            await s.fake.wait_until(lambda: bool(s.fake.calls("POST", "/interactions/12004/")), what="the callback")
            (refusal,) = s.fake.calls("POST", "/interactions/12004/")
            assert refusal.json["data"]["flags"] & 64 and "このチャンネル" in refusal.json["data"]["content"]
            await asyncio.sleep(0.2)
            assert allowed.path.startswith(f"/channels/{fd.OTHER_CHANNEL_ID}/") and dm.path.startswith(f"/channels/{fd.DM_CHANNEL_ID}/")
            assert not s.replies_to(12001)

    asyncio.run(scenario())


def test_sync_command_is_owner_only(config: Config, engine: Engine) -> None:
    async def scenario() -> None:
        async with session(config, engine) as s:
            await s.fake.dispatch("MESSAGE_CREATE", fd.message_create(13001, "!sync", human(14), channel_id=fd.DM_CHANNEL_ID, guild_id=None))
            await s.ask(fd.message_create(13002, QUESTION, human(14), channel_id=fd.DM_CHANNEL_ID, guild_id=None))
            assert not s.fake.calls("PUT", "/applications") and not s.replies_to(13001)
            reply = await s.ask(fd.message_create(13003, "!sync", fd.OWNER, channel_id=fd.DM_CHANNEL_ID, guild_id=None))
            assert len(s.fake.calls("PUT", f"/applications/{fd.APP_ID}/commands")) == 1
            assert "1件" in reply.json["content"]

    asyncio.run(scenario())


def test_shard_count_uses_an_auto_sharded_bot(config: Config, engine: Engine) -> None:
    async def scenario() -> None:
        async with session(config, engine, shard_count=1) as s:
            assert isinstance(s.bot, ShardedQABot) and isinstance(s.bot, discord.AutoShardedClient)
            assert s.fake.ops(2)[0].payload["d"]["shard"] == [0, 1]
            reply = await s.ask(fd.mention(14001, QUESTION, human(15)))
            assert embed_of(reply)["fields"]

    asyncio.run(scenario())


def test_endpoints_come_from_config_then_environment(config: Config) -> None:
    assert resolve_endpoints(config, {}) == Endpoints("https://discord.com/api/v10", "wss://gateway.discord.gg/")
    env = {"DISCORD_API_BASE_URL": "http://127.0.0.1:9/api/v10/", "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway"}
    assert resolve_endpoints(config, env) == Endpoints("http://127.0.0.1:9/api/v10", "ws://127.0.0.1:9/gateway")
    with pytest.raises(ConfigError):
        resolve_endpoints(config, {"DISCORD_GATEWAY_URL": "http://127.0.0.1:9/"})


def test_message_content_intent_follows_config(config: Config, engine: Engine) -> None:
    on = create_bot(config.replace(discord={"message_content_intent": True}), engine)
    assert on.intents.message_content is True
    off = create_bot(config.replace(discord={"message_content_intent": False}), engine)
    assert off.intents.message_content is False and off.intents.dm_messages and off.intents.guild_messages
    assert not off.intents.members and not off.intents.presences


# -- 11. formatting ------------------------------------------------------------------


def unrender(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Undo escaping and bold markers: (the text shown, bold spans in it)."""
    out: list[str] = []
    bold: list[tuple[int, int]] = []
    start: int | None = None
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            if start is None:
                start = len(out)
            else:
                bold.append((start, len(out)))
                start = None
            i += 2
        elif text.startswith("@\u200b", i):
            out.append("@")
            i += 2
        else:
            out.append(text[i])
            i += 1
    assert start is None, f"unclosed bold in {text!r}"
    return "".join(out), bold


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_limits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert utf16(data.get("title", "")) <= fmt.TITLE_LIMIT
    assert utf16(data.get("description", "")) <= fmt.DESCRIPTION_LIMIT
    assert utf16(data["footer"]["text"]) <= fmt.FOOTER_LIMIT
    fields = data.get("fields", [])
    assert len(fields) <= fmt.FIELD_COUNT_LIMIT
    for f in fields:
        assert 0 < utf16(f["name"]) <= fmt.FIELD_NAME_LIMIT
        assert 0 < utf16(f["value"]) <= fmt.FIELD_VALUE_LIMIT
    total = utf16(data.get("title", "")) + utf16(data.get("description", "")) + utf16(data["footer"]["text"])
    total += sum(utf16(f["name"]) + utf16(f["value"]) for f in fields)
    assert total <= fmt.EMBED_TOTAL_LIMIT and len(embed) <= fmt.EMBED_TOTAL_LIMIT


def merged(spans: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        a, b = max(0, a), min(size, b)
        if a >= b:
            continue
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


_ALPHABET = st.sampled_from(list("キュタイの予算はAIabc 　*_~`|>#-[]()\\@everyonehere0123456789\n😀"))
_chunk = st.text(alphabet=_ALPHABET, min_size=1, max_size=120)
# Long texts cheaply: a random chunk repeated (short, or thousands of characters).
_big_text = st.one_of(
    st.just(""),
    _chunk,
    st.builds(lambda chunk, size: (chunk * (size // len(chunk) + 1))[:size], _chunk, st.integers(1000, 8000)),
)


@st.composite
def passages(draw: st.DrawFn) -> RankedPassage:
    text = draw(_big_text)
    n = len(text)
    spans = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).map(tuple), max_size=8))
    pid = draw(st.one_of(st.just("kyutai#7"), st.text(alphabet=_ALPHABET, min_size=0, max_size=400)))
    return RankedPassage(pid, "doc", "title", text, 1.0, tuple(spans))


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    question=_big_text,
    short=st.one_of(st.none(), _big_text),
    abstained=st.booleans(),
    ranked=st.one_of(st.lists(passages(), max_size=3), st.lists(passages(), min_size=10, max_size=30)),
    max_passages=st.one_of(st.integers(0, 3), st.integers(10, 30)),
    article=st.one_of(st.just("TechCrunch"), _big_text),
)
def test_embed_never_exceeds_limits_and_escapes_everything(
    question: str, short: str | None, abstained: bool, ranked: list[RankedPassage], max_passages: int, article: str
) -> None:
    answer = Answer(question, short, abstained, ranked, answer_passage=ranked[-1].id if ranked else None)
    embed = fmt.answer_embed(answer, max_passages=max_passages, article_name=article)
    check_limits(embed)
    fields = embed.to_dict().get("fields", [])
    # Cited: passages holding a word of the question, and the one the answer is drawn from.
    cited = [] if abstained else [p for p in ranked if p.highlights or p.id == answer.answer_passage][: min(max_passages, 25)]
    assert len(fields) == len(cited)
    for passage, f in zip(cited, fields):
        assert f["value"].startswith("> ")
        if not passage.text:
            assert f["value"] == "> （本文なし）"
            continue
        shown, bold = unrender(f["value"][2:])
        flat = passage.text.replace("\n", " ")
        if shown != flat:  # cut: a prefix of the passage, then "…"
            assert shown.endswith(fmt.ELLIPSIS) and flat.startswith(shown[:-1])
            shown = shown[:-1]
        assert bold == merged(list(passage.highlights), len(shown))
    title, _ = unrender(embed.title or "")
    flat_q = "Q. " + question.replace("\n", " ")
    assert title == flat_q or (title.endswith(fmt.ELLIPSIS) and flat_q.startswith(title[:-1]))


@pytest.mark.parametrize("headline, name", [(True, "kyutai#9"), (False, "w1（豊岡市）")])
def test_a_passage_is_cited_with_a_title_that_names_its_subject(headline: bool, name: str) -> None:
    """A BEIR document's title may be the answer (豊岡市): the field names it; a .txt
    headline is not repeated on every passage."""
    pid = "kyutai#9" if headline else "w1"
    passage = RankedPassage(pid, "d", "豊岡市", "中央部を円山川が流れる。", 1.0, title_is_headline=headline)
    answer = Answer("円山川が流れる市は？", "豊岡市", False, [passage], answer_passage=pid)
    assert fmt.answer_embed(answer, max_passages=3, article_name="記事").fields[0].name == name


def test_markdown_is_escaped_and_matched_words_bold() -> None:
    text = "*星*の_予算_は`3億`ドル ~~嘘~~ ||秘密|| @everyone # 見出し"
    start = text.index("予算")
    passage = RankedPassage("kyutai#1", "kyutai", "t", text, 1.0, ((start, start + 2),))
    answer = Answer("予算は **いくら**？", "3億ドル", False, [passage], answer_passage="kyutai#1")
    embed = fmt.answer_embed(answer, max_passages=3, article_name="記事")
    value = embed.fields[0].value or ""
    assert value == "> \\*星\\*の\\_**予算**\\_は\\`3億\\`ドル \\~\\~嘘\\~\\~ \\|\\|秘密\\|\\| @\u200beveryone # 見出し"
    assert embed.title == "Q. 予算は \\*\\*いくら\\*\\*？"
    assert embed.description == "答え: **3億ドル**\n根拠: kyutai#1"
    assert embed.footer.text == "出典: 記事"
    # A line-start "#" or ">" in a quoted text cannot become a heading or a nested quote.
    assert fmt.render([("# 見出し", False)], 100) == "\\# 見出し"
    assert fmt.render([("> 引用\n# 次", False)], 100) == "\\> 引用 # 次"


def test_huge_answer_is_cut_with_an_ellipsis() -> None:
    passages_ = [RankedPassage(f"kyutai#{i}", "kyutai", "t", "キュタイ*" * 2000, 1.0, ((0, 4), (9000, 9004))) for i in range(10)]
    answer = Answer("質問" * 3000, "答え_" * 5000, False, passages_, answer_passage="kyutai#0")
    embed = fmt.answer_embed(answer, max_passages=10, article_name="記事" * 2000)
    check_limits(embed)
    assert len(embed.fields) == 10 and all((f.value or "").endswith(fmt.ELLIPSIS) for f in embed.fields)
    assert (embed.title or "").endswith(fmt.ELLIPSIS)
    assert (embed.description or "").startswith("答え: **答え\\_")
    assert unrender(embed.description or "")  # bold closed despite the cut


def test_abstention_says_not_in_article_and_offers_the_nearest_passage() -> None:
    near = RankedPassage("kyutai#7", "kyutai", "t", "キュタイは*パリ*に拠点を置く。" * 40, 0.3, ((0, 4),))
    other = RankedPassage("kyutai#2", "kyutai", "t", "別の段落。", 0.1)
    answer = Answer("火星の人口は？", None, True, [other, near], answer_passage="kyutai#7")
    embed = fmt.answer_embed(answer, max_passages=3, article_name="記事")
    check_limits(embed)
    lines = (embed.description or "").split("\n")
    assert lines[0] == NOT_IN_ARTICLE
    assert lines[1] == "近い箇所: kyutai#7"
    assert lines[2].startswith("> **キュタイ**は\\*パリ\\*に") and lines[2].endswith(fmt.ELLIPSIS)
    assert not embed.fields  # passages that do not answer are not cited


def test_short_messages() -> None:
    assert "3秒" in fmt.cooldown_message(2.2) and "1秒" in fmt.cooldown_message(0.01)
    hint = fmt.question_error_message(QuestionError("質問が空です。記事について日本語で質問してください（例: キュタイの予算は？）。"))
    assert hint.startswith("質問が空です")
    assert fmt.too_long_message(600, 500) == "質問が長すぎます（600文字）。500文字以内でお願いします。"
    assert len(fmt.question_error_message("*" * 5000)) <= fmt.CONTENT_LIMIT
    assert fmt.clip("あ" * 10, 5) == "ああああ…" and fmt.clip("😀" * 3, 5) == "😀😀…"


@pytest.mark.parametrize("question", ["zzqx", "日本の首相は誰？"])
def test_passages_sharing_nothing_with_the_question_are_not_shown(engine: Engine, question: str) -> None:
    """zzqx shares no word with any passage (every score 0); 日本の首相は誰？ meets the
    article only in the character-bigram channel (its best scores 1.00, no highlight).
    The JSON still ranks them; the embed offers no "nearest" passage, and cites only
    passages holding a word of the question, as the text answer does."""
    answer = engine.answer(question)
    assert answer.abstained and answer.passages and not any(p.highlights for p in answer.passages)
    embed = fmt.answer_embed(answer, max_passages=3, article_name="記事")
    assert "近い箇所" not in (embed.description or "") and not embed.fields
    cited = engine.answer("キュタイの予算は？", top_k=23)
    sharing = [p for p in cited.passages if p.highlights]
    assert len(sharing) < len([p for p in cited.passages if p.score > 0])  # some score without sharing
    embed = fmt.answer_embed(cited, max_passages=10, article_name="記事")
    assert [f.name for f in embed.fields] == [p.id for p in sharing[:10]]


def test_the_nearest_passage_offered_shares_a_word() -> None:
    """Abstaining, the hint is the first passage holding a word of the question, not
    the top-scored one that holds none."""
    top = RankedPassage("kyutai#5", "kyutai", "t", "資金調達は3億ユーロ近くに達した。", 1.0)
    near = RankedPassage("kyutai#9", "kyutai", "t", "所長はペレス氏。", 0.4, ((0, 2),))
    answer = Answer("所長の趣味は？", None, True, [top, near], answer_passage="kyutai#5")
    embed = fmt.answer_embed(answer, max_passages=3, article_name="記事")
    assert (embed.description or "").split("\n")[1] == "近い箇所: kyutai#9"
