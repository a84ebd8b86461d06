urlpatterns = []  # case pages: list, detail, filing and the steps
