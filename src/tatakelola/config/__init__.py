"""Project machinery: settings, URL map, API mount, WSGI/ASGI entry points."""
