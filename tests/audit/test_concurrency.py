import threading

import pytest
from django.db import connection

from fremdrift.audit.chain import verify_chain
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.audit.services import audit_record


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
def test_concurrent_appenders_never_fork_the_chain(odense_caseworker, odense_citizen):
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for i in range(25):
                audit_record(
                    actor=odense_caseworker,
                    action=Action.VIEW,
                    purpose=f"tråd {n} opslag {i}",
                    municipality=odense_citizen.municipality,
                    citizen=odense_citizen,
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.count() == 100
    assert verify_chain() == (100, [])
