"""Project-wide checks: the migrations match the models, and Django's system checks pass."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero on drift


def test_system_checks():
    call_command("check", fail_level="WARNING")
