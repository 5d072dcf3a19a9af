"""Simplified Chinese for the admin (English by setting): sqladmin's own strings and ours, in one catalog.

Source strings are English; sqladmin ships no Chinese, so the catalog is built here in memory at start-up and
registered as the locale `zh_Hans` beside sqladmin's own.
"""

from __future__ import annotations

from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations
from sqladmin import i18n as sqladmin_i18n

CHINESE = "zh_Hans"
ENGLISH = "en"

_SQLADMIN = {
    "List": "列表", "Details": "详情", "Create": "新建", "Edit": "编辑", "Delete": "删除", "Export": "导出",
    "Import": "导入", "Access": "访问", "Page": "页面", "Permissions": "权限", "New %(name)s": "新建%(name)s",
    "You are not allowed to grant: %(permissions)s": "您无权授予:%(permissions)s",
    "Cancel": "取消", "Save": "保存", "Save and continue editing": "保存并继续编辑",
    "Save and add another": "保存并新建",
    "Column": "字段", "Value": "值", "Go Back": "返回", "Edit %(name)s": "编辑%(name)s", "Save as new": "另存为新记录",
    "Logout": "退出登录", "Language": "语言", "Import CSV": "导入 CSV",
    "You are not authorized to view these records.": "您无权查看这些记录。", "Actions": "操作",
    "Delete selected items": "删除所选项", "Search": "搜索", "Select all": "全选", "Select item": "选择",
    "View": "查看", "Showing %(start)s to %(end)s of %(count)s items": "第 %(start)s 至 %(end)s 条,共 %(count)s 条",
    "prev": "上一页", "next": "下一页", "Show": "每页", "%(size)s / Page": "%(size)s 条/页", "Filters": "筛选",
    "Login to %(title)s": "登录%(title)s", "Username": "用户名", "Enter username": "请输入用户名", "Password": "密码",
    "Login": "登录", "Close": "关闭", "Done": "完成", "Clear filter": "清除筛选", "Apply Filter": "应用筛选",
    "Please confirm": "请确认", "Yes": "确定", "Choose CSV file": "选择 CSV 文件", "No file selected": "未选择文件",
    "Skip invalid rows and continue import": "跳过无效行并继续导入", "Import progress": "导入进度",
    "%(processed)s/%(total)s rows processed": "已处理 %(processed)s/%(total)s 行", "Import result": "导入结果",
    "Missed rows": "未导入的行", "Download CSV": "下载 CSV", "Download TXT": "下载 TXT", "Refresh list": "刷新列表",
}  # fmt: skip

# Ours: menus, model names, column labels, help texts and messages (see admin/views.py).
_CASELINK = {
    "CaseLink administration": "行政执法协作管理后台",
    "Organisation": "机构管理", "Jurisdiction": "管辖与赋权", "Sharing": "信息共享",
    "People and permissions": "人员与权限",
    "Calendar and time limits": "日历与时限", "Records (read-only)": "业务记录(只读)", "Dashboard": "统计看板",
    "Agency": "行政机关", "Agencies": "行政机关", "Responsible head": "负责人", "Responsible heads": "负责人",
    "Matter": "赋权事项", "Matters": "赋权事项", "Jurisdiction line": "管辖目录条目", "Jurisdiction lines": "管辖目录",
    "Sharing catalog": "共享目录", "Sharing catalogs": "共享目录", "Catalog entry": "目录条目",
    "Catalog entries": "目录条目", "Access request": "共享申请", "Access requests": "共享申请",
    "Officer": "人员", "Officers": "人员", "API key": "接口密钥", "API keys": "接口密钥",
    "Policy rule": "权限规则", "Policy rules": "权限规则", "Holiday or working day": "节假日/调休",
    "Holidays and working days": "节假日与调休", "Time limit": "时限", "Time limits": "时限",
    "Case": "案件", "Cases": "案件", "Transfer": "移送", "Transfers": "移送", "Event": "事件", "Events": "事件日志",
    "Deadline alert": "超期预警", "Deadline alerts": "超期预警",
    "Webhook": "回调地址", "Webhooks": "回调地址", "Webhook delivery": "回调投递", "Webhook deliveries": "回调投递",
    "URL": "地址", "Event types": "事件类型", "Endpoint": "回调地址", "Attempts": "尝试次数",
    "Next attempt at": "下次尝试时间", "Last status code": "最近状态码", "Last response": "最近响应",
    "Delivered at": "送达时间", "Failed webhook deliveries": "投递失败的回调", "Send again": "重新投递",
    "Sent again": "已重新投递", "No failed delivery": "没有投递失败的回调",
    "ID": "编号", "Name": "名称", "Code": "代码", "Kind": "类型", "Parent": "上级机关",
    "Designation office": "指定管辖办理机构", "Credit code": "统一社会信用代码", "Address": "地址", "Phone": "电话",
    "Created at": "创建时间", "Updated at": "更新时间", "Field": "领域", "Legal basis": "法律依据",
    "Department": "主管部门", "Catalog version": "目录版本", "Effective from": "生效日期", "Effective to": "失效日期",
    "Decision days": "办案期限(日)", "Territory": "地域范围", "Basis": "赋权依据", "Description": "说明",
    "Version": "版本", "Owner": "所属机关", "Catalog": "目录", "Classification code": "分类编码", "Provider": "提供方",
    "Category": "类别", "Summary": "摘要", "Data format": "数据格式", "Data items": "信息项",
    "Sharing type": "共享类型",
    "Conditions": "共享条件", "Method": "共享方式", "Open to the public": "向社会开放", "Update cycle": "更新周期",
    "Publish date": "发布日期", "Entry": "目录条目", "Consumer": "使用方", "Purpose": "用途", "Status": "状态",
    "Decided at": "决定时间", "Decision note": "决定说明", "Username": "用户名", "Display name": "姓名",
    "Certificate number": "执法证号", "Active": "在职", "Prefix": "前缀", "Revoked at": "吊销时间",
    "Last used at": "最近使用", "Role": "角色", "Rule": "规则", "Date": "日期", "Key": "键", "Amount": "数量",
    "Unit": "单位", "Source": "依据", "User": "用户", "Appointed on": "任命日期", "Number": "编号", "Title": "标题",
    "Type": "类型", "Occurred at": "发生时间", "Subject": "对象", "Level": "级别", "Deadline": "期限",
    "Sender": "移送机关", "Receiver": "接收机关", "Sent at": "移送时间", "Document number": "文书编号",
    "Payload": "内容", "Actor": "操作人",
    "Initial password": "初始密码", "at least 8 characters": "至少 8 个字符",
    "Agency (empty: the whole county, for supervisors and system administrators)":
        "所属机关(留空:全县范围,仅适用于监督员和系统管理员)",
    "The API key (copy it now: it is not shown again)": "接口密钥(请立即复制,此后不再显示)",
    "Grant a role: choose the user (leave the permission empty)": "授予角色:选择用户(权限留空)",
    "Allow a permission to the role: choose the object and the action": "授予角色权限:选择对象并填写操作",
    "Object": "对象", "Action": "操作",
    "Import matters (CSV / Excel)": "导入赋权事项(CSV / Excel)", "Columns": "列", "Preview": "预览",
    "Imported": "已导入",
    "department is the agency's code; dates are YYYY-MM-DD.": "department 填机关代码;日期格式为 YYYY-MM-DD。",
    "Rows to import": "将导入的行", "Import these rows": "导入这些行", "Rejected rows": "被拒绝的行", "Line": "行号",
    "Reasons": "原因",
    "Invalid credentials.": "用户名或密码错误,或该用户无权进入管理后台。",
    "Revoke": "吊销", "Approve": "批准", "Reject": "驳回",
    "Transfers sent": "移送案件数", "Transfers received": "接收案件数", "Overdue warnings": "超期预警",
    "Statistics of the last 365 days": "近 365 日统计",
    "Overdue and due-soon warnings by agency": "各机关超期与临期预警",
    "warning": "临期", "overdue": "超期", "No data yet": "暂无数据",
    "Assistance answered on time": "按时答复协助", "Clues passed on": "转办线索",
    "Import a holiday notice (CSV / Excel)": "导入节假日安排通知(CSV / Excel)", "Year": "年份",
    "Notice title": "通知标题", "Published on": "发布日期", "Days to import": "将导入的日期",
    "Import this notice": "导入此通知", "Deadlines counted again": "重新计算的期限", "Holiday": "放假",
    "Make-up working day": "调休上班",
    "kind is holiday (放假) or workday (上班, a make-up working day); dates are YYYY-MM-DD.":
        "kind 填 holiday(放假)或 workday(上班,即调休工作日);日期格式为 YYYY-MM-DD。",
    "The notice replaces whatever the year was counted on; every open deadline it moves is counted again.":
        "导入的通知取代该年原有的日历,受影响的未届满期限将重新计算。",
    "Origin": "来源", "Counting basis": "计算规则", "Started at": "起算时间", "Due at": "届满时间",
    "Provisional": "暂定", "Provisional from": "暂定起始日", "Deadlines": "期限", "Subject ID": "对象编号",
    "The %(year)s holiday notice is not loaded: deadlines that run into %(year)s are provisional (%(count)s open).":
        "%(year)s 年节假日安排通知尚未导入:跨入 %(year)s 年的期限为暂定值(现有 %(count)s 个未届满)。",
    "Import it": "立即导入",
    "%(count)s open deadlines are provisional: they count days of a year whose notice is not loaded.":
        "%(count)s 个未届满期限为暂定值:其计算涉及尚未导入节假日安排通知的年份。",
}  # fmt: skip


def _catalog(messages: dict[str, str]) -> Translations:
    catalog = Catalog(locale="zh_Hans_CN", domain="admin")
    for source, text in messages.items():
        catalog.add(source, text)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain="admin")


def install_chinese() -> None:
    """Register `zh_Hans` with sqladmin (idempotent), and add our strings to its English catalog as themselves."""
    if CHINESE not in sqladmin_i18n.SUPPORTED_LOCALES:
        sqladmin_i18n.SUPPORTED_LOCALES.append(CHINESE)
    sqladmin_i18n.translations[CHINESE] = _catalog({**_SQLADMIN, **_CASELINK})


def chinese_messages() -> dict[str, str]:
    return {**_SQLADMIN, **_CASELINK}
