"""Our own date formats (settings.FORMAT_MODULE_PATH), ahead of Django's for the same language."""
