#!/usr/bin/python3
"""Second reader for suanpan's .csv export: reads the file the way Excel on a
Chinese-locale Windows would, then prints it row by row.

Excel opens a double-clicked .csv as UTF-8 only if it starts with the UTF-8 BOM
(EF BB BF); otherwise it uses the legacy ANSI code page, which on Chinese Windows
is cp936 (GBK, decoded here as its superset GB18030). So a file without a BOM
must decode in that code page, and a BOM-less file whose non-ASCII bytes are
valid UTF-8 is rejected: Excel would show it as mojibake. The rows are parsed
with Python's csv module (excel dialect), independently of the exporter.

Fails (exit 1, message on stderr) if decoding fails, if the file looks like
UTF-8 without a BOM, or if record line endings are mixed (CRLF vs LF vs CR).

Usage: csv_read.py FILE [--encoding gb18030]
"""
import argparse
import csv
import io
import os
import sys

BOM = b'\xef\xbb\xbf'


def fail(msg):
    sys.stdout.flush()
    print('csv_read: FAIL %s' % msg, file=sys.stderr)
    sys.exit(1)


def terminators(text):
    """Record terminators found outside quoted fields, in order of first use."""
    seen, quoted, i = {}, False, 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == '\r':
            kind = 'CRLF' if text[i + 1:i + 2] == '\n' else 'CR'
            seen[kind] = seen.get(kind, 0) + 1
            if kind == 'CRLF':
                i += 1
        elif not quoted and ch == '\n':
            seen['LF'] = seen.get('LF', 0) + 1
        i += 1
    return seen


def main():
    ap = argparse.ArgumentParser(description='Read a .csv as Excel on Chinese Windows would.')
    ap.add_argument('file', metavar='FILE')
    ap.add_argument('--encoding', help='legacy code page for files without BOM (default gb18030)')
    args = ap.parse_args()
    name = os.path.basename(args.file)
    try:
        with open(args.file, 'rb') as f:
            data = f.read()
    except OSError as e:
        fail('%s: cannot read: %s' % (name, e.strerror))

    if data.startswith(BOM):
        label, enc, body = 'UTF-8 (BOM)', 'utf-8', data[len(BOM):]
    else:
        enc = args.encoding or 'gb18030'
        label, body = '%s (无 BOM)' % enc.upper(), data
        if args.encoding is None and not body.isascii():
            try:
                body.decode('utf-8')
                fail('%s: non-ASCII UTF-8 without BOM; Excel on Chinese Windows would read it as GBK (mojibake)' % name)
            except UnicodeDecodeError:
                pass
    try:
        text = body.decode(enc)
    except (UnicodeDecodeError, LookupError) as e:
        fail('%s: cannot decode as %s: %s' % (name, label, e))

    print('文件: %s' % name)
    print('编码: %s' % label)
    ends = terminators(text)
    if len(ends) > 1:
        fail('%s: mixed line endings: %s' % (name, ', '.join('%s×%d' % kv for kv in ends.items())))
    print('行尾: %s' % (next(iter(ends)) if ends else '无'))

    try:
        rows = list(csv.reader(io.StringIO(text, newline=''), dialect='excel', strict=True))
    except csv.Error as e:
        fail('%s: csv parse error: %s' % (name, e))
    print('行数: %d' % len(rows))
    widths = [len(r) for r in rows]
    if len(set(widths)) <= 1:
        print('列数: %d' % (widths[0] if widths else 0))
    else:
        print('列数不一: %s' % ' '.join('%d:%d' % (i + 1, w) for i, w in enumerate(widths)))
    for r in rows:
        print(' | '.join(c.replace('\r', '\\r').replace('\n', '\\n') for c in r))
    return 0


if __name__ == '__main__':
    sys.exit(main())
