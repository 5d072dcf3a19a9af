"""Tortoise models, one module per aggregate. No rules live here: see `procedures/`."""

from models.agency import Agency
from models.alert import DeadlineAlert
from models.assistance import AssistanceRequest
from models.attachment import Attachment, AttachmentContent
from models.calendar import CalendarDay, CalendarNotice, Deadline, TimeLimit
from models.case import Case, Party
from models.clue import Clue, Complainant
from models.document import DocumentCounter
from models.event import Event, EventAudience
from models.guidance import GuidanceAudience, GuidanceDocument, GuidanceRead
from models.inspection import Inspection
from models.joint import Consultation, ConsultationParticipant, JointFinding, JointPlan, JointPlanUnit, Resolution
from models.matter import Jurisdiction, Matter
from models.notice import Notice
from models.officer import AgencyHead, ApiKey, User
from models.policy import Deployment, PolicyChange, PolicyRule
from models.sharing import CatalogEntry, SharedResource, SharingAccessRequest, SharingCatalog
from models.transfer import (
    Dispute,
    DisputeMessage,
    ServiceReceipt,
    Transfer,
    TransferItem,
    TransferMaterial,
    TransferOfficer,
)
from models.webhook import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookFanout

__all__ = [
    "Agency",
    "AgencyHead",
    "ApiKey",
    "AssistanceRequest",
    "Attachment",
    "AttachmentContent",
    "CalendarDay",
    "CalendarNotice",
    "Case",
    "CatalogEntry",
    "Clue",
    "Complainant",
    "Consultation",
    "ConsultationParticipant",
    "Deadline",
    "DeadlineAlert",
    "DeliveryStatus",
    "Deployment",
    "Dispute",
    "DisputeMessage",
    "DocumentCounter",
    "Event",
    "EventAudience",
    "GuidanceAudience",
    "GuidanceDocument",
    "GuidanceRead",
    "Inspection",
    "JointFinding",
    "JointPlan",
    "JointPlanUnit",
    "Jurisdiction",
    "Matter",
    "Notice",
    "Party",
    "PolicyChange",
    "PolicyRule",
    "Resolution",
    "ServiceReceipt",
    "SharedResource",
    "SharingAccessRequest",
    "SharingCatalog",
    "TimeLimit",
    "Transfer",
    "TransferItem",
    "TransferMaterial",
    "TransferOfficer",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookFanout",
]
