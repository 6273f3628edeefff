#!/usr/bin/env python3
"""Generates the default dataset's SAMPLE published entries (发布信息), data/entries/<county>.csv.

Every entry is invented (titles, dates and links are examples) and written with 示例 = 是; its link is
on example.org (https://example.org/gongkai-sample/…), never an invented path on a real government host
(see data/README.md, "What is real"). Each entry names an item of the
catalog that really applies to its place: a county's entries use rows ticked for the county level of the
catalog it uses (its own file of a domain, else the city template); a township's entries use rows ticked
for the township level (乡级, 镇街级, 镇(街)级 …) of its county's catalog, or of its own catalog.

Deterministic: a seeded PRNG, Python standard library only (the catalog plan is imported from
make_catalogs.py, which needs openpyxl only for writing XLSX).

Usage:  python3 scripts/make_entries.py [data]   (data/places.csv must be in the folder; the catalog rows
come from scripts/catalog_rows through make_catalogs.py, whose openpyxl import is only for writing XLSX)
"""
import csv
import datetime as dt
import math
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_catalogs as mc  # noqa: E402

SEED = 20261115
START = dt.date(2025, 1, 1)
AS_OF = dt.date(2026, 11, 15)  # the dataset's as-of date: the latest publication date
TARGET = (10500, 12500)  # total entries wanted

# Sample links live under example.org (reserved for examples, RFC 2606), by place code.
SAMPLE_LINK = "https://example.org/gongkai-sample/entries/%s/%s/t%s_%06d.html"

AGENCY = {
    1: "自然资源和规划局", 2: "发展和改革局", 3: "公共资源交易中心", 4: "财政局", 5: "应急管理局", 6: "应急管理局",
    7: "税务局", 8: "自然资源局", 9: "房屋征收与补偿办公室", 10: "住房和城乡建设局", 11: "住房和城乡建设局",
    12: "住房和城乡建设局", 13: "城市管理和综合执法局", 14: "生态环境分局", 15: "文化旅游体育局", 16: "司法局",
    17: "农业农村局（乡村振兴局）", 18: "人力资源和社会保障局", 19: "人力资源和社会保障局", 20: "民政局",
    21: "民政局", 22: "公安局", 23: "农业农村局", 24: "卫生健康局", 25: "市场监督管理局", 26: "教育局",
}
DEPARTMENTS = ["民政局", "教育局", "财政局", "人力资源和社会保障局", "农业农村局", "卫生健康局", "住房和城乡建设局",
               "应急管理局", "市场监督管理局", "司法局", "文化旅游体育局", "城市管理和综合执法局"]
POLICY = ["实施方案", "管理办法", "实施细则", "工作要点", "工作方案", "若干措施"]
NUM = "〇一二三四五六七八九"


def cn_num(n):
    return NUM[n] if n < 10 else ("十" if n == 10 else "十" + NUM[n - 10])


RURAL = re.compile("农户|乡村|农村|村庄|乡规划|涉农|农民|种粮|耕地|农机|农业|危房|扶贫|贫困|返贫|征收土地|征地|拟征收|动物防疫|渔业|休耕|轮作")
BUSY = {"430121001": 3.5, "430181001": 2.5}  # 星沙街道 (it has its own catalog) and 淮川街道 publish a lot
URBAN_COUNTIES = {"430102", "430103", "430105", "430111", "430304", "430371"}


def working_days_before(d, n):
    while n > 0:
        d -= dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def limit_of(text):
    """(amount, working?) of a 公开时限, or None; 0 for 实时."""
    if "实时" in text or "即时" in text:
        return (0, True)
    m = re.search(r"(\d+)个工作日内", text) or re.search(r"(\d+)日内", text)
    if m:
        return (int(m.group(1)), "工作日" in m.group(0))
    return None


def rate(r, township):
    """Expected publications a year for one row at one place, before the place's activity factor."""
    name = r["l2"] + r["l3"]
    if any(k in name for k in ["审批信息", "审核审批", "岗位信息", "审核信息"]):
        return 9.0 if township else 6.0
    if any(k in name for k in ["处罚", "招标公告", "中标", "采购合同", "许可基本信息", "企业基本信息", "抽检",
                               "群众文化活动", "展览、讲座", "批准结果", "审批", "核发", "许可", "结果"]) or \
            r["l1"] in ("批准结果信息",):
        return 3.0
    if any(k in name for k in ["名单", "补贴", "津贴", "公示", "救助", "活动", "监测", "情况", "进度", "放映",
                               "下乡", "宣传", "检查", "培训", "动态", "预防接种", "健康教育"]):
        return 2.0 if township else 1.5
    if any(k in name for k in ["政策", "法规", "文件", "规章", "标准", "预算", "决算", "计划", "方案", "招生"]):
        return 0.8
    return 0.4


def topic(r):
    """What a policy notice is about: the first-level item, or the domain when that is generic."""
    l1 = r["l1"].rstrip("类事项")
    if any(k in l1 for k in ["政策", "法规", "文件", "综合业务", "公共服务"]):
        return mc.DOMAIN_NAMES[r["domain"]]
    return l1


def weight(r):
    """How likely a place is to publish anything at all under an item, relative to its activity."""
    name = r["l2"] + r["l3"]
    if any(k in name for k in ["名单", "审批信息", "审核", "补贴结果", "岗位信息", "活动", "政策"]):
        return 1.6
    if any(k in name for k in ["权利", "义务", "标准", "流程", "查询"]):
        return 0.6
    return 1.0


def title(rng, r, place, county, d):
    Y, M = d.year, d.month
    Q = (M - 1) // 3 + 1
    l1, l2, l3 = r["l1"], r["l2"], r["l3"]
    dom = r["domain"]
    ag = county + AGENCY[dom]
    key = l1 + "/" + l2
    if dom == 20:
        t = {
            "最低生活保障/审批信息": ["{P}{Y}年{M}月城乡低保对象名单公示", "{P}{Y}年{M}月最低生活保障对象及保障金发放情况公示"],
            "最低生活保障/审核信息": ["{P}{Y}年{M}月低保初审对象名单公示", "{P}{Y}年第{Qc}批最低生活保障申请初审情况公示"],
            "特困人员救助供养/审核审批": ["{P}{Y}年{M}月特困人员救助供养初审对象名单公示", "{P}{Y}年{M}月特困人员终止供养名单公示"],
            "临时救助/审核审批": ["{P}{Y}年{M}月临时救助对象名单公示", "{P}{Y}年第{Qc}季度临时救助发放情况公示"],
            "最低生活保障/政策": ["关于调整{Y}年城乡最低生活保障标准的通知", "{C}最低生活保障工作实施细则"],
            "最低生活保障/动态管理情况": ["{P}{Y}年{M}月低保对象增减情况公示"],
            "综合业务/监督（检查）": ["{P}社会救助监督举报电话公布", "{P}{Y}年社会救助领域信访投诉渠道公告"],
        }.get(key)
        if t:
            return fmt(rng.choice(t), place, county, Y, M, Q)
    if dom == 21 and l1 == "老年人补贴":
        return fmt(rng.choice(["{P}{Y}年第{Qc}季度{l2}发放名单公示", "{P}{Y}年{M}月{l2}新增对象公示"]), place, county, Y,
                   M, Q, l2=l2)
    if dom == 23 and l3:
        t = {"补贴结果": ["关于{Y}年{l2}发放情况的公示", "{P}{Y}年{l2}发放面积及金额公示", "{P}{Y}年{l2}资金兑付结果公示"],
             "申请指南": ["{Y}年{l2}申报指南", "关于做好{Y}年{l2}申报工作的通知"],
             "政策依据": ["{C}{Y}年{l2}实施方案", "关于印发《{C}{l2}资金管理办法》的通知"],
             "监督渠道": ["{l2}政策落实监督举报电话公布", "{P}{l2}监督举报渠道公告"]}[l3]
        return fmt(rng.choice(t), place, county, Y, M, Q, l2=l2)
    if dom == 18 and l2 == "岗位信息发布":
        return fmt(rng.choice(["{P}{Y}年{M}月就业岗位信息（第{n}期）", "{P}{Y}年春风行动专场招聘会岗位信息",
                               "{P}{Y}年{M}月辖区企业招聘信息汇总", "{P}“家门口就业”{M}月岗位推送"]),
                   place, county, Y, M, Q, n=rng.randint(1, 30))
    if dom == 26:
        t = {"招生管理/招生政策": ["{C}{Y}年义务教育阶段学校招生入学工作方案"],
             "招生管理/招生范围/学区划分": ["{C}{Y}年公办小学、初中招生范围（学区划分）公告"],
             "招生管理/招生计划": ["{C}{Y}年义务教育学校招生计划"],
             "招生管理/招生结果": ["{C}{Y}年民办义务教育学校电脑随机录取结果公告"],
             "重要政策执行情况/控辍保学": ["{P}{Y}年秋季学期控辍保学工作情况通报", "{P}{Y}年控辍保学劝返复学工作公示"]}.get(key)
        if t:
            return fmt(rng.choice(t), place, county, Y, M, Q)
    if dom == 4:
        t = {"财政预决算/政府预算": "{C}{Y}年财政预算报告及预算表", "财政预决算/政府决算": "{C}{Yp}年财政决算报告及决算表",
             "财政预决算/乡镇预算": "{P}{Y}年财政预算公开", "财政预决算/乡镇决算": "{P}{Yp}年财政决算公开",
             "部门预决算/乡镇部门预决算": "{P}{Y}年部门预算及“三公”经费预算"}.get(key)
        if t:
            return fmt(t, place, county, Y, M, Q)
        if l2 in ("部门预算", "部门决算"):
            dep = county + rng.choice(DEPARTMENTS)
            return "%s%d年%s" % (dep, Y if l2 == "部门预算" else Y - 1, l2)
    if dom == 22:
        if l1 == "查询服务":
            return fmt(rng.choice(["{P}户政业务办理进度查询方式公告", "居民身份证办理进度网上查询服务指引"]), place, county, Y, M, Q)
        return fmt(rng.choice(["{P}派出所户籍业务办事指南（{l2}）", "{l2}办事指南", "关于优化{l2}业务办理流程的公告"]),
                   place, county, Y, M, Q, l2=l2)
    if dom == 13:
        return "%s行政处罚决定书（%s罚决字〔%d〕%d号）" % (ag, county[:2], Y, rng.randint(1, 400)) if rng.random() < 0.7 \
            else "%s关于%s的执法公示" % (ag, l2)
    name = l3 or l2
    if dom == 1 and "规划" in name and r["l1"] == "规划编制":
        return fmt(rng.choice(["{P}{name}（2021—2035年）批前公示", "{P}{name}（2021—2035年）批后公布",
                               "关于{P}{name}修改的公示"]), place, county, Y, M, Q, name=name.replace("城市、镇", ""))
    if any(k in name for k in ["活动", "讲座", "演出", "培训", "放映", "下乡"]) and not township_place(place):
        return fmt(rng.choice(["{C}{Y}年{M}月{name}安排", "{C}文化馆{Y}年{M}月公益{kind}预告"]), place, county, Y, M, Q,
                   name=name, kind=rng.choice(["讲座", "展览", "培训", "演出"]))
    if any(k in name for k in ["处罚"]):
        return "%s行政处罚决定书（%s罚〔%d〕%d号）" % (ag, county[:2], Y, rng.randint(1, 300))
    if any(k in name for k in ["名单", "公示", "结果", "审核", "审批信息", "补贴", "津贴", "识别", "退出"]):
        return fmt(rng.choice(["{P}{Y}年{M}月{name}公示", "关于{Y}年{name}的公示", "{P}{Y}年第{Qc}批{name}"]),
                   place, county, Y, M, Q, name=name)
    if any(k in name for k in ["政策", "法规", "文件", "法律", "规章", "标准", "依据"]):
        return fmt(rng.choice(["关于印发《{C}{l1}{pol}》的通知", "{C}{l1}政策解读", "转发《关于进一步做好{l1}工作的通知》"]),
                   place, county, Y, M, Q, l1=topic(r), pol=rng.choice(POLICY))
    if "指南" in name:
        return fmt(rng.choice(["{name}（{Y}年版）", "{P}{name}"]), place, county, Y, M, Q, name=name)
    if any(k in name for k in ["许可", "审批", "核发", "备案", "注册", "认定", "登记"]):
        return fmt(rng.choice(["{A}{Y}年{M}月{name}结果公示", "{A}关于{name}的批复（第{n}号）", "{name}办事指南"]),
                   place, county, Y, M, Q, name=name, A=ag, n=rng.randint(1, 120))
    if any(k in name for k in ["活动", "讲座", "演出", "培训", "放映", "下乡", "宣传"]):
        return fmt(rng.choice(["{P}{Y}年{M}月{name}预告", "{P}开展{name}", "{P}{Y}年{M}月{name}安排"]), place, county,
                   Y, M, Q, name=name)
    if any(k in name for k in ["招标", "采购", "中标", "出让", "转让", "交易", "候选人"]):
        proj = rng.choice(["道路提质改造工程", "农村饮水安全巩固提升工程", "中小学校舍维修工程", "智慧社区建设项目",
                           "老旧小区改造项目", "农田水利设施建设项目", "公共服务中心建设项目", "物业管理服务采购项目"])
        if name == "采购项目预算金额":
            return "%s%d年%s采购意向公开" % (county, Y, proj)
        return "%s%d年%s%s" % (county, Y, proj, name if name.endswith(("公告", "公示")) else name + "公告")
    return fmt(rng.choice(["{P}{Y}年{name}信息公开", "{P}{Y}年{M}月{name}", "关于{name}的公告"]), place, county, Y,
               M, Q, name=name)


def kind_of(t):
    """The 类型 a clerk would give a sample entry, read off its title (empty when none fits)."""
    if t.endswith("解读"):
        return "政策解读"
    if "图解" in t or "一图读懂" in t:
        return "图解"
    if "指南" in t or "服务指引" in t:
        return "办事指南"
    if t.startswith(("关于印发《", "转发《")) or re.search("(实施方案|实施细则|管理办法|工作方案)$", t) or "标准的通知" in t:
        return "政策文件"
    if re.search("(公示|结果|名单)$", t):
        return "结果公示"
    return ""


def add_kinds(rows):
    """Appends 类型 and 解读对象 to each row: a 政策解读 interprets the latest 政策文件 of the same place and
    item published on or before it, named by its 链接 (none when there is no such policy)."""
    policies = {}
    for r in sorted(rows, key=lambda r: (r[6], r[7])):
        k = kind_of(r[5])
        target = ""
        if k == "政策解读":
            target = policies.get(tuple(r[:5]), "")
        elif k == "政策文件":
            policies[tuple(r[:5])] = r[7]
        r.extend([k, target])


def tidy(t):
    for a, b in [("公示公示", "公示"), ("公示的公示", "的公示"), ("公告公告", "公告"), ("公告公示", "公告"), ("公示公告", "公示"),
                 ("补贴补贴", "补贴"), ("结果结果", "结果")]:
        t = t.replace(a, b)
    return t


def township_place(name):
    return name.endswith(("街道", "镇", "乡")) or name.endswith("园") or name.endswith("开发区")


def fmt(t, place, county, Y, M, Q, **kw):
    return t.format(P=place, C=county, Y=Y, Yp=Y - 1, M=M, Qc=cn_num(Q), **kw)


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def load_places(data):
    places = {}
    with open(os.path.join(data, "places.csv"), encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            places[r["代码"]] = (r["名称"], r["上级代码"])
    return places


def generate(places, scale):
    rng = random.Random(SEED)
    files = mc.plan()
    appl = mc.applicable(files, places)
    days = [START + dt.timedelta(days=i) for i in range((AS_OF - START).days + 1)]
    workdays = [d for d in days if d.weekday() < 5]
    years = len(days) / 365.0
    out = {}
    seen_titles = set()
    for code in sorted(appl):
        name, parent = places[code]
        township = len(code) == 9
        county_code = parent if township else code
        county = places[county_code][0]
        # how active the place is: uneven on purpose (a coverage map should show differences)
        # how active the place is: uneven on purpose (a coverage map should show differences). `p` is the
        # share of its items it publishes anything under, `a` how often it repeats periodic notices.
        a = math.exp(rng.gauss(0, 0.6 if township else 0.3))
        if township and rng.random() < 0.08:
            a *= 0.15  # a township that hardly publishes
        if code in BUSY:
            a = BUSY[code]
        p = min(0.85, (0.16 if township else 0.4) * a)
        urban = name.endswith("街道") or (not township and county_code in URBAN_COUNTIES)
        seq = 0
        rows_out = []
        for dom, (f, tier) in sorted(appl[code].items()):
            if rng.random() < (0.1 if a > 0.7 else 0.3):
                continue  # nothing published in this domain
            for r in mc.rows_at(f, tier):
                if urban and RURAL.search(r["l1"] + r["l2"] + r["l3"]) and rng.random() < 0.85:
                    continue  # a city street seldom has anything to publish about farming or rural housing
                if rng.random() >= p * weight(r):
                    continue
                n = 1 + poisson(rng, max(0.0, rate(r, township) * years - 1) * a * scale)
                for _ in range(n):
                    pub = rng.choice(workdays)
                    t = tidy(title(rng, r, name, county, pub))
                    if (code, t) in seen_titles:
                        continue  # the same notice twice: a clerk would not publish it again
                    seen_titles.add((code, t))
                    lim = limit_of(r["limit"])
                    if lim is None:
                        formed = working_days_before(pub, rng.randint(1, 5))
                    elif lim[0] == 0:
                        formed = pub
                    elif rng.random() < 0.08:
                        formed = working_days_before(pub, lim[0] + rng.randint(1, 25))  # published late
                        if not lim[1]:
                            formed -= dt.timedelta(days=rng.randint(0, 4))
                    else:
                        formed = working_days_before(pub, rng.randint(1, max(1, min(lim[0], 8))))
                    seq += 1
                    url = SAMPLE_LINK % (code, pub.strftime("%Y%m"), pub.strftime("%Y%m%d"), seq)
                    rows_out.append([code, mc.DOMAIN_NAMES[dom], r["l1"], r["l2"], r["l3"],
                                     t, pub.isoformat(), url, formed.isoformat()])
        out.setdefault(county_code, []).extend(rows_out)
    return out


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                                "data")
    places = load_places(data)
    scale = 0.5
    for _ in range(12):
        out = generate(places, scale)
        total = sum(len(v) for v in out.values())
        if TARGET[0] <= total <= TARGET[1]:
            break
        scale *= sum(TARGET) / 2 / max(total, 1)
    # the as-of date: one entry published on it (a Sunday job fair in 星沙街道)
    out["430121"].append(["430121001", "就业", "就业信息服务", "岗位信息发布", "",
                          "星沙街道%d年11月“家门口就业”周末招聘会岗位信息" % AS_OF.year, AS_OF.isoformat(),
                          SAMPLE_LINK % ("430121001", AS_OF.strftime("%Y%m"), AS_OF.strftime("%Y%m%d"), 999999),
                          working_days_before(AS_OF, 2).isoformat()])
    d = os.path.join(data, "entries")
    os.makedirs(d, exist_ok=True)
    for fn in os.listdir(d):
        if fn.endswith(".csv"):
            os.remove(os.path.join(d, fn))
    total = 0
    for county, rows in sorted(out.items()):
        add_kinds(rows)
        rows.sort(key=lambda r: (r[6], r[0], r[7]))
        with open(os.path.join(d, county + ".csv"), "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["地区代码", "领域", "一级事项", "二级事项", "三级事项", "标题", "发布日期", "链接", "形成日期", "类型", "解读对象",
                        "示例"])
            w.writerows(r + ["是"] for r in rows)
        total += len(rows)
        print(county, len(rows))
    print("total", total, "scale %.3f" % scale)


if __name__ == "__main__":
    main()
