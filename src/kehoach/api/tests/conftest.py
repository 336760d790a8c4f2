import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from kehoach.accounts.services import issue_token
from kehoach.plans import services as s
from kehoach.plans.tests.test_services import parsed


class ApiClient:
    """A test client that sends one user's bearer token and JSON bodies."""

    def __init__(self, user: Any = None) -> None:
        self.client = Client()
        self.headers = {}
        if user is not None:
            _, raw = issue_token(user, user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def get(self, url: str, **params: Any) -> Any:
        return self.client.get(url, params, **self.headers)

    def _send(self, method: str, url: str, body: Any = None) -> Any:
        return getattr(self.client, method)(
            url,
            data=json.dumps(body if body is not None else {}),
            content_type="application/json",
            **self.headers,
        )

    def post(self, url: str, body: Any = None) -> Any:
        return self._send("post", url, body)

    def patch(self, url: str, body: Any = None) -> Any:
        return self._send("patch", url, body)

    def delete(self, url: str) -> Any:
        return self.client.delete(url, **self.headers)

    def multipart(self, url: str, data: dict[str, Any]) -> Any:
        return self.client.post(url, data, **self.headers)


@pytest.fixture
def clients(users: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(
        **{name: ApiClient(user) for name, user in vars(users).items()}, anonymous=ApiClient()
    )


@pytest.fixture
def published(tree: SimpleNamespace, users: SimpleNamespace) -> Any:
    plan = s.create_plan_from_parse(parsed(), None, tree.district, users.district_office)
    unknown = plan.tasks.get(code="II.1.c").units.get()
    s.resolve_task_unit(unknown, users.district_office, organisation=tree.district)
    return s.publish_plan(plan, users.district_office, on=dt.date(2025, 1, 15))
