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


def function_names(data):
    """{function index: name} from the name section (wasm-bindgen keeps it)."""
    for sid, _, body, end in sections(data):
        if sid != 0:
            continue
        length, j = leb(data, body)
        if data[j : j + length] != b"name":
            continue
        j += length
        while j < end:
            sub = data[j]
            size, k = leb(data, j + 1)
            j = k + size
            if sub != 1:  # function names
                continue
            count, k = leb(data, k)
            names = {}
            for _ in range(count):
                index, k = leb(data, k)
                length, k = leb(data, k)
                names[index] = data[k : k + length].decode("utf-8", "replace")
                k += length
            return names
    return {}


def imported_functions(data):
    """How many functions the wasm imports (they come first in the index space)."""
    for sid, _, body, _ in sections(data):
        if sid == 2:
            count, j = leb(data, body)
            functions = 0
            for _ in range(count):
                for _ in range(2):  # module, name
                    length, j = leb(data, j)
                    j += length
                functions += data[j] == 0
                j = skip_desc(data, j)
            return functions
    return 0


def adapter_futures(names):
    """The functions only the adapters' futures run, or an empty set when
    anything else might run them.

    Each adapter method turns a future into a JS promise
    (`js_sys::futures::future_to_promise`); the closures that poll and drop
    these futures are called through the function table, which wasm-opt
    cannot prune, so they and all they call stay after the exports are gone.
    They are dead when every future_to_promise instantiation in the wasm is
    an adapter's (each has drop glue naming its future's type)."""
    uses = [n for n in names.values() if "future_to_promise<" in n]
    if not uses or any("wasm_streams::" not in n for n in uses):
        return set()
    return {
        i
        for i, n in names.items()
        if n.startswith("js_sys::futures::future_to_promise::") or "wasm_streams::" in n
    }


def stub_bodies(data, targets):
    """The wasm with the bodies of the functions `targets` made `unreachable`."""
    first = imported_functions(data)
    out = bytearray(data[:8])
    for sid, start, body, end in sections(data):
        if sid != 10:
            out += data[start:end]
            continue
        count, j = leb(data, body)
        section = bytearray(put_leb(count))
        for n in range(count):
            size, k = leb(data, j)
            if first + n in targets:
                section += b"\x03\x00\x00\x0b"  # no locals; unreachable; end
            else:
                section += data[j : k + size]
            j = k + size
        out += bytes([10]) + put_leb(len(section)) + section
    return bytes(out)


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
    futures = adapter_futures(function_names(data))
    if not futures:
        print(f"slim-wasm: {wasm_path}: the adapters' futures are kept (another future_to_promise use?)")
    data = stub_bodies(data, futures)
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
    # Imports the optimised wasm no longer makes (their callers were only
    # the adapters' futures): out of the glue too.
    unused = 0
    for key in re.findall(r"^        (__wbg_\w+|__wbindgen_\w+): function\(", js, flags=re.M):
        if key in renamed:
            continue
        if js.count(key) != 1:
            sys.exit(f"{js_path}: the unused import {key} is named elsewhere in the glue")
        js, n = re.subn(
            r"^        " + key + r": function\(.*?(?=^        [\w$]|^    \S)", "", js, flags=re.M | re.S
        )
        if n != 1:
            sys.exit(f"{js_path}: the unused import {key} is not laid out as expected")
        unused += 1
    open(wasm_path, "wb").write(out)
    open(js_path, "w", encoding="utf-8").write(js)
    os.remove(slim)
    name = js_path.rsplit("/", 1)[-1]
    print(
        f"slim-wasm: {name}: {dropped} adapter exports dropped, {len(futures)} functions of "
        f"their futures emptied, {len(renamed)} imports renamed, {unused} unused dropped"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
