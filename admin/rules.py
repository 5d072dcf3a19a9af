"""Policy lines as sentences an administrator reads: "南排河镇人民政府的负责人 可发送移送" / "leader of
南排河镇人民政府 may send transfer". Names of users, keys and agencies are loaded once per page (`RuleNames.load`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Agency, ApiKey, User
from permissions.catalog import ANY
from permissions.index import agency_of

ROLES_ZH = {
    "officer": "执法人员", "leader": "负责人", "registrar": "登记员", "agency_admin": "机关管理员",
    "supervisor": "监督员", "integrator": "接口用户", "system_admin": "系统管理员",
}  # fmt: skip
OBJECTS_ZH = {
    "case": "案件", "party": "当事人", "transfer": "移送", "dispute": "管辖争议", "notice": "告知函", "clue": "线索",
    "assistance": "协助", "consultation": "会商", "joint_plan": "联合执法方案", "sharing": "信息共享",
    "guidance": "指导文件", "statistics": "统计", "event": "事件", "user": "人员", "api_key": "接口密钥",
    "policy": "权限", "agency": "机关", "calendar": "日历", ANY: "一切对象",
}  # fmt: skip
ACTIONS_ZH = {
    "read": "查看", "create": "新建", "update": "修改", "file": "立案", "decide": "决定", "extend": "延期",
    "read_id_number": "查看身份证号", "send": "发送", "withdraw": "撤回", "receive": "签收", "accept": "接收",
    "dispute": "提出异议", "review_evidence": "审查证据", "negotiate": "协商", "escalate": "报请",
    "designate": "指定管辖",
    "acknowledge": "确认", "report": "反馈", "register": "登记", "forward": "转办", "report_result": "反馈结果",
    "read_contact": "查看联系方式", "request": "申请", "answer": "答复", "refuse": "拒绝", "agree": "同意",
    "approve": "批准", "publish": "发布", "request_access": "申请共享", "approve_access": "审批共享",
    "manage_catalog": "管理目录", "confirm_read": "确认阅读", "subscribe": "订阅", "manage": "管理", ANY: "任何操作",
}  # fmt: skip


@dataclass
class RuleNames:
    users: dict[int, str] = field(default_factory=dict)
    keys: dict[int, str] = field(default_factory=dict)
    agencies: dict[int, str] = field(default_factory=dict)

    @classmethod
    async def load(cls) -> RuleNames:
        return cls(
            users={int(i): f"{d}({u})" for i, u, d in await User.all().values_list("id", "username", "display_name")},
            keys={int(i): str(n) for i, n in await ApiKey.all().values_list("id", "name")},
            agencies={int(i): str(n) for i, n in await Agency.all().values_list("id", "name")},
        )

    def subject(self, subject: str, english: bool) -> str:
        kind, _, raw = subject.partition(":")
        if kind == "user" and raw.isdigit():
            return self.users.get(int(raw), subject)
        if kind == "key" and raw.isdigit():
            return ("API key " if english else "接口密钥 ") + self.keys.get(int(raw), subject)
        return subject

    def domain(self, domain: str, english: bool) -> str:
        if domain == ANY:
            return "every agency" if english else "全县各机关"
        agency = agency_of(domain)
        return self.agencies.get(agency, domain) if agency is not None else domain

    def sentence(self, ptype: str, values: list[str], *, english: bool) -> str:
        v = [*values, "", "", "", ""]
        if ptype == "g":
            role = v[1] if english else ROLES_ZH.get(v[1], v[1])
            if english:
                return f"{self.subject(v[0], english)} is {role} in {self.domain(v[2], english)}"
            return f"{self.subject(v[0], english)} 在 {self.domain(v[2], english)} 担任{role}"
        if ptype == "p":
            if english:
                return f"{v[0]} of {self.domain(v[1], english)} may {v[3]} {v[2]}"
            role, obj, act = ROLES_ZH.get(v[0], v[0]), OBJECTS_ZH.get(v[2], v[2]), ACTIONS_ZH.get(v[3], v[3])
            return f"{self.domain(v[1], english)}的{role} 可{act}{obj}"
        return " ".join(values)


# The values of the enums an administrator chooses from, in Chinese (the API keeps the English values).
VALUES_ZH = {
    "township": "乡镇人民政府", "sub_district": "街道办事处", "county_department": "县级行政执法部门",
    "county_government": "县级人民政府", "superior": "上级行政机关",
    "laws_and_standards": "法律法规和标准", "supervision_info": "监管信息", "penalty_decisions": "行政处罚决定",
    "statistics": "统计数据", "discretion_and_workflows": "裁量基准和办案流程", "dynamic_info": "工作动态",
    "complaint_handling": "投诉举报处理", "other": "其他",
    "unconditional": "无条件共享", "conditional": "有条件共享", "not_shared": "不予共享",
    "api": "接口", "file": "文件", "service": "服务", "notice": "通知",
    "real_time": "实时", "daily": "每日", "weekly": "每周", "monthly": "每月", "quarterly": "每季度", "yearly": "每年",
    "irregular": "不定期", "pending": "待审批", "approved": "已批准", "rejected": "已驳回",
    "holiday": "节假日", "workday": "调休工作日", "working_days": "工作日", "calendar_days": "自然日", "hours": "小时",
    "years": "年", "local": "本地例外", "package": "软件包", "provisional": "暂定",
    "yellow": "临期", "red": "超期",
    "open": "调查中", "transferring": "移送中", "filed": "已立案", "suspended": "中止", "decided": "已决定",
    "closed": "已结案", "transferred_out": "已移出", "draft": "草稿", "sent": "已移送", "received": "已签收",
    "accepted": "已接收", "disputed": "有异议", "escalated": "已报请", "designated": "已指定管辖",
    "withdrawn": "已撤回",
}  # fmt: skip


def value_label(value: object, *, english: bool) -> str:
    raw = str(getattr(value, "value", value))
    return raw if english else VALUES_ZH.get(raw, raw)
