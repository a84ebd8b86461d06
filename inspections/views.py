"""Inspection pages. Thin: forms shape input, services act, core.lists lists."""
