"""Printed cards: contact, policy, pairing and plugin cards, laid out on A4 sheets with cut marks."""
