"""An index of the events not yet sealed into the audit chain.

Every instance's event hub runs `procedures.audit.seal` ten times a second, and its first look is for events with no
`chain_seq`. Without this index PostgreSQL scanned the whole event table each time: on the bench data set (162,394
events) 80 ms a look, 43 % of a core with the server idle. The index holds only the few events not sealed yet. It is
plain SQL because Tortoise's PartialIndex only knows `column = value` conditions; like the triggers of 0003, it is
outside the models' state, so `makemigrations` has nothing to add.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0004_webhooks")]

    operations = [
        ops.RunSQL(
            "CREATE INDEX event_unsealed ON event (id) WHERE chain_seq IS NULL",
            reverse_sql="DROP INDEX event_unsealed",
        )
    ]
