"""Models of this app arrive with its issue; the app is registered so its place is fixed."""
