"""Incidents and mandatory reporting: steps with deadline clocks, escalation, the board and figures."""
