"""Tests of the notifications: events, the centre, delivery by email and by a plugin."""
