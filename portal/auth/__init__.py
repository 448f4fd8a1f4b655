"""Accounts: users, roles and jurisdictions, signing in and out, passwords, and user administration."""
