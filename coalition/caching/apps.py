from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "coalition.caching"
    label = "coalition_caching"

    def ready(self):
        from .invalidation import connect_receivers

        connect_receivers(self)
