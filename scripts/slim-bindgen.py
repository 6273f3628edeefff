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

from wasm_sections import EXPORT, IMPORT, import_section, imports, leb, module, name, read_leb, read_name, sections

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


def rename_imports(body, renamed):
    entries = []
    for mod, field, kind, desc in imports(body):
        if mod == GLUE_MODULE:
            renamed[field] = short(len(renamed))
            mod, field = 'w', renamed[field]
        entries.append((mod, field, kind, desc))
    return import_section(entries)


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
    try:
        parts = sections(open(wasm_path, 'rb').read())
        imported, exported = {}, {}
        parts = [(section, rename_imports(body, imported) if section == IMPORT
                  else exports(body, exported, dropped) if section == EXPORT else body) for section, body in parts]
    except ValueError as e:
        sys.exit(f'slim-bindgen: {e}')
    out = module(parts)

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
