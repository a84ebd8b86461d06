from penalties.urls_cases import urlpatterns as case_patterns
from penalties.urls_reference import urlpatterns as reference_patterns
from penalties.urls_steps import urlpatterns as step_patterns

app_name = "penalties"

urlpatterns = case_patterns + step_patterns + reference_patterns
