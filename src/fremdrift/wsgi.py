import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings")
application = get_wsgi_application()

from fremdrift.core.startup import refuse_a_broken_start  # noqa: E402 - needs the app registry

refuse_a_broken_start()
