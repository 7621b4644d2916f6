"""The interactive REPL: ask questions one after another, in Japanese.

Line editing and history come from readline (history in ``~/.kyutai_qa_history``);
Ctrl-D, Ctrl-C or ``:quit`` leave cleanly (no traceback); a blank line does nothing.
Commands may start with the full-width ： a Japanese IME types (``：k　１`` is ``:k 1``).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

from retrieval.corpus import Passage
from retrieval.engine import Engine, QuestionError

from .formatting import format_answer, printable

__all__ = ["Repl"]

HELP = """\
記事（キュタイ／Kyutai についてのニュース）への質問を日本語で入力してください。
  :help       このヘルプ
  :k N        引用する段落の数を N にする（今: {k}。:k だけで今の数を表示）
  :source ID  段落 ID（例: {example}）の全文を表示
  :quit       終了（Ctrl-D でも終了）
コマンドの : は全角の ： でも構いません。"""

PROMPT = "質問> "


class Repl:
    def __init__(self, engine: Engine, *, top_k: int | None = None, stdout: TextIO = sys.stdout, color: bool = False) -> None:
        self.engine = engine
        self.top_k = top_k or engine.config.ranking.top_k
        self.out = stdout
        self.color = color

    def handle(self, line: str) -> bool:
        """Act on one input line; False when the REPL should end."""
        line = line.strip()
        if not line:
            return True
        if line.startswith((":", "：")):  # a Japanese IME types the full-width colon
            return self._command(line)
        try:
            answer = self.engine.answer(line, top_k=self.top_k)
        except QuestionError as exc:
            self._print(str(exc))
            return True
        # format_answer made the quoted text printable; its bold escapes must stay.
        print(format_answer(answer, color=self.color), file=self.out, flush=True)
        return True

    def _command(self, line: str) -> bool:
        # NFKC reads an IME's full-width ：ｋ　１ as :k 1; split() cuts at any space (U+3000 too).
        name, *rest = line.split(maxsplit=1)
        name = unicodedata.normalize("NFKC", name)
        arg = rest[0] if rest else ""
        example = self.engine.passages[0].id  # an id of this corpus, whatever it is
        if name in (":quit", ":q", ":exit"):
            return False
        if name in (":help", ":h", ":?"):
            self._print(HELP.format(k=self.top_k, example=example))
        elif name == ":k" and not arg:
            self._print(f"引用する段落の数: {self.top_k}（:k N で変更）")
        elif name == ":k":
            try:
                k = int(arg)  # takes ３ as 3; ² and ① are digits to str.isdigit but not numbers
            except ValueError:
                k = 0
            if 1 <= k <= 100:
                self.top_k = k
                self._print(f"引用する段落の数: {self.top_k}")
            else:
                self._print("使い方: :k N（N は 1〜100 の整数）")
        elif name == ":source" and not arg:
            self._print(f"使い方: :source ID（例: :source {example}。ID は回答の [1] {example} のように表示されます）")
        elif name == ":source":
            passage = self._passage(arg)
            if passage is None:
                self._print(f"段落 {arg} は見つかりません（重複や広告の行は索引から除いています）。ID は回答の [1] {example} のように表示されます。")
            else:
                # The document's title on its own line, marked as such: a headline is not the passage's text.
                self._print(f"{passage.id}  文書「{passage.title}」\n{passage.text}" if passage.title else f"{passage.id}\n{passage.text}")
        else:
            self._print(f"不明なコマンド: {name}（:help で一覧）")
        return True

    def _passage(self, typed: str) -> Passage | None:
        """The passage ``typed`` names: its id as typed, or as NFKC reads it (an IME's
        ｋｙｕｔａｉ＃３), with or without the title a citation adds (w1（豊岡市） is w1)."""
        ids = [typed]
        if typed.endswith("）") and "（" in typed:
            ids.append(typed[: typed.rindex("（")])
        for passage_id in ids + [unicodedata.normalize("NFKC", i) for i in ids]:
            passage = self.engine.passage(passage_id)
            if passage is not None:
                return passage
        return None

    def _print(self, text: str) -> None:
        """Print a message, what it echoes (an id typed, a passage) made printable."""
        print(printable(text), file=self.out, flush=True)

    def run(self, stdin: TextIO = sys.stdin) -> int:
        interactive = stdin.isatty()
        if interactive:
            _enable_readline()
            self._print("kyutai-qa — 記事への質問に答えます。:help でヘルプ、Ctrl-D で終了。")
        while True:
            try:
                line = input(PROMPT) if interactive else stdin.readline()
            except EOFError:
                break
            except KeyboardInterrupt:
                self._print("")
                break
            if not interactive and line == "":
                break
            if not self.handle(line):
                break
        if interactive:
            self._print("さようなら。")
        return 0


def _enable_readline() -> None:
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return
    history = Path(os.environ.get("KYUTAI_QA_HISTORY", Path.home() / ".kyutai_qa_history"))
    try:
        readline.read_history_file(history)
    except (FileNotFoundError, PermissionError, OSError):
        pass
    readline.set_history_length(1000)
    import atexit

    def save() -> None:
        try:
            readline.write_history_file(history)
        except OSError:
            pass

    atexit.register(save)
