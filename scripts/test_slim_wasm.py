#!/usr/bin/env python3
"""Unit tests of scripts/slim-wasm.py's reading and emptying of functions, on
a small wasm module made here byte by byte. Run: python3 scripts/test_slim_wasm.py
"""
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("slim", os.path.join(HERE, "slim-wasm.py"))
slim = importlib.util.module_from_spec(spec)
spec.loader.exec_module(slim)

EMPTY = b"\x03\x00\x00\x0b"  # what an emptied body is: no locals; unreachable; end


def section(sid, body):
    return bytes([sid]) + slim.put_leb(len(body)) + body


def string(text):
    data = text.encode()
    return slim.put_leb(len(data)) + data


def module(names):
    """One imported function (index 0), then one defined function per name
    (indices 1..), each returning 42, with the names in a name section."""
    types = section(1, b"\x01\x60\x00\x01\x7f")  # one type: () -> i32
    imports = section(2, b"\x01" + string("./app_bg.js") + string("__wbg_f_0123") + b"\x00\x00")
    functions = section(3, slim.put_leb(len(names)) + b"\x00" * len(names))
    body = b"\x00\x41\x2a\x0b"  # no locals; i32.const 42; end
    code = section(10, slim.put_leb(len(names)) + (slim.put_leb(len(body)) + body) * len(names))
    entries = [slim.put_leb(0) + string("__wbg_f_0123")]
    entries += [slim.put_leb(i + 1) + string(n) for i, n in enumerate(names)]
    name_map = slim.put_leb(len(entries)) + b"".join(entries)
    custom = section(0, string("name") + bytes([1]) + slim.put_leb(len(name_map)) + name_map)
    return b"\0asm\x01\x00\x00\x00" + types + imports + functions + code + custom


def bodies(data):
    """The code section's bodies, in order."""
    for sid, _, start, _ in slim.sections(data):
        if sid == 10:
            count, j = slim.leb(data, start)
            out = []
            for _ in range(count):
                size, k = slim.leb(data, j)
                out.append(data[j : k + size])
                j = k + size
            return out
    return []


ADAPTER = [
    "js_sys::futures::future_to_promise::{{closure}}::{{closure}}::h01",
    "core::ptr::drop_in_place<js_sys::futures::future_to_promise<"
    "wasm_streams::writable::into_underlying_sink::IntoUnderlyingSink::write::{{closure}}>>::h02",
    "wasm_streams::readable::into_underlying_source::Inner::pull::{{closure}}::h03",
]
OURS = "remote_assist::customer::claim::ClaimArea::h04"


class SlimWasm(unittest.TestCase):
    def test_reads_names_after_the_imported_functions(self):
        data = module(ADAPTER + [OURS])
        self.assertEqual(slim.imported_functions(data), 1)
        names = slim.function_names(data)
        self.assertEqual(names[0], "__wbg_f_0123")
        self.assertEqual(names[4], OURS)

    def test_empties_only_the_adapters_futures(self):
        data = module(ADAPTER + [OURS])
        targets = slim.adapter_futures(slim.function_names(data))
        self.assertEqual(targets, {1, 2, 3})
        out = bodies(slim.stub_bodies(data, targets))
        self.assertEqual(out[:3], [EMPTY] * 3)
        self.assertEqual(out[3], bodies(data)[3])

    def test_keeps_everything_when_another_future_becomes_a_promise(self):
        other = "core::ptr::drop_in_place<js_sys::futures::future_to_promise<remote_assist::Job>>::h05"
        data = module(ADAPTER + [OURS, other])
        self.assertEqual(slim.adapter_futures(slim.function_names(data)), set())

    def test_keeps_everything_when_no_adapter_future_is_there(self):
        data = module([OURS])
        self.assertEqual(slim.adapter_futures(slim.function_names(data)), set())
        self.assertEqual(slim.stub_bodies(data, set()), data)


if __name__ == "__main__":
    unittest.main()
