from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dvk_docs.web"
    label = "dvk_web"
    verbose_name = "Dân vận khéo - hồ sơ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import register  # the sổ văn bản đi follows every save of a year

        register.connect()
        from . import file_cleanup  # files on disk follow their rows

        file_cleanup.connect()
