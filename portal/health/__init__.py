"""The health file of each person (000: "为每一位留守人员建立一份健康状况信息档案"): readings, conditions, care."""
