"""Pages that compose several features: the dashboard, the language switch, and a volunteer's own pages."""
