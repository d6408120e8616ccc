"""Queueing background work by task name.

Services queue work through their app's ``dispatch`` module, which names tasks instead of importing
them: tasks call services, services never import tasks, so there is no import circle. Without a
broker Celery runs the task in-process (eager), exactly as before.
"""

from __future__ import annotations

from typing import Any

from celery import Task, current_app


def task_named(name: str) -> Task[Any, Any]:
    app = current_app
    task = app.tasks.get(name)
    if task is None:
        # The web process imports task modules only on demand: run Celery's autodiscovery once.
        app.loader.import_default_modules()
        task = app.tasks[name]
    return task


def enqueue(name: str, *args: Any, **kwargs: Any) -> None:
    """``task.delay(*args, **kwargs)`` for the task registered under ``name``."""
    task_named(name).delay(*args, **kwargs)
