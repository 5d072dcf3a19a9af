"""The authenticated actor of a request: a person (user) or an integrator (API key)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    """`subject` is how the policy names it ("user:12", "key:3"); `agency_id` is its own agency."""

    subject: str
    agency_id: int
    user_id: int | None = None
    api_key_id: int | None = None
    username: str = ""


def user_subject(user_id: int) -> str:
    return f"user:{user_id}"


def key_subject(key_id: int) -> str:
    return f"key:{key_id}"
