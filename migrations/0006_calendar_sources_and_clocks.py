"""The calendar's sources and the clocks (issue 14).

`calendar_notice` records the years whose working days are known (an imported State Council notice, or the year the
chinesecalendar package carries); `calendar_day` rows say whether they are a notice's or a local exception; `deadline`
keeps each clock with what it was computed from. The seeds loaded the 2026 notice as `calendar_day` rows: those the
package carries as they are go (the package answers for them now); any other row stays, as a local exception. The
7-day period of Law Art 56 counts working days (Art 85).
"""

import chinese_calendar
from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import DayOrigin, LimitUnit
from tortoise.fields.base import OnDelete
from tortoise import fields


def _carried(kind: str, days: object) -> str:
    listed = ", ".join(f"'{d.isoformat()}'" for d in sorted(days))  # type: ignore[attr-defined]
    return f"DELETE FROM calendar_day WHERE kind = '{kind}' AND date IN ({listed})"


class Migration(migrations.Migration):
    dependencies = [('models', '0005_event_unsealed_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CalendarNotice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('year', fields.IntField(unique=True)),
                ('source', fields.CharField(max_length=16)),
                ('title', fields.CharField(default='', max_length=200)),
                ('published_on', fields.DateField(null=True)),
                ('fingerprint', fields.CharField(default='', max_length=64)),
                ('imported_by_id', fields.IntField(null=True)),
            ],
            options={'table': 'calendar_notice', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A year whose working days are known: a notice an administrator imported, or the year as the installed'},
            bases=['Entity'],
        ),
        ops.CreateModel(
            name='Deadline',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('subject_type', fields.CharField(max_length=20)),
                ('subject_id', fields.IntField()),
                ('kind', fields.CharField(max_length=40)),
                ('limit_key', fields.CharField(max_length=60)),
                ('agency', fields.ForeignKeyField('models.Agency', source_field='agency_id', db_constraint=True, to_field='id', related_name='deadlines', on_delete=OnDelete.CASCADE)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('amount', fields.IntField()),
                ('unit', fields.CharEnumField(description='WORKING_DAYS: working_days\nCALENDAR_DAYS: calendar_days\nHOURS: hours\nYEARS: years', enum_type=LimitUnit, max_length=16)),
                ('added', fields.IntField(default=0)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('provisional', fields.BooleanField(default=False, db_index=True)),
                ('provisional_from', fields.DateField(null=True)),
                ('window_from', fields.DateField(null=True)),
                ('window_to', fields.DateField(null=True)),
            ],
            options={'table': 'deadline', 'app': 'models', 'unique_together': (('subject_type', 'subject_id', 'kind'),), 'pk_attr': 'id', 'table_description': 'A clock as it was started: what is needed to compute its deadline again when the calendar changes.'},
            bases=['Entity'],
        ),
        ops.AddField(
            model_name='CalendarDay',
            name='origin',
            field=fields.CharEnumField(default=DayOrigin.LOCAL, description='NOTICE: notice\nLOCAL: local', db_default='local', enum_type=DayOrigin, max_length=16),
        ),
        ops.AddField(
            model_name='DeadlineAlert',
            name='provisional',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AlterModelOptions(
            name='TimeLimit',
            options={'table': 'time_limit', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A configurable deadline, e.g. `transfer.send` = 3 working days, with the article behind it.'},
        ),
        ops.AlterField(
            model_name='TimeLimit',
            name='unit',
            field=fields.CharEnumField(description='WORKING_DAYS: working_days\nCALENDAR_DAYS: calendar_days\nHOURS: hours\nYEARS: years', enum_type=LimitUnit, max_length=16),
        ),
        ops.AddField(
            model_name='TimeLimit',
            name='counting_basis',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.RunSQL(_carried("holiday", chinese_calendar.holidays), reverse_sql=""),
        ops.RunSQL(_carried("workday", chinese_calendar.workdays), reverse_sql=""),
        ops.RunSQL(
            "UPDATE time_limit SET unit = 'working_days' "
            "WHERE key = 'evidence.preservation' AND unit = 'calendar_days' AND amount = 7",
            reverse_sql="",
        ),
    ]
