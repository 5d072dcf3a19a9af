"""The Tortoise configuration, shared by the app, the command line and Tortoise's own migration tool."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from server.settings import get_settings

MODELS_APP = "models"


def tortoise_config(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite://"):
        path = database_url.removeprefix("sqlite://")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    return {
        "connections": {"default": database_url},
        "apps": {
            MODELS_APP: {
                "models": ["models"],
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        # Stored in UTC, aware everywhere; working days are computed in China's time by procedures.calendar.
        "use_tz": True,
        "timezone": "UTC",
    }


# Read by `tortoise makemigrations` through [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = tortoise_config(get_settings().database_url)
