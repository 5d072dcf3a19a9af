"""Failed webhook deliveries, each with a button that sends it again (`events.webhooks.retry_delivery`).

A page of its own, not a sqladmin action: those are GET requests, which the CSRF check cannot guard.
"""

from __future__ import annotations

from typing import Any

from sqladmin import expose
from sqladmin.i18n import lazy_gettext
from starlette.requests import Request
from starlette.responses import Response
from tortoise.expressions import Subquery

from admin.auth import GuardedPage, principal_of
from events.webhooks import retry_delivery
from models import WebhookDelivery, WebhookEndpoint
from models.webhook import DeliveryStatus
from permissions.authorizer import authorizer
from procedures.access import AccessDenied


class WebhookRetry(GuardedPage):
    name = lazy_gettext("Failed webhook deliveries")
    identity = "webhook-retry"
    category = lazy_gettext("Records (read-only)")
    permission = ("manage", "api_key")
    icon = "fa-solid fa-rotate-right"

    @expose("/webhook-retry", methods=["GET", "POST"])
    async def webhook_retry(self, request: Request) -> Response:
        principal = principal_of(request)
        context: dict[str, Any] = {}
        if request.method == "POST":
            async with request.form() as form:
                raw = str(form.get("delivery") or "")
            try:
                context["retried"] = (await retry_delivery(principal, int(raw))).id if raw.isdigit() else None
            except (AccessDenied, LookupError, ValueError) as exc:
                context["error"] = str(exc)
        scope = authorizer.scope(principal, "manage", "api_key")
        endpoints = (
            WebhookEndpoint.all() if scope.everything else WebhookEndpoint.filter(agency_id__in=scope.agency_ids)
        )
        failed = (
            await WebhookDelivery.filter(status=DeliveryStatus.FAILED, endpoint_id__in=Subquery(endpoints.values("id")))
            .order_by("-id")
            .limit(200)
        )
        urls = dict(await WebhookEndpoint.filter(id__in={d.endpoint_id for d in failed}).values_list("id", "url"))
        context["failed"] = [(d, urls.get(d.endpoint_id, "")) for d in failed]
        return await self.templates.TemplateResponse(request, "caselink/webhook_retry.html", context)
