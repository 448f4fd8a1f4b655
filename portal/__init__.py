"""Guanai (关爱): the core portal. ``create_app`` builds an app; its features and the groups are plugins."""
from __future__ import annotations

import json
import os

from flask import Flask, has_request_context, session

from .config import DEFAULTS, from_environment
from .extensions import babel, csrf, db, login_manager, migrate

#: The portal's own features, registered as plugins (name, hooks module) before the entry-point plugins.
#: Adding a feature is one package and one line here.
BUILTIN_FEATURES = (
    ("auth", "portal.auth.hooks"),
    ("places", "portal.places.hooks"),
    ("ledger", "portal.ledger.hooks"),
    ("volunteers", "portal.volunteers.hooks"),
    ("activities", "portal.activities.hooks"),
    ("assignment", "portal.assignment.hooks"),
    ("home", "portal.home.hooks"),
    ("incidents", "portal.incidents.hooks"),
    ("cards", "portal.cards.hooks"),
    ("visits", "portal.visits.hooks"),
    ("transfer", "portal.transfer.hooks"),
    ("reports", "portal.reports.hooks"),
    ("background", "portal.background.hooks"),
    ("notifications", "portal.notifications.hooks"),
    ("reverification", "portal.reverification.hooks"),
    ("received", "portal.received.hooks"),
    ("health", "portal.health.hooks"),
    ("aidgroups", "portal.aidgroups.hooks"),
    ("outreach", "portal.outreach.hooks"),
    ("assistance", "portal.assistance.hooks"),
    ("duties", "portal.duties.hooks"),
    ("study", "portal.study.hooks"),
    ("offline", "portal.offline.hooks"),
    ("guardianship", "portal.guardianship.hooks"),
)

HERE = os.path.dirname(__file__)


def create_app(config: dict | None = None) -> Flask:
    """Create the portal: configuration, plugins, extensions, per-app registries, pages, commands."""
    app = Flask(__name__, instance_relative_config=True, static_folder="web/static",
                template_folder="web/templates")
    from .web.uploads import LimitedRequest
    app.request_class = LimitedRequest  # the body's and each view's upload limits, enforced while it streams in
    configure_settings(app, config)
    if app.config.get("GUANAI_TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = app.config["GUANAI_TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    configure_plugins(app)
    configure_extensions(app)
    configure_registries(app)
    from .web.numbers import install_converters
    install_converters(app)  # before the routes: every <int:...> is bounded
    configure_blueprints(app)
    from .web import configure_web
    configure_web(app)
    from .cli import register_commands
    register_commands(app)
    return app


def configure_settings(app: Flask, config: dict | None) -> None:
    """Defaults, then the environment, then what the caller passes (tests)."""
    from .core import settings
    app.config.update(DEFAULTS)
    # Each feature's own settings (its settings.py), then the core's, both read from the environment.
    features = [module.rsplit(".", 1)[0] for _name, module in BUILTIN_FEATURES]
    app.config.update(settings.from_environment(settings.declared(features), os.environ))
    app.config.update(from_environment(app.instance_path))
    if os.environ.get("GUANAI_GROUP_SETTINGS"):
        app.config["GUANAI_GROUP_SETTINGS"] = json.loads(os.environ["GUANAI_GROUP_SETTINGS"])
    if config:
        app.config.update(config)
    given = app.config.get("SECRET_KEY_GIVEN") or bool(config and config.get("SECRET_KEY"))
    if app.config.get("GUANAI_ENV") == "production" and not given:
        # A random key per process would sign everyone out at each restart and differ between app servers.
        raise RuntimeError("SECRET_KEY is not set: in production (GUANAI_ENV=production) set SECRET_KEY to a long "
                           "random value shared by every app server, e.g. python -c 'import secrets; "
                           "print(secrets.token_hex(32))'")
    os.makedirs(app.instance_path, exist_ok=True)


def configure_plugins(app: Flask) -> None:
    """Load the features and the group plugins; keep their facade in ``app.extensions``."""
    from .plugin.manager import Plugins, build_plugin_manager
    pm = build_plugin_manager(BUILTIN_FEATURES, app.config["GUANAI_DISABLED_PLUGINS"])
    app.extensions["guanai"] = Plugins(pm, app.config["GUANAI_GROUP_SETTINGS"])


def configure_extensions(app: Flask) -> None:
    """Bind the extensions created in ``extensions.py`` to this app."""
    from . import core  # noqa: F401  (the audit table is known before migrations look)
    from .core import audit, periodic  # noqa: F401
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(HERE, "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    from flask_babel import lazy_gettext as _l
    login_manager.login_message = _l("Please sign in to open this page.")
    # The portal's own catalog, then each feature's and group's beside its package (merged by Flask-Babel).
    # The core's catalog, the web core's own (portal/web), then each feature's and group's.
    folders = [os.path.join(HERE, "translations"), os.path.join(HERE, "web", "translations"),
               *app.extensions["guanai"].translation_dirs()]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(dict.fromkeys(folders))
    babel.init_app(app, locale_selector=_select_locale_for_app(app))


def _select_locale_for_app(app: Flask):
    def select() -> str:
        languages = app.config["LANGUAGES"]
        wanted = session.get("lang") if has_request_context() else None
        if wanted in languages:
            return wanted
        return app.config["BABEL_DEFAULT_LOCALE"]
    return select


def configure_registries(app: Flask) -> None:
    """Per-app state the features hand over through hooks: scope rules, vocabularies, the task queue."""
    from .core.queue import configure_queue
    from .core.scoping import ScopeRules
    from .core.texts import Vocabularies
    plugins = app.extensions["guanai"]
    app.extensions["guanai_scopes"] = ScopeRules(plugins.scope_rules())
    app.extensions["guanai_vocabularies"] = Vocabularies(plugins.vocabularies())
    configure_queue(app)


def configure_blueprints(app: Flask) -> None:
    """Register every feature's and plugin's blueprints (a group plugin's own pages under /g/<code>)."""
    plugins = app.extensions["guanai"]
    for bp in plugins.blueprints():
        prefix = f"/g/{bp.name}" if bp.name in plugins.groups else None
        app.register_blueprint(bp, url_prefix=prefix)


# The plugin API first, whatever module is imported first: it re-exports what the features give plugins
# (portal.plugin), and those features import its submodules.
from . import plugin  # noqa: E402,F401
