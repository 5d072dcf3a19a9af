"""Per-request DataLoaders, so a page of N rows with nested relations costs a constant number of statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q
from tortoise.models import Model

M = TypeVar("M", bound=Model)


class Loaders:
    """Creates one loader per (model, scope) and per (model, foreign key, scope) on first use, for one request only.
    `scoped` names the scope `where` holds (the resource whose read scope it is), so that rows read under one
    scope are never handed out under another."""

    def __init__(self) -> None:
        self._by_id: dict[tuple[type[Model], str | None], DataLoader[int, Any]] = {}
        self._children: dict[tuple[type[Model], str, frozenset[tuple[str, Any]], str | None], DataLoader[int, Any]] = {}

    def by_id(self, model: type[M], where: Q | None = None, *, scoped: str | None = None) -> DataLoader[int, M | None]:
        key = (model, scoped if where is not None else None)
        loader = self._by_id.get(key)
        if loader is None:

            async def load(ids: Sequence[int]) -> list[Any]:
                query = model.filter(pk__in=list(ids))
                rows = {row.pk: row for row in await (query.filter(where) if where is not None else query)}
                return [rows.get(i) for i in ids]

            loader = self._by_id[key] = DataLoader(load_fn=load)
        return loader

    def children(
        self, model: type[M], fk: str, where: Q | None = None, *, scoped: str | None = None, **equal: Any
    ) -> DataLoader[int, list[M]]:
        """Rows of `model` whose `fk` (a column name such as "case_id") is the key, oldest first; `equal` narrows
        them to rows whose columns hold the values given (events of one subject type, say), `where` to a scope."""
        key = (model, fk, frozenset(equal.items()), scoped if where is not None else None)
        loader = self._children.get(key)
        if loader is None:

            async def load(ids: Sequence[int]) -> list[Any]:
                grouped: dict[int, list[Model]] = defaultdict(list)
                query = model.filter(**{f"{fk}__in": list(ids)}, **equal)
                for row in await (query.filter(where) if where is not None else query).order_by("id"):
                    grouped[getattr(row, fk)].append(row)
                return [grouped.get(i, []) for i in ids]

            loader = self._children[key] = DataLoader(load_fn=load)
        return loader
