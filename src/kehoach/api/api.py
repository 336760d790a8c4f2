"""The ninja API object; routers are added by the modules below."""

from ninja import NinjaAPI, Swagger

api = NinjaAPI(title="kehoach API", version="1", urls_namespace="api", docs=Swagger(), docs_url="/docs")
