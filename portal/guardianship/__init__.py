"""Guardianship (监护): the responsibility letter, guardians' training, assessments and interventions."""
