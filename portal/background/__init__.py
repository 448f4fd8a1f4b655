"""Background work as a feature: the ``guanai worker`` command, the queue's tables and their migrations."""
