"""Activities: sessions with capacity, sign-ups and the waiting list, attendance, and volunteers' hours."""
