urlpatterns = []  # the step actions of a case
