"""Per-request DataLoaders, so a page of N rows with nested relations costs a constant number of statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

M = TypeVar("M", bound=Model)


class Loaders:
    """Creates one loader per (model) and per (model, foreign key) on first use, for one request only."""

    def __init__(self) -> None:
        self._by_id: dict[type[Model], DataLoader[int, Any]] = {}
        self._children: dict[tuple[type[Model], str, frozenset[tuple[str, Any]]], DataLoader[int, Any]] = {}

    def by_id(self, model: type[M]) -> DataLoader[int, M | None]:
        loader = self._by_id.get(model)
        if loader is None:

            async def load(ids: Sequence[int]) -> list[Any]:
                rows = {row.pk: row for row in await model.filter(pk__in=list(ids))}
                return [rows.get(i) for i in ids]

            loader = self._by_id[model] = DataLoader(load_fn=load)
        return loader

    def children(self, model: type[M], fk: str, **where: Any) -> DataLoader[int, list[M]]:
        """Rows of `model` whose `fk` (a column name such as "case_id") is the key, oldest first; `where` narrows
        them (events of one subject type, say)."""
        key = (model, fk, frozenset(where.items()))
        loader = self._children.get(key)
        if loader is None:

            async def load(ids: Sequence[int]) -> list[Any]:
                grouped: dict[int, list[Model]] = defaultdict(list)
                for row in await model.filter(**{f"{fk}__in": list(ids)}, **where).order_by("id"):
                    grouped[getattr(row, fk)].append(row)
                return [grouped.get(i, []) for i in ids]

            loader = self._children[key] = DataLoader(load_fn=load)
        return loader
