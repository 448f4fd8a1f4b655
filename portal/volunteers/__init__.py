"""Volunteers: joining, profiles, the services and capacities they offer, and a coordinator's review."""
