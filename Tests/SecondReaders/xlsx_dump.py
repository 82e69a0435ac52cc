#!/usr/bin/python3
"""Second reader for suanpan's .xlsx export: dumps each workbook as openpyxl sees it.

The exporter writes workbooks with libxlsxwriter; reading them back with an
independent implementation (openpyxl, Debian package python3-openpyxl) checks
that the files are well-formed and carry what we meant: sheet names, frozen
panes, auto-filter, merged ranges, column widths, cell types, number formats and
bold fonts. The dump is deterministic so tests can compare it to a golden text.

It also fails (exit 1, message on stderr) when a sheet name is one Excel would
reject (longer than 31 characters, or containing any of []:*?/\\), or when a
number cell carries the text format '@' (Excel would treat it as text on edit).

Usage: xlsx_dump.py [--values-only] [--max-rows N] FILE...
"""
import argparse
import os
import sys
import warnings

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

BAD_NAME_CHARS = set('[]:*?/\\')
warnings.filterwarnings('ignore', message='Title is more than 31')  # reported below as a failure


def number(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v)


def render(cell, values_only):
    v, t = cell.value, cell.data_type
    if isinstance(v, bool):
        return ('TRUE' if v else 'FALSE') if values_only else 'b ' + ('TRUE' if v else 'FALSE')
    if isinstance(v, (int, float)):
        return number(v) if values_only else 'n ' + number(v)
    if isinstance(v, str):
        if values_only:
            return v
        if t == 'f':
            return 'f ' + v
        if t == 'e':
            return 'e ' + v
        return 's 「%s」' % v
    # dates (openpyxl turns date-formatted numbers into datetime) and anything else
    return str(v) if values_only else '%s %s' % (t, v.isoformat() if hasattr(v, 'isoformat') else v)


def dump_sheet(ws, args, errors, where):
    print('== sheet 「%s」 ==' % ws.title)
    name = ws.title
    if not name or len(name) > 31:
        errors.append('%s: sheet name 「%s」 has %d characters (Excel allows 1-31)' % (where, name, len(name)))
    bad = sorted(BAD_NAME_CHARS & set(name))
    if bad:
        errors.append('%s: sheet name 「%s」 contains forbidden %s' % (where, name, ' '.join(bad)))

    rows = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None or c.value == '':
                continue
            rows.setdefault(c.row, []).append(c)
            if c.data_type == 'n' and not isinstance(c.value, bool) and c.number_format == '@':
                errors.append('%s: sheet 「%s」 %s is a number %s with text format \'@\''
                              % (where, name, c.coordinate, number(c.value)))
    cols = {c.column for cs in rows.values() for c in cs}

    if not args.values_only:
        print('尺寸: %s' % ws.dimensions)
        print('冻结: %s' % (ws.freeze_panes or '无'))
        if ws.auto_filter.ref:
            print('筛选: %s' % ws.auto_filter.ref)
        merged = sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col, r.max_row, r.max_col))
        if merged:
            print('合并: %s' % ', '.join(r.coord for r in merged))
        widths = []
        for key, cd in sorted(ws.column_dimensions.items(), key=lambda kv: kv[1].min or 0):
            if cd.width:
                lo, hi = cd.min or 1, cd.max or cd.min or 1
                span = get_column_letter(lo) if hi <= lo else '%s:%s' % (get_column_letter(lo), get_column_letter(hi))
                widths.append('%s=%.1f' % (span, cd.width))
        if widths:
            print('列宽: %s' % ' '.join(widths))
        print('数据: %d 行 × %d 列' % (len(rows), len(cols)))

    keys = sorted(rows)
    shown = keys if args.max_rows is None else keys[:args.max_rows]
    for r in shown:
        for c in sorted(rows[r], key=lambda c: c.column):
            if args.values_only:
                print('%s %s' % (c.coordinate, render(c, True)))
                continue
            line = '%s  %s' % (c.coordinate, render(c, False))
            if c.number_format != 'General':
                line += '  [%s]' % c.number_format
            if c.font is not None and c.font.b:
                line += '  bold'
            print(line)
    if len(keys) > len(shown):
        print('… %d more rows' % (len(keys) - len(shown)))


def main():
    ap = argparse.ArgumentParser(description='Dump .xlsx workbooks via openpyxl.')
    ap.add_argument('files', nargs='+', metavar='FILE')
    ap.add_argument('--values-only', action='store_true', help='print only "A1 value" lines')
    ap.add_argument('--max-rows', type=int, metavar='N', help='print at most N rows with data per sheet')
    args = ap.parse_args()
    errors = []
    for path in args.files:
        where = os.path.basename(path)
        print('文件: %s' % where)
        try:
            wb = load_workbook(path, data_only=False)
        except Exception as e:  # noqa: BLE001 - any failure to open is a test failure
            errors.append('%s: cannot open: %s: %s' % (where, type(e).__name__, e))
            continue
        for ws in wb.worksheets:
            dump_sheet(ws, args, errors, where)
    sys.stdout.flush()
    for e in errors:
        print('xlsx_dump: FAIL %s' % e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
