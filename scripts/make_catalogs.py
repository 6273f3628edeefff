#!/usr/bin/env python3
"""Generates the default dataset's catalog files (data/catalogs/**) from readable row tables.

Inputs (edit these, then re-run):
  scripts/catalog_rows/domains.csv     per-domain defaults (公开依据, 公开时限, 公开主体, 渠道, 对象, 方式, 层级)
  scripts/catalog_rows/NN_<领域>.csv    one row per catalog item; an empty cell takes the domain default.
                                       公开层级 is written "县级、乡级", "县级" or "乡级"; 示例 = 是 marks a
                                       row the dataset's authors completed in the spirit of the guideline
                                       (an unmarked row names an item the national guidelines list; see
                                       data/README.md, "What is real"). Every row of a county's or
                                       township's own file is marked 示例 (the adaptations are illustrative).

Output: catalogs in the shapes counties really publish them — XLSX with a title row, two-row merged
headers and merged first-level cells; CSV in UTF-8 with BOM and in GBK; ticks ■/□, √ or 是; a 三级事项
column, 公开内容（要素）及要求, 事项编码, 五公开 and 事项类型 columns, 湘潭's 13-element 义务教育 (事项类型,
公开内容标题, 公开渠道和载体 县级 · 乡级), legal bases tagged 【法律】【条例】,
county adaptations ("加减法") with their own level labels, a township's own catalog and a
未涉及领域事项说明 section.

Usage:  python3 -m pip install -r scripts/requirements.txt && python3 scripts/make_catalogs.py [data]
(the pinned openpyxl: another version may write other bytes; scripts/check-data.sh checks that data/
is what this script makes).
The row model and the catalog plan (which place has which files) are plain Python with no third-party
import, so scripts/make_entries.py reuses them; only writing XLSX needs openpyxl.
"""
import csv
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS_DIR = os.path.join(HERE, "catalog_rows")

# ---------------------------------------------------------------------------------------------------
# The row model


def load_domains():
    out = {}
    with open(os.path.join(ROWS_DIR, "domains.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out[int(r["编号"])] = r
    return out


DOMAINS = load_domains()
DOMAIN_NAMES = {i: d["领域"] for i, d in DOMAINS.items()}


def split_list(text, seps="、；"):
    items = [text]
    for s in seps:
        items = [p for x in items for p in x.split(s)]
    return [p.strip() for p in items if p.strip()]


def load_rows(domain_id):
    """The city template's rows of one domain, defaults applied. Each row is a dict."""
    d = DOMAINS[domain_id]
    fname = "%02d_%s.csv" % (domain_id, d["领域"])
    rows = []
    with open(os.path.join(ROWS_DIR, fname), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            get = lambda k, dk=None: (r.get(k) or "").strip() or (d.get(dk or k) or "").strip()
            audience = get("公开对象")
            group = None
            if "（" in audience:
                group = audience[audience.index("（") + 1:].rstrip("）")
            mode = get("公开方式")
            levels = get("公开层级")
            rows.append({
                "domain": domain_id,
                "l1": r["一级事项"].strip(),
                "l2": r["二级事项"].strip(),
                "l3": (r.get("三级事项") or "").strip(),
                "content": r["公开内容"].strip(),
                "basis": split_list(get("公开依据"), "；"),
                "limit": get("公开时限"),
                "body": get("公开主体"),
                "channels": split_list(get("公开渠道和载体"), "、"),
                "public": "全社会" in audience,
                "specific": "特定群体" in audience,
                "group": group,
                "proactive": "主动" in mode,
                "on_request": "依申请" in mode,
                # ticks of the template's two levels: [county, township]
                "levels": ["县级" in levels, "乡级" in levels],
                "type": (r.get("事项类型") or "").strip(),
                # 湘潭's 13-element template only (see STYLE's xiangtan13)
                "titles": (r.get("公开内容标题") or "").strip(),
                "township_channels": split_list((r.get("公开渠道和载体（乡级）") or "").strip(), "、"),
                "sample": (r.get("示例") or "").strip() == "是",
            })
    return rows


# ---------------------------------------------------------------------------------------------------
# How each domain's file is published (shared by the two city templates)

# fmt: xlsx | csv-bom | csv-gbk ; tick: ■ | √ | 是 ; join: separator of channels and legal bases
STYLE = {
    1: dict(fmt="xlsx", tick="■", extras=["事项类型", "五公开"]),
    2: dict(fmt="xlsx", tick="■", extras=["五公开"]),
    3: dict(fmt="xlsx", tick="√"),
    4: dict(fmt="csv-bom", tick="■"),
    5: dict(fmt="xlsx", tick="■"),
    6: dict(fmt="csv-bom", tick="√", blank_repeats=True),
    7: dict(fmt="csv-bom", tick="是"),
    8: dict(fmt="xlsx", tick="■"),
    9: dict(fmt="xlsx", tick="■", join="\n"),
    10: dict(fmt="xlsx", tick="√"),
    11: dict(fmt="xlsx", tick="■"),
    12: dict(fmt="xlsx", tick="是"),
    13: dict(fmt="xlsx", tick="■"),
    14: dict(fmt="xlsx", tick="■", join="\n"),
    15: dict(fmt="csv-gbk", tick="■"),
    16: dict(fmt="xlsx", tick="√"),
    17: dict(fmt="csv-bom", tick="■", village_column=True),
    18: dict(fmt="xlsx", tick="■", join="\n"),
    19: dict(fmt="xlsx", tick="■", number="code"),
    20: dict(fmt="xlsx", tick="■", numbered_content=True),
    21: dict(fmt="xlsx", tick="■", content_header="公开内容（要素）及要求"),
    22: dict(fmt="csv-bom", tick="√"),
    23: dict(fmt="xlsx", tick="■", third=True),
    24: dict(fmt="xlsx", tick="■", join="\n"),
    25: dict(fmt="xlsx", tick="是"),
    26: dict(fmt="xlsx", tick="■"),
}

# 五公开 of the 城乡规划 rows, by 事项类型 (the guideline's 决策/执行/管理/服务/结果 columns)
FIVE_OPEN_BY_TYPE = {"其他": "决策、结果", "公共服务": "服务", "行政许可": "服务、结果", "行政处罚": "执行、结果"}

# 2017 pilot names, used in the titles of 湘潭市's files (both names are accepted)
OLD_NAMES = {18: "就业创业", 14: "环境保护", 24: "医疗卫生", 8: "征地补偿"}

# ---------------------------------------------------------------------------------------------------
# The catalog plan: which place has which files


def localise_body(body, county_name, township_word):
    """公开主体 of the city template (县级…, 乡镇政府（街道办事处）) in a county's own words."""
    short = county_name
    for a, b in [
        ("县级政府民政部门", short + "民政局"),
        ("县级人力资源和社会保障部门", short + "人力资源和社会保障局"),
        ("县级农业农村部门", short + "农业农村局"),
        ("县级住房和城乡建设部门", short + "住房和城乡建设局"),
        ("县级文化和旅游部门", short + "文化旅游体育局"),
        ("县级医疗保障部门", short + "医疗保障局"),
        ("县级教育部门", short + "教育局"),
        ("县人民政府", short + "人民政府"),
        ("县司法局", short + "司法局"),
        ("县级", short),
        ("乡镇政府（街道办事处）", township_word),
        ("乡镇人民政府（街道办事处）", township_word),
        ("乡镇人民政府", township_word),
        ("公安机关/派出所", short + "公安分局（局）及各派出所"),
    ]:
        body = body.replace(a, b)
    return body


class CatalogFile:
    """One catalog file: its owner, domain, level labels (with tiers) and rows."""

    def __init__(self, owner, owner_name, domain, labels, tiers, rows, style, title, filename,
                 not_applicable=()):
        self.owner, self.owner_name, self.domain = owner, owner_name, domain
        self.labels, self.tiers = labels, tiers
        self.rows, self.style, self.title, self.filename = rows, style, title, filename
        self.not_applicable = list(not_applicable)


def relabel(rows, county_name=None, township_word=None, add=(), drop=()):
    out = []
    for r in rows:
        if (r["l1"], r["l2"], r["l3"]) in drop:
            continue
        r = dict(r)
        if county_name:
            r["body"] = localise_body(r["body"], county_name, township_word)
        out.append(r)
    for a in add:
        out.append(a)
    return out


def extra_row(domain, l1, l2, content, limit, levels, body=None, channels=None, l3=""):
    d = DOMAINS[domain]
    return {
        "domain": domain, "l1": l1, "l2": l2, "l3": l3, "content": content,
        "basis": split_list(d["公开依据"], "；"), "limit": limit, "body": body or d["公开主体"],
        "channels": channels or split_list(d["公开渠道和载体"], "、"), "public": True, "specific": False,
        "group": None, "proactive": True, "on_request": False, "levels": levels, "type": "",
        "titles": "", "township_channels": [], "sample": True,
    }


def city_template(code, name):
    files = []
    for i in range(1, 27):
        st = dict(STYLE[i])
        dn = DOMAIN_NAMES[i]
        if code == "430300":
            tdn = OLD_NAMES.get(i, dn)
            # 湘潭's clerks publish all but two domains as XLSX
            if st["fmt"] == "csv-gbk":
                st["fmt"] = "xlsx"
            # 义务教育, the domain 湘潭 wrote its template's example in, with the template's 13 elements
            # (事项类型, 公开内容标题, 公开渠道和载体 县级 · 乡级); those three are the dataset authors', so
            # the rows are marked 示例.
            if i == 26:
                st["xiangtan13"] = True
            fname = "%s%s领域基层政务公开标准目录" % (name, tdn)
        else:
            tdn = dn
            fname = "%02d_%s" % (i, dn)
        title = "%s%s领域基层政务公开标准目录（范本）" % (name, tdn)
        rows, labels, tiers = load_rows(i), ["县级", "乡级"], ["county", "township"]
        if st.get("village_column"):
            # 扶贫: the lists of poor households are identified and posted in the villages (村级)
            labels, tiers = labels + ["村级"], tiers + ["village"]
            rows = [dict(r, levels=r["levels"] + [r["l1"] == "扶贫对象" and r["levels"][1]]) for r in rows]
        files.append(CatalogFile(code, name, i, labels, tiers, rows, st, title, fname))
    return files


DISTRICTS = {
    # code: (name, second overridden domain)
    "430102": ("芙蓉区", 21),
    "430103": ("天心区", 18),
    "430104": ("岳麓区", 23),
    "430105": ("开福区", 15),
    "430111": ("雨花区", 19),
    "430112": ("望城区", 11),
}


def county_files(code, name, domains, labels, township_word, fmt="xlsx", tick="■", add=None, drop=None,
                 not_applicable=None, na_domain=None):
    files = []
    for i in domains:
        st = dict(STYLE[i])
        st["fmt"] = fmt if st["fmt"] == "xlsx" else st["fmt"]
        st["tick"] = tick
        rows = relabel(load_rows(i), name, township_word, (add or {}).get(i, ()), (drop or {}).get(i, ()))
        title = "%s%s领域基层政务公开标准目录" % (name, DOMAIN_NAMES[i])
        na = not_applicable if (not_applicable and i == na_domain) else ()
        files.append(CatalogFile(code, name, i, labels, ["county", "township"], rows, st, title,
                                 "%s%s领域基层政务公开事项目录" % (name, DOMAIN_NAMES[i]), na))
    return files


def township_files(code, name, county_files_by_domain, domains, police="辖区派出所"):
    """A township's own catalog: the county's rows ticked for townships, labelled 镇级/村级; rows posted on
    village notice boards are also ticked 村级."""
    files = []
    for i in domains:
        src = county_files_by_domain[i]
        ti = src.tiers.index("township")
        rows = []
        for r in src.rows:
            if not r["levels"][ti]:
                continue
            r = dict(r)
            village = any("公示栏" in c for c in r["channels"])
            r["body"] = (police if i == 22 else name + "办事处") + ("、社区居民委员会" if village else "")
            r["levels"] = [True, village]
            rows.append(r)
        if not rows:
            continue
        st = dict(STYLE[i])
        st.update(fmt="xlsx", tick="√", number="seq")
        title = "%s%s领域基层政务公开事项目录" % (name, DOMAIN_NAMES[i])
        # one workbook, one sheet per domain
        files.append(CatalogFile(code, name, i, ["镇级", "村级"], ["township", "village"], rows, st, title,
                                 "%s基层政务公开事项目录" % name))
    return files


def plan():
    """Every catalog file of the default dataset."""
    files = []
    files += city_template("430100", "长沙市")
    files += city_template("430300", "湘潭市")
    by_owner_domain = {(f.owner, f.domain): f for f in files}

    # Districts of 长沙: 区级/镇街级, 社会救助 and 户籍管理 plus one more domain each ("加减法")
    for code, (name, extra) in DISTRICTS.items():
        add, drop = {}, {}
        if code == "430102":
            add[20] = [extra_row(20, "最低生活保障", "动态管理情况", "低保对象增减情况、复核结果",
                                 "制定或获取信息之日起10个工作日内", [True, True])]
            drop[20] = [("受灾人员救助", "救助信息", "")]
        if code == "430105":
            drop[15] = [("农村电影放映", "农村公益电影放映", "")]
        fmt = "csv-bom" if code in ("430103", "430111") else "xlsx"
        files += county_files(code, name, [20, 22, extra], ["区级", "镇街级"], "街道办事处（镇人民政府）",
                              fmt=fmt, tick="■" if code != "430104" else "√", add=add, drop=drop)

    # 长沙县: 县级/乡级, its own 涉农补贴 (adds a county subsidy) and 养老服务
    files += county_files("430121", "长沙县", [23, 21], ["县级", "乡级"], "镇人民政府（街道办事处）", add={
        23: [extra_row(23, "县级特色产业扶持资金", "茶叶产业发展补贴", l3="申请指南", content=
                       "补贴对象、范围、标准、申请程序、材料、受理单位、办理时限、联系方式",
                       limit="信息形成或者变更之日起20个工作日内", levels=[True, True]),
             extra_row(23, "县级特色产业扶持资金", "茶叶产业发展补贴", l3="补贴结果",
                       content="补贴对象、补贴面积、补贴金额", limit="补贴资金发放之日起20个工作日内",
                       levels=[True, True])]})
    # 浏阳市 and 宁乡市 (county-level cities): 市级/镇(街)级
    files += county_files("430181", "浏阳市", [20, 23], ["市级", "镇(街)级"], "镇人民政府（街道办事处）",
                          tick="√")
    files += county_files("430182", "宁乡市", [11, 17], ["市级", "镇(街)级"], "镇人民政府（街道办事处）",
                          fmt="xlsx", tick="■")
    # 星沙街道 (长沙县) has a catalog of its own (镇级/村级), a workbook with one sheet per domain: every domain
    # in which 长沙县's catalog has rows for townships. A township's own catalog replaces its county's.
    xs_src = {i: by_owner_domain[("430100", i)] for i in range(1, 27)}
    xs_src.update({f.domain: f for f in files if f.owner == "430121"})
    files += township_files("430121001", "星沙街道", xs_src, range(1, 27), police="长沙县公安局星沙派出所")

    # 湘潭: 雨湖区 and 岳塘区 adapt 社会救助 with 区级/镇街级; 岳塘区 (all streets) declares 农村危房改造
    # not applicable; 湘乡市 adapts 涉农补贴 with 市级/镇(街)级.
    files += county_files("430302", "雨湖区", [20, 22], ["区级", "镇街级"], "街道办事处（镇、乡人民政府）")
    files += county_files("430304", "岳塘区", [20, 13], ["区级", "镇街级"], "街道办事处",
                          not_applicable=[(11, "岳塘区辖区均为街道，无农村危房改造任务，不涉及农村危房改造领域事项。")],
                          na_domain=20)
    files += county_files("430381", "湘乡市", [23], ["市级", "镇(街)级"], "镇（乡）人民政府（街道办事处）")
    # The adaptations above are illustrations made for this dataset, not catalogs these places published:
    # every row of a county's or township's own file is marked 示例 (the city templates keep their marks).
    for f in files:
        if f.owner not in ("430100", "430300"):
            f.rows = [dict(r, sample=True) for r in f.rows]
    return files


# ---------------------------------------------------------------------------------------------------
# Reasons for the adaptations (catalogs/<code>/调整说明.csv, docs/source-format.md): every row is 示例,
# written for illustration like the adaptations themselves. 领域 with an empty 事项 covers every change
# of the domain that has no row of its own.

GUIDE_54 = "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）"
BODY_REASON = "公开主体由范本的通用表述（县级××部门、乡镇政府（街道办事处））写为本地承担该事项的具体单位"


def reasons():
    """{owner: [(领域, 事项, 调整, 理由, 依据)]} for every place whose catalog adapts another."""
    out = {}
    for code, (name, extra) in DISTRICTS.items():
        out[code] = [(DOMAIN_NAMES[d], "", "", BODY_REASON, GUIDE_54) for d in sorted({20, 22, extra})]
    out["430102"] += [
        ("社会救助", "最低生活保障/动态管理情况", "新增",
         "低保对象实行动态管理，定期复核并公开增减情况，便于群众监督",
         "《最低生活保障审核确认办法》（民发〔2021〕57号）"),
        ("社会救助", "受灾人员救助/救助信息", "删除",
         "受灾人员救助信息由区应急管理部门在救灾领域目录中公开，本领域不再重复列出",
         "《救灾领域基层政务公开标准指引》（应急厅函〔2019〕390号）"),
    ]
    out["430105"] += [
        ("公共文化服务", "农村电影放映/农村公益电影放映", "删除",
         "辖区农村公益电影放映由市级统一组织实施并公开，区级目录不再列出", GUIDE_54),
    ]
    out["430121"] = [(DOMAIN_NAMES[d], "", "", BODY_REASON, GUIDE_54) for d in (21, 23)] + [
        ("涉农补贴", "县级特色产业扶持资金/茶叶产业发展补贴/申请指南", "新增",
         "县级财政安排的茶叶产业扶持资金，按涉农补贴领域要求公开申请条件和程序", GUIDE_54),
        ("涉农补贴", "县级特色产业扶持资金/茶叶产业发展补贴/补贴结果", "新增",
         "县级财政安排的茶叶产业扶持资金，按涉农补贴领域要求公开补贴对象和金额", GUIDE_54),
    ]
    out["430181"] = [(DOMAIN_NAMES[d], "", "", BODY_REASON, GUIDE_54) for d in (20, 23)]
    out["430182"] = [(DOMAIN_NAMES[11], "", "", BODY_REASON, GUIDE_54),
                     (DOMAIN_NAMES[17], "", "", BODY_REASON + "；扶贫对象名单在镇（街）公开，不再单列村级", GUIDE_54)]
    out["430121001"] = [(DOMAIN_NAMES[d], "", "",
                         "街道目录写明本街道的公开主体，并标明在社区公示栏公开的事项（村级）", GUIDE_54)
                        for d in range(1, 27)]
    out["430302"] = [(DOMAIN_NAMES[d], "", "", BODY_REASON, GUIDE_54) for d in (20, 22)]
    out["430304"] = [(DOMAIN_NAMES[d], "", "", BODY_REASON, GUIDE_54) for d in (13, 20)] + [
        ("农村危房改造", "", "不适用", "岳塘区辖区均为街道，无农村危房改造任务，不涉及农村危房改造领域事项。", GUIDE_54),
    ]
    out["430381"] = [(DOMAIN_NAMES[23], "", "", BODY_REASON, GUIDE_54)]
    return out


def write_reasons(root, files):
    """Writes each place's 调整说明.csv (UTF-8 with BOM), only for domains the place has files for."""
    covered = {}
    for f in files:
        covered.setdefault(f.owner, set()).update([f.domain] + [d for d, _ in f.not_applicable])
    for owner, rows in sorted(reasons().items()):
        names = {DOMAIN_NAMES[d] for d in covered.get(owner, ())}
        grid = [["领域", "事项", "调整", "理由", "依据", "示例"]]
        grid += [list(r) + ["是"] for r in rows if r[0] in names]
        write_csv(os.path.join(root, owner, "调整说明.csv"), grid, "utf-8-sig")


# ---------------------------------------------------------------------------------------------------
# What applies where (used by make_entries.py)


def applicable(files, places):
    """{place code: {domain: (file, tier)}} for every county and township: a county uses its own file of a
    domain, else its city's template; a township its own file, else its county's."""
    own = {(f.owner, f.domain): f for f in files}
    na = {}
    for f in files:
        for d, _ in f.not_applicable:
            na.setdefault(f.owner, set()).add(d)
    out = {}
    for code, (name, parent) in places.items():
        # A county's parent is its city; a city's parent, if any, is its province (430000).
        if len(code) == 6 and parent and not parent.endswith("0000"):
            city = parent
            out[code] = {}
            for d in range(1, 27):
                if d in na.get(code, ()):
                    continue
                out[code][d] = (own.get((code, d)) or own[(city, d)], "county")
    for code, (name, parent) in places.items():
        if len(code) == 9:
            out[code] = {}
            has_own = any(o == code for (o, _) in own)
            for d, (cf, _) in out[parent].items():
                if has_own:
                    if (code, d) in own:
                        out[code][d] = (own[(code, d)], "township")
                else:
                    out[code][d] = (cf, "township")
    return out


def rows_at(f, tier):
    """The rows of a file ticked for a tier."""
    if tier not in f.tiers:
        return []
    i = f.tiers.index(tier)
    return [r for r in f.rows if r["levels"][i]]


# ---------------------------------------------------------------------------------------------------
# Writing


def table(f):
    """The file as a grid: (rows of cells, header rows count, merges as (r1, c1, r2, c2) 1-based, 0-based
    index of the first data row)."""
    st = f.style
    third = st.get("third", False)
    tick = st["tick"]
    off = "□" if tick == "■" else ""
    join = st.get("join", "、")
    content_header = st.get("content_header", "公开内容（要素）")
    number = st.get("number", "seq")
    extras = list(st.get("extras", []))
    xt13 = st.get("xiangtan13", False)
    has_sample = xt13 or any(r["sample"] for r in f.rows)
    item_cols = ["一级事项", "二级事项"] + (["三级事项"] if third else [])

    h1 = ["事项编码" if number == "code" else "序号", "公开事项"] + [""] * (len(item_cols) - 1)
    h2 = [""] + item_cols
    singles = [content_header, "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
    if xt13:
        singles = ["事项类型", content_header, "公开内容标题", "公开依据", "公开时限", "公开主体"]
    for name in singles:
        h1.append(name)
        h2.append("")
    groups = [("公开对象", ["全社会", "特定群体"]), ("公开方式", ["主动", "依申请"]), ("公开层级", f.labels)]
    if xt13:
        groups.insert(0, ("公开渠道和载体", ["县级", "乡级"]))
    for g, subs in groups:
        h1 += [g] + [""] * (len(subs) - 1)
        h2 += subs
    for e in extras + (["示例"] if has_sample else []):
        h1.append(e)
        h2.append("")
    ncol = len(h1)

    grid = [[f.title] + [""] * (ncol - 1), h1, h2]
    merges = [(1, 1, 1, ncol)]
    # header merges
    for i, name in enumerate(h1):
        col = i + 1
        if name == "":
            continue
        span = 1
        while col - 1 + span < ncol and h1[col - 1 + span] == "" and h2[col - 1 + span] != "":
            span += 1
        if span > 1:
            merges.append((2, col, 2, col + span - 1))
        elif h2[col - 1] == "":
            merges.append((2, col, 3, col))

    l1_index, l2_index = {}, {}
    for n, r in enumerate(f.rows, 1):
        l1_index.setdefault(r["l1"], len(l1_index) + 1)
        key = (r["l1"], r["l2"])
        l2_index.setdefault(key, sum(1 for k in l2_index if k[0] == r["l1"]) + 1)
        num = "%02d%02d" % (l1_index[r["l1"]], l2_index[key]) if number == "code" else str(n)
        l1 = r["l1"]
        if st.get("blank_repeats") and n > 1 and f.rows[n - 2]["l1"] == l1:
            l1 = ""  # as a CSV saved from a sheet with merged first-level cells
        cells = [num, l1, r["l2"]] + ([r["l3"]] if third else [])
        content = r["content"]
        if st.get("numbered_content") and "；" in content:
            # "1.办理事项\n2.办理条件\n…": a numbered list keeps "办理时间、地点" one element
            content = "\n".join("%d.%s" % (k, e) for k, e in enumerate(content.split("；"), 1))
        if xt13:
            cells += [r["type"], content, r["titles"], join.join(r["basis"]), r["limit"], r["body"],
                      join.join(r["channels"]), join.join(r["township_channels"])]
        else:
            cells += [content, join.join(r["basis"]), r["limit"], r["body"], join.join(r["channels"])]
        for k, b in enumerate([r["public"], r["specific"], r["proactive"], r["on_request"]] + list(r["levels"])):
            # a named group is written in the 特定群体 cell itself (村集体成员, 申请人)
            cells.append(r["group"] if k == 1 and b and r["group"] else tick if b else off)
        for e in extras:
            if e == "事项类型" or (e == "五公开" and f.domain != 1):
                cells.append(r["type"])
            elif e == "五公开":
                cells.append(FIVE_OPEN_BY_TYPE.get(r["type"], ""))
        if has_sample:
            cells.append("是" if r["sample"] or xt13 else "")
        grid.append(cells)
    first = 3
    # merged first-level (and, with a 三级 column, second-level) cells
    for col, keyf in [(2, lambda r: r["l1"])] + ([(3, lambda r: (r["l1"], r["l2"]))] if third else []):
        start = 0
        rows = f.rows
        for i in range(1, len(rows) + 1):
            if i == len(rows) or keyf(rows[i]) != keyf(rows[start]):
                if i - start > 1:
                    merges.append((first + start + 1, col, first + i, col))
                start = i
    if f.not_applicable:
        grid.append([""] * ncol)
        grid.append(["未涉及领域事项说明"] + [""] * (ncol - 1))
        merges.append((len(grid), 1, len(grid), ncol))
        for k, (d, reason) in enumerate(f.not_applicable, 1):
            grid.append([str(k), DOMAIN_NAMES[d], reason] + [""] * (ncol - 3))
    return grid, merges


def write_xlsx(path, sheets):
    """sheets: [(file, grid, merges)], one sheet each."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for f, grid, merges in sheets:
        write_sheet(wb.create_sheet(DOMAIN_NAMES[f.domain]), grid, merges)
    wb.properties.creator = "gongkai scripts/make_catalogs.py"
    wb.save(path)
    make_reproducible(path)


def make_reproducible(path):
    """The same inputs give the same bytes: fixed zip timestamps and document dates (openpyxl writes the
    time of saving into both)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2026-11-15T00:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 15, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def write_sheet(ws, grid, merges):
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    for row in grid:
        ws.append([None if c == "" else int(c) if c.isdigit() and not c.startswith("0") else c for c in row])
    for (r1, c1, r2, c2) in merges:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    thin = Side(style="thin")
    wrap = Alignment(wrap_text=True, vertical="center")
    for row in ws.iter_rows(min_row=2, max_row=len(grid)):
        for cell in row:
            cell.alignment = wrap
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    for row in ws.iter_rows(min_row=2, max_row=3):
        for cell in row:
            cell.font = Font(bold=True)
    ws.freeze_panes = "A4"
    widths = {"公开内容": 36, "公开依据": 30, "公开时限": 20, "公开主体": 20, "公开渠道": 22}
    for i, h in enumerate(grid[1], 1):
        col = get_column_letter(i)
        ws.column_dimensions[col].width = next((w for k, w in widths.items() if h.startswith(k)), 8)
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 20


def write_csv(path, grid, encoding):
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerows(grid)


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "data")
    root = os.path.join(data, "catalogs")
    if os.path.isdir(root):
        shutil.rmtree(root)
    counts = {}
    workbooks = {}
    files = plan()
    for f in files:
        d = os.path.join(root, f.owner)
        os.makedirs(d, exist_ok=True)
        grid, merges = table(f)
        fmt = f.style["fmt"]
        if fmt == "xlsx":
            workbooks.setdefault(os.path.join(d, f.filename + ".xlsx"), []).append((f, grid, merges))
        elif fmt == "csv-bom":
            write_csv(os.path.join(d, f.filename + ".csv"), grid, "utf-8-sig")
        else:
            write_csv(os.path.join(d, f.filename + ".csv"), grid, "gbk")
        counts[f.owner] = counts.get(f.owner, 0) + len(f.rows)
    for path, sheets in workbooks.items():
        write_xlsx(path, sheets)
    write_reasons(root, files)
    for k, v in sorted(counts.items()):
        print(k, v, "rows")


if __name__ == "__main__":
    main()
