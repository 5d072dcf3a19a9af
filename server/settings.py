"""Settings from the environment (CASELINK_*), each with a default that works on a fresh machine."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

VAR_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CASELINK_", extra="ignore")

    database_url: str = Field(default=f"sqlite://{VAR_DIR}/caselink.sqlite3")
    redis_url: str | None = None
    # The prefix of this deployment's Redis channels: instances that share it share events and policy changes.
    redis_prefix: str = "caselink"
    secret_key: str = ""
    debug: bool = False
    token_ttl_minutes: int = 8 * 60
    max_page_size: int = 100
    max_query_depth: int = 12
    max_query_tokens: int = 4000
    # Answer the queries the planner understands straight from SQL rows (graphql_api.planner); off: Strawberry only.
    planned_reads: bool = True
    # How often each instance tries the deadline sweep and the audit seal (one instance does each at a time); 0: never.
    sweep_seconds: float = 10.0
    # The admin's language: zh_Hans (Simplified Chinese) or en; each user can switch in the admin too.
    admin_language: str = "zh_Hans"
    # How often each instance seals new events into the audit chain, which makes them streamable (events.stream).
    stream_seconds: float = 0.1
    # How often each instance looks for webhook deliveries that are due (events.webhooks); 0: never.
    webhook_seconds: float = 0.5

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept under ./var/ so tokens survive restarts."""
        if self.secret_key:
            return self.secret_key
        path = VAR_DIR / "secret_key"
        if not path.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
