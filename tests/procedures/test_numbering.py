"""Document numbers: 南排河移〔2026〕3号, distinct and consecutive under concurrency."""

from __future__ import annotations

import asyncio

from tortoise.transactions import in_transaction

from models import Agency
from procedures.numbering import format_number, issue_number, next_sequence


def test_the_format_uses_the_real_brackets() -> None:
    number = format_number("南排河", "移", 2026, 3)
    assert number == "南排河移〔2026〕3号"
    assert "\u3014" in number and "\u3015" in number


async def test_r_a2_a_hundred_concurrent_transfer_letters_get_a_hundred_consecutive_numbers() -> None:
    """R-A2: the letter's number comes from one atomic upsert; on PostgreSQL the transactions really run at once."""
    agency = await Agency.get(code="南排河")

    async def issue() -> int:
        async with in_transaction() as connection:
            return await next_sequence(agency.id, "测", 2031, using_db=connection)

    numbers = await asyncio.gather(*(issue() for _ in range(100)))
    assert sorted(numbers) == list(range(1, 101))


async def test_each_year_and_document_code_has_its_own_counter() -> None:
    agency = await Agency.get(code="南排河")
    first = await issue_number(agency, "样", 2032)
    assert first == "南排河样〔2032〕1号"
    assert await issue_number(agency, "样", 2033) == "南排河样〔2033〕1号"
    assert await issue_number(agency, "样", 2032) == "南排河样〔2032〕2号"
