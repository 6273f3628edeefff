#!/usr/bin/env python3
"""Merges wasm-split's shared chunks into fewer files, for the split points a reader waits on.

    scripts/group-chunks.py <wasm-split output dir> <split point> [<split point> …]

wasm-split-cli writes one chunk (chunk_<n>.wasm) per set of split points that share some code: 46
chunks for the app's 7 split points. A township's link waited for 28 of them before it drew its
domain tree, and the first search for 24: on HTTP/1.1 (six connections to a host) that is four or
five round trips of files of 100 bytes to 6 kB, while the main module streams; and each chunk is
compressed on its own.

This merges the chunks by the key split points they serve: every chunk that the given split points
(the key ones) use is grouped with the others used by exactly the same key split points ({place},
{search}, {place, search}); a chunk that no key split point uses keeps its own file. So a key split
point loads exactly the code it loaded before, in one file per group instead of one per chunk (the
place screen: 2 files instead of 28, the search: 2 instead of 24); another split point may load some
code it does not need with a group it needs something of (the map, loaded after the place screen:
+3 kB gzip). Each chunk is in one file only, so nothing is instantiated twice (a chunk's active data
segments would overwrite memory the first copy had since written).

How: a chunk imports only the memory, the function table and the stack pointer global from
"__wasm_split", exports nothing and has no start function; it writes its data and table entries
at fixed places. binaryen's wasm-merge joins modules by their imports and exports, so the group's
chunks import these from a first module that imports them itself and exports them ("m0"); after
the merge, those exports are dropped. Both edits are made in the binary (its import and export
sections: scripts/wasm_sections.py), so that binaryen runs once per group. The merged module is
written over the group's first chunk's file; the other chunks' files go, and the loader
(__wasm_split.js) loses their loads and names the first one instead in every split point's list.
A split point that is not a key one and needs a chunk of a group loads the group's file, once, as
the key ones do. Deterministic: groups and chunks in sorted order.
"""

import collections
import pathlib
import re
import subprocess
import sys
import tempfile

from wasm_sections import EXPORT, IMPORT, START, import_section, imports, leb, module, name, read_leb, sections

FEATURES = ['--enable-bulk-memory', '--enable-multivalue', '--enable-mutable-globals',
            '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-sign-ext']


def run(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kw).stdout


def chunk_number(const):
    return int(re.fullmatch(r"__chunk_(\d+)", const).group(1))


def main():
    work, keys = pathlib.Path(sys.argv[1]), set(sys.argv[2:])
    loader = work / '__wasm_split.js'
    js = loader.read_text()
    # const __chunk_<n> = makeLoad(() => { … fetch(new URL("./chunk_<n>.wasm", …)) … }, []);
    chunk_def = re.compile(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./(chunk_\d+\.wasm)".*?\n, \[\]\);\n', re.S)
    chunks = {m.group(1): m.group(2) for m in chunk_def.finditer(js)}
    # export const __wasm_split_load_<name> = wrapAsyncCb(makeLoad(() => { … }, [__chunk_1, …]));
    split_deps = re.compile(r'(export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{.*?\n, \[)([^\]]*)(\]\)\);)', re.S)
    splits = {m.group(2): [d.strip() for d in m.group(3).split(',') if d.strip()] for m in split_deps.finditer(js)}
    if not chunks or not splits:
        sys.exit('group-chunks.py: the loader names no chunks or no split points (has wasm-split changed its output?)')
    missing = keys - splits.keys()
    if missing:
        sys.exit(f'group-chunks.py: no split point {sorted(missing)} (there are {sorted(splits)})')
    users = collections.defaultdict(set)
    for split, deps in splits.items():
        for d in deps:
            if d not in chunks:
                sys.exit(f'group-chunks.py: {split} needs {d}, which the loader does not define')
            users[d].add(split)

    groups = collections.defaultdict(list)
    for chunk in sorted(chunks, key=chunk_number):
        served = users[chunk] & keys
        if served:
            groups[frozenset(served)].append(chunk)
    into = {}  # merged-away chunk → the chunk whose file holds it
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for members in groups.values():
            if len(members) < 2:
                continue
            merge(work, tmp, [chunks[c] for c in members])
            for c in members[1:]:
                into[c] = members[0]
                (work / chunks[c]).unlink()

    # The loader: no load of a merged-away chunk, and each split point's list names the file that
    # holds it, once.
    js = chunk_def.sub(lambda m: '' if m.group(1) in into else m.group(0), js)

    def relist(m):
        deps = []
        for d in m.group(3).split(','):
            d = into.get(d.strip(), d.strip())
            if d and d not in deps:
                deps.append(d)
        return m.group(1) + ', '.join(deps) + m.group(4)
    js = split_deps.sub(relist, js)
    for gone in into:
        if re.search(rf'\b{gone}\b', js):
            sys.exit(f'group-chunks.py: the loader still names {gone}')
    loader.write_text(js)
    print(f'group-chunks.py: {len(chunks)} chunks → {len(chunks) - len(into)} files '
          f'(key split points: {", ".join(sorted(keys))})', file=sys.stderr)


KINDS = {1: 'table', 2: 'memory', 3: 'global'}


def merge(work, tmp, files):
    """Merges these chunk files into the first one."""
    wanted = {}  # field → (kind, its bytes), as the chunks import it
    names = []
    for i, file in enumerate(files):
        parts = sections((work / file).read_bytes())
        for n, (section, body) in enumerate(parts):
            if section == START or (section == EXPORT and read_leb(body, 0)[0]):
                sys.exit(f'group-chunks.py: {file} has exports or a start function; chunks had none')
            if section != IMPORT:
                continue
            entries = imports(body)
            for mod, field, kind, desc in entries:
                if mod != '__wasm_split' or kind not in KINDS:
                    sys.exit(f'group-chunks.py: {file} imports {mod}.{field} (kind {kind}); '
                             'only the memory, the table and globals of __wasm_split are merged')
                if wanted.setdefault(field, (kind, desc)) != (kind, desc):
                    sys.exit(f'group-chunks.py: {file} imports {field} unlike another chunk of its group')
            parts[n] = (section, import_section([('m0', f, k, d) for _, f, k, d in entries]))
        (tmp / f'c{i}.wasm').write_bytes(module(parts))
        names += [str(tmp / f'c{i}.wasm'), f'c{i}']
    # m0: the imports, exported under the same names (the first of each kind is its index 0).
    fields = sorted(wanted)
    index = collections.Counter()
    exports = []
    for f in fields:
        kind = wanted[f][0]
        exports.append(name(f) + bytes([kind]) + leb(index[kind]))
        index[kind] += 1
    m0 = module([(IMPORT, import_section([('__wasm_split', f, *wanted[f]) for f in fields])),
                 (EXPORT, leb(len(exports)) + b''.join(exports))])
    (tmp / 'm0.wasm').write_bytes(m0)
    run('wasm-merge', *FEATURES, str(tmp / 'm0.wasm'), 'm0', *names, '-o', str(tmp / 'merged.wasm'))
    # Without m0's exports: a chunk exports nothing.
    parts = sections((tmp / 'merged.wasm').read_bytes())
    if [read_leb(body, 0)[0] for section, body in parts if section == EXPORT] != [len(fields)]:
        sys.exit(f'group-chunks.py: wasm-merge of {files} exports something other than m0\'s imports')
    (work / files[0]).write_bytes(module([(section, body) for section, body in parts if section != EXPORT]))


if __name__ == '__main__':
    main()
