#!/usr/bin/env python3
"""Writes 预算样例.xlsx, the workbook the XLSX transcripts load, with openpyxl
(pip install openpyxl). Run once; the output is committed so tests need no Python.

Two sheets. 项目: inline strings, a number as a long binary double, an accounting
negative and a percentage kept as text, formulas with cached values, booleans, a
merged cell, and #####. 说明: a second sheet. (Shared strings are covered by the
workbooks the unit tests write themselves.)
"""
import zipfile, io, re
from openpyxl import Workbook

wb = Workbook()
ws = wb.active
ws.title = "项目"
ws.append(["项目编号", "项目名称", "调整后预算数", "全年执行数", "执行率", "备注", "完成"])
ws.append(["P1", "运维项目", 4367.764, 4357.64, None, "(1,234.00)", True])
ws.append(["P2", "云网项目", 1000, 0, None, "95.38%", False])
ws.append(["P3", "合并单元格", 27499.988000000001, 23035.097, None, "#####", True])
for r in (2, 3, 4):
    ws.cell(row=r, column=5, value=f"=D{r}/C{r}")
ws.merge_cells("F5:G5")
ws["A5"] = "P4"
ws["B5"] = "数值"
ws["C5"] = 0.1
ws["D5"] = 0.2
ws["F5"] = "合并"
s2 = wb.create_sheet("说明")
s2.append(["编号", "事项", "公布值"])
s2.append(["N1", "收支总计", 9465.58])
buf = io.BytesIO()
wb.save(buf)

# openpyxl writes formulas without cached values, and strings inline; add the cached
# values and write one number as Excel's binary double would print, as Excel does.
src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
out = zipfile.ZipFile("预算样例.xlsx", "w", zipfile.ZIP_DEFLATED)
for item in src.infolist():
    data = src.read(item.filename)
    if item.filename == "xl/worksheets/sheet1.xml":
        text = data.decode()
        cached = {"E2": "0.99768210919820759", "E3": "0", "E4": "0.83764136211820846"}
        for ref, v in cached.items():
            text = re.sub(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f>(<v\s*/>|<v></v>)?',
                          lambda m: f'{m.group(1)}<f>{m.group(2)}</f><v>{v}</v>', text)
        text = text.replace("<v>27499.988</v>", "<v>27499.988000000001</v>")
        data = text.encode()
    out.writestr(item, data)
out.close()
print("wrote 预算样例.xlsx")
