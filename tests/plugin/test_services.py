"""A service belongs to its group: two groups may share a code; one group may not offer a code twice."""
import pluggy
import pytest

from portal import hookspecs
from portal.plugin import Category, Group, Plugins, Service, hookimpl


class GroupOf:
    """A minimal third-party plugin adding a group with the given service codes."""

    def __init__(self, code, services=(), group=None):
        self.code, self.codes, self.group = code, services, group or code

    @hookimpl
    def guanai_register_groups(self):
        if self.group != self.code:
            return []
        return [Group(self.code, {"zh": self.code, "en": self.code}, (Category("c", {"zh": "c", "en": "c"}),),
                      object, object)]

    @hookimpl
    def guanai_register_services(self):
        return [Service(code, self.group, {"zh": code, "en": code}) for code in self.codes]


def facade(**plugins):
    pm = pluggy.PluginManager("guanai")
    pm.add_hookspecs(hookspecs)
    for name, plugin in plugins.items():
        pm.register(plugin, name=name)
    return Plugins(pm, {})


def test_two_groups_may_offer_the_same_code():
    plugins = facade(a=GroupOf("alpha", ["visit"]), b=GroupOf("beta", ["visit"]))
    assert sorted(plugins.services) == ["alpha.visit", "beta.visit"]
    assert [s.key for s in plugins.services_of("beta")] == ["beta.visit"]


def test_the_same_code_twice_in_one_group_stops_start_up_naming_both_plugins():
    with pytest.raises(RuntimeError, match=r"plugins 'first' and 'second' both offer the service 'visit' in the group"):
        facade(first=GroupOf("alpha", ["visit"]), second=GroupOf("extra", ["visit"], group="alpha"))


def test_a_group_registered_twice_names_both_plugins():
    with pytest.raises(RuntimeError, match=r"plugins 'one' and 'two' both register the group 'alpha'"):
        facade(one=GroupOf("alpha"), two=GroupOf("alpha"))


def test_womens_and_elders_health_checks_both_reach_join_and_the_activity_form(client, county, login, app):
    services = app.extensions["guanai"].services
    assert {"women.health_check", "elderly.health_check", "women.mutual_aid", "elderly.mutual_aid"} <= set(services)
    join = client.get("/join").get_data(as_text=True)
    assert 'name="svc-women.health_check"' in join and 'name="svc-elderly.health_check"' in join
    login("coord")
    women_form = client.get("/g/women/activities/new").get_data(as_text=True)
    assert 'value="women.health_check"' in women_form and "elderly.health_check" not in women_form
    assert "“两癌”免费筛查" in client.get("/g/women/services").get_data(as_text=True)
