"""People in extreme hardship (特困群众, 002): widowed, orphaned or childless, 低保 and 五保 households, disabled;
the "四个一" for those living dispersed; the watch on households at risk of falling back into poverty.

Installed and enabled by default (entry point ``hardship`` in pyproject.toml); a deployment switches it off with
``GUANAI_DISABLED_PLUGINS=hardship``.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.plugin import Group, GroupPlugin, NavItem, Service, hookimpl


class HardshipPlugin(GroupPlugin):
    code = "hardship"
    nav_order = 40
    package = __name__

    def group(self):
        from .forms import HardshipProfileForm
        from .models import HardshipProfile
        from .rules import CATEGORIES, DEFAULT_SETTINGS
        return Group(code=self.code, names={"zh": "特困群众", "en": "People in extreme hardship"},
                     categories=CATEGORIES, profile_model=HardshipProfile, profile_form=HardshipProfileForm,
                     settings=DEFAULT_SETTINGS, plugin=__name__)

    def services(self):
        return [
            Service("four_ones", self.code, {"zh": "“四个一”服务（打扫、洗衣、理发）",
                                             "en": "The four ones: cleaning, laundry, haircut"},
                    "pairing", ("neighbour", "volunteer"), ("care",), main=True),
            Service("necessities", self.code, {"zh": "生活必需品采购发放", "en": "Necessities handed out"}, "session"),
        ]

    @hookimpl
    def guanai_get_nav_items(self, user):
        from portal.web.access import can_open_group
        items = super().guanai_get_nav_items(user)
        if can_open_group(user, self.code):
            items = [*items, NavItem(_l("Watched households"), "hardship.watch", order=self.nav_order + 1)]
        return items

    def populate_demo(self, demo):
        from .demo import populate
        populate(demo)


plugin = HardshipPlugin()
