"""The admin at /admin: sqladmin views on SQLAlchemy classes built from the Tortoise models, in Chinese (English by
setting), guarded by the same policy as the API. `mount_admin` adds it to the application."""

from __future__ import annotations

from pathlib import Path

from sqladmin import Admin
from sqladmin.i18n import I18nConfig
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from admin.auth import SESSION_COOKIE, AdminAuth
from admin.calendar_import import HolidayNoticeImport
from admin.csrf import CSRFMiddleware
from admin.dashboard import Dashboard
from admin.engine import create_engine
from admin.i18n import CHINESE, ENGLISH, install_chinese
from admin.imports import MatterImport
from admin.mapping import build_mapping
from admin.views import build_views
from admin.webhook_retry import WebhookRetry

TEMPLATES = Path(__file__).parent / "templates"


def mount_admin(app: Starlette, *, database_url: str, secret_key: str, language: str = CHINESE) -> Admin:
    install_chinese()
    auth = AdminAuth(secret_key)
    # The session, then the CSRF check inside it (its token lives in the session).
    auth.middlewares = [
        Middleware(SessionMiddleware, secret_key=secret_key, session_cookie=SESSION_COOKIE, same_site="lax",
                   max_age=8 * 3600),
        Middleware(CSRFMiddleware),
    ]  # fmt: skip
    admin = Admin(
        app,
        engine=create_engine(database_url),
        base_url="/admin",
        title="行政执法协作管理后台" if language != ENGLISH else "CaseLink administration",
        authentication_backend=auth,
        templates_dir=str(TEMPLATES),
        i18n_config=I18nConfig(
            default_locale=language, language_header_name=None, language_switcher=[CHINESE, ENGLISH]
        ),
    )
    admin.add_view(Dashboard)
    for view in build_views(build_mapping()):
        admin.add_view(view)
    admin.add_view(MatterImport)
    admin.add_view(HolidayNoticeImport)
    admin.add_view(WebhookRetry)
    return admin
