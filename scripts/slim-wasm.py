#!/usr/bin/env python3
"""Two trims of a built bundle's wasm and JS glue that the build tools do
not make. Usage: slim-wasm.py APP.js APP_bg.wasm (both rewritten in place;
`wasm-opt` on PATH). Fails, leaving both files as they are, when the glue is
not laid out as expected.

1. Unused stream adapters. Leptos's server-function crate depends on
   wasm-streams, whose three `#[wasm_bindgen]` adapter types are exported by
   every bundle and so survive link-time dead-code removal, with their JS
   classes, although no code of ours makes one. Their exports and classes
   are dropped, then `wasm-opt` runs (`OPTIMISE` below; the bundle's only
   optimisation: trunk's is off, `data-wasm-opt="0"`) and removes the code
   only they reached.
2. Short import names. wasm-bindgen names every import after its function
   plus a 16-digit hash (`__wbg_getElementById_7ee213db584f37b0`); a page
   fetches each name twice, in the wasm's import section and as a key of the
   glue's imports object, and the hashes do not compress.
"""
import os
import re
import subprocess
import sys

# The optimisation: -Oz twice after flattening the code and rebuilding its
# control flow (--flatten --rereloop), about 1 % smaller brotli than one
# -Oz here, for a few seconds more per bundle.
OPTIMISE = ["--flatten", "--rereloop", "-Oz", "-Oz"]

# What rustc's wasm32 target emits (Rust >= 1.87), for wasm-opt.
FEATURES = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
]
ADAPTERS = ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"]


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


def sections(data):
    """(id, start, body start, end) of each section."""
    i = 8
    while i < len(data):
        size, body = leb(data, i + 1)
        yield data[i], i, body, body + size
        i = body + size


def drop_adapter_exports(data):
    """The wasm without the stream adapters' exports."""
    out = bytearray(data[:8])
    dropped = 0
    for sid, start, body, end in sections(data):
        if sid != 7:
            out += data[start:end]
            continue
        count, j = leb(data, body)
        kept = []
        for _ in range(count):
            entry = j
            length, j = leb(data, j)
            name = data[j : j + length].decode()
            j += length + 1
            _, j = leb(data, j)
            if name.lstrip("_").removeprefix("wbg_").startswith("intounderlying"):
                dropped += 1
            else:
                kept.append(data[entry:j])
        section = put_leb(len(kept)) + b"".join(kept)
        out += bytes([7]) + put_leb(len(section)) + section
    return bytes(out), dropped


def drop_adapter_classes(js):
    """The glue without the stream adapters' classes."""
    for name in ADAPTERS:
        js, n = re.subn(
            r"export class " + name + r" \{.*?\n\}\nif \(Symbol\.dispose\) " + name + r"\.prototype\[Symbol\.dispose\] = " + name + r"\.prototype\.free;\n",
            "",
            js,
            flags=re.S,
        )
        js, m = re.subn(r"const " + name + r"Finalization = [^;]*;\n", "", js)
        if (n, m) != (1, 1):
            raise ValueError(f"the glue's {name} is not laid out as expected")
    js = re.sub(r"const __wbindgen_enum_ReadableStreamType = [^;]*;\n", "", js)
    if "IntoUnderlying" in js or "intounderlying" in js or "ReadableStreamType" in js:
        raise ValueError("the glue still names a stream adapter")
    return js


def main(js_path, wasm_path):
    data = open(wasm_path, "rb").read()
    js = open(js_path, encoding="utf-8").read()
    if data[:4] != b"\0asm":
        sys.exit(f"{wasm_path}: not wasm")
    try:
        js = drop_adapter_classes(js)
    except ValueError as problem:
        sys.exit(f"{js_path}: {problem}")
    data, dropped = drop_adapter_exports(data)
    if dropped == 0:
        sys.exit(f"{wasm_path}: no stream adapter exports")
    slim = wasm_path + ".slim"
    open(slim, "wb").write(data)
    subprocess.run(["wasm-opt", *OPTIMISE, *FEATURES, slim, "-o", slim], check=True)
    data = open(slim, "rb").read()
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
    os.remove(slim)
    name = js_path.rsplit("/", 1)[-1]
    print(f"slim-wasm: {name}: {dropped} adapter exports dropped, {len(renamed)} imports renamed")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
