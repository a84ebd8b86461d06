urlpatterns = []  # documents (PDF) and the violations with their discretion tables
