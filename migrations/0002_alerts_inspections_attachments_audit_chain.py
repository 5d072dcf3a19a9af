from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import AlertLevel
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Attachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('owner_type', fields.CharField(max_length=40)),
                ('owner_id', fields.IntField()),
                ('filename', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(db_index=True, max_length=64)),
                ('agency', fields.ForeignKeyField('models.Agency', source_field='agency_id', db_index=True, db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.RESTRICT)),
                ('uploaded_by', fields.ForeignKeyField('models.User', source_field='uploaded_by_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'attachment', 'app': 'models', 'indexes': [Index(fields=['owner_type', 'owner_id'])], 'pk_attr': 'id'},
            bases=['Entity'],
        ),
        ops.CreateModel(
            name='AttachmentContent',
            fields=[
                ('sha256', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('data', fields.BinaryField()),
            ],
            options={'table': 'attachment_content', 'app': 'models', 'pk_attr': 'sha256'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DeadlineAlert',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('kind', fields.CharField(db_index=True, max_length=40)),
                ('level', fields.CharEnumField(db_index=True, description='YELLOW: yellow\nRED: red', enum_type=AlertLevel, max_length=8)),
                ('subject_type', fields.CharField(max_length=40)),
                ('subject_id', fields.IntField()),
                ('agency', fields.ForeignKeyField('models.Agency', source_field='agency_id', db_index=True, db_constraint=True, to_field='id', related_name='deadline_alerts', on_delete=OnDelete.CASCADE)),
                ('deadline', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('event_id', fields.BigIntField(null=True)),
            ],
            options={'table': 'deadline_alert', 'app': 'models', 'unique_together': (('subject_type', 'subject_id', 'kind', 'level', 'deadline'),), 'pk_attr': 'id'},
            bases=['Entity'],
        ),
        ops.CreateModel(
            name='Inspection',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('agency', fields.ForeignKeyField('models.Agency', source_field='agency_id', db_index=True, db_constraint=True, to_field='id', related_name='inspections', on_delete=OnDelete.RESTRICT)),
                ('target_name', fields.CharField(max_length=200)),
                ('target_code', fields.CharField(default='', max_length=18)),
                ('target_key', fields.CharField(max_length=200)),
                ('planned_on', fields.DateField()),
                ('purpose', fields.TextField(default='', unique=False)),
                ('plan', fields.ForeignKeyField('models.JointPlan', source_field='plan_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='inspections', on_delete=OnDelete.SET_NULL)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='inspections_planned', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'inspection', 'app': 'models', 'indexes': [Index(fields=['target_key', 'planned_on'])], 'pk_attr': 'id'},
            bases=['Entity'],
        ),
        ops.AddField(
            model_name='Event',
            name='chain_seq',
            field=fields.BigIntField(null=True, unique=True),
        ),
        ops.AddField(
            model_name='Event',
            name='hash',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Event',
            name='prev_hash',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='JointFinding',
            name='is_violation',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='JointFinding',
            name='matter',
            field=fields.ForeignKeyField('models.Matter', source_field='matter_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='joint_findings', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='JointFinding',
            name='recorded_by',
            field=fields.ForeignKeyField('models.User', source_field='recorded_by_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='joint_findings', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='JointFinding',
            name='target',
            field=fields.CharField(default='', max_length=200),
        ),
    ]
