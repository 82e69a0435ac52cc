#!/usr/bin/python3
"""Second reader for suanpan's .html export: validates the page and prints a text outline.

The exported page is meant to be a single self-contained file that can be
mailed, opened offline and printed on A4. This script parses it with html5lib
(Debian package python3-html5lib, an implementation of the WHATWG parsing
algorithm) in strict mode, so any parse error fails, and then checks: the
<!DOCTYPE html>, <html lang>, <meta charset="utf-8"> within the first 1024 bytes,
a non-empty <title>; no external resources (<link>, <script src>, src/srcset/
data/poster/href of embedded content, or url()/@import in CSS, unless data: or
an in-page #fragment); an `@page` rule mentioning A4 in a <style>. It prints the
title and an outline (headings, <summary>, <caption>, list items, table rows),
so tests can compare it to a golden text. --require TEXT fails unless TEXT
occurs in the page's visible text (whitespace collapsed).

Usage: html_check.py FILE [--require TEXT]...
"""
import argparse
import os
import re
import sys

import html5lib

NESTING = {'ul', 'ol', 'details'}
SKIP = {'script', 'style', 'template', 'head'}
INLINE = {'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins',
          'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var'}
RESOURCE_ATTRS = ('src', 'srcset', 'data', 'poster', 'href', '{http://www.w3.org/1999/xlink}href')
EMBED_TAGS = {'img', 'script', 'iframe', 'frame', 'embed', 'object', 'audio', 'video',
              'source', 'track', 'input', 'image', 'feImage', 'use'}
CSS_URL = re.compile(r'url\(\s*[\'"]?([^\'")]*)', re.I)


def fail(msg):
    sys.stdout.flush()
    print('html_check: FAIL %s' % msg, file=sys.stderr)
    sys.exit(1)


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else None


def collapse(s):
    return ' '.join(s.split())


def text(el, stop=()):
    """Visible text of el; subtrees whose tag is in stop (and script/style) are left out.
    Block-level children (cells, paragraphs, ...) are separated by a space."""
    parts = [el.text or '']
    for c in el:
        tag = local(c.tag)
        if tag is not None and tag not in stop and tag not in SKIP:
            sep = '' if tag in INLINE else ' '
            parts.append(sep + text(c, stop) + sep)
        parts.append(c.tail or '')
    return ''.join(parts)


def external(url):
    u = url.strip()
    return bool(u) and not u.lower().startswith('data:') and not u.startswith('#')


def outline(el, depth):
    """Print headings, summaries, captions, list items and table rows, indented by nesting."""
    for c in el:
        tag = local(c.tag)
        if tag is None or tag in SKIP:
            continue
        pad = '  ' * depth
        if re.fullmatch(r'h[1-6]', tag):
            print(pad + '#' * int(tag[1]) + ' ' + collapse(text(c)))
        elif tag == 'summary':
            print('  ' * max(depth - 1, 0) + '▸ ' + collapse(text(c)))
        elif tag == 'caption':
            print(pad + '[' + collapse(text(c)) + ']')
        elif tag == 'li':
            print('  ' * max(depth - 1, 0) + '- ' + collapse(text(c, NESTING | {'table'})))
            outline(c, depth)
        elif tag == 'tr':
            cells = [collapse(text(td)) for td in c if local(td.tag) in ('td', 'th')]
            print(pad + '| ' + ' | '.join(cells) + ' |')
        else:
            outline(c, depth + (tag in NESTING))


def main():
    ap = argparse.ArgumentParser(description='Validate an exported .html page and print its outline.')
    ap.add_argument('file', metavar='FILE')
    ap.add_argument('--require', action='append', default=[], metavar='TEXT')
    args = ap.parse_args()
    name = os.path.basename(args.file)
    try:
        with open(args.file, 'rb') as f:
            raw = f.read()
        src = raw.decode('utf-8')
    except (OSError, UnicodeDecodeError) as e:
        fail('%s: cannot read as UTF-8: %s' % (name, e))

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        root = parser.parse(src)
    except html5lib.html5parser.ParseError as e:
        (line, col), code, _ = parser.errors[-1]
        fail('%s: parse error at line %d, column %d: %s [%s]' % (name, line, col, e, code))

    problems = []
    if not re.match(r'(?:\s|<!--.*?-->)*<!DOCTYPE html>', src.lstrip('\ufeff'), re.I | re.S):
        problems.append('no <!DOCTYPE html> at the start')
    lang = root.get('lang', '').strip()
    if not lang:
        problems.append('<html> has no lang attribute')
    m = re.search(rb'<meta\b[^>]*\bcharset\s*=\s*["\']?utf-8\b[^>]*>', raw, re.I)
    metas = [e for h in root.iter('head') for e in h.iter('meta')
             if (e.get('charset') or '').strip().lower() == 'utf-8']
    if not m or not metas:
        problems.append('no <meta charset="utf-8">')
    elif m.end() > 1024:
        problems.append('<meta charset="utf-8"> ends at byte %d, after the first 1024 bytes' % m.end())
    title = collapse(''.join(t.text or '' for t in root.iter('title')))
    if not title:
        problems.append('no non-empty <title>')

    css = []
    for el in root.iter():
        tag = local(el.tag)
        if tag is None:
            continue
        if tag == 'link':
            problems.append('<link> element (%s)' % (el.get('href') or el.get('rel') or ''))
        if tag == 'style':
            css.append(el.text or '')
        if el.get('style'):
            css.append(el.get('style'))
        if tag in EMBED_TAGS:
            for a in RESOURCE_ATTRS:
                v = el.get(a)
                if v is None:
                    continue
                # srcset: "URL [descriptor], URL ..."; a data: URL may itself contain commas
                urls = [u.rstrip(',') for u in re.findall(r'(?:^|,)\s*(\S+)', v)] if a == 'srcset' else [v]
                for u in urls:
                    if external(u):
                        problems.append('<%s %s="%s"> is not self-contained' % (tag, local(a), u))
    allcss = '\n'.join(css)
    for u in CSS_URL.findall(allcss):
        if external(u):
            problems.append('CSS url(%s) is not self-contained' % u.strip())
    if re.search(r'@import\b', allcss, re.I):
        problems.append('CSS @import')
    styles = '\n'.join(el.text or '' for el in root.iter('style'))
    if not re.search(r'@page\b[^{]*\{[^}]*\bA4\b', styles, re.I):
        problems.append('no @page rule with A4 in a <style>')

    print('文件: %s' % name)
    print('语言: %s' % (lang or '无'))
    print('标题: %s' % title)
    for body in root.iter('body'):
        outline(body, 0)
    page = collapse(' '.join(text(b) for b in root.iter('body')))
    for req in args.require:
        if collapse(req) in page:
            print('包含: 「%s」' % req)
        else:
            problems.append('required text 「%s」 not found' % req)

    sys.stdout.flush()
    if problems:
        print('\n'.join('html_check: FAIL %s: %s' % (name, p) for p in problems), file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
