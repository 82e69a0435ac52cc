#!/usr/bin/env python3
"""Writes seed/青岛市大数据局2022自评表.xlsx: the seed's 12 self-evaluation tables
(shared/seed/000_91d40993e25f7122.txt, lines 1248-1743) as form workbooks, one form a
sheet, in the layout the seed prints them: 11 市级预算项目支出绩效自评表 and the
转移支付整体绩效自评表. Run with Debian's python3-openpyxl (/usr/bin/python3); the
output is committed. FormSeedTests loads it and compares it with the bundled CSV
transcription (项目.csv, 指标.csv), which is where the figures and texts come from.

What the workbook adds that a form has and the transcription does not: the title
rows, the merged header cells, the weight in the 一级指标 label (`产出指标 (50分)`, the
sum of its indicators' 分值), the 其中 rows of the fund block, the 小计 and 总分 rows
and the footnotes. Texts the seed prints as percentages (`73.60%`) are stored as Excel
stores a typed percentage: the number 0.736 formatted `0.00%`. 年度总体目标 texts are
not in the transcription and are left blank.
"""
import csv, os
from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "../../../Sources/Suanpan/Resources/Datasets/qingdao-2022")
projects = list(csv.DictReader(open(os.path.join(DATA, "项目.csv"), encoding="utf-8-sig")))
indicators = list(csv.DictReader(open(os.path.join(DATA, "指标.csv"), encoding="utf-8-sig")))


def put(ws, ref, text):
    """A cell as a person types it: numbers as numbers, `73.60%` as a percentage."""
    cell = ws[ref]
    if text is None or text == "":
        return cell
    t = text.strip()
    try:
        if t.endswith("%"):
            cell.value = float(t[:-1]) / 100
            places = len(t[:-1].split(".")[1]) if "." in t else 0
            cell.number_format = "0." + "0" * places + "%" if places else "0%"
            return cell
        if t.replace(".", "", 1).lstrip("-").isdigit():
            cell.value = int(t) if "." not in t else float(t)
            return cell
    except ValueError:
        pass
    cell.value = text
    if text.startswith("="):
        cell.data_type = "s"  # `=4个` is a target written with =, not a formula
    return cell


def merge(ws, a, b, text=None):
    if text is not None:
        put(ws, a, text)
    if a != b:
        ws.merge_cells(f"{a}:{b}")


def municipal(ws, p, rows):
    merge(ws, "A1", "I1", "市级预算项目支出绩效自评表")
    merge(ws, "A2", "I2", "(2022 年度)")
    merge(ws, "A3", "I3", "单位：万元")
    ws["A3"].alignment = Alignment(horizontal="right")
    put(ws, "A4", "项目名称"); merge(ws, "B4", "E4", p["项目名称"]); put(ws, "F4", "主管部门"); merge(ws, "G4", "I4", p["主管部门"])
    put(ws, "A5", "项目实施单位"); merge(ws, "B5", "E5", p["实施单位"]); put(ws, "F5", "联系电话"); merge(ws, "G5", "I5", p["联系电话"])
    merge(ws, "A6", "A10", f"项目预算执行情况 ({p['执行分值']}分)")
    for col, h in zip("CDEFGH", ["年初 预算数", "调整后预算数 (A)", "全年执行数 (B)", "分值", "执行率(B/A)", "得分"]):
        put(ws, f"{col}6", h)
    put(ws, "B7", "年度资金总额")
    for col, k in zip("CDEFGH", ["年初预算数", "调整后预算数", "全年执行数", "执行分值", "执行率", "执行得分"]):
        put(ws, f"{col}7", p[k])
    for r, label in zip((8, 9, 10), ["其中：当年财政拨款", "上年结转资金", "其他资金"]):
        put(ws, f"B{r}", label); put(ws, f"F{r}", "-"); put(ws, f"H{r}", "-")
    merge(ws, "A11", "A12", "年度总体目标")
    merge(ws, "B11", "E11", "年初预期目标"); merge(ws, "F11", "I11", "目标实际完成情况")
    merge(ws, "B12", "E12"); merge(ws, "F12", "I12")
    top = 13
    for col, h in zip("BCDEFGHI", ["一级指标", "二级指标", "三级指标", "年度指标值(A)", "实际完成 指标值(B)", "分值", "得分", "偏差原因分析及改进措施"]):
        put(ws, f"{col}{top}", h)
    end = indicator_rows(ws, rows, top + 1, "BCDEFGHI")
    merge(ws, f"A{top}", f"A{end - 1}", "年度绩效指标")
    merge(ws, f"A{end}", f"F{end}", "小计"); put(ws, f"G{end}", p["小计分值"]); put(ws, f"H{end}", p["小计得分"])
    merge(ws, f"A{end + 1}", f"C{end + 1}", "总分"); merge(ws, f"D{end + 1}", f"I{end + 1}", p["总分"])
    merge(ws, f"A{end + 2}", f"I{end + 2}", "总分在80分以下的 项目未实现绩效目标的原因分析及拟采取的措施说明：")
    merge(ws, f"A{end + 4}", f"I{end + 4}", "注：1.得分一档最高不能超过该指标分值上限。")


def transfer(ws, p, rows):
    merge(ws, "A1", "I1", "云网区域骨干节点转移支付整体绩效自评表")
    merge(ws, "A2", "I2", "(2022年度)")
    merge(ws, "A3", "B3", "转移支付名称"); merge(ws, "C3", "I3", p["项目名称"])
    merge(ws, "A4", "B4", "市级主管部门"); merge(ws, "C4", "I4", p["主管部门"])
    merge(ws, "A5", "B10", "项目资金(万元)")
    for col, h in zip("DEFGHI", ["年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"]):
        put(ws, f"{col}5", h)
    put(ws, "C6", "年度资金总额:")
    for col, k in zip("DEFGHI", ["年初预算数", "调整后预算数", "全年执行数", "执行分值", "执行率", "执行得分"]):
        put(ws, f"{col}6", p[k])
    for r, label in zip(range(7, 12), ["其中:中央资金", "省级资金", "市级资金", "县级资金", "其他资金"]):
        put(ws, f"C{r}", label); put(ws, f"G{r}", "—")
    for col, v in zip("DEFHI", ["1000", "1000", "1000", "100.00%", "10"]):
        put(ws, f"{col}8", v)
    merge(ws, "A12", "B13", "年度总体目标"); merge(ws, "C12", "E12", "年初设定目标"); merge(ws, "F12", "I12", "全年实际完成情况")
    top = 14
    for col, h in zip("BCDEFGHI", ["一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分", "未完成原因和改进措施"]):
        put(ws, f"{col}{top}", h)
    end = indicator_rows(ws, rows, top + 1, "BCDEFGHI", weights=False)
    merge(ws, f"A{top}", f"A{end - 1}", "绩效指标")
    merge(ws, f"A{end}", f"E{end}", "总分"); put(ws, f"G{end}", "100"); put(ws, f"H{end}", p["总分"])


def indicator_rows(ws, rows, first, cols, weights=True):
    """One row per indicator; 一级 and 二级 merged over their rows, 一级 with its weight."""
    c1, c2, c3, ct, ca, cw, cs, cr = cols
    r = first
    groups = []
    for ind in rows:
        put(ws, f"{c3}{r}", ind["三级指标"]); put(ws, f"{ct}{r}", ind["指标值"]); put(ws, f"{ca}{r}", ind["实际值"])
        put(ws, f"{cw}{r}", ind["分值"]); put(ws, f"{cs}{r}", ind["得分"]); put(ws, f"{cr}{r}", ind["偏差原因"])
        groups.append((r, ind))
        r += 1
    for level, col in ((1, c1), (2, c2)):
        key = "一级指标" if level == 1 else "二级指标"
        i = 0
        while i < len(groups):
            j = i
            while j + 1 < len(groups) and groups[j + 1][1][key] == groups[i][1][key] and (level == 1 or groups[j + 1][1]["一级指标"] == groups[i][1]["一级指标"]):
                j += 1
            text = groups[i][1][key]
            if level == 1 and weights:
                total = sum(float(g[1]["分值"]) for g in groups[i:j + 1])
                text += f" ({total:g}分)"
            merge(ws, f"{col}{groups[i][0]}", f"{col}{groups[j][0]}", text)
            i = j + 1
    return r


wb = Workbook()
wb.remove(wb.active)
for p in projects:
    rows = [i for i in indicators if i["项目编号"] == p["项目编号"]]
    ws = wb.create_sheet(p["项目编号"])
    (transfer if p["表别"] == "转移支付" else municipal)(ws, p, rows)
out = os.path.join(HERE, "seed", "青岛市大数据局2022自评表.xlsx")
wb.save(out)
print(out)
