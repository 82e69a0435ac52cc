#!/usr/bin/env python3
"""Writes N 自评表 form workbooks for the forms benchmark (Scripts/bench forms).

    /usr/bin/python3 Benchmarks/make_forms.py DIR N

Deterministic (seeded). Each workbook is written by openpyxl (Debian's
python3-openpyxl) as staff receive them: a title, merged header cells, the 项目资金
block, 10 to 16 indicators with 一级/二级 merged over their rows, 小计 and 总分, footnotes;
a third of them in the three-column layout (指标性质 | 指标值 | 度量单位) with a 20-point
fund block, a project code and a grade; every fifth with a cover sheet; percentages as
percent-formatted numbers. Synthetic figures, for timing only.
"""
import os, random, sys
from openpyxl import Workbook

LEVELS = [
    ("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"]),
    ("效益指标", ["经济效益指标", "社会效益指标", "可持续影响指标"]),
    ("满意度指标", ["服务对象满意度指标"]),
]


def form(ws, rng, i, three):
    ws.merge_cells("A1:J1"); ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A2:J2"); ws["A2"] = "（2023年度）"
    ws.merge_cells("A3:J3"); ws["A3"] = "单位：万元"
    r = 4
    if three:
        ws[f"A{r}"] = "项目编号"; ws.merge_cells(f"B{r}:E{r}"); ws[f"B{r}"] = f"P2023-{i:05d}"; r += 1
    ws[f"A{r}"] = "项目名称"; ws.merge_cells(f"B{r}:E{r}"); ws[f"B{r}"] = f"第{i}号项目"
    ws[f"F{r}"] = "主管部门"; ws.merge_cells(f"G{r}:J{r}"); ws[f"G{r}"] = f"第{i % 37}部门"; r += 1
    ws[f"A{r}"] = "实施单位"; ws.merge_cells(f"B{r}:E{r}"); ws[f"B{r}"] = f"第{i % 211}单位"
    ws[f"F{r}"] = "联系电话"; ws.merge_cells(f"G{r}:J{r}"); ws[f"G{r}"] = f"8{i:07d}"; r += 1
    weight = 20 if three else 10
    fund = r
    ws.merge_cells(f"A{r}:A{r + 4}"); ws[f"A{r}"] = f"项目资金（{weight}分）"
    for col, h in zip("CDEFGH", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
        ws[f"{col}{r}"] = h
    budget = round(rng.uniform(10, 5000), 2)
    adjusted = round(budget * rng.choice([1, 1, 0.9, 1.1]), 2)
    spent = round(adjusted * rng.uniform(0.7, 1.0), 2)
    rate = spent / adjusted
    r += 1
    ws[f"B{r}"] = "年度资金总额"
    ws[f"C{r}"] = budget; ws[f"D{r}"] = adjusted; ws[f"E{r}"] = spent; ws[f"F{r}"] = weight
    ws[f"G{r}"] = rate; ws[f"G{r}"].number_format = "0.00%"; ws[f"H{r}"] = round(min(rate, 1) * weight, 2)
    for label in ["其中：当年财政拨款", "上年结转资金", "其他资金"]:
        r += 1
        ws[f"B{r}"] = label
    r += 1
    ws.merge_cells(f"A{r}:A{r + 1}"); ws[f"A{r}"] = "年度总体目标"
    ws.merge_cells(f"B{r}:E{r}"); ws[f"B{r}"] = "年初预期目标"; ws.merge_cells(f"F{r}:J{r}"); ws[f"F{r}"] = "实际完成情况"
    r += 1
    ws.merge_cells(f"B{r}:E{r}"); ws[f"B{r}"] = "按计划完成项目建设任务"; ws.merge_cells(f"F{r}:J{r}"); ws[f"F{r}"] = "已按计划完成"
    r += 1
    head = r
    if three:
        cols = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "全年实际值", "分值", "得分", "偏差原因分析及改进措施"]
    else:
        cols = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    for j, h in enumerate(cols):
        ws.cell(row=r, column=2 + j, value=h)
    n = rng.randint(10, 16)
    left = 100 - weight
    plan = []
    for k in range(n):
        level = LEVELS[0] if k < n - 4 else (LEVELS[1] if k < n - 1 else LEVELS[2])
        plan.append((level[0], level[1][k % len(level[1])]))
    plan.sort(key=lambda p: [l[0] for l in LEVELS].index(p[0]))
    weights = [left // n] * n
    weights[0] += left - sum(weights)
    for k, (l1, l2) in enumerate(plan):
        r += 1
        target = rng.choice([("≥", 90, "%"), ("≥", 20, "个"), ("≤", 100, "万元"), ("=", 100, "%")])
        actual = target[1] + rng.choice([0, 0, 5, -3])
        row = [l1, l2, f"指标{k + 1}"]
        if three:
            row += [target[0], target[1], target[2], f"{actual}{target[2]}"]
        else:
            row += [f"{target[0]}{target[1]}{target[2]}", f"{actual}{target[2]}"]
        row += [weights[k], weights[k], ""]
        for j, v in enumerate(row):
            c = ws.cell(row=r, column=2 + j, value=v)
            if isinstance(v, str) and v.startswith("="):
                c.data_type = "s"  # a target written with =, not a formula
    ws.merge_cells(f"A{head}:A{r}"); ws[f"A{head}"] = "绩效指标"
    # 一级 and 二级 merged over their rows.
    for col in (2, 3):
        start = head + 1
        for k in range(1, n + 1):
            last = k == n or ws.cell(row=head + k + 1, column=col).value != ws.cell(row=head + k, column=col).value \
                or ws.cell(row=head + k + 1, column=2).value != ws.cell(row=head + k, column=2).value
            if last:
                if head + k > start:
                    ws.merge_cells(start_row=start, start_column=col, end_row=head + k, end_column=col)
                start = head + k + 1
    r += 1
    wc = 2 + cols.index("分值")
    ws.cell(row=r, column=1, value="小计"); ws.cell(row=r, column=wc, value=left); ws.cell(row=r, column=wc + 1, value=left)
    r += 1
    ws.cell(row=r, column=1, value="总分"); ws.cell(row=r, column=wc, value=100); ws.cell(row=r, column=wc + 1, value=100)
    if three:
        r += 1
        ws.cell(row=r, column=1, value="自评等级"); ws.cell(row=r, column=2, value="优")
    r += 2
    ws.merge_cells(f"A{r}:J{r}"); ws[f"A{r}"] = "注：1.得分一档最高不能超过该指标分值上限。"


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    rng = random.Random(2023)
    for i in range(1, count + 1):
        wb = Workbook()
        ws = wb.active
        if i % 5 == 0:
            ws.title = "封面"
            ws["A1"] = "项目支出绩效自评表"; ws["A3"] = "填报单位：（盖章）"
            ws = wb.create_sheet("自评表")
        else:
            ws.title = "自评表"
        form(ws, rng, i, three=(i % 3 == 0))
        wb.save(os.path.join(out, f"自评表{i:05d}.xlsx"))


main()
