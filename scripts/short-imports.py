#!/usr/bin/env python3
"""Gives the wasm's imports from its JS glue short names, in both files.

wasm-bindgen names every import after its function plus a 16-digit hash
(`__wbg_getElementById_7ee213db584f37b0`); a page fetches each name twice,
in the wasm's import section and as a key of the glue's imports object,
and the hashes do not compress. Usage: short-imports.py APP.js APP_bg.wasm
(both rewritten in place). Leaves both files as they are and fails when a
name is not exactly one key of the glue.
"""
import re
import sys


def leb(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def put_leb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def skip_desc(data, j):
    kind = data[j]
    j += 1
    if kind == 0:  # function: type index
        _, j = leb(data, j)
    elif kind == 1:  # table: reftype, limits
        j += 1
        flags, j = leb(data, j)
        _, j = leb(data, j)
        if flags & 1:
            _, j = leb(data, j)
    elif kind == 2:  # memory: limits
        flags, j = leb(data, j)
        _, j = leb(data, j)
        if flags & 1:
            _, j = leb(data, j)
    elif kind == 3:  # global: valtype, mutability
        j += 2
    else:
        raise ValueError(f"import kind {kind}")
    return j


def short_name(n):
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    name = ""
    while True:
        name = letters[n % 52] + name
        n = n // 52 - 1
        if n < 0:
            return "_" + name


def main(js_path, wasm_path):
    data = open(wasm_path, "rb").read()
    js = open(js_path, encoding="utf-8").read()
    if data[:4] != b"\0asm":
        sys.exit(f"{wasm_path}: not wasm")
    i, out, renamed = 8, bytearray(data[:8]), {}
    while i < len(data):
        sid = data[i]
        size, body = leb(data, i + 1)
        end = body + size
        if sid != 2:
            out += data[i:end]
            i = end
            continue
        count, j = leb(data, body)
        section = bytearray(put_leb(count))
        for _ in range(count):
            length, j = leb(data, j)
            module = data[j : j + length]
            j += length
            length, j = leb(data, j)
            name = data[j : j + length].decode()
            j += length
            start = j
            j = skip_desc(data, j)
            # wasm-bindgen's module: `./<bin>_bg.js`.
            if module.decode().endswith("_bg.js"):
                new = renamed.setdefault(name, short_name(len(renamed)))
            else:
                new = name
            section += put_leb(len(module)) + module
            section += put_leb(len(new.encode())) + new.encode() + data[start:j]
        out += bytes([2]) + put_leb(len(section)) + section
        i = end
    for old, new in renamed.items():
        keys = re.findall(r"(?<![\w$])" + re.escape(old) + r"(?=\s*:)", js)
        if len(keys) != 1 or js.count(old) != 1:
            sys.exit(f"{js_path}: {old} is not exactly one key of the glue")
        js = js.replace(old + ":", new + ":", 1)
    if not renamed:
        sys.exit(f"{wasm_path}: no imports from wasm-bindgen's glue")
    open(wasm_path, "wb").write(out)
    open(js_path, "w", encoding="utf-8").write(js)
    print(f"short-imports: {len(renamed)} imports renamed in {js_path.rsplit('/', 1)[-1]}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
