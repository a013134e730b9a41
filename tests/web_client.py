"""A test client that posts forms as the site's own pages do: with the form token its cookie
holds (riwaya.web.forgery), fetched from the home page the first time."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from riwaya.web.forgery import FORM_COOKIE, FORM_FIELD


class BrowserClient(TestClient):
    def post(self, url: Any, *args: Any, data: Any = None, files: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
        if not str(url).startswith("/api/") and (data is not None or files is not None):
            if FORM_COOKIE not in self.cookies:
                self.get("/", headers={"accept": "text/html"})
            data = {**(data or {}), FORM_FIELD: self.cookies[FORM_COOKIE]}
        return super().post(url, *args, data=data, files=files, **kwargs)
