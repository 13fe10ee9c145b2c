"""The S003 annex table (涪陵区国有企业党组织规范化建设评分标准): 55 items, 8 sections, 100 points.

Each item is kept with its section, its opening words as the annex gives them (the full text
is the annex's), an English label, its points, whether it is marked ▲ (must be met), and how
it is scored: by the evaluator, per time (the notice board, 0.5 a time), or from what the
record already knows (the compliance report of the year) when the evaluator asks for it.
"""

from __future__ import annotations

from decimal import Decimal

from attrs import frozen

EVALUATOR = "evaluator"  # the evaluator gives the points
PER_TIME = "per-time"  # points per update, capped (the notice board, §七)
RECORD = "record"  # pre-filled from the record when asked, unless the evaluator gives them


def plain(value: Decimal) -> Decimal:
    """The value without trailing zeros and never in exponent form (80, not 8E+1 or 80.00)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@frozen
class Item:
    """One item of the table."""

    id: str  # section number . item number: "4.1" is the first item of §四
    section: str  # 一 … 八
    zh: str
    en: str
    points: Decimal
    triangle: bool
    scored: str = EVALUATOR

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "section": self.section,
            "text": self.zh,
            "label": self.en,
            "max": str(self.points),
            "triangle": self.triangle,
            "scored": self.scored,
        }


SECTIONS: dict[str, str] = {
    "一": "规范组织设置",
    "二": "规范班子建设",
    "三": "规范组织管理",
    "四": "规范组织生活",
    "五": "规范党员管理",
    "六": "规范党建活动",
    "七": "规范阵地建设",
    "八": "规范党建资料",
}
NUMERALS = tuple(SECTIONS)

# (section, points, ▲, how scored, English label, opening words), in the annex's order.
_ROWS: tuple[tuple[str, str, bool, str, str, str], ...] = (
    ("一", "1", True, EVALUATOR, "party chapter in the articles",
     "在国有企业章程中列出“党的组织”专章"),
    ("一", "1", True, EVALUATOR, "set-up and coverage",
     "按照《党章》规定科学合理设置党支部（党委、党总支）"),
    ("一", "1", True, EVALUATOR, "separate branches and groups",
     "符合组建条件的分（子）公司、业务部门等应单独设立党支部"),
    ("一", "1", False, EVALUATOR, "discipline committee or member",
     "建立党委的同步设立纪委，总支、支部设立纪检委员"),
    ("一", "1", True, EVALUATOR, "party-affairs office",
     "企业根据实际需要设立专门的党务工作机构"),
    ("一", "1", True, EVALUATOR, "party-affairs staff ≥ 1%",
     "专兼职党务工作人员职数配备不低于企业职工总数的1%"),
    ("一", "1", True, EVALUATOR, "funding ≥ 1% of payroll",
     "落实党组织工作和活动经费，按照不低于职工工资总额的1%纳入企业年度财务预算"),
    ("一", "1", False, EVALUATOR, "mass organisations",
     "坚持党建带群建，企业工会、妇委会、共青团等群团组织健全"),
    ("二", "1", True, RECORD, "full team, 换届 on time",
     "配齐配强党组织、纪检组织领导班子成员，按期进行换届"),
    ("二", "2", True, EVALUATOR, "two-way cross-appointment",
     "坚持和完善党组织班子与经营班子实行“双向进入、交叉任职”制度"),
    ("二", "3", True, EVALUATOR, "leadership collective study",
     "健全落实企业党政班子集中学习制度"),
    ("二", "2", True, EVALUATOR, "responsibility lists filed",
     "细化量化党政领导班子及其成员责任清单和任务清单"),
    ("二", "5", True, EVALUATOR, "democratic centralism, quarterly checks",
     "认真贯彻执行党的民主集中制，党组织每季度至少开展1次督促检查并形成工作报告"),
    ("三", "3", True, EVALUATOR, "first-responsible-person duty",
     "建立健全国有企业党建责任清单和任务清单，书记“第一责任人”责任"),
    ("三", "2", True, EVALUATOR, "annual plan and summary",
     "严格落实党建工作目标责任制，年初有计划、年终有总结"),
    ("三", "3", True, EVALUATOR, "party management of cadres",
     "坚持党管干部原则"),
    ("三", "3", True, EVALUATOR, "party management of talent",
     "坚持党管人才原则，实施人才强企战略"),
    ("三", "2", False, EVALUATOR, "integrity education",
     "加强党风廉政教育和党纪国法教育"),
    ("三", "1", False, EVALUATOR, "united front",
     "把党的统战工作落实到基层企业"),
    ("三", "2", True, EVALUATOR, "workers' congress and openness",
     "坚持全心全意依靠职工群众办企业，推进厂务公开、业务公开"),
    ("三", "1", False, EVALUATOR, "informing workers",
     "通过会议或内部报刊、宣传栏等向企业职工通报党组织工作活动"),
    ("三", "1", True, EVALUATOR, "timely reports upward",
     "对企业及党组织的重大情况和问题及时报告上级党组织"),
    ("三", "2", False, EVALUATOR, "yearly classification and upgrading",
     "建立党组织晋位升级长效机制，每年开展一次分类定级"),
    ("四", "11", True, RECORD, "三会一课",
     "严格落实“三会一课”制度：党员大会每季度1次（4分）、支委会每月1次（3分）、党小组"
     "会每月1次（2分）、党课每季度1次（2分）"),
    ("四", "1", True, EVALUATOR, "secretary's lecture ≥ 1 a year",
     "党组织书记及区管党员领导干部每年给党员上1次以上党课"),
    ("四", "2", False, RECORD, "theme day on the 10th monthly",
     "确定每月10日为主题党日"),
    ("四", "1", True, RECORD, "heart-to-heart talks",
     "深入开展谈心谈话活动，党支部书记和委员每年与所在支部的党员谈心谈话不少于1次"),
    ("四", "2", True, RECORD, "organisational life meeting ≥ 1 a year",
     "党组织领导班子每年至少召开1次组织生活会"),
    ("四", "1", True, EVALUATOR, "quarterly attendance check",
     "每季度要对党员参加组织生活情况开展一次检查并向全体党员通报"),
    ("五", "2", True, EVALUATOR, "records, no lost or pocket members",
     "建立准确完善的党员基础信息台帐，无失联党员、“口袋党员”"),
    ("五", "2", True, EVALUATOR, "development by the Development Rules",
     "严格贯彻执行发展党员工作细则"),
    ("五", "2", True, RECORD, "study: 32 h / 56 h",
     "推进“两学一做”学习教育常态化制度化，党员每年集中学习培训时间不少于32学时，党组织"
     "领导班子成员一般不少于56学时"),
    ("五", "2", True, EVALUATOR, "dues reported quarterly",
     "按规定做好党费收缴管理工作，党费使用和管理要公开透明，每季度通报一次"),
    ("五", "1", False, EVALUATOR, "intra-party democracy and care",
     "扩大党内民主，保障党员权利，落实好党内关怀帮扶措施"),
    ("五", "3", True, RECORD, "democratic evaluation yearly",
     "每年定期开展1次民主评议党员工作"),
    ("六", "2", True, EVALUATOR, "service-type organisation",
     "持续深化服务型党组织建设，积极培育“阳光力量”品牌"),
    ("六", "2", False, EVALUATOR, "member identity and commitments",
     "全面推行党员亮身份和承诺践诺评诺制度"),
    ("六", "1", True, EVALUATOR, "learning systems",
     "建立健全“职工政治学习课”、“党员学习日”、“技能提升月”等制度"),
    ("六", "1", False, EVALUATOR, "members linked to staff",
     "每名党组织班子成员联系一定数量党员，每名党员联系一定数量职工群众"),
    ("六", "2", False, EVALUATOR, "五必访五必谈",
     "落实好“五必访五必谈”制度"),
    ("六", "1", True, EVALUATOR, "holiday visits",
     "开展重大节假日对企业困难党员、老党员、困难职工走访慰问活动"),
    ("六", "2", False, EVALUATOR, "twinning and volunteering half-yearly",
     "积极开展结对共建，每半年在所在地至少开展一次志愿服务活动"),
    ("六", "2", False, EVALUATOR, "corporate culture",
     "坚持以党建引领企业文化建设"),
    ("六", "2", True, EVALUATOR, "theme education, innovation projects",
     "抓好各类主题教育实践活动，创新设计1—2项“党建创新项目”"),
    ("七", "1", True, EVALUATOR, "the 六有 standard",
     "按照“六有”标准建设规范化活动阵地"),
    ("七", "1", True, EVALUATOR, "name plaque",
     "党组织名称标牌规范，与企业标牌并挂"),
    ("七", "1", False, EVALUATOR, "door plates and org chart",
     "党组织书记办公室、党务工作机构办公室、党员活动室等门牌规范"),
    ("七", "1", True, PER_TIME, "notice board, 0.5 a time",
     "合理设置党建工作宣传专栏、公开栏，至少每季度开展1次宣传展示（每次0.5分）"),
    ("七", "2", False, EVALUATOR, "party-and-mass service centre",
     "推进国有企业党群服务中心建设"),
    ("七", "1", True, EVALUATOR, "activity-room equipment",
     "党员活动室有党旗、党组织机构设置图、入党誓词、党内制度等"),
    ("七", "1", False, EVALUATOR, "shared activity room",
     "党员活动室可单独设置，也可整合资源“一室多用”"),
    ("八", "3", False, EVALUATOR, "complete records",
     "资料收集齐全，真实准确、分类合理"),
    ("八", "1", False, EVALUATOR, "≥ 4 information submissions",
     "资料利用好，投稿4条以上"),
    ("八", "1", False, EVALUATOR, "party statistics",
     "按时保质完成党内统计"),
    ("八", "1", False, EVALUATOR, "promotional video",
     "有党建工作专题宣传片、工作汇报片等"),
)  # fmt: skip


def _items() -> tuple[Item, ...]:
    out: list[Item] = []
    counts: dict[str, int] = {}
    for section, points, triangle, scored, en, zh in _ROWS:
        counts[section] = counts.get(section, 0) + 1
        number = NUMERALS.index(section) + 1
        out.append(
            Item(f"{number}.{counts[section]}", section, zh, en, Decimal(points), triangle, scored)
        )
    return tuple(out)


ITEMS: tuple[Item, ...] = _items()
BY_ID: dict[str, Item] = {item.id: item for item in ITEMS}
NOTICE_BOARD = "7.4"
# The parts of 三会一课 (item 4.1) and their points (the annex: 4, 3, 2, 2).
THREE_MEETINGS = "4.1"
