from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("activate/", views.activate_view, name="activate"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("reauthenticate/", views.reauthenticate, name="reauthenticate"),
]
