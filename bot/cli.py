"""Command line: ``kyutai-qa ask|repl|eval|bench|discord`` (also ``python -m bot``).

Examples::

    kyutai-qa ask "キュタイの予算は？"            # answer with cited passages
    kyutai-qa ask --json "誰が所長？"              # one JSON object
    kyutai-qa ask --batch questions.txt --json     # one JSON object per line
    kyutai-qa repl                                 # interactive
    kyutai-qa eval                                 # score against corpus/gold.yaml
    kyutai-qa eval --jsquad ../shared/data/jsquad/valid-v1.3.json
    kyutai-qa --version

Exit status: 0 done, 2 bad usage / config / corpus / question, 1 anything else.
Errors are one line on stderr, but for ``ask --json``, whose refused question is a
JSON error object on stdout (a program reading the JSON gets one object a question).
Only what a command needs is imported (discord.py only for ``discord``), to keep
``ask`` quick to start.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

__all__ = ["main"]


_SCIENTIFIC = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+")


def _bounded(kind: type, low: float, high: float):
    """An argparse type: a ``kind`` number from ``low`` to ``high``."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not low <= value <= high:  # also rejects nan
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, got {text}")
        return value

    return parse


# Beside the package in a checkout (python -m bot without installing).
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _version() -> str:
    """The installed distribution's version, else pyproject.toml's, else "unknown"."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kyutai-qa")
    except PackageNotFoundError:
        pass
    import tomllib

    try:
        with open(PYPROJECT, "rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return "unknown"


class _VersionAction(argparse.Action):
    """--version, the version looked up only when asked (``ask`` starts quicker)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values, option_string: str | None = None) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


TOP_K_HELP = "passages to cite, 1-100 (default: ranking.top_k)"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="PATH", help="config file (default: $KYUTAI_QA_CONFIG, else ./config.yaml, else the installed one)")
    common.add_argument("--corpus", metavar="PATH", help="corpus file or folder (default: corpus.path in the config)")

    parser = argparse.ArgumentParser(prog="kyutai-qa", description="Answer Japanese questions about the Kyutai article, with cited passages.")
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser("ask", parents=[common], help="answer one question (or a batch)")
    _top_k_option(ask, help=TOP_K_HELP)
    ask.add_argument("question", nargs="?", help="the question, in Japanese")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--batch", metavar="FILE", help="one question per line ('-' for stdin)")

    _top_k_option(sub.add_parser("repl", parents=[common], help="interactive questions"), help=TOP_K_HELP)

    ev = sub.add_parser("eval", parents=[common], help="score against gold questions")
    ev.add_argument("--gold", metavar="FILE", help="gold QA file (default: corpus.gold in the config)")
    ev.add_argument("--jsquad", metavar="FILE", help="also score a JSQuAD file: open retrieval over all its paragraphs, and per article")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument("--calibrate", action="store_true", help="suggest abstention thresholds from the gold file")
    ev.add_argument("--max-wrong", type=_bounded(float, 0.0, 1.0), default=0.05, metavar="SHARE", help="with --calibrate: most answerable questions that may be abstained (default 0.05)")
    ev.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    ev.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="override a config value for this run (YAML value)")
    ev.add_argument("--failures", type=_bounded(int, -1, 1_000_000), default=None, metavar="N", help="failures to list per set (default: all for the gold file, 20 for JSQuAD; -1 all)")

    bench = sub.add_parser("bench", parents=[common], help="latency, build time, start-up and memory beside the naive pipeline")
    bench.add_argument("--jsquad", metavar="FILE", default="../shared/data/jsquad/valid-v1.3.json", help="JSQuAD file for the 1,145 and 100,000-passage rows")
    bench.add_argument("--large", type=_bounded(int, 0, 10_000_000), default=100_000, metavar="N", help="passages in the synthetic corpus (0 skips it)")
    bench.add_argument("--questions", type=_bounded(int, 6, 100_000), default=300, metavar="N", help="questions asked per row, the first 5 untimed (default 300, at least 6)")
    bench.add_argument("--rounds", type=_bounded(int, 1, 100), default=3, metavar="N", help="rounds of each latency row, each of a new engine, times pooled (default 3)")

    dc = sub.add_parser("discord", parents=[common], help="run the Discord bot (token in DISCORD_TOKEN)")
    _top_k_option(dc, help=f"{TOP_K_HELP}; a reply cites at most discord.max_passages (0-10) of them")
    dc.add_argument("--sync", action="store_true", help="register the /ask command globally, then run")
    return parser


def _top_k_option(parser: argparse.ArgumentParser, *, help: str) -> None:
    parser.add_argument("--top-k", type=_bounded(int, 1, 100), metavar="N", help=help)


def _config(args: argparse.Namespace):
    from retrieval.config import load_config

    config = load_config(args.config)
    overrides: dict[str, dict] = {}
    for item in getattr(args, "set", []):
        import yaml

        key, sep, value = item.partition("=")
        section, dot, name = key.partition(".")
        if not sep or not dot:
            from retrieval.config import ConfigError

            raise ConfigError(f"--set needs SECTION.KEY=VALUE, got {item!r}")
        parsed = yaml.safe_load(value)
        if isinstance(parsed, str) and _SCIENTIFIC.fullmatch(parsed):
            parsed = float(parsed)  # YAML 1.1 reads 1e-3 (no dot) as a string
        overrides.setdefault(section, {})[name] = parsed
    if overrides:
        import dataclasses

        from retrieval.config import config_from_mapping

        data = {
            section: dataclasses.asdict(getattr(config, section)) if dataclasses.is_dataclass(getattr(config, section, None)) else {}
            for section in overrides
        }
        for section, values in overrides.items():
            data[section].update(values)
        patched = config_from_mapping(data, base_dir=config.base_dir, source="--set")
        config = dataclasses.replace(config, **{section: getattr(patched, section) for section in overrides})
    if getattr(args, "top_k", None) is not None:
        config = config.replace(ranking={"top_k": args.top_k})
    return config


def _engine(args: argparse.Namespace, config):
    from retrieval.engine import Engine

    return Engine.from_config(config, args.corpus)


def settle() -> None:
    """Call once the engine is built, in a process it lives as long as (REPL, Discord,
    bench): what exists now is moved out of the cyclic garbage collector's reach, so
    its full scans no longer walk the index (about 40 ms a scan at 1,145 passages,
    paid by whichever answer triggers it)."""
    import gc

    gc.collect()
    gc.freeze()


def _ask(args: argparse.Namespace, out: TextIO) -> int:
    from retrieval.engine import QuestionError

    from .formatting import format_answer, printable, well_formed

    if args.batch is None and args.question is None:
        print("kyutai-qa ask: 質問を指定してください（例: kyutai-qa ask \"キュタイの予算は？\"）", file=sys.stderr)
        return 2
    if args.batch is not None and args.question is not None:
        print("kyutai-qa ask: 質問と --batch はどちらか一方だけを指定してください", file=sys.stderr)
        return 2
    config = _config(args)
    engine = _engine(args, config)
    color = _color(out)
    # JSON stays lossless on an output that cannot show Japanese (\u escapes, not ?).
    ascii_only = not _writes_utf(out)

    def one(question: str) -> tuple[str, bool]:
        """The output for one question, and whether it was answered. A question refused
        as too long is echoed in its JSON error object cut to answer.max_question_chars
        and "…" (a 3-million-character line made a 9 MB line of output)."""
        try:
            answer = engine.answer(question)
        except QuestionError as exc:
            if args.json:
                limit = config.answer.max_question_chars
                echoed = question[:limit] + "…" if len(question) > limit else question
                error = {"question": well_formed(echoed), "answer": None, "abstained": True, "passages": [], "error": str(exc)}
                return _json(error, ascii_only=ascii_only), False
            return printable(str(exc)), False
        if args.json:
            return _json(answer.to_dict(), ascii_only=ascii_only), True
        return format_answer(answer, color=color), True

    if args.batch is None:
        text, ok = one(_utf8_argument(args.question))
        if ok or args.json:
            print(text, file=out)
        else:
            print(f"kyutai-qa ask: {text}", file=sys.stderr)
        return 0 if ok else 2
    # A line that is not UTF-8 is that line's error (the engine's check names it), not
    # the batch's end: bytes are read with surrogateescape, whatever the locale.
    if args.batch == "-":
        lines = _lenient_stdin()
        if lines is None:
            print("kyutai-qa ask: --batch - needs a standard input, and it is closed", file=sys.stderr)
            return 2
        return _answer_lines(lines, one, name=printable(args.batch), between="" if args.json else "\n", out=out)
    try:
        batch = open(args.batch, encoding="utf-8-sig", errors="surrogateescape")
    except OSError as exc:
        print(f"kyutai-qa ask: cannot read batch file {printable(args.batch)}: {exc.strerror}", file=sys.stderr)
        return 2
    with batch:
        return _answer_lines(batch, one, name=printable(args.batch), between="" if args.json else "\n", out=out)


def _answer_lines(lines: Iterable[str], one: Callable[[str], tuple[str, bool]], *, name: str, between: str, out: TextIO) -> int:
    """Print ``one(line)`` for each line of a batch, ``between`` separating them; exit
    status 0 once read to the end, 2 when a read fails mid-file (EIO)."""
    read = iter(lines)
    n = 0
    while True:
        try:
            line = next(read)
        except StopIteration:
            return 0
        except OSError as exc:  # a read failing mid-file (EIO), not the output
            print(f"kyutai-qa ask: cannot read batch file {name}: {exc.strerror}", file=sys.stderr)
            return 2
        text, _ = one(line.rstrip("\n").removeprefix("\ufeff") if n == 0 else line.rstrip("\n"))
        if n:
            print(between, end="", file=out)
        print(text, file=out, flush=True)
        n += 1


def _utf8_argument(argument: str) -> str:
    """A command-line argument as UTF-8: under a locale that is not (LC_ALL=C without
    Python's coercion) Python decodes argv as ASCII with surrogateescape, and the
    bytes of a Japanese question survive only as surrogates."""
    try:
        return os.fsencode(argument).decode("utf-8", "surrogateescape")
    except UnicodeError:
        return argument


# DEL and the C1 controls, which json.dumps leaves raw; \x9b is a one-byte CSI to a terminal.
_RAW_CONTROL = re.compile("[\x7f-\x9f]")


def _json(data: object, *, ascii_only: bool, indent: int | None = None) -> str:
    """``data`` as JSON, every control character escaped (json.dumps escapes only
    C0): lossless, and safe to let reach a terminal. Outside strings JSON has no
    such character, so the escapes land in strings."""
    text = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _writes_utf(out: TextIO) -> bool:
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def _color(out: TextIO) -> bool:
    """Bold matched words on a terminal, unless NO_COLOR is set (no-color.org) or the
    terminal says it has no escapes (TERM=dumb: Emacs shells, some CI logs); else 【】."""
    return out.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _lenient_stdin() -> TextIO | None:
    """stdin read as UTF-8 (what the README asks for, whatever the locale; a terminal
    keeps its own encoding), bytes that are not UTF-8 becoming lone surrogates, which
    the engine refuses with a message, instead of raising mid-batch."""
    if sys.stdin is None:  # started with stdin closed (<&-)
        return None
    try:
        if sys.stdin.isatty():
            sys.stdin.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
        else:
            sys.stdin.reconfigure(encoding="utf-8", errors="surrogateescape")  # type: ignore[union-attr]
    except (AttributeError, ValueError):  # replaced by a StringIO (tests), or already read from
        pass
    return sys.stdin


def _eval(args: argparse.Namespace, out: TextIO) -> int:
    from retrieval.config import NO_ABSTENTION
    from retrieval.engine import Engine
    from retrieval.evaluation import calibrate, evaluate, evaluate_per_document, load_gold, load_jsquad

    from .report import print_report

    config = _config(args)
    engine = _engine(args, config)
    gold = load_gold(args.gold or config.resolve(config.corpus.gold))
    reports = [evaluate(engine, gold, name="gold", baseline=not args.no_baseline)]
    suggestion = calibrate(engine, gold, max_wrongly_abstained=args.max_wrong) if args.calibrate else None
    if args.jsquad:
        passages, questions = load_jsquad(args.jsquad)
        # No JSQuAD question is unanswerable: judge ranking and extraction with abstention
        # off, and report apart how often the configured thresholds would abstain.
        open_config = config.replace(answer=NO_ABSTENTION)
        # Open retrieval over the whole file: the shipped background frequencies were
        # counted from these very paragraphs, so they stay out (they would only count
        # each paragraph twice). Per article, each article's background is the others.
        reports.append(
            evaluate(
                Engine(open_config.replace(background={"enabled": False}), passages), questions,
                name="jsquad", baseline=not args.no_baseline, abstain_at=config.answer,
            )
        )
        reports.append(
            evaluate_per_document(
                open_config, passages, questions, name="jsquad per article", baseline=not args.no_baseline, abstain_at=config.answer
            )
        )
    if args.json:
        data = {r.name: r.to_dict() for r in reports}
        if suggestion is not None:
            data["calibration"] = suggestion
        print(_json(data, ascii_only=not _writes_utf(out), indent=2), file=out)
    else:
        for r in reports:
            limit = args.failures if args.failures is not None else (-1 if r.name == "gold" else 20 if r.name == "jsquad" else 0)
            print_report(r, out, failures=limit)
        if suggestion is not None:
            if suggestion:
                print(
                    f"calibration (at most {args.max_wrong:.0%} of answerable questions wrongly abstained): "
                    f"answer.abstain_min_coverage: {suggestion['abstain_min_coverage']}  "
                    f"answer.abstain_typed_min_coverage: {suggestion['abstain_typed_min_coverage']}  "
                    f"answer.abstain_min_score: {suggestion['abstain_min_score']}  "
                    f"answer.abstain_min_margin: {suggestion['abstain_min_margin']}  "
                    f"→ unanswerable abstained {suggestion['abstained_unanswerable']:.3f}, wrongly abstained {suggestion['wrongly_abstained']:.3f}",
                    file=out,
                )
            else:
                print(f"calibration: no thresholds keep wrong abstentions at {args.max_wrong:.0%} or less", file=out)
    return 0


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    args = _parser().parse_args(argv)
    if out is None:
        if sys.stdout is None and args.command != "discord":  # started with >&-: nowhere to answer (the bot logs to stderr)
            print("kyutai-qa: the standard output is closed", file=sys.stderr)
            return 1
        out = sys.stdout or open(os.devnull, "w", encoding="utf-8")
        try:  # an output encoding without Japanese (PYTHONIOENCODING=ascii) shows ?, not a traceback
            out.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    from retrieval.config import ConfigError
    from retrieval.corpus import CorpusError

    try:
        if args.command == "ask":
            return _ask(args, out)
        if args.command == "repl":
            from .repl import Repl

            config = _config(args)
            engine = _engine(args, config)
            settle()
            stdin = _lenient_stdin()
            if stdin is None:
                print("kyutai-qa repl: the standard input is closed", file=sys.stderr)
                return 2
            return Repl(engine, stdout=out, color=_color(out)).run(stdin)
        if args.command == "eval":
            return _eval(args, out)
        if args.command == "bench":
            from .bench import run_bench

            return run_bench(args, _config(args), out)
        if args.command == "discord":
            from .discord_bot import run

            config = _config(args)
            if args.corpus:
                config = config.replace(corpus={"path": str(Path(args.corpus).resolve())})
            return run(config, sync=args.sync)
    except (ConfigError, CorpusError) as exc:
        from .formatting import printable

        print(f"kyutai-qa: {printable(str(exc))}", file=sys.stderr)  # it may quote a corpus id
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # Input files are read, and their errors named, where they are opened; what is
        # left is mostly the output (a full disk, a closed terminal), but say only what
        # is known.
        if exc.filename is None:
            _quiet_stdout()
        where = f": {exc.filename}" if exc.filename is not None else " (writing the output?)"
        print(f"kyutai-qa: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    return 2


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush does not fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced (tests) or already closed
        pass


if __name__ == "__main__":
    sys.exit(main())
