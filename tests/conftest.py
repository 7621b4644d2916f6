"""Shared fixtures for the kyutai-qa test suite.

``config`` is the shipped config.yaml and ``engine`` an engine built from it, once
per session (building takes well under a second, but the suite asks it hundreds of
questions). Paths are absolute, so the suite runs from any working directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) without an installed package
    sys.path.insert(0, str(ROOT))

from retrieval.config import load_config  # noqa: E402
from retrieval.engine import Engine  # noqa: E402

CONFIG_PATH = ROOT / "config.yaml"
CORPUS_PATH = ROOT / "corpus" / "kyutai.txt"


@pytest.fixture(scope="session")
def config():
    """The shipped config.yaml."""
    return load_config(CONFIG_PATH)


@pytest.fixture(scope="session")
def engine(config):
    """An engine over the article, built from the shipped config."""
    return Engine.from_config(config)


@pytest.fixture(scope="session")
def tokenizer(engine):
    return engine.tokenizer


@pytest.fixture(scope="session")
def normalizer(engine):
    return engine.tokenizer.normalizer
