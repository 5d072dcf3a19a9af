"""Casbin policy lines, in our own table (the published Tortoise adapter is broken on tortoise-orm 1.x)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class PolicyRule(Model):
    id = fields.IntField(primary_key=True)
    ptype = fields.CharField(max_length=8, db_index=True)  # "p" or "g"
    v0 = fields.CharField(max_length=100, default="", db_index=True)
    v1 = fields.CharField(max_length=100, default="", db_index=True)
    v2 = fields.CharField(max_length=100, default="")
    v3 = fields.CharField(max_length=100, default="")
    v4 = fields.CharField(max_length=100, default="")
    v5 = fields.CharField(max_length=100, default="")

    class Meta:
        table = "policy_rule"
        unique_together = (("ptype", "v0", "v1", "v2", "v3", "v4", "v5"),)

    def values(self) -> list[str]:
        """The non-empty values of the line, as Casbin reads them."""
        vals = [self.v0, self.v1, self.v2, self.v3, self.v4, self.v5]
        while vals and vals[-1] == "":
            vals.pop()
        return vals


class PolicyChange(Model):
    """One row per statement that changes `policy_rule`, written by a database trigger (migration 0008) in the
    transaction of the change, whoever makes it: the API, the admin, SQL typed by hand. The table only grows, so its
    row count is a policy version that every change moves on, a late commit included."""

    id = fields.BigIntField(primary_key=True)

    class Meta:
        table = "policy_change"


class Deployment(Model):
    """The identity of this database, given at random by migration 0008: the instances of one deployment talk on
    broker channels named after it, so two deployments sharing one Redis never hear each other."""

    id = fields.IntField(primary_key=True)
    uid = fields.CharField(max_length=36, unique=True)

    class Meta:
        table = "deployment"
