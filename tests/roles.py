"""Role sets used by the access rules of the URL walk."""

ALL = {"inspector", "clerk", "manager", "administrator"}
REGISTRARS = {"clerk", "administrator"}
FIELD = {"inspector", "administrator"}
PLANNERS = {"manager", "administrator"}
ADMIN = {"administrator"}
