"""Choices of health certificates."""

from django.db import models


class HealthResult(models.TextChoices):
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


class CertificateSource(models.TextChoices):
    MANUAL = "manual", "手工录入"
    IMPORT = "import", "Excel导入"
    API = "api", "接口"
