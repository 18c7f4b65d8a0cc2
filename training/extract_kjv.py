#!/usr/bin/env python3
"""Extracts the King James Bible from Debian's `bible-kjv-text` package into one UTF-8 text file.

The package ships the text compressed (/usr/lib/bible.data); its reader, the `bible` program from
the `bible-kjv` package, prints any verse range. We print Genesis 1:1 to Revelation 22:21 with a
very wide line so that every verse is one line, drop the verse numbers, and keep the chapter
headings ("Genesis 1") as their own lines. The text is in the public domain (KJV, 1611).

    apt-get install bible-kjv bible-kjv-text
    python3 training/extract_kjv.py .train/kjv.txt

The corpus is never committed: only this script is.
"""
import re
import subprocess
import sys


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else '.train/kjv.txt'
    raw = subprocess.run(['bible', '-l100000', 'Gen1:1-Rev22:21'], check=True, capture_output=True,
                         stdin=subprocess.DEVNULL).stdout.decode('utf-8')
    lines = []
    for line in raw.splitlines():
        line = line.rstrip()
        if not line:
            continue
        m = re.match(r'^\s+\d+ (.*)$', line)
        lines.append(m.group(1) if m else line.strip())
    text = '\n'.join(lines) + '\n'
    if not text.isascii():
        raise SystemExit('extract_kjv: expected ASCII text')
    with open(out, 'w', encoding='ascii') as f:
        f.write(text)
    print(f'extract_kjv: {len(lines)} lines, {len(text)} bytes -> {out}')


if __name__ == '__main__':
    main()
