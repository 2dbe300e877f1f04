from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "coalition.search"
    label = "coalition_search"
