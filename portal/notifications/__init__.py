"""Notifications: the in-portal centre, the events that feed it, and delivery by email and plugins."""
