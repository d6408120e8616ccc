"""Fixtures for the classifier tests: each shipped model is loaded once per session."""

from __future__ import annotations

import pytest

from tatakelola.classify import Classifier, load


@pytest.fixture(scope="session")
def abusive_id() -> Classifier:
    return load("abusive_id")


@pytest.fixture(scope="session")
def hate_speech_id() -> Classifier:
    return load("hate_speech_id")
