"""What each person received: who took part in activities, and the periodic services each person is owed."""
