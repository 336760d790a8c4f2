"""URLs: the API under /api/, the admin under /admin/, and the pages (kehoach.web) at the root
when that app is installed."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kehoach.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

if settings.WEB_APP_INSTALLED:
    urlpatterns.append(path("", include("kehoach.web.urls")))
