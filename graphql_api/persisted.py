"""Automatic persisted queries (Apollo's convention): a client sends `extensions.persistedQuery.sha256Hash` instead of
the document; the first time, or when the server forgot it, it is told PERSISTED_QUERY_NOT_FOUND and sends both.

Why our own: Strawberry has no such extension, and the convention is a dozen lines. Each instance keeps its own
bounded store; a client that meets an instance that does not know the hash simply sends the document once more.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any


class PersistedQueryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def response(self) -> dict[str, Any]:
        return {"errors": [{"message": str(self), "extensions": {"code": self.code}}]}


class PersistedQueries:
    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._documents: OrderedDict[str, str] = OrderedDict()

    def resolve(self, query: Any, extensions: Any) -> Any:
        """The document to run: `query` itself, or the one stored under the hash the extensions carry."""
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if not isinstance(persisted, dict):
            return query
        digest = persisted.get("sha256Hash")
        if persisted.get("version") != 1 or not isinstance(digest, str):
            raise PersistedQueryError("PERSISTED_QUERY_NOT_SUPPORTED", "persistedQuery: version 1 with a sha256Hash")
        if isinstance(query, str):
            if hashlib.sha256(query.encode()).hexdigest() != digest:
                raise PersistedQueryError("BAD_USER_INPUT", "provided sha does not match query")
            self._documents[digest] = query
            self._documents.move_to_end(digest)
            while len(self._documents) > self._size:
                self._documents.popitem(last=False)
            return query
        stored = self._documents.get(digest)
        if stored is None:
            raise PersistedQueryError("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        self._documents.move_to_end(digest)
        return stored
