"""The time limits (`docs/time-limits.md`), each with the article that sets it and the one that says how it is
counted. Administrators change the rows; this table holds the defaults a new database starts with."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient

from models import TimeLimit
from models.enums import LimitUnit

# How each kind of period is counted, and why.
ART_85 = "行政处罚法第八十五条:二日、三日、五日、七日的规定是指工作日,不含法定节假日"
COERCION_ART_69 = (
    "行政强制法第六十九条:十日以内期限的规定是指工作日;超过十日按自然日计,末日为休假日的顺延(民法典第二百零三条)"
)
AS_WRITTEN = "规定原文以工作日计"
LOCAL_WORKING = "按工作日计(地方惯例,可配置)"
CALENDAR = "按自然日计;期间最后一日为法定休假日的,以休假日结束的次日为最后一日(民法典第二百零三条)"
YEARS = "按年计,到期年的对应日为最后一日(民法典第二百零二条);末日为休假日的顺延(第二百零三条)"
HOURS = "按小时连续计算"


@dataclass(frozen=True, slots=True)
class Default:
    amount: int
    unit: LimitUnit
    description: str
    source: str  # the law or local rule that sets the limit, with its article
    counting_basis: str


W, D, H, Y = LimitUnit.WORKING_DAYS, LimitUnit.CALENDAR_DAYS, LimitUnit.HOURS, LimitUnit.YEARS

DEFAULT_TIME_LIMITS: dict[str, Default] = {
    "transfer.send": Default(3, W, "移送决定后送出移送", "河北、重庆乡镇移送规则(地方惯例)", LOCAL_WORKING),
    "transfer.send_urgent": Default(24, H, "紧急案件(安全、食品、环境)送出移送", "地方惯例", HOURS),
    "transfer.receipt": Default(2, W, "接收方签收并出具送达回证", "地方惯例(可配置)", LOCAL_WORKING),
    "transfer.accept": Default(5, W, "接收方决定接收或提出异议", "地方惯例(可配置)", LOCAL_WORKING),
    "case.filing": Default(15, W, "线索核查后立案", "市场监督管理行政处罚程序规定第十八条", AS_WRITTEN),
    "case.decision": Default(90, D, "立案后作出处罚决定", "行政处罚法第六十条", CALENDAR),
    "case.extension": Default(30, D, "经负责人批准延长处罚决定期限(最多)", "市场监督管理行政处罚程序规定", CALENDAR),
    "decision.service": Default(7, W, "当事人不在场时送达行政处罚决定书", "行政处罚法第六十一条", ART_85),
    "evidence.preservation": Default(7, W, "先行登记保存后作出处理决定", "行政处罚法第五十六条", ART_85),
    "seizure.term": Default(30, D, "查封、扣押的期限", "行政强制法第二十五条", COERCION_ART_69),
    "seizure.extension": Default(30, D, "经负责人批准延长查封、扣押(最多)", "行政强制法第二十五条", COERCION_ART_69),
    "penalty.limitation": Default(
        2,
        Y,
        "违法行为未被发现、不再给予行政处罚的期限(涉及生命健康安全、金融安全且有危害后果的为五年)",
        "行政处罚法第三十六条",
        YEARS,
    ),
    "dispute.negotiation": Default(7, W, "管辖争议协商", "市场监督管理投诉举报处理暂行办法第三十条", AS_WRITTEN),
    "notice.response": Default(5, W, "被告知部门反馈处理情况", "地方惯例(可配置)", LOCAL_WORKING),
    "clue.accept": Default(7, W, "投诉举报受理或不予受理", "市场监督管理投诉举报处理暂行办法第十四条", AS_WRITTEN),
    "clue.inform": Default(5, W, "告知举报人处理结果", "市场监督管理投诉举报处理暂行办法第三十一条", AS_WRITTEN),
    "assistance.answer": Default(5, W, "答复执法协助请求", "行政处罚法第二十六条(期限为地方惯例)", LOCAL_WORKING),
    "supervision.warning": Default(2, W, "期限届满前黄色预警(提前)", "本系统设置(可配置)", LOCAL_WORKING),
}


async def time_limit(key: str, *, using_db: BaseDBAsyncClient | None = None) -> tuple[int, LimitUnit]:
    """The configured limit, or its default when an administrator has not stored one."""
    row = await TimeLimit.filter(key=key).using_db(using_db).first()
    if row is not None:
        return row.amount, LimitUnit(row.unit)
    default = DEFAULT_TIME_LIMITS[key]
    return default.amount, default.unit
