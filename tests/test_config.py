"""retrieval.config: defaults, strict validation with one-line errors, Config.replace."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from retrieval.config import Config, ConfigError, load_config

from conftest import CONFIG_PATH

SECTIONS = [f.name for f in dataclasses.fields(Config) if f.name != "base_dir"]


def test_shipped_config_loads(config):
    assert isinstance(config, Config)
    assert Path(config.base_dir) == CONFIG_PATH.parent
    assert config.resolve(config.corpus.path).is_file()
    assert config.tokenizer.aliases["kyutai"]  # the article's name variants are configured


def test_empty_file_gives_defaults(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("# nothing\n", encoding="utf-8")
    config = load_config(path)
    assert dataclasses.replace(config, base_dir=".") == Config()
    assert Path(config.base_dir) == tmp_path


def test_empty_sections_give_defaults(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("ranking:\nanswer: {}\n", encoding="utf-8")
    assert load_config(path).ranking == Config().ranking


def _scalar_keys():
    data = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    for section in SECTIONS:
        for key, value in (data.get(section) or {}).items():
            if not isinstance(value, (list, dict)):
                yield f"{section}.{key}"


@pytest.mark.parametrize("key", list(_scalar_keys()))
def test_scalar_defaults_equal_the_shipped_file(config, key):
    """The module promises that a key left out means the value written in config.yaml."""
    section, name = key.split(".")
    assert getattr(getattr(Config(), section), name) == getattr(getattr(config, section), name)


def test_relative_paths_resolve_against_the_config_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "config.yaml"
    path.write_text("corpus:\n  path: data/article.txt\n", encoding="utf-8")
    config = load_config(path)
    assert config.resolve(config.corpus.path) == tmp_path / "sub" / "data" / "article.txt"
    assert config.resolve("/abs/file.txt") == Path("/abs/file.txt")


def test_int_accepted_for_float(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("ranking:\n  k1: 2\n", encoding="utf-8")
    k1 = load_config(path).ranking.k1
    assert k1 == 2.0 and isinstance(k1, float)


def test_alias_given_as_a_string_becomes_a_list(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("tokenizer:\n  aliases:\n    kyutai: キュタイ\n", encoding="utf-8")
    assert load_config(path).tokenizer.aliases == {"kyutai": ["キュタイ"]}


BAD_CONFIGS = [
    ("bogus:\n  x: 1\n", "bogus"),
    ("ranking:\n  kk1: 1\n", "ranking.kk1"),
    ("ranking:\n  k1: fast\n", "ranking.k1"),
    ("ranking:\n  top_k: true\n", "ranking.top_k"),
    ("ranking:\n  top_k: 2.5\n", "ranking.top_k"),
    ("ranking:\n  title_in_passage: 1\n", "ranking.title_in_passage"),
    ("ranking:\n  b: 2\n", "ranking.b"),
    ("ranking:\n  k1: -1\n", "ranking.k1"),
    ("ranking:\n  k1: .nan\n", "ranking.k1"),
    ("ranking:\n  top_k: 0\n", "ranking.top_k"),
    ("ranking:\n  variant: bm42\n", "ranking.variant"),
    ("answer:\n  abstain_min_coverage: 1.5\n", "answer.abstain_min_coverage"),
    ("answer:\n  set_off_phrase_factor: 2\n", "answer.set_off_phrase_factor"),
    ("answer:\n  katakana_latin_factor: -1\n", "answer.katakana_latin_factor"),
    ("answer:\n  sentence_bigram_weight: -1\n", "answer.sentence_bigram_weight"),
    ("answer:\n  typed_sentence_factor: 1.5\n", "answer.typed_sentence_factor"),
    ("cleaning:\n  drop_patterns: foo\n", "cleaning.drop_patterns"),
    ("cleaning:\n  drop_patterns: [1]\n", "cleaning.drop_patterns[0]"),
    ("tokenizer:\n  aliases: [a, b]\n", "tokenizer.aliases"),
    ("tokenizer:\n  aliases:\n    kyutai: [1]\n", "tokenizer.aliases.kyutai"),
    ("discord:\n  channel_ids: [true]\n", "discord.channel_ids"),
    ("ranking: [1, 2]\n", "ranking"),
    ("- a\n- b\n", "mapping"),
    ("ranking:\n  k1: [1, 2\n", "not valid YAML"),
    ("ranking:\n\tk1: 1\n", "not valid YAML"),
    ("ranking:\n  k1: 0.3\n  b: 0.7\n  k1: 9\n", "'k1' is given twice (line 4)"),
    ("ranking:\n  k1: 0.3\nranking:\n  b: 0.7\n", "'ranking' is given twice"),
    ("ranking:\n  [a, b]: 1\n", "not valid YAML (line 2)"),  # an unhashable key
    ("tokenizer:\n  aliases:\n    1: [a]\n    01: [b]\n", "'01' is given twice"),  # the same key, spelled otherwise
]


@pytest.mark.parametrize("text, named", BAD_CONFIGS)
def test_bad_config_is_one_line_naming_the_key(tmp_path, text, named):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    message = str(exc.value)
    assert named in message
    assert "\n" not in message


def test_missing_file_names_the_file(tmp_path):
    path = tmp_path / "missing.yaml"
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(path) in str(exc.value) and "\n" not in str(exc.value)


def test_non_utf8_config_names_the_file(tmp_path):
    path = tmp_path / "sjis.yaml"
    path.write_bytes("discord:\n  article_name: キュタイ\n".encode("shift_jis"))
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(path) in str(exc.value) and "UTF-8" in str(exc.value)


def test_folder_as_config_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=str(tmp_path)):
        load_config(tmp_path)


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("ranking:\n  k1: 1\n  b: [0.5\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(path) in str(exc.value) and "line" in str(exc.value)


def test_env_variable_selects_the_default_config(tmp_path, monkeypatch):
    path = tmp_path / "env.yaml"
    path.write_text("ranking:\n  top_k: 7\n", encoding="utf-8")
    monkeypatch.setenv("KYUTAI_QA_CONFIG", str(path))
    assert load_config().ranking.top_k == 7


# -- Config.replace ---------------------------------------------------------------


def test_replace_returns_a_changed_copy(config):
    changed = config.replace(ranking={"k1": 1.2, "top_k": 5}, answer={"abstain_min_coverage": 0.4})
    assert (changed.ranking.k1, changed.ranking.top_k, changed.answer.abstain_min_coverage) == (1.2, 5, 0.4)
    assert changed.ranking.b == config.ranking.b
    assert changed.tokenizer == config.tokenizer
    assert changed.base_dir == config.base_dir
    assert load_config(CONFIG_PATH) == config  # the original is untouched


@pytest.mark.parametrize(
    "section, values, named",
    [
        ("ranking", {"b": 2.0}, "ranking.b"),
        ("ranking", {"top_k": 0}, "ranking.top_k"),
        ("ranking", {"variant": "bm42"}, "ranking.variant"),
        ("answer", {"abstain_min_coverage": -0.1}, "answer.abstain_min_coverage"),
    ],
)
def test_replace_checks_ranges(config, section, values, named):
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        config.replace(**{section: values})


def test_config_is_frozen(config):
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.ranking.k1 = 9.0  # type: ignore[misc]


def test_merge_keys_are_not_duplicates(tmp_path):
    """`<<: *anchor` merges a mapping; a key given beside it overrides the merged one."""
    path = tmp_path / "config.yaml"
    path.write_text("ranking:\n  <<: {k1: 0.5, b: 0.6}\n  k1: 0.9\n", encoding="utf-8")
    merged = load_config(path)
    assert merged.ranking.k1 == 0.9 and merged.ranking.b == 0.6


def test_nested_merges_are_no_duplicates_and_two_merge_keys_are(tmp_path):
    from retrieval.config import load_yaml

    nested = "a: &a {k: 1}\nouter:\n  inner: &b {<<: *a, k: 2}\nc: {<<: *b}\n"
    assert load_yaml(nested, "x")["outer"]["inner"] == {"k": 2}
    with pytest.raises(ConfigError, match="'<<' is given twice"):
        load_yaml("c:\n  <<: {a: 1}\n  <<: {b: 2}\n", "x")


def test_a_missing_data_file_is_named_beside_the_config(tmp_path):
    """A data file found neither beside the config nor in the package is named where
    the config says, not at the package's fallback copy."""
    from retrieval.config import load_config

    (tmp_path / "config.yaml").write_text("synonyms:\n  path: nothere.tsv\n", encoding="utf-8")
    config = load_config(tmp_path / "config.yaml")
    assert config.resolve_data("nothere.tsv") == tmp_path / "nothere.tsv"
    # A shipped file missing beside an installed config is the package's copy.
    shipped = config.resolve_data("retrieval/data/synonyms.tsv")
    assert shipped.is_file() and shipped != tmp_path / "retrieval/data/synonyms.tsv"
