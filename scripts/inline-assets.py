#!/usr/bin/env python3
"""Puts a customer bundle's style sheets and start-up script into its HTML.

    inline-assets.py DIST_DIR

On a slow phone network each request costs a round trip and its response
headers (about 650 bytes here), and a style sheet in its own file holds up
the first paint until it has arrived. The customer pages' CSS and boot.js
are small, so `scripts/build.sh` puts them into `index.html` as a `<style>`
and a `<script>` block and deletes the files. The server names each inline
block's SHA-256 in that page's Content-Security-Policy (`server/src/web.rs`),
so the policy still allows no other inline code.

Fails (exit 1) if the HTML does not link the files as trunk writes them.
"""

import os
import re
import sys


# A style sheet link and the start-up script, as trunk writes them (the
# chat bundle's URLs are under /c/).
SHEET = re.compile(r'[ \t]*<link rel="stylesheet" href="/(?:c/)?([^"/]+\.css)"[^>]*>\n?')
BOOT = re.compile(r'<script defer src="/(?:c/)?boot\.js"([^>]*)></script>')


def main(dist):
    index = os.path.join(dist, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()

    sheets = [m.group(1) for m in SHEET.finditer(html)]
    if not sheets:
        sys.exit(f"inline-assets: {index} links no style sheet")
    boot = BOOT.search(html)
    if not boot:
        sys.exit(f"inline-assets: {index} has no boot.js script")

    css = ""
    for name in sheets:
        with open(os.path.join(dist, name), encoding="utf-8") as f:
            css += f.read().strip()
    with open(os.path.join(dist, "boot.js"), encoding="utf-8") as f:
        script = f.read().strip()
    if "</" in css or "</" in script:
        sys.exit("inline-assets: '</' would end the inline block early")

    # The sheets in order, as one block where the first one was.
    first = SHEET.search(html).start()
    html = html[:first] + f"<style>{css}</style>\n" + SHEET.sub("", html[first:])
    html = html.replace(boot.group(0), f"<script{boot.group(1)}>{script}</script>")
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)
    for name in sheets + ["boot.js"]:
        os.remove(os.path.join(dist, name))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
