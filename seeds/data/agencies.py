"""The agencies of Huanghua (黄骅市, Cangzhou, Hebei): the city government, the county-level enforcement departments
and the townships and sub-districts.

Pure data, loaded by `seeds.reference.load_agencies`. `code` is the short agency code printed in document numbers
(南排河移〔2026〕3号); `parent` and `designation_office` refer to other rows by `code`. Names follow the official
names of the bodies; addresses and telephone numbers are plausible local values and the unified social credit codes
are well-formed demo values (organ prefix 11, division 130983, valid check characters), not the real registrations.
"""

from __future__ import annotations

from typing import Literal, TypedDict

AgencyKindValue = Literal["township", "sub_district", "county_department", "county_government"]


class AgencySeed(TypedDict):
    name: str  # full official name, unique
    code: str  # short code for document numbers, unique
    kind: AgencyKindValue
    parent: str | None  # `code` of the parent agency; None for the root (the city government)
    address: str
    phone: str
    credit_code: str  # 统一社会信用代码 (demo value)
    designation_office: str | None  # `code` of the office that designates jurisdiction (city government only)


# The code of the city government (the root) and of its justice bureau (司法局), which handles designation of
# jurisdiction (指定管辖) for the city government.
CITY_GOVERNMENT = "黄政"
JUSTICE_BUREAU = "黄骅司法"

AGENCIES: list[AgencySeed] = [
    # 县级人民政府
    {
        "name": "黄骅市人民政府",
        "code": "黄政",
        "kind": "county_government",
        "parent": None,
        "address": "河北省沧州市黄骅市渤海西路777号",
        "phone": "0317-5322001",
        "credit_code": "111309830130701394",
        "designation_office": JUSTICE_BUREAU,
    },
    # 县级行政执法部门
    {
        "name": "黄骅市司法局",
        "code": "黄骅司法",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市渤海西路777号市政务中心东楼",
        "phone": "0317-5322148",
        "credit_code": "11130983013140264Q",
        "designation_office": None,
    },
    {
        "name": "黄骅市市场监督管理局",
        "code": "黄骅市监",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市新华路与华兴街交叉口东行200米",
        "phone": "0317-5331215",
        "credit_code": "1113098301321039XA",
        "designation_office": None,
    },
    {
        "name": "黄骅市自然资源和规划局",
        "code": "黄骅自规",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市渤海中路96号",
        "phone": "0317-5323160",
        "credit_code": "111309830132805234",
        "designation_office": None,
    },
    {
        "name": "黄骅市住房和城乡建设局",
        "code": "黄骅住建",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市渤海中路128号",
        "phone": "0317-5324571",
        "credit_code": "11130983013350659T",
        "designation_office": None,
    },
    {
        "name": "沧州市生态环境局黄骅市分局",
        "code": "黄骅生态",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市黄骅大道与迎宾路交叉口北行300米",
        "phone": "0317-5330369",
        "credit_code": "11130983013420784F",
        "designation_office": None,
    },
    {
        "name": "黄骅市农业农村局",
        "code": "黄骅农业",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市渤海东路18号",
        "phone": "0317-5322735",
        "credit_code": "111309830134909186",
        "designation_office": None,
    },
    {
        "name": "黄骅市水务局",
        "code": "黄骅水务",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市新华路62号",
        "phone": "0317-5323642",
        "credit_code": "111309830135610426",
        "designation_office": None,
    },
    {
        "name": "黄骅市应急管理局",
        "code": "黄骅应急",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市华兴街45号",
        "phone": "0317-5335119",
        "credit_code": "11130983013631178W",
        "designation_office": None,
    },
    {
        "name": "黄骅市文化广电和旅游局",
        "code": "黄骅文旅",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市府前街16号",
        "phone": "0317-5321847",
        "credit_code": "11130983013701308C",
        "designation_office": None,
    },
    {
        "name": "黄骅市卫生健康局",
        "code": "黄骅卫健",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市新华路88号",
        "phone": "0317-5322260",
        "credit_code": "111309830137714378",
        "designation_office": None,
    },
    {
        "name": "黄骅市交通运输局",
        "code": "黄骅交通",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市黄骅大道207号",
        "phone": "0317-5324038",
        "credit_code": "11130983013841562W",
        "designation_office": None,
    },
    {
        "name": "黄骅市城市管理综合行政执法局",
        "code": "黄骅城管",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市渤海西路35号",
        "phone": "0317-5312319",
        "credit_code": "11130983013911698K",
        "designation_office": None,
    },
    {
        "name": "黄骅市教育局",
        "code": "黄骅教育",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市府前街9号",
        "phone": "0317-5322506",
        "credit_code": "111309830139818218",
        "designation_office": None,
    },
    {
        "name": "黄骅市民政局",
        "code": "黄骅民政",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市华兴街21号",
        "phone": "0317-5321390",
        "credit_code": "1113098301405195XF",
        "designation_office": None,
    },
    {
        "name": "黄骅市消防救援大队",
        "code": "黄骅消防",
        "kind": "county_department",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市黄骅大道与北环路交叉口西行150米",
        "phone": "0317-5336119",
        "credit_code": "11130983014122084L",
        "designation_office": None,
    },
    # 乡镇人民政府
    {
        "name": "黄骅镇人民政府",
        "code": "黄骅镇",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市黄骅镇政府街1号",
        "phone": "0317-5341002",
        "credit_code": "11130983014192218B",
        "designation_office": None,
    },
    {
        "name": "南排河镇人民政府",
        "code": "南排河",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市南排河镇南排河村",
        "phone": "0317-5471001",
        "credit_code": "111309830142623430",
        "designation_office": None,
    },
    {
        "name": "吕桥镇人民政府",
        "code": "吕桥",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市吕桥镇吕桥村",
        "phone": "0317-5481003",
        "credit_code": "11130983014332479N",
        "designation_office": None,
    },
    {
        "name": "旧城镇人民政府",
        "code": "旧城",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市旧城镇旧城村",
        "phone": "0317-5451002",
        "credit_code": "111309830144026096",
        "designation_office": None,
    },
    {
        "name": "常郭镇人民政府",
        "code": "常郭",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市常郭镇常郭村",
        "phone": "0317-5461005",
        "credit_code": "111309830144727382",
        "designation_office": None,
    },
    {
        "name": "羊二庄镇人民政府",
        "code": "羊二庄",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市羊二庄镇羊二庄村",
        "phone": "0317-5491001",
        "credit_code": "11130983014542863N",
        "designation_office": None,
    },
    {
        "name": "滕庄子乡人民政府",
        "code": "滕庄子",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市滕庄子乡滕庄子村",
        "phone": "0317-5431006",
        "credit_code": "11130983014612999D",
        "designation_office": None,
    },
    {
        "name": "官庄乡人民政府",
        "code": "官庄",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市官庄乡官庄村",
        "phone": "0317-5421002",
        "credit_code": "11130983014683121D",
        "designation_office": None,
    },
    {
        "name": "齐家务乡人民政府",
        "code": "齐家务",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市齐家务乡齐家务村",
        "phone": "0317-5411003",
        "credit_code": "111309830147532574",
        "designation_office": None,
    },
    {
        "name": "羊三木回族乡人民政府",
        "code": "羊三木",
        "kind": "township",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市羊三木回族乡羊三木村",
        "phone": "0317-5441008",
        "credit_code": "11130983014823382Q",
        "designation_office": None,
    },
    # 街道办事处
    {
        "name": "骅中街道办事处",
        "code": "骅中",
        "kind": "sub_district",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市渤海中路与新华路交叉口南行100米",
        "phone": "0317-5325106",
        "credit_code": "11130983014893516F",
        "designation_office": None,
    },
    {
        "name": "骅东街道办事处",
        "code": "骅东",
        "kind": "sub_district",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市渤海东路与华兴街交叉口",
        "phone": "0317-5326203",
        "credit_code": "111309830149636414",
        "designation_office": None,
    },
    {
        "name": "骅西街道办事处",
        "code": "骅西",
        "kind": "sub_district",
        "parent": CITY_GOVERNMENT,
        "address": "河北省沧州市黄骅市渤海西路与迎宾路交叉口北行80米",
        "phone": "0317-5327308",
        "credit_code": "1113098301503377XB",
        "designation_office": None,
    },
]
