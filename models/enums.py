"""Enumerations shared by the models, the procedures and the GraphQL schema.

Values are stable lowercase strings: they are stored in the database and exported in the schema.
"""

from __future__ import annotations

from enum import StrEnum


class AgencyKind(StrEnum):
    TOWNSHIP = "township"  # 乡镇人民政府
    SUB_DISTRICT = "sub_district"  # 街道办事处
    COUNTY_DEPARTMENT = "county_department"  # 县级行政执法部门
    COUNTY_GOVERNMENT = "county_government"  # 县级人民政府
    SUPERIOR = "superior"  # 上级行政机关


class Role(StrEnum):
    OFFICER = "officer"  # 执法人员
    LEADER = "leader"  # 负责人
    REGISTRAR = "registrar"  # 登记员
    AGENCY_ADMIN = "agency_admin"
    SUPERVISOR = "supervisor"
    INTEGRATOR = "integrator"
    SYSTEM_ADMIN = "system_admin"


class CaseStatus(StrEnum):
    OPEN = "open"  # opened, under investigation, not yet filed
    TRANSFERRING = "transferring"  # a transfer is in progress
    FILED = "filed"  # 立案
    SUSPENDED = "suspended"  # the decision clock is stopped (hearing, testing, expert opinion)
    DECIDED = "decided"
    CLOSED = "closed"
    TRANSFERRED_OUT = "transferred_out"  # handed to another agency; kept for the record


class CaseSource(StrEnum):
    PATROL = "patrol"
    COMPLAINT = "complaint"
    NOTICE = "notice"
    TRANSFER = "transfer"
    JOINT_ENFORCEMENT = "joint_enforcement"
    OTHER = "other"


class PartyKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class TransferStatus(StrEnum):
    DRAFT = "draft"  # decided, being prepared by the sender
    SENT = "sent"  # approved by a leader and sent
    RECEIVED = "received"  # receipt confirmed, service receipt issued
    ACCEPTED = "accepted"  # the receiver takes the case
    DISPUTED = "disputed"  # negotiation between the two agencies
    ESCALATED = "escalated"  # at the common superior
    DESIGNATED = "designated"  # jurisdiction designated by the superior
    WITHDRAWN = "withdrawn"


class EvidenceKeptKind(StrEnum):
    PHOTO = "photo"
    SAMPLE = "sample"
    RECORD = "record"
    VIDEO = "video"


class DisputeStatus(StrEnum):
    NEGOTIATING = "negotiating"
    SETTLED = "settled"  # settled by negotiation
    ESCALATED = "escalated"
    DESIGNATED = "designated"


class NoticeStatus(StrEnum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    REPORTED = "reported"


class NoticeOutcome(StrEnum):
    INVESTIGATED = "investigated"
    CASE_OPENED = "case_opened"
    NO_VIOLATION = "no_violation"


class ClueChannel(StrEnum):
    PHONE = "phone"
    LETTER = "letter"
    VISIT = "visit"
    ONLINE = "online"
    HOTLINE_12345 = "hotline_12345"
    OTHER = "other"


class ClueStatus(StrEnum):
    REGISTERED = "registered"  # accepted and registered
    HANDLING = "handling"  # within the agency's own remit
    PASSED_ON = "passed_on"  # clue transfer letter sent to the competent agency
    RESULT_REPORTED = "result_reported"  # the competent agency reported the result back
    CLOSED = "closed"
    REJECTED = "rejected"


class ContactMethod(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    LETTER = "letter"
    IN_PERSON = "in_person"
    ONLINE = "online"


class ConsultationKind(StrEnum):
    COOPERATION_MATTER = "cooperation_matter"
    COMMON_PROBLEM = "common_problem"
    LAW_APPLICATION = "law_application"
    MAJOR_JOINT_ACTION = "major_joint_action"


class ConsultationStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class JointPlanStatus(StrEnum):
    DRAFT = "draft"
    AGREED = "agreed"  # every participating unit agreed
    APPROVAL_PENDING = "approval_pending"  # waits for the county government
    APPROVED = "approved"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class AssistanceKind(StrEnum):
    DOCUMENTS = "documents"
    MATERIALS = "materials"
    INFORMATION = "information"
    TECHNICAL_SUPPORT = "technical_support"
    OTHER = "other"


class AssistanceStatus(StrEnum):
    SENT = "sent"
    PROVIDED = "provided"
    PARTLY_PROVIDED = "partly_provided"
    REFUSED = "refused"
    ESCALATED = "escalated"


class SharingCategory(StrEnum):
    """The eight categories of R-E2, in the guidance's order."""

    LAWS_AND_STANDARDS = "laws_and_standards"
    SUPERVISION_INFO = "supervision_info"
    PENALTY_DECISIONS = "penalty_decisions"
    STATISTICS = "statistics"
    DISCRETION_AND_WORKFLOWS = "discretion_and_workflows"
    DYNAMIC_INFO = "dynamic_info"
    COMPLAINT_HANDLING = "complaint_handling"
    OTHER = "other"


class SharingType(StrEnum):
    UNCONDITIONAL = "unconditional"  # 无条件共享
    CONDITIONAL = "conditional"  # 有条件共享
    NOT_SHARED = "not_shared"  # 不予共享


class SharingMethod(StrEnum):
    API = "api"
    FILE = "file"
    SERVICE = "service"
    NOTICE = "notice"


class UpdateCycle(StrEnum):
    REAL_TIME = "real_time"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    IRREGULAR = "irregular"


class AccessRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class GuidanceKind(StrEnum):
    DOCUMENT = "document"
    TYPICAL_CASE = "typical_case"
    SEMINAR = "seminar"
    TRAINING = "training"


class DayKind(StrEnum):
    HOLIDAY = "holiday"
    WORKDAY = "workday"  # a make-up working day on a weekend (调休)


class DayOrigin(StrEnum):
    NOTICE = "notice"  # a day of a State Council notice that an administrator imported
    LOCAL = "local"  # a local exception on top of every notice: a local make-up day, a typhoon closure


class YearSource(StrEnum):
    """Where a year's working days come from, the surest first."""

    NOTICE = "notice"  # the State Council's notice, imported by an administrator
    PACKAGE = "package"  # the notice as the chinesecalendar package carries it
    PROVISIONAL = "provisional"  # nobody has published it: weekends and the statutory holidays, computed


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"
    YEARS = "years"


class AlertLevel(StrEnum):
    YELLOW = "yellow"  # a deadline is near
    RED = "red"  # a deadline has passed
