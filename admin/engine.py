"""The admin's SQLAlchemy engine, on the same database as Tortoise (the URL in Tortoise's spelling)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def sqlalchemy_url(tortoise_url: str) -> str:
    scheme, _, rest = tortoise_url.partition("://")
    if scheme == "sqlite":
        return f"sqlite+aiosqlite:///{rest}"
    if scheme in ("postgres", "postgresql", "asyncpg"):
        return f"postgresql+asyncpg://{rest}"
    raise ValueError(f"the admin does not know the database scheme {scheme!r}")


def create_engine(tortoise_url: str) -> AsyncEngine:
    url = sqlalchemy_url(tortoise_url)
    if url.startswith("sqlite"):
        # Tortoise holds the writer; the admin only reads, and waits for a lock rather than failing at once.
        return create_async_engine(url, connect_args={"timeout": 5})
    return create_async_engine(url, pool_size=2, max_overflow=2, pool_pre_ping=True)
