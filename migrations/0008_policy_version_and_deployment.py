"""The policy's version and the deployment's identity (issue 15).

Every statement that changes `policy_rule` adds a row to `policy_change`, by trigger, in the same transaction, so
an edit made in SQL by hand moves the version too, and the version only grows (the earlier check compared the line
count and highest ID, which deleting the newest line turned back into a signature already seen). `deployment` holds
one random identity per database; the broker's channels are named after it.
"""

import uuid

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.schema_editor.base import BaseSchemaEditor


_POSTGRES = [
    """
    CREATE FUNCTION caselink_policy_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO policy_change DEFAULT VALUES;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER policy_rule_changed AFTER INSERT OR UPDATE OR DELETE ON policy_rule "
    "FOR EACH STATEMENT EXECUTE FUNCTION caselink_policy_changed()",
]
_SQLITE = [
    # DEFAULT VALUES is not allowed in an SQLite trigger; a NULL key takes the next one (AUTOINCREMENT: never reused)
    f"CREATE TRIGGER policy_rule_{op.lower()} AFTER {op} ON policy_rule BEGIN INSERT INTO policy_change (id) VALUES (NULL); END"
    for op in ("INSERT", "UPDATE", "DELETE")
]


async def _create(apps: object, schema_editor: BaseSchemaEditor) -> None:
    postgres = schema_editor.client.capabilities.dialect == "postgres"
    for sql in _POSTGRES if postgres else _SQLITE:
        await schema_editor.client.execute_script(sql)
    await schema_editor.client.execute_script(f"INSERT INTO deployment (uid) VALUES ('{uuid.uuid4()}')")


async def _drop(apps: object, schema_editor: BaseSchemaEditor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script(
            "DROP TRIGGER policy_rule_changed ON policy_rule; DROP FUNCTION caselink_policy_changed()"
        )
    else:
        await schema_editor.client.execute_script(
            "DROP TRIGGER policy_rule_insert; DROP TRIGGER policy_rule_update; DROP TRIGGER policy_rule_delete"
        )


class Migration(migrations.Migration):
    dependencies = [('models', '0007_token_version')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Deployment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uid', fields.CharField(unique=True, max_length=36)),
            ],
            options={'table': 'deployment', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The identity of this database, given at random by migration 0008: the instances of one deployment talk on'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PolicyChange',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
            ],
            options={'table': 'policy_change', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One row per statement that changes `policy_rule`, written by a database trigger (migration 0008) in the'},
            bases=['Model'],
        ),
        ops.RunPython(_create, _drop),
    ]
