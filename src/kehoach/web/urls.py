"""The pages' URLs (namespace ``web``), mounted at the site root by ``kehoach.urls``."""

from django.urls import path

from kehoach.web.views import assignments, auth, pages, plans, review

app_name = "web"

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("", pages.home, name="home"),
    path("my/", pages.my_work, name="my_work"),
    path("search/", pages.search, name="search"),
    path("organisations/", pages.organisation_index, name="organisations"),
    path("organisations/<int:pk>/", pages.organisation_dashboard, name="organisation_dashboard"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_new, name="plan_new"),
    path("plans/import/", plans.plan_import, name="plan_import"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/review/", review.plan_review, name="plan_review"),
    path("plans/<int:pk>/header/", review.plan_header, name="plan_header"),
    path("plans/<int:pk>/publish/", review.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/tasks/new/", review.task_add, name="task_add"),
    path("plans/<int:pk>/tasks/<int:task_id>/", review.task_update, name="task_update"),
    path("plans/<int:pk>/tasks/<int:task_id>/delete/", review.task_delete, name="task_delete"),
    path("plans/<int:pk>/tasks/<int:task_id>/units/", review.unit_add, name="unit_add"),
    path("plans/<int:pk>/units/search/", review.unit_search, name="unit_search"),
    path("plans/<int:pk>/units/<int:unit_id>/resolve/", review.unit_resolve, name="unit_resolve"),
    path("plans/<int:pk>/units/<int:unit_id>/remove/", review.unit_remove, name="unit_remove"),
    path("assignments/<int:pk>/", assignments.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/close/", assignments.assignment_close, name="assignment_close"),
    path("assignments/<int:pk>/reopen/", assignments.assignment_reopen, name="assignment_reopen"),
    path("files/<int:pk>/", assignments.report_file, name="report_file"),
]
