"""The REST API (django-ninja) over the services layer: ``/api/``, docs at ``/api/docs``."""
