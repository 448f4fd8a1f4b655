"""Visits (走访): schedules by rule and risk level, the visit log, overdue lists, holiday campaigns, reminders."""
