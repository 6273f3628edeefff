#!/usr/bin/env python3
"""Slims wasm-bindgen's output for the main module: what nothing uses goes, long names get short ones.

    slim-bindgen.py <main .wasm> <glue .js>   (wasm-bindgen's output, before wasm-opt; both in place)

1. Exported classes that nothing creates. leptos brings in server_fn, and server_fn wasm-streams, whose
   three `#[wasm_bindgen]` structs (IntoUnderlyingSource, …) the glue exports as JavaScript classes. A
   class's objects are made only by Rust handing one to JavaScript (`Class.__wrap` in the glue), and
   the glue has no such call: the explorer never streams. Their classes leave the glue and the
   methods' exports leave the module, so that wasm-opt drops the code behind them.
2. Names. wasm-bindgen names each import after what it calls plus a 16-hex-digit hash
   (`__wbg_querySelector_72201b7c62dc196b`), once in the module and once in the glue. Hashes do not
   compress: for the explorer's 244 imports they were 3.9 kB of the main module's gzip and 2.8 kB of
   the glue's, all on the home screen's first load. Every import of the glue's module becomes
   `w`.`<id>` and each `wasm_bindgen__convert__closures_____invoke__h<hash>` export (and the glue's
   function of the same name that calls it) an `i<n>`, by one table in the module and the glue.

Nothing else changes; the split chunks import only the loader's `__wasm_split` (never renamed). Text
of the glue that is not where this expects it stops the build instead of shipping a module that cannot
start.
"""
import re
import sys

GLUE_MODULE = './gongkai_bg.js'
INVOKE = re.compile(r'wasm_bindgen__convert__closures_____invoke__\w+')
FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
NEXT = FIRST + '0123456789_$'


def short(n):
    s = FIRST[n % len(FIRST)]
    n //= len(FIRST)
    while n:
        s += NEXT[n % len(NEXT)]
        n //= len(NEXT)
    return s


def read_leb(b, i):
    value = shift = 0
    while True:
        byte = b[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_name(b, i):
    n, i = read_leb(b, i)
    return b[i:i + n].decode(), i + n


def name(s):
    e = s.encode()
    return leb(len(e)) + e


def skip_limits(b, i):
    flags = b[i]
    _, i = read_leb(b, i + 1)
    return read_leb(b, i)[1] if flags & 1 else i


def imports(body, renamed):
    count, i = read_leb(body, 0)
    out = bytearray(leb(count))
    for _ in range(count):
        module, i = read_name(body, i)
        field, i = read_name(body, i)
        start, kind = i, body[i]
        i += 1
        if kind == 0:  # function: type index
            _, i = read_leb(body, i)
        elif kind == 1:  # table: reftype, limits
            i = skip_limits(body, i + 1)
        elif kind == 2:  # memory: limits
            i = skip_limits(body, i)
        elif kind == 3:  # global: valtype, mutability
            i += 2
        else:
            sys.exit(f'slim-bindgen: import kind {kind} of {module}.{field} is not known here')
        if module == GLUE_MODULE:
            renamed[field] = short(len(renamed))
            module, field = 'w', renamed[field]
        out += name(module) + name(field) + body[start:i]
    return bytes(out)


def exports(body, renamed, dropped):
    count, i = read_leb(body, 0)
    kept = bytearray()
    for _ in range(count):
        field, i = read_name(body, i)
        start = i
        _, i = read_leb(body, i + 1)  # kind, index
        if field in dropped:
            count -= 1
            continue
        if INVOKE.fullmatch(field):
            renamed[field] = f'i{len(renamed)}'
            field = renamed[field]
        kept += name(field) + body[start:i]
    return leb(count) + bytes(kept)


def drop_unmade_classes(js):
    """The glue without the exported classes it never creates, and the module's exports only they called."""
    dropped = set()
    for cls in re.findall(r'(?m)^export class (\w+) \{$', js):
        if f'{cls}.__wrap' in js:
            continue
        block = re.search(rf'(?ms)^export class {cls} {{\n.*?^}}\n'
                          rf'if \(Symbol\.dispose\) {cls}\.prototype\[Symbol\.dispose\] = {cls}\.prototype\.free;\n', js)
        finalization = re.search(rf'(?m)^const {cls}Finalization = [^;]*;\n', js)
        if not block or not finalization:
            sys.exit(f'slim-bindgen: the glue\'s class {cls} is not in the shape expected')
        called = set(re.findall(r'\bwasm\.(\w+)', block.group(0) + finalization.group(0)))
        js = js.replace(block.group(0), '').replace(finalization.group(0), '')
        if re.search(rf'\b{cls}(Finalization)?\b', js):
            sys.exit(f'slim-bindgen: the glue still names the class {cls} after dropping it')
        dropped |= {e for e in called if not re.search(rf'\bwasm\.{e}\b', js)}
    return js, dropped


def main(wasm_path, glue_path):
    js, dropped = drop_unmade_classes(open(glue_path).read())
    b = open(wasm_path, 'rb').read()
    out, i = bytearray(b[:8]), 8
    imported, exported = {}, {}
    while i < len(b):
        section = b[i]
        size, i = read_leb(b, i + 1)
        body, i = b[i:i + size], i + size
        if section == 2:
            body = imports(body, imported)
        elif section == 7:
            body = exports(body, exported, dropped)
        out += bytes([section]) + leb(len(body)) + body

    for old, new in imported.items():
        js, n = re.subn(rf'(?m)^(\s*){re.escape(old)}: function', rf'\g<1>{new}: function', js)
        if n != 1 or old in js:
            sys.exit(f'slim-bindgen: the glue names the import {old} {n} times as a key (or elsewhere too)')
    js, n = re.subn(rf'"{re.escape(GLUE_MODULE)}": import0\b', 'w: import0', js)
    if n != 1:
        sys.exit(f'slim-bindgen: the glue names its own import module {n} times')
    # The glue wraps each such export in a function of the same name: both take the short name.
    for old, new in exported.items():
        if re.search(rf'\b{new}\b', js):
            sys.exit(f'slim-bindgen: the glue already uses the name {new}')
        js, n = re.subn(rf'\b{re.escape(old)}\b', new, js)
        if f'wasm.{new}(' not in js:
            sys.exit(f'slim-bindgen: the glue never calls the export {old}')
    open(wasm_path, 'wb').write(out)
    open(glue_path, 'w').write(js)
    print(f'slim-bindgen: {len(dropped)} exports dropped (classes never made), {len(imported)} imports and {len(exported)} exports renamed', file=sys.stderr)


if __name__ == '__main__':
    main(*sys.argv[1:])
