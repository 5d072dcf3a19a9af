"""The audit trail is append-only in the database itself: an event is never deleted, and a sealed one never changed.

The one update allowed is the sealer's, which fills the chain columns of an unsealed event and touches nothing else
(see `procedures.audit`). A record the trail refers to can therefore not be deleted either (its foreign key would set
the event's column to NULL): people and agencies are deactivated, not deleted.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor

_CONTENT = ("type", "occurred_at", "actor_id", "agency_id", "subject_type", "subject_id", "case_id", "payload")

_POSTGRES = [
    f"""
    CREATE FUNCTION caselink_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'the audit trail is append-only: an event is never deleted';
        END IF;
        IF OLD.chain_seq IS NOT NULL
           OR ROW(NEW.id, {", ".join(f"NEW.{c}" for c in _CONTENT)})
              IS DISTINCT FROM ROW(OLD.id, {", ".join(f"OLD.{c}" for c in _CONTENT)}) THEN
            RAISE EXCEPTION 'the audit trail is append-only: an event is only ever sealed';
        END IF;
        RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
    "FOR EACH ROW EXECUTE FUNCTION caselink_event_append_only()",
]

_SQLITE = [
    "CREATE TRIGGER event_no_delete BEFORE DELETE ON event "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: an event is never deleted'); END",
    "CREATE TRIGGER event_sealed_once BEFORE UPDATE ON event "
    f"WHEN OLD.chain_seq IS NOT NULL OR NEW.id IS NOT OLD.id OR {' OR '.join(f'NEW.{c} IS NOT OLD.{c}' for c in _CONTENT)} "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: an event is only ever sealed'); END",
]


async def _create(apps: object, schema_editor: BaseSchemaEditor) -> None:
    postgres = schema_editor.client.capabilities.dialect == "postgres"
    for sql in _POSTGRES if postgres else _SQLITE:
        await schema_editor.client.execute_script(sql)


async def _drop(apps: object, schema_editor: BaseSchemaEditor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script(
            "DROP TRIGGER event_append_only ON event; DROP FUNCTION caselink_event_append_only()"
        )
    else:
        await schema_editor.client.execute_script("DROP TRIGGER event_no_delete; DROP TRIGGER event_sealed_once")


class Migration(migrations.Migration):
    dependencies = [("models", "0002_alerts_inspections_attachments_audit_chain")]

    operations = [ops.RunPython(_create, _drop)]
