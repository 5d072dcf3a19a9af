"""Case transfers (案件移送, R-A1 to R-A4): the transfer, its officers, items, materials, receipt and disputes."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.case import Case
from models.enums import DisputeStatus, EvidenceKeptKind, TransferStatus
from models.officer import User


class Transfer(Entity):
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="transfers", on_delete=fields.RESTRICT, db_index=True
    )
    case_id: int
    sender: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="transfers_sent", on_delete=fields.RESTRICT, db_index=True
    )
    sender_id: int
    receiver: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="transfers_received", on_delete=fields.RESTRICT, db_index=True
    )
    receiver_id: int
    # The receiver the jurisdiction catalog proposed; differs from `receiver` only with `receiver_reason`.
    proposed_receiver: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="transfers_proposed", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    proposed_receiver_id: int | None
    receiver_reason = fields.TextField(default="")
    status = fields.CharEnumField(TransferStatus, max_length=16, default=TransferStatus.DRAFT, db_index=True)
    document_number = fields.CharField(max_length=40, null=True, unique=True)  # 南排河移〔2026〕3号
    reason = fields.TextField()  # basis for transfer
    investigation_summary = fields.TextField(default="")
    urgent = fields.BooleanField(default=False)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="transfers_created", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    created_by_id: int | None
    approved_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="transfers_approved", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    approved_by_id: int | None
    decided_at = fields.DatetimeField()  # the decision to transfer starts the sending clock
    send_deadline = fields.DatetimeField(db_index=True)
    sent_at = fields.DatetimeField(null=True, db_index=True)
    receipt_deadline = fields.DatetimeField(null=True)
    received_at = fields.DatetimeField(null=True)
    accept_deadline = fields.DatetimeField(null=True)
    accepted_at = fields.DatetimeField(null=True)
    withdrawn_at = fields.DatetimeField(null=True)

    class Meta:
        table = "transfer"
        # (agency, case) and (agency, id) pairs serve the read scope: index-only involvement look-ups and page branches.
        indexes = (
            ("sender_id", "status"),
            ("receiver_id", "status"),
            ("sender_id", "case_id"),
            ("receiver_id", "case_id"),
            ("sender_id", "id"),
            ("receiver_id", "id"),
        )


class TransferOfficer(Entity):
    """R-A2: two or more officers of the sender handle a transfer, and one of them leads."""

    transfer: fields.ForeignKeyRelation[Transfer] = fields.ForeignKeyField(
        "models.Transfer", related_name="officers", on_delete=fields.CASCADE, db_index=True
    )
    transfer_id: int
    officer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="transfer_duties", on_delete=fields.RESTRICT, db_index=True
    )
    officer_id: int
    is_lead = fields.BooleanField(default=False)

    class Meta:
        table = "transfer_officer"
        unique_together = (("transfer", "officer"),)


class TransferItem(Entity):
    """A line of the inventory of involved items (移送案件涉案物品清单)."""

    transfer: fields.ForeignKeyRelation[Transfer] = fields.ForeignKeyField(
        "models.Transfer", related_name="items", on_delete=fields.CASCADE, db_index=True
    )
    transfer_id: int
    seq = fields.IntField()
    name = fields.CharField(max_length=200)
    quantity = fields.CharField(max_length=60)  # "12 箱", "3.5 千克": the form records it as written
    features = fields.TextField(default="")
    storage_place = fields.CharField(max_length=200, default="")
    perishable = fields.BooleanField(default=False)  # perishable, fragile or likely to be lost
    # Evidence kept before disposal (R-A2): photo, sample or record, and who kept it.
    evidence_kept_kind = fields.CharEnumField(EvidenceKeptKind, max_length=16, null=True)
    evidence_kept_note = fields.TextField(default="")
    evidence_kept_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="evidence_kept", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    evidence_kept_by_id: int | None
    evidence_kept_at = fields.DatetimeField(null=True)
    disposal_method = fields.CharField(max_length=200, null=True)
    disposed_at = fields.DatetimeField(null=True)
    disposal_proceeds = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    disposal_note = fields.TextField(default="")

    class Meta:
        table = "transfer_item"
        unique_together = (("transfer", "seq"),)


class TransferMaterial(Entity):
    """A line of the materials list: evidence and other case materials, original or copy."""

    transfer: fields.ForeignKeyRelation[Transfer] = fields.ForeignKeyField(
        "models.Transfer", related_name="materials", on_delete=fields.CASCADE, db_index=True
    )
    transfer_id: int
    seq = fields.IntField()
    name = fields.CharField(max_length=200)
    specification = fields.CharField(max_length=100, default="")
    quantity = fields.IntField(default=1)
    is_evidence = fields.BooleanField(default=True)
    is_original = fields.BooleanField(default=True)
    copy_reason = fields.TextField(default="")  # required when an evidence item is a copy
    # R-A4: the receiver reviews each piece of evidence and adopts it or not, with a reason.
    reviewed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="materials_reviewed", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    reviewed_by_id: int | None
    reviewed_at = fields.DatetimeField(null=True)
    adopted = fields.BooleanField(null=True)
    review_reason = fields.TextField(default="")

    class Meta:
        table = "transfer_material"
        unique_together = (("transfer", "seq"),)


class ServiceReceipt(Entity):
    """行政案件移送书送达回证: issued when the receiver confirms it received the transfer."""

    transfer: fields.OneToOneRelation[Transfer] = fields.OneToOneField(
        "models.Transfer", related_name="receipt", on_delete=fields.CASCADE
    )
    transfer_id: int
    document_name = fields.CharField(max_length=100, default="行政案件移送书")
    document_number = fields.CharField(max_length=40)
    recipient_agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="receipts", on_delete=fields.RESTRICT, db_index=True
    )
    recipient_agency_id: int
    received_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="receipts_signed", on_delete=fields.RESTRICT, db_index=True
    )
    received_by_id: int
    received_at = fields.DatetimeField()
    place = fields.CharField(max_length=200)
    method = fields.CharField(max_length=40)  # 直接送达, 邮寄送达, …
    proxy_recipient = fields.CharField(max_length=64, default="")
    proxy_reason = fields.CharField(max_length=200, default="")
    witness = fields.CharField(max_length=64, default="")
    server_name = fields.CharField(max_length=64, default="")
    remarks = fields.TextField(default="")

    class Meta:
        table = "service_receipt"


class Dispute(Entity):
    """R-A3: the receiver holds that the case is not its jurisdiction. Negotiation, then designation by the superior."""

    transfer: fields.ForeignKeyRelation[Transfer] = fields.ForeignKeyField(
        "models.Transfer", related_name="disputes", on_delete=fields.CASCADE, db_index=True
    )
    transfer_id: int
    raised_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="disputes_raised", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    raised_by_id: int | None
    reason = fields.TextField()
    status = fields.CharEnumField(DisputeStatus, max_length=16, default=DisputeStatus.NEGOTIATING, db_index=True)
    negotiation_deadline = fields.DatetimeField(null=True)
    superior: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="disputes_to_designate", null=True, on_delete=fields.RESTRICT, db_index=True
    )
    superior_id: int | None
    escalated_at = fields.DatetimeField(null=True)
    designated_agency: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="designations", null=True, on_delete=fields.RESTRICT, db_index=True
    )
    designated_agency_id: int | None
    designated_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="designations_made", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    designated_by_id: int | None
    designated_at = fields.DatetimeField(null=True)
    designation_reason = fields.TextField(default="")

    class Meta:
        table = "dispute"
        indexes = (("superior_id", "transfer_id"),)


class DisputeMessage(Entity):
    """One position in the negotiation between sender and receiver."""

    dispute: fields.ForeignKeyRelation[Dispute] = fields.ForeignKeyField(
        "models.Dispute", related_name="messages", on_delete=fields.CASCADE, db_index=True
    )
    dispute_id: int
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="dispute_messages", on_delete=fields.RESTRICT, db_index=True
    )
    agency_id: int
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="dispute_messages", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    author_id: int | None
    body = fields.TextField()

    class Meta:
        table = "dispute_message"
