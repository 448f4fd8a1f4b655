"""Notifications as a plugin."""
