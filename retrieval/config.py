"""Load and validate ``config.yaml``.

Scalar defaults equal the values written in the shipped ``config.yaml``, so a key
left out means the documented default; the article-specific lists (aliases,
cleaning patterns, question words) default to empty.

Every tunable of the engine and the front ends is a field of one of the frozen
dataclasses below; the YAML file mirrors them section by section. Validation is
strict so that a typo cannot silently fall back to a default: an unknown key, a
wrong type or a value out of range raises :class:`ConfigError` with one line
naming the key. Front ends print that line and exit with status 2.

Relative paths in the file are resolved against the folder holding the file,
so ``kyutai-qa --config /elsewhere/config.yaml`` works from any directory.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .synonyms import ENGLISH_FUNCTION_WORDS

__all__ = ["Config", "ConfigError", "load_config", "default_config_path", "NO_ABSTENTION"]


class ConfigError(ValueError):
    """A problem with config.yaml or a file it names; ``str()`` is one line."""


@dataclass(frozen=True)
class CorpusConfig:
    path: str = "corpus/kyutai.txt"
    gold: str = "corpus/gold.yaml"


@dataclass(frozen=True)
class CleaningConfig:
    drop_duplicates: bool = True
    drop_patterns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NormalizationConfig:
    lowercase_latin: bool = True
    fold_prolonged_sound_mark: bool = False
    fold_middle_dot: bool = False


@dataclass(frozen=True)
class TokenizerConfig:
    drop_pos: list[str] = field(default_factory=lambda: ["助詞", "助動詞", "補助記号", "記号", "空白"])
    number_values: bool = True
    noun_bigrams: bool = False
    kanji_unigrams: bool = True
    question_words: list[str] = field(default_factory=list)
    light_verbs: list[str] = field(default_factory=list)
    generic_nouns: list[str] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    aliases_also_given_names: list[str] = field(default_factory=list)
    hiragana_aliases: bool = True
    hiragana_words: bool = True


@dataclass(frozen=True)
class BackgroundConfig:
    enabled: bool = True
    path: str = "retrieval/data/background_df.tsv"
    weight: float = 0.01


@dataclass(frozen=True)
class SynonymsConfig:
    enabled: bool = True
    path: str = "retrieval/data/synonyms.tsv"
    # English word → Japanese terms from JMdict ("" for none).
    english_path: str = "retrieval/data/english_glosses.tsv"
    # English function words, never expanded (JMdict's the → その / 彼 is no translation).
    english_function_words: list[str] = field(default_factory=lambda: list(ENGLISH_FUNCTION_WORDS))
    # Expand a katakana loanword also by its English origin's glosses (アドバイザー → 顧問).
    loanword_origins: bool = True
    weight: float = 0.3


@dataclass(frozen=True)
class RankingConfig:
    variant: str = "okapi"
    k1: float = 0.3
    b: float = 0.75
    epsilon: float = 0.25
    delta: float = 1.0
    top_k: int = 3
    title_in_passage: bool = True
    word_weight: float = 1.0
    bigram_weight: float = 1.0
    bigram_k1: float = 0.3
    bigram_b: float = 0.75
    fusion: str = "score"
    rank_fusion_k: float = 60.0
    answer_type_boost: float = 0.3
    proximity_weight: float = 0.5
    rerank_depth: int = 2
    predicate_weight: float = 0.3
    # In a question with no kana or kanji (English), a Latin word the corpus never uses
    # adds no character bigrams (its letters meet the article only by chance).
    english_bigrams_known_words_only: bool = True
    # A Latin word of the question the corpus lacks, read as the corpus's word when that
    # is the same without accents or its English singular (Pèrez → perez, GPUs → gpu).
    latin_word_variants: bool = True


@dataclass(frozen=True)
class AnswerConfig:
    abstain_min_score: float = 0.0
    abstain_min_coverage: float = 0.05
    abstain_typed_min_coverage: float = 1.0
    abstain_min_margin: float = 0.0
    typed_answer_needs_names: bool = True
    asked_post_needed: bool = True
    asked_amount_named: bool = True
    asked_person_named: bool = True
    max_question_chars: int = 2000
    phrase_answers: bool = True
    name_answers: bool = True
    set_off_phrase_factor: float = 0.1
    katakana_latin_factor: float = 0.5
    sentence_bigram_weight: float = 1.0
    typed_sentence_factor: float = 0.1
    skip_lone_function_nouns: bool = True
    trim_leading_adverbial_nouns: bool = True
    skip_readings: bool = True
    skip_restatements: bool = True
    title_answers: bool = True
    choice_answers: bool = True
    possessor_answers: bool = True
    described_topics: bool = True
    yes_no_clauses: bool = True
    how_predicates: bool = True
    relation_answers: bool = True
    person_lists: bool = True
    keep_tokens_up_to: int = 20000


# The ``answer:`` thresholds at zero (the eval answers JSQuAD so, and calibration
# measures every answer so): ``config.replace(answer=NO_ABSTENTION)``. The engine
# still abstains when no word of the question is in the best passage: there is
# nothing to answer from (engine.abstains).
NO_ABSTENTION: Mapping[str, float] = MappingProxyType(
    {f.name: 0.0 for f in dataclasses.fields(AnswerConfig) if f.name.startswith("abstain_")}
)


@dataclass(frozen=True)
class CacheConfig:
    enabled: bool = True
    dir: str = ".cache/kyutai-qa"
    min_passages: int = 5000


@dataclass(frozen=True)
class DiscordConfig:
    channel_ids: list[int] = field(default_factory=list)
    max_passages: int = 3
    cooldown_rate: int = 5
    cooldown_seconds: float = 30.0
    max_question_chars: int = 500
    shard_count: int = 0
    message_content_intent: bool = False
    api_base_url: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg/"
    article_name: str = "TechCrunch: キュタイ（Kyutai）の記事"


@dataclass(frozen=True)
class Config:
    corpus: CorpusConfig = field(default_factory=CorpusConfig)
    cleaning: CleaningConfig = field(default_factory=CleaningConfig)
    normalization: NormalizationConfig = field(default_factory=NormalizationConfig)
    tokenizer: TokenizerConfig = field(default_factory=TokenizerConfig)
    synonyms: SynonymsConfig = field(default_factory=SynonymsConfig)
    background: BackgroundConfig = field(default_factory=BackgroundConfig)
    ranking: RankingConfig = field(default_factory=RankingConfig)
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    cache: CacheConfig = field(default_factory=CacheConfig)
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    # Folder that relative paths are resolved against; not a YAML key.
    base_dir: str = "."

    def resolve(self, path: str) -> Path:
        """A path from the config, made absolute against the config's folder."""
        p = Path(os.path.expanduser(path))
        return p if p.is_absolute() else Path(self.base_dir) / p

    def resolve_data(self, path: str) -> Path:
        """A data file the config names (synonyms, background frequencies); when it is
        not beside the config (an installed config), the copy shipped in the package."""
        resolved = self.resolve(path)
        shipped = Path(__file__).resolve().parent.parent / path
        # Neither exists: the path beside the config is the one to name in an error.
        return resolved if resolved.exists() or not shipped.exists() else shipped

    def replace(self, **sections: Any) -> "Config":
        """A copy with some fields of some sections changed: ``replace(ranking={"k1": 1.2})``."""
        changes = {name: dataclasses.replace(getattr(self, name), **values) for name, values in sections.items()}
        config = dataclasses.replace(self, **changes)
        _check_ranges(config)
        return config


_RANGES: dict[str, tuple[float, float]] = {
    "ranking.k1": (0.0, 100.0),
    "ranking.b": (0.0, 1.0),
    "ranking.epsilon": (0.0, 10.0),
    "ranking.delta": (0.0, 10.0),
    "ranking.top_k": (1, 100),
    "ranking.word_weight": (0.0, 100.0),
    "ranking.bigram_weight": (0.0, 100.0),
    "ranking.bigram_k1": (0.0, 100.0),
    "ranking.bigram_b": (0.0, 1.0),
    "ranking.rank_fusion_k": (0.0, 10_000.0),
    "ranking.answer_type_boost": (0.0, 100.0),
    "ranking.proximity_weight": (0.0, 100.0),
    "ranking.rerank_depth": (1, 1000),
    "ranking.predicate_weight": (0.0, 100.0),
    "synonyms.weight": (0.0, 1.0),
    "background.weight": (0.0, 100.0),
    "answer.abstain_min_coverage": (0.0, 1.0),
    "answer.abstain_typed_min_coverage": (0.0, 1.0),
    "answer.abstain_min_margin": (0.0, 1.0),
    "answer.max_question_chars": (1, 1_000_000),
    "answer.set_off_phrase_factor": (0.0, 1.0),
    "answer.katakana_latin_factor": (0.0, 1.0),
    "answer.sentence_bigram_weight": (0.0, 100.0),
    "answer.typed_sentence_factor": (0.0, 1.0),
    "answer.keep_tokens_up_to": (0, 10**9),
    "cache.min_passages": (0, 10**9),
    "discord.max_passages": (0, 10),
    "discord.cooldown_rate": (1, 10_000),
    "discord.cooldown_seconds": (0.0, 86_400.0),
    "discord.max_question_chars": (1, 4000),
    "discord.shard_count": (0, 10_000),
}
_CHOICES: dict[str, tuple[str, ...]] = {"ranking.variant": ("okapi", "plus", "l"), "ranking.fusion": ("score", "rank")}


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is list:
        return f"a list of {_type_name(typing.get_args(tp)[0])}s"
    if origin is dict:
        return "a mapping of strings to lists of strings"
    return {str: "string", int: "integer", float: "number", bool: "boolean (true/false)"}[tp]


def _coerce(value: Any, tp: Any, key: str) -> Any:
    """Check ``value`` against the annotation ``tp``; ints are accepted as floats."""
    origin = typing.get_origin(tp)
    bad = ConfigError(f"config key '{key}' must be {_type_name(tp)}, got {value!r}")
    if origin is list:
        if not isinstance(value, list):
            raise bad
        (item_tp,) = typing.get_args(tp)
        return [_coerce(v, item_tp, f"{key}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise bad
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise ConfigError(f"config key '{key}' has a non-string key {k!r}")
            if isinstance(v, str):
                v = [v]
            out[k] = _coerce(v, list[str], f"{key}.{k}")
        return out
    if tp is bool:
        if not isinstance(value, bool):
            raise bad
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
        return value
    if tp is str:
        if not isinstance(value, str):
            raise bad
        return value
    raise TypeError(tp)  # pragma: no cover - a schema mistake, not a user one


def _check_ranges(config: Config) -> None:
    for key, (low, high) in _RANGES.items():
        section, name = key.split(".")
        value = getattr(getattr(config, section), name)
        if not low <= value <= high:
            raise ConfigError(f"config key '{key}' must be between {low} and {high}, got {value!r}")
    for key, choices in _CHOICES.items():
        section, name = key.split(".")
        value = getattr(getattr(config, section), name)
        if value not in choices:
            raise ConfigError(f"config key '{key}' must be one of {', '.join(choices)}, got {value!r}")


def config_from_mapping(data: Any, *, base_dir: str | os.PathLike[str] = ".", source: str = "config") -> Config:
    """Build a validated :class:`Config` from parsed YAML."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping of sections")
    sections = {f.name: f for f in dataclasses.fields(Config) if f.name != "base_dir"}
    built: dict[str, Any] = {}
    for section_name, section_data in data.items():
        if section_name not in sections:
            raise ConfigError(f"{source}: unknown config section '{section_name}' (known: {', '.join(sections)})")
        section_cls = typing.get_type_hints(Config)[section_name]
        if section_data is None:
            section_data = {}
        if not isinstance(section_data, dict):
            raise ConfigError(f"{source}: config section '{section_name}' must be a mapping")
        hints = typing.get_type_hints(section_cls)
        values = {}
        for key, value in section_data.items():
            if key not in hints:
                raise ConfigError(
                    f"{source}: unknown config key '{section_name}.{key}' (known: {', '.join(hints)})"
                )
            values[key] = _coerce(value, hints[key], f"{section_name}.{key}")
        built[section_name] = section_cls(**values)
    config = Config(**built, base_dir=str(base_dir))
    _check_ranges(config)
    return config


def default_config_path() -> Path:
    """``$KYUTAI_QA_CONFIG``, else ``./config.yaml``, else the one beside the source
    tree (a checkout), else the one ``pip install`` put in ``<prefix>/share/kyutai-qa``."""
    env = os.environ.get("KYUTAI_QA_CONFIG")
    if env:
        return Path(env)
    candidates = [
        Path("config.yaml"),
        Path(__file__).resolve().parent.parent / "config.yaml",
        Path(sys.prefix) / "share" / "kyutai-qa" / "config.yaml",
    ]
    return next((p for p in candidates if p.is_file()), candidates[0])


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read and validate a config file (see :func:`default_config_path`)."""
    import yaml  # imported here: only loading a config needs it

    path = Path(path) if path is not None else default_config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file is not UTF-8: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    try:
        data = load_yaml(text, path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigError(f"{path}: not valid YAML{where}") from None
    return config_from_mapping(data, base_dir=path.resolve().parent, source=str(path))


class _DuplicateKey(Exception):
    pass


@functools.cache
def _unique_keys_loader() -> type:
    """yaml.SafeLoader refusing a key given twice in one mapping as written (PyYAML
    keeps the last silently, so a typo'd second ``k1:`` would win unseen). Checked
    when the mapping is composed, before any ``<<:`` merge is applied: keys a merge
    brings in may be overridden, by design; two ``<<:`` keys are refused too."""
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        def compose_mapping_node(self, anchor):  # type: ignore[no-untyped-def]
            node = super().compose_mapping_node(anchor)
            seen = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue  # SafeLoader itself refuses an unhashable key, with its line
                try:  # the key as loaded: 1 and 01, yes and true are one key
                    key = (key_node.tag, self.construct_scalar(key_node) if key_node.tag.endswith(":str") else self.construct_object(key_node))
                except (yaml.YAMLError, TypeError, ValueError):
                    key = (key_node.tag, key_node.value)
                if key in seen:
                    raise _DuplicateKey(f"key {key_node.value!r} is given twice (line {key_node.start_mark.line + 1})")
                seen.add(key)
            return node

    return UniqueKeyLoader


def load_yaml(text: str, source: str | os.PathLike[str]) -> Any:
    """YAML text as Python data (a config or gold file), a key given twice a
    :class:`ConfigError` naming ``source`` and the line; other YAML errors propagate."""
    import yaml

    try:
        return yaml.load(text, Loader=_unique_keys_loader())  # noqa: S506 (a SafeLoader)
    except _DuplicateKey as exc:
        raise ConfigError(f"{source}: {exc}") from None
