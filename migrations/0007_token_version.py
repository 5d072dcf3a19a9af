"""A token version per user (issue 15): signing out and a password change bump it, and every token and admin session
issued before is refused."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_calendar_sources_and_clocks')]

    initial = False

    operations = [
        ops.AddField(
            model_name='User',
            name='token_version',
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
