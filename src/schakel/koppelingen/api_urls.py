from django.urls import path

from . import api

urlpatterns = [
    path("<str:bron>/", api.FeedUploadView.as_view(), name="api-feed"),
]
