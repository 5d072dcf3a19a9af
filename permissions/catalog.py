"""What can be asked for: the objects of the policy and the actions on each. A policy line that names anything else
is refused when it is written, so a typo cannot silently grant or deny nothing."""

from __future__ import annotations

ANY = "*"

ACTIONS: dict[str, tuple[str, ...]] = {
    "case": ("read", "create", "update", "file", "decide", "extend"),
    "party": ("read_id_number",),
    "transfer": ("read", "create", "send", "withdraw", "receive", "accept", "dispute", "review_evidence"),
    "dispute": ("read", "negotiate", "escalate", "designate"),
    "notice": ("read", "create", "acknowledge", "report"),
    "clue": ("read", "register", "forward", "report_result", "read_contact"),
    "assistance": ("read", "request", "answer", "refuse"),
    "consultation": ("read", "create"),
    "joint_plan": ("read", "create", "agree", "approve"),
    "sharing": ("read", "publish", "request_access", "approve_access", "manage_catalog"),
    "guidance": ("read", "publish", "confirm_read"),
    "statistics": ("read",),
    "event": ("read", "subscribe"),
    "user": ("read", "manage"),
    "api_key": ("read", "manage"),
    "policy": ("read", "manage"),
    "agency": ("manage",),
    "calendar": ("manage",),
}

# The GraphQL read resources (see `permissions.filters`) and the policy object whose `read` governs each.
READ_OBJECT: dict[str, str] = {
    "case": "case",
    "party": "case",
    "transfer": "transfer",
    "transfer_part": "transfer",
    "dispute": "transfer",
    "dispute_message": "transfer",
    "notice": "notice",
    "clue": "clue",
    "assistance": "assistance",
    "consultation": "consultation",
    "consultation_part": "consultation",
    "joint_plan": "joint_plan",
    "joint_plan_part": "joint_plan",
    "inspection": "joint_plan",
    "shared_resource": "sharing",
    "sharing_access_request": "sharing",
    "guidance": "guidance",
    "guidance_part": "guidance",
    "event": "event",
    "deadline_alert": "event",
    "user": "user",
    "api_key": "api_key",
    "policy": "policy",
    "statistics": "statistics",
}


def is_known(obj: str, act: str) -> bool:
    if obj == ANY:
        return act == ANY or any(act in actions for actions in ACTIONS.values())
    return obj in ACTIONS and (act == ANY or act in ACTIONS[obj])
