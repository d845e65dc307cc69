#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when help/LANG/LANG.po is not complete against the current pages:
# untranslated or fuzzy messages, including the ones the English pages
# gained since the translation was last updated. Then builds the translated
# pages and validates them, so a broken markup in a msgstr fails too.
# Usage: check-help-po.py HELP_DIR LANG

import glob
import os
import re
import subprocess
import sys
import tempfile


def run(*args, **kw):
    return subprocess.run(args, check=True, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=dict(os.environ, LC_ALL='C'), **kw).stdout


def main():
    if len(sys.argv) != 3:
        print('usage: check-help-po.py HELP_DIR LANG', file=sys.stderr)
        return 2
    help_dir, lang = sys.argv[1], sys.argv[2]
    po = os.path.join(help_dir, lang, lang + '.po')
    sources = sorted(glob.glob(os.path.join(help_dir, 'C', '*.page')))
    sources += sorted(glob.glob(os.path.join(help_dir, 'C', '*.xml')))
    if not sources:
        print('no pages in %s/C' % help_dir)
        return 1

    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        try:
            run('msgfmt', '--check', '-o', os.path.join(tmp, 'check.mo'), po)
        except subprocess.CalledProcessError as e:
            print(e.stdout)
            return 1

        pot = os.path.join(tmp, 'help.pot')
        run('itstool', '-o', pot, *sources)
        merged = os.path.join(tmp, 'merged.po')
        run('msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot)
        stats = run('msgfmt', '--statistics', '-o', os.path.join(tmp, 'merged.mo'), merged).strip()
        print('%s against the pages: %s' % (po, stats))
        m = re.match(r'(\d+) translated messages?\.$', stats)
        if not m or int(m.group(1)) == 0:
            print('untranslated or fuzzy messages:')
            print(run('msgattrib', '--only-fuzzy', '--no-obsolete', merged))
            print(run('msgattrib', '--untranslated', '--no-obsolete', merged))
            status = 1

        # The translated pages must be valid Mallard.
        out_dir = os.path.join(tmp, lang)
        os.mkdir(out_dir)
        run('itstool', '-m', os.path.join(tmp, 'merged.mo'), '-o', out_dir, *sources)
        pages = sorted(glob.glob(os.path.join(out_dir, '*.page')))
        if len(pages) != len([s for s in sources if s.endswith('.page')]):
            print('itstool did not produce every translated page')
            status = 1
        try:
            run('yelp-check', 'validate', *pages)
        except subprocess.CalledProcessError as e:
            print('translated pages do not validate:')
            print(e.stdout)
            status = 1
        # Every page title must actually be translated, not copied.
        for page in pages:
            src = os.path.join(help_dir, 'C', os.path.basename(page))
            title_re = re.compile(r'<title>(.*?)</title>', re.S)
            a = title_re.search(open(src, encoding='utf-8').read())
            b = title_re.search(open(page, encoding='utf-8').read())
            if a and b and a.group(1).strip() == b.group(1).strip():
                print('%s: title not translated' % os.path.basename(page))
                status = 1
    return status


if __name__ == '__main__':
    sys.exit(main())
