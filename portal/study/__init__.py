"""Study plans and progress (学习帮扶计划, 进步档案) for the pairings of the services a group declares."""
