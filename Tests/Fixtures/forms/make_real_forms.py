#!/usr/bin/env python3
"""Writes the real-form fixtures: published 自评表 (Tests/Fixtures/forms/real/, each with
its source) rebuilt as workbooks in their printed layout, by two different writers.

    /usr/bin/python3 make_real_forms.py      (Debian: python3-openpyxl, libreoffice-calc-nogui)

- openpyxl/三地自评表.xlsx (openpyxl): a cover sheet, a 填报说明 sheet and three forms —
  yn-yd-2022-yygs (云南: amounts in 元, the two-row 年度指标值 header over 指标性质 | 指标值 |
  度量单位, the grade 优 printed after the score), sc-qs-2023-gzxzc (四川: 预算执行情况(10分),
  the project code before the name, 合计 under 权重 only, actuals not filled in) and
  ah-tc-2022-shzhfy (安徽: `年度资金总额:`, 一级指标 cells that print only their points,
  placeholder rows `指标2:` and `……`, 执行率 as the formula =E6/D6 — openpyxl saves no result).
- libreoffice/三地自评表.xlsx: the same workbook opened and saved by LibreOffice Calc
  (its own XML, shared strings and styles; the formula's result saved).
- libreoffice/中江水标尺.csv and libreoffice/中江水标尺.xls: sc-zj-2022-sbc (四川 衔接资金:
  分值 before 年度指标值, 产出指标(70分)) exported by LibreOffice as CSV and as the old .xls.

Cell texts are the stored documents' (see real/*.txt for what is uncertain there); a
cell the document prints as a percentage is stored as Excel stores a typed percentage.
"""
import os, shutil, subprocess, tempfile
from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = os.path.dirname(os.path.abspath(__file__))


def put(ws, ref, v, fmt=None):
    c = ws[ref]
    c.value = v
    if isinstance(v, str) and v.startswith("=") and not v[1:2].isalpha():
        c.data_type = "s"  # `=` or `=100`: a sign the form prints, not a formula
    if isinstance(v, str) and "\n" in v:
        c.alignment = Alignment(wrap_text=True)
    if fmt:
        c.number_format = fmt
    return c


def pct(ws, ref, x, places=0):
    put(ws, ref, x, "0." + "0" * places + "%" if places else "0%")


def m(ws, a, b, v=None):
    if v is not None:
        put(ws, a, v)
    ws.merge_cells(f"{a}:{b}")


def row(ws, r, cells):
    for col, v in cells.items():
        if v is not None:
            put(ws, f"{col}{r}", v)


def yunnan(ws):
    """yn-yd-2022-yygs: https://www.yongde.gov.cn/info/3003/116104.htm"""
    m(ws, "A1", "K1", "2022年度项目支出绩效自评表")
    m(ws, "A2", "F2", "部门:临沧市永德县明朗中学"); m(ws, "G2", "K2", "公开14表")
    m(ws, "A3", "B3", "项目名称"); m(ws, "C3", "K3", "义务教育营养改善计划专项资金")
    m(ws, "A4", "B4", "主管部门"); m(ws, "C4", "E4", "永德县教育体育局"); m(ws, "F4", "G4", "实施单位"); m(ws, "H4", "K4", "永德县明朗中学")
    m(ws, "A5", "A9", "项目资金 (元)")
    row(ws, 5, {"C": "年初预算数", "D": "全年预算数", "E": "全年执行数", "F": "分值", "G": "执行率", "H": "得分"})
    # The stored row prints two amounts for three columns; 执行率 100% puts them under
    # 全年预算数 and 全年执行数 (年初预算数 left blank).
    row(ws, 6, {"B": "年度资金总额", "D": 387664.62, "E": 387664.62, "F": 10, "H": 10}); pct(ws, "G6", 1)
    row(ws, 7, {"B": "其中:当年财政 拨款", "D": 387664.62, "E": 387664.62, "F": "—", "H": "—"})
    row(ws, 8, {"B": "上年结转 资金", "F": "—", "H": "—"})
    row(ws, 9, {"B": "其他资金", "C": "—", "D": "—", "E": "—", "F": "—", "H": "—"})
    m(ws, "A10", "A11", "年度 总体 目标"); m(ws, "B10", "E10", "预期目标"); m(ws, "F10", "K10", "实际完成情况")
    m(ws, "B11", "E11", "确保每一个学生都能享受到国家政策福利,改善学生体质"); m(ws, "F11", "K11", "确保每一个学生都能享受到国家政策福利,改善学生体质")
    m(ws, "A12", "A23", "绩效指标")
    m(ws, "B12", "B13", "一级指标"); m(ws, "C12", "C13", "二级指标"); m(ws, "D12", "D13", "三级指标"); m(ws, "E12", "G12", "年度指标值")
    row(ws, 13, {"E": "指标性质", "F": "指标值", "G": "度量单位"})
    m(ws, "H12", "H13", "实际完成值"); m(ws, "I12", "I13", "分值"); m(ws, "J12", "J13", "得分"); m(ws, "K12", "K13", "偏差原因分析及改进措施")
    rows = [
        ("数量指标", "学生受资助人数", "≧", 735, "人次", 735, 10, 10),
        ("质量指标", "营养改善计划覆盖率", "≧", 100, "%", 1, 10, 10),
        ("时效指标", "资金到位及时率", "≧", 100, "%", 1, 10, 7),
        ("成本指标", "生均补助标准达标率", "═", 100, "%", 1, 10, 10),
        ("经济效益 指标", "减轻贫困学生家庭经济负担", None, "有效", None, "有效", 10, 10),
        ("社会效益 指标", "政策知晓率", "═", 100, "%", 0.98, 10, 9),
        ("生态效益 指标", None, None, None, None, None, None, None),
        ("可持续影响 指标", "促进学校教育事业健康发展", "≧", 100, "%", 1, 10, 10),
        ("服务对象满意度指标等", "学生满意度", "≧", 95, "%", 1, 10, 10),
        (None, "家长满意度", "≧", 95, "%", 1, 10, 10),
    ]
    for k, (l2, l3, nature, value, unit, actual, w, s) in enumerate(rows):
        r = 14 + k
        row(ws, r, {"C": l2, "D": l3, "E": nature, "F": value, "G": unit, "I": w, "J": s})
        if isinstance(actual, float) or (actual == 1 and unit == "%"):
            pct(ws, f"H{r}", actual)
        else:
            put(ws, f"H{r}", actual)
    m(ws, "B14", "B17", "产出指标"); m(ws, "B18", "B21", "效益指标"); m(ws, "B22", "B23", "满意度指标"); m(ws, "C22", "C23")
    m(ws, "A24", "C24", "其他需要说明事项"); m(ws, "D24", "K24", "无")
    m(ws, "A25", "H25", "总分"); row(ws, 25, {"I": 100, "J": 96, "K": "优"})


def sichuan(ws):
    """sc-qs-2023-gzxzc: https://www.scqs.gov.cn/info/13206/211004.htm"""
    m(ws, "A1", "D1", "报表编号:510000_0013zp")
    m(ws, "A2", "K2", "部门预算项目支出绩效自评表(2023年度)")
    m(ws, "A3", "B3", "项目名称"); m(ws, "C3", "K3", "51000021R000000019951-工资性支出")
    m(ws, "A4", "B4", "主管部门"); m(ws, "C4", "E4", "青神县发展和改革局本级"); m(ws, "F4", "G4", "实施单位 (盖章)"); m(ws, "H4", "K4", "青神县发展和改革局")
    m(ws, "A5", "A7", "项目基本情况"); m(ws, "B5", "B6", "1.项目年度目标完成情况"); m(ws, "C5", "F5", "项目年度目标"); m(ws, "G5", "K5", "年度目标完成情况")
    m(ws, "C6", "F6", "严格执行相关政策,保障工资及时、足额发放或社保及时、足额缴纳,预算编制科学合理,减少结余资金。")
    m(ws, "G6", "K6", "对照年度目标,说明相关任务目标的完成情况(100字以内)")
    put(ws, "B7", "2.项目实施内容及过程概述"); m(ws, "C7", "K7")
    m(ws, "A8", "A13", "预算执行情况(10分)")
    row(ws, 8, {"B": "年度预算数(万元)", "C": "年初预算", "D": "调整后预算数", "E": "预算执行数", "F": "预算执行率", "G": "权重", "H": "得分"})
    m(ws, "I8", "K8", "原因")
    row(ws, 9, {"B": "总额", "C": 238.93, "D": 251.89, "E": 251.89, "G": 10}); pct(ws, "F9", 1, 2)
    m(ws, "I9", "K13", "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款.")
    row(ws, 10, {"B": "其中:财政资金", "C": 238.93, "D": 251.89, "E": 251.89, "G": "/", "H": "/"}); pct(ws, "F10", 1, 2)
    for r, label in ((11, "财政专户管理资金"), (12, "单位资金")):
        row(ws, r, {"B": label, "G": "/", "H": "/"})
        for col in "CDE":
            put(ws, f"{col}{r}", 0, "0.00")
        pct(ws, f"F{r}", 0, 2)
    row(ws, 13, {"B": "其他资金", "G": "/", "H": "/"})
    m(ws, "A14", "A16", "绩效指标(90分)")
    row(ws, 14, {"B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "指标性质", "F": "指标值", "G": "度量单位", "H": "完成值", "I": "权重", "J": "得分", "K": "未完成原因分析"})
    row(ws, 15, {"B": "产出指标", "C": "数量指标", "D": "发放(缴纳)覆盖率", "E": "=", "F": 100, "G": "%", "I": 60})
    row(ws, 16, {"B": "效益指标", "C": "社会效益指标", "D": "足额保障率(参保率)", "E": "=", "F": 100, "G": "%", "I": 30})
    m(ws, "A17", "H17", "合计"); put(ws, "I17", 100)
    for r, label, text in (
        (18, "评价结论", "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)"),
        (19, "存在问题", "结合自评情况,分析存在的问题及原因。(200字以内)"),
        (20, "改进措施", "针对项目自评中发现的问题,提出下一步改进完善的意见及有关政策性建议。(200字以内)"),
    ):
        put(ws, f"A{r}", label); m(ws, f"B{r}", f"K{r}", text)
    m(ws, "A21", "E21", "项目负责人:"); m(ws, "F21", "K21", "财务负责人:")


def anhui(ws):
    """ah-tc-2022-shzhfy: 天长市水利局 (the search result gave no address)."""
    m(ws, "A1", "I1", "项目支出绩效自评表")
    m(ws, "A2", "I2", "(2022年度)")
    m(ws, "A3", "B3", "项目名称"); m(ws, "C3", "I3", "水旱灾害防御经费")
    m(ws, "A4", "B4", "主管部门"); m(ws, "C4", "E4"); put(ws, "F4", "实施单位"); m(ws, "G4", "I4", "天长市水利局")
    m(ws, "A5", "A9", "项目资金\n(万元)")
    row(ws, 5, {"C": "年初预算数", "D": "全年预算数(A)", "E": "全年执行数(B)", "F": "分值", "G": "执行率(B/A)", "H": "得分"})
    row(ws, 6, {"B": "年度资金总额:", "C": 880, "D": 880, "E": 880, "F": 10, "H": 10})
    put(ws, "G6", "=E6/D6", "0.00%")
    row(ws, 7, {"B": "其中:本年财政拨款", "C": 880, "D": 880, "E": 880, "F": "-", "H": "-"})
    row(ws, 8, {"B": "上年结转资金", "F": "-", "H": "-"})
    row(ws, 9, {"B": "其他资金", "F": "-", "H": "-"})
    m(ws, "A10", "A11", "年度总体目标完成情况"); m(ws, "B10", "E10", "预期目标"); m(ws, "F10", "I10", "实际完成情况")
    m(ws, "B11", "E11", "完成年度防汛工作,完成中型灌区节水改造项目和农业综合水价改革项目。"); m(ws, "F11", "I11", "完成年度目标。")
    row(ws, 12, {"A": "年度绩效指标完成情况", "B": "一级\n指标", "C": "二级指标", "D": "三级指标", "E": "年度指标值", "F": "实际完成值", "G": "分值", "H": "得分", "I": "偏差原因分析及改进措施"})
    rows = [
        ("数量指标", "指标1:完成中型灌区节水改造项目数量", 1, 1, 10, 10), (None, "指标2:完成农业综合水价改革项目", 1, 1, 10, 10), (None, "……"),
        ("质量指标", "指标1:工程质量合格", None, None, 10, 10), (None, "指标2:"), (None, "……"),
        ("时效指标", "指标1:年度资金支付完成率100%", None, None, 10, 10), (None, "指标2:"), (None, "……"),
        ("成本指标", "指标1:资金执行在预算范围内", None, None, 10, 10), (None, "指标2:"), (None, "……"),
        ("经济效益\n指标", "指标1:全市安全度汛", None, None, 10, 10), (None, "指标2:"), (None, "……"),
        ("社会效益\n指标", "指标1:保护全市人口财产不受损失", None, None, 10, 10), (None, "指标2:"), (None, "……"),
        ("生态效益\n指标", "指标1:/", "/", "/"), (None, "指标2:"), (None, "……"),
        ("可持续影\n响指标", "指标1:已建工程良性运行", None, None, 10, 10), (None, "指标2:"), (None, "……"),
        ("服务对象\n满意度指标", "指标1:服务对象满意度", "90%", "100%", 10, 10), (None, "指标2:"), (None, "……"),
    ]
    r = 13
    for spec in rows:
        spec = list(spec) + [None] * (6 - len(spec))
        l2, l3, target, actual, w, s = spec
        row(ws, r, {"C": l2, "D": l3, "G": w, "H": s})
        for col, v in (("E", target), ("F", actual)):
            if isinstance(v, str) and v.endswith("%"):
                pct(ws, f"{col}{r}", float(v[:-1]) / 100)
            else:
                put(ws, f"{col}{r}", v)
        r += 1
    # 二级 cells merged over their three rows; 一级 over its block, printing its points.
    for top in range(13, r, 3):
        ws.merge_cells(f"C{top}:C{top + 2}")
    m(ws, "B13", "B24", "(50分)"); m(ws, "B25", "B36", "(30分)"); m(ws, "B37", "B39", "满意度指标\n(10分)")
    m(ws, f"A13", f"A{r - 1}")
    m(ws, f"A{r}", f"F{r}", "总分"); row(ws, r, {"G": 100, "H": 100})
    m(ws, f"A{r + 1}", f"I{r + 1}", "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、服务对象满意度指标10分、预算资金执行率10分。")


def zhongjiang(ws):
    """sc-zj-2022-sbc: https://chacewang.com/newsdetail/news242266.html"""
    m(ws, "A1", "I1", "绩效目标自评表(2022年度)")
    m(ws, "A2", "B2", "项目名称"); m(ws, "C2", "E2", "中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装")
    m(ws, "F2", "G2", "项目负责人及电话"); m(ws, "H2", "I2", "谢凯13990260322(办公)")
    m(ws, "A3", "B3", "主管部门"); m(ws, "C3", "E3", "中江县水利局"); m(ws, "F3", "G3", "实施单位"); m(ws, "H3", "I3", "中江县水利局")
    m(ws, "A4", "A6", "资金情况(万元)")
    row(ws, 4, {"C": "全年预算数(A)", "D": "全年执行数(B)", "E": "分值", "F": "执行率(B/A)", "G": "得分"})
    row(ws, 5, {"B": "年度资金总额:", "C": 20, "D": 20, "E": 10, "G": 10}); pct(ws, "F5", 1, 2)
    row(ws, 6, {"B": "其中:本年财政拨款", "C": 20, "D": 20})
    row(ws, 7, {"B": "其他资金"})
    m(ws, "A8", "A9", "年度总体目标"); m(ws, "B8", "E8", "年初设定目标"); m(ws, "F8", "I8", "年度总体目标完成情况综述")
    m(ws, "B9", "E9", "对农村地区供水计量设施设备进行改进,对项目区农业用水计量,为项目区农业生产夯实基础,")
    m(ws, "F9", "I9", "对项目区农业用水计量,为项目区农业生产夯实基础,")
    row(ws, 10, {"A": "绩效指标", "B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "分值", "F": "年度指标值", "G": "全年实际值", "H": "得分", "I": "未完成原因及拟采取的改进措施"})
    rows = [
        ("产出指标(70分)", "数量指标", "安装坡面水标尺", 10, "≥266米", "≥266米", 10),
        (None, None, "水标尺宽度", 10, "≥50厘米", "≥50厘米", 10),
        (None, "质量指标", "项目(工程)验收合格率", 20, "100%", "100%", 20),
        (None, "时效指标", "及时(按期)开工率", 10, "≥90%", "≥90%", 10),
        (None, None, "及时(按期)完工率", 10, "≥90%", "≥90%", 10),
        (None, "成本指标", "项目计划总投资", 10, "20万元", "20万元", 10),
        ("效益指标(20分)", "经济效益指标", None, None, None, None, None),
        (None, "社会效益指标", "受益脱贫(含监测对象)户人口数", 10, "≥1000人", "≥1000人", 10),
        (None, None, "群众生产生活条件改善状况", 10, "显著提升", "显著提升", 10),
        ("满意度指标(10分)", "服务对象满意度指标", "受益脱贫(含监测对象)户满意度", 10, "≥95%", "≥95%", 10),
        (None, None, "……", None, None, None, None),
    ]
    for k, (l1, l2, l3, w, t, a, s) in enumerate(rows):
        r = 11 + k
        row(ws, r, {"B": l1, "C": l2, "D": l3, "E": w, "H": s})
        for col, v in (("F", t), ("G", a)):
            if v == "100%":
                pct(ws, f"{col}{r}", 1)
            else:
                put(ws, f"{col}{r}", v)
    m(ws, "A11", "A21")
    m(ws, "A22", "D22", "总分"); row(ws, 22, {"E": 100, "H": 100})
    m(ws, "A23", "I23", "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分,各部门根据各项指标重要程度确定三级指标的分值,得分最高不能超过该指标分值上限")


def soffice(args, cwd):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        raise SystemExit("make_real_forms.py: LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless"] + args, cwd=cwd, check=True,
                       stdout=subprocess.DEVNULL)


wb = Workbook()
cover = wb.active
cover.title = "封面"
cover["B3"] = "2022-2023年度项目支出绩效自评表（云南、四川、安徽，按公开文本重排）"
cover["B5"] = "见 Tests/Fixtures/forms/real/README.md"
notes = wb.create_sheet("填报说明")
notes["A1"] = "填报说明"
notes["A2"] = "1.金额单位以各表为准。"
for name, fill in (("永德营养改善", yunnan), ("青神工资性支出", sichuan), ("天长水旱灾害防御", anhui)):
    fill(wb.create_sheet(name))
out = os.path.join(HERE, "openpyxl", "三地自评表.xlsx")
wb.save(out)

lo = os.path.join(HERE, "libreoffice")
soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", lo, out], HERE)

zj = Workbook()
zhongjiang(zj.active)
zj.active.title = "中江水标尺"
with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "中江水标尺.xlsx")
    zj.save(src)
    # CSV as UTF-8 (filter options: comma, double quote, UTF-8).
    soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", lo, src], tmp)
    soffice(["--convert-to", "xls:MS Excel 97", "--outdir", lo, src], tmp)
for f in sorted(os.listdir(lo)):
    print(os.path.join(lo, f))
