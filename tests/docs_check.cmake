message(STATUS stub)
