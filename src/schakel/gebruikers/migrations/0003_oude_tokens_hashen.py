"""Tokens of the old system (rest_framework.authtoken) were stored in plain text and never expired.
Each becomes a hashed ApiToken for the only API area there was (zsm), expiring in the default term,
so a partner system keeps working until the beheerder replaces it; then the plain values are deleted."""
import hashlib
import datetime as dt
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def hash_oude_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("gebruikers", "ApiToken")
    nu = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id, created FROM authtoken_token")
        oude = cursor.fetchall()
        for sleutel, user_id, aangemaakt in oude:
            if aangemaakt is not None and timezone.is_naive(aangemaakt):
                # SQLite hands a raw timestamp back without its zone; Django stored it in UTC.
                aangemaakt = timezone.make_aware(aangemaakt, dt.timezone.utc)
            ApiToken.objects.create(
                gebruiker_id=user_id, aangemaakt_door_id=user_id, naam="Overgenomen token (opnieuw uitgeven)",
                sleutel_hash=hashlib.sha256(sleutel.encode()).hexdigest(), scopes=["zsm"],
                aangemaakt_op=aangemaakt or nu, verloopt_op=nu + timedelta(days=settings.API_TOKEN_GELDIG_DAGEN),
            )
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("gebruikers", "0002_rolvoorstel_apitoken")]

    operations = [migrations.RunPython(hash_oude_tokens, migrations.RunPython.noop)]
