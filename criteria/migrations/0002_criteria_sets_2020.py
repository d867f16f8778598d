"""The two 2020 criteria sets, from the text of 国市监信〔2020〕19号 (articles 5 and 6).

Each criterion's text is the item of the measures, word for word, without its
ordinal "（一）"; the one item broken by a page in the published file (art. 6(5))
is joined. Titles and the extra indicators (reported without a threshold, shown
to reviewers) are the portal's. Weights are equal: the measures set none.
"""

from decimal import Decimal

from django.db import migrations

YEAR = 2020
DOCUMENT_NUMBER = "国市监信〔2020〕19号"
DOCUMENT_TITLE = "市场监管工作真抓实干成效明显地方激励措施实施办法"
ALL_DOMAINS = ["food_drug", "special_equipment", "industrial_product", "engineering", "service"]


def metric(indicator_name, threshold):
    # 达 97% 以上 / 稳定在90%以上: 以上 includes the number.
    return {"indicator_name": indicator_name, "unit": "%", "comparator": "gte", "threshold": Decimal(threshold)}


# art. 6(8): 近3年 … 食品药品、特种设备、工业产品以及工程、服务等领域; read from the incident register.
NO_INCIDENT_3_YEARS = {
    "kind": "no_incident",
    "lookback_years": 3,
    "incident_domains": ALL_DOMAINS,
    "evidence_required": False,
    "max_attachments": 0,
}

SETS = [
    {
        "category": "business_reform",
        "article": "第五条",
        "rule": "all_and_highlight",
        "criteria": [
            {
                "number": "5.1",
                "title": "商事制度改革",
                "text": (
                    "持续推进商事制度改革深化拓展，扎实推进“证照分离”改革全覆盖，全面落实“多证合一”、"
                    "压缩企业开办时间、全程电子化登记和电子营业执照等改革举措，落实企业注销“一网”服务，"
                    "为群众提供统一规范、便利高效登记注册服务，切实降低企业办事成本，着力打造国际一流营商环境；"
                    "积极扶持小微企业发展，不断完善小微企业名录系统建设，在增加就业，促进经济增长、"
                    "科技创新与社会和谐稳定方面作用明显；大力开展登记注册数据分析利用，在为党委、"
                    "政府及市场监管部门宏观决策等提供参考方面作出积极贡献。"
                ),
                "extra_indicators": [
                    {"name": "企业开办时间", "unit": "个工作日"},
                ],
            },
            {
                "number": "5.2",
                "title": "事中事后监管",
                "text": (
                    "有力有序加强事中事后监管，深入推进部门联合“双随机、一公开”监管；切实抓好企业年报和企业信息公示工作，"
                    "持续优化国家企业信用信息公示系统应用和管理，并依托公示系统有效归集政府部门涉企信息；"
                    "大力加强信用监管和失信联合惩戒，积极探索信用修复、市场主体强制退出、企业信用风险分类管理等制度机制，"
                    "深入推进社会共治，依法查处无证无照经营，营造公平竞争的市场环境。"
                ),
                "extra_indicators": [
                    {"name": "企业年报率", "unit": "%"},
                    {"name": "涉企信息归集公示率", "unit": "%"},
                ],
            },
            {
                "number": "5.3",
                "title": "落实“十三五”市场监管规划",
                "text": (
                    "持续贯彻落实《“十三五”市场监管规划》。"
                ),
            },
            {
                "number": "5.4",
                "title": "竞争政策与反垄断执法",
                "text": (
                    "有力推动竞争政策实施，加强反垄断执法，营造公平竞争的市场环境。"
                ),
            },
            {
                "number": "5.5",
                "title": "价格收费监管与反不正当竞争",
                "text": (
                    "强化价格收费监管和重点领域反不正当竞争执法，依法查处价格收费违法违规行为，整治市场混淆、"
                    "商业贿赂、虚假宣传等突出问题，推进规范直销、打击传销以及公平竞争审查工作。"
                ),
            },
            {
                "number": "5.6",
                "title": "网络市场监管与消费者权益保护",
                "text": (
                    "认真落实《电子商务法》规定和“四个管网”要求，有效解决网络市场突出问题，切实维护网络市场秩序；"
                    "推进商品市场开办者企业法人登记，引导商品市场开办者落实相关义务责任，推动消费者权益保护，"
                    "大力加强 12315 行政执法体系建设，推进 12315 线上线下一体化工作，"
                    "依法履行合同监管职责，推动合同监管各项工作。"
                ),
            },
            {
                "number": "5.7",
                "title": "广告监管",
                "text": (
                    "深入推进广告战略实施，强化广告导向监管，充分发挥整治虚假违法广告联席会议机制作用，"
                    "广告市场秩序良好；积极开展指导广告业发展工作，推动广告产业健康发展提质升级。"
                ),
            },
        ],
    },
    {
        "category": "quality",
        "article": "第六条",
        "rule": "all",
        "criteria": [
            {
                "number": "6.1",
                "title": "质量工作组织领导",
                "text": (
                    "认真贯彻落实党中央、国务院关于质量工作的决策部署，坚持质量第一、效益优先，加强质量工作统筹规划和组织领导，"
                    "质量工作责任制落实到位，质量监测评价结果在本省名列前茅，群众质量获得感和满意度高，"
                    "质量工作支撑“六稳”、“打好三大攻坚战”效果良好。"
                ),
                "extra_indicators": [
                    {"name": "本省质量监测评价排名", "unit": "位"},
                    {"name": "本省参加排名的地方数", "unit": "个"},
                ],
            },
            {
                "number": "6.2",
                "title": "质量工作改革创新",
                "text": (
                    "推进质量工作改革创新成效明显，地方党委和政府因地制宜制定实施行之有效的质量发展政策措施，"
                    "充分发挥市场机制在提高质量水平中的作用。每年地方党委和政府专题研究部署质量工作。"
                ),
            },
            {
                "number": "6.3",
                "title": "质量信用与消费者投诉",
                "text": (
                    "诚实守信、公平竞争的市场环境不断完善，质量信用约束激励与联合惩戒机制较为完善，"
                    "打击侵犯知识产权和制售假冒伪劣商品工作扎实有效，消费者投诉办结率达 97% 以上，"
                    "产品伤害预防干预及时有效。"
                ),
                **metric("消费者投诉办结率", "97"),
            },
            {
                "number": "6.4",
                "title": "企业质量主体责任",
                "text": (
                    "企业质量主体责任深入落实，全面质量管理明显加强，企业在质量提升行动中主体作用有效发挥。"
                ),
            },
            {
                "number": "6.5",
                "title": "食品药品与质量安全监管",
                "text": (
                    "食品药品监管工作实施有力，食品和药品抽检合格率保持较高水平。质量安全监管不断加强，"
                    "工业产品监督抽查、产业集聚区产品质量风险监测和问题排查整治等扎实推进，建立了特种设备安全监管工作部门协调机制，"
                    "电梯应急处置平台和电梯责任保险的覆盖面较高。"
                ),
                "extra_indicators": [
                    {"name": "食品评价性抽检合格率", "unit": "%"},
                    {"name": "药品抽检合格率", "unit": "%"},
                    {"name": "电梯责任保险覆盖率", "unit": "%"},
                ],
            },
            {
                "number": "6.6",
                "title": "产品和服务质量",
                "text": (
                    "产品和服务质量状况良好，本地区产品质量合格率稳定在90%以上，服务质量满意度保持较好水平，"
                    "质量问题得到有效治理。"
                ),
                **metric("产品质量合格率", "90"),
                "extra_indicators": [
                    {"name": "服务质量满意度", "unit": "分"},
                ],
            },
            {
                "number": "6.7",
                "title": "质量基础设施",
                "text": (
                    "大力推进公共检验检测技术服务平台等质量基础设施建设，当地主导产业相关的计量、"
                    "标准、检验检测、认证认可等质量基础设施系统完整、高效运行，质量基础设施统筹建设、"
                    "协同服务和综合应用工作有效开展。"
                ),
            },
            {
                "number": "6.8",
                "title": "无重大质量安全事件",
                "text": (
                    "近3年在食品药品、特种设备、工业产品以及工程、服务等领域，未发生重大质量安全事件。"
                ),
                **NO_INCIDENT_3_YEARS,
            },
        ],
    },
]


def create_2020_sets(apps, schema_editor):
    CriteriaSet = apps.get_model("criteria", "CriteriaSet")
    Criterion = apps.get_model("criteria", "Criterion")
    for spec in SETS:
        criteria_set = CriteriaSet.objects.create(
            year=YEAR,
            category=spec["category"],
            document_number=DOCUMENT_NUMBER,
            document_title=DOCUMENT_TITLE,
            article=spec["article"],
            rule=spec["rule"],
        )
        for position, criterion in enumerate(spec["criteria"], start=1):
            fields = {"kind": "metric" if "threshold" in criterion else "attestation", **criterion}
            Criterion.objects.create(criteria_set=criteria_set, position=position, weight=Decimal("1.00"), **fields)


def remove_2020_sets(apps, schema_editor):
    CriteriaSet = apps.get_model("criteria", "CriteriaSet")
    CriteriaSet.objects.filter(year=YEAR, category__in=[spec["category"] for spec in SETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_initial")]

    operations = [migrations.RunPython(create_2020_sets, remove_2020_sets)]
