"""Document numbers such as 南排河移〔2026〕3号: agency code + document code + 〔year〕 + sequence + 号.

The counter is one atomic upsert, so concurrent issuers of one agency get distinct, consecutive numbers.
"""

from __future__ import annotations

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from models import Agency

# Document codes (文书代字) of the documents CaseLink issues.
TRANSFER_LETTER = "移"
CLUE_LETTER = "线"
ASSISTANCE_LETTER = "协"
NOTICE = "告"
CASE = "立"
CLUE_REGISTRATION = "登"

_UPSERT = (
    'INSERT INTO "document_counter" ("agency_id", "doc_code", "year", "value", "created_at", "updated_at") '
    "VALUES ({p1}, {p2}, {p3}, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) "
    'ON CONFLICT ("agency_id", "doc_code", "year") '
    'DO UPDATE SET "value" = "document_counter"."value" + 1, "updated_at" = CURRENT_TIMESTAMP '
    'RETURNING "value"'
)


def format_number(agency_code: str, doc_code: str, year: int, sequence: int) -> str:
    return f"{agency_code}{doc_code}〔{year}〕{sequence}号"  # U+3014 and U+3015, as the real forms print them


async def next_sequence(agency_id: int, doc_code: str, year: int, *, using_db: BaseDBAsyncClient | None = None) -> int:
    connection = using_db or connections.get("default")
    dialect = connection.capabilities.dialect
    marks = ("$1", "$2", "$3") if dialect == "postgres" else ("?", "?", "?")
    sql = _UPSERT.format(p1=marks[0], p2=marks[1], p3=marks[2])
    rows = await connection.execute_query_dict(sql, [agency_id, doc_code, year])
    return int(rows[0]["value"])


async def issue_number(agency: Agency, doc_code: str, year: int, *, using_db: BaseDBAsyncClient | None = None) -> str:
    sequence = await next_sequence(agency.id, doc_code, year, using_db=using_db)
    return format_number(agency.code, doc_code, year, sequence)
