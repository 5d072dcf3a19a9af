"""The printable documents, as A4 HTML from the Jinja2 templates in procedures/templates.

Each document has a printer, `(principal, record ID) -> HTML`, that reads the record under the principal's read scope
(the same as the API's list of that resource) and gives None when the record is not visible or the document does
not exist yet; a refused read raises AccessDenied. Each also has a URL helper for the API to link to it, and
`PRINTERS` maps every route (a path with `{id}`) to its printer for server/documents.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from permissions.principal import Principal
from procedures.documents import assistance, clue, notice, transfer
from procedures.documents.assistance import assistance_letter, assistance_letter_url
from procedures.documents.clue import clue_letter, clue_letter_url
from procedures.documents.notice import notice_letter, notice_letter_url
from procedures.documents.transfer import (
    DocumentKind,
    document_url,
    render,
    service_receipt,
    transfer_letter,
    visible_transfer,
)

Printer = Callable[[Principal, int], Awaitable[str | None]]

PRINTERS: dict[str, Printer] = {
    transfer.LETTER_PATH: transfer_letter,
    transfer.RECEIPT_PATH: service_receipt,
    notice.LETTER_PATH: notice_letter,
    clue.LETTER_PATH: clue_letter,
    assistance.LETTER_PATH: assistance_letter,
}

__all__ = [
    "PRINTERS",
    "DocumentKind",
    "Printer",
    "assistance_letter",
    "assistance_letter_url",
    "clue_letter",
    "clue_letter_url",
    "document_url",
    "notice_letter",
    "notice_letter_url",
    "render",
    "service_receipt",
    "transfer_letter",
    "visible_transfer",
]
