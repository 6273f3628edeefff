#!/bin/sh
# Builds the explorer's WebAssembly into Trunk's staging folder, split into a main module and chunks
# that load on first use (a place's screen with its map and catalog, an item's page, search, the page
# tools, 繁體). Trunk runs it as the post_build hook (Trunk.toml), after it has written index.html, the
# CSS and the copied files; the Rust link in index.html is marked data-trunk-skip so that Trunk does
# not build the app a second, unsplit time. Run by hand: TRUNK_STAGING_DIR=dist TRUNK_PROFILE=release scripts/build-wasm.sh
#
#   1. cargo build --target wasm32-unknown-unknown (.cargo/config.toml adds --emit-relocs, which
#      wasm-split needs, and --cfg erase_components)
#   2. wasm-split-cli: main module + one .wasm per split point (#[lazy] / wasm_split in src/), the
#      chunks of code several split points share, and the loader __wasm_split.js; then
#      scripts/group-chunks.py merges the shared chunks the place screen and the search load into a
#      few files (28 and 24 files were four or five round trips on HTTP/1.1)
#   3. wasm-bindgen --keep-lld-exports on the main module (the chunks import its table and memory)
#   4. wasm-opt -Oz on every module (binaryen 132 from npm: Debian's 108 breaks the output); before
#      that, scripts/slim-bindgen.py drops the glue classes nothing creates (server_fn's stream
#      adapters) and gives the main module's imports and closure-call exports short names, in the
#      module and the glue alike (wasm-bindgen's hashed names were 7 kB gzip)
#   5. names carry content hashes (<name>-<16 hex>.<ext>, as Trunk names assets), references are
#      rewritten, start.js is written (it fetches the app after the first paint and, on a place's URL,
#      the bundle files that place's screen first shows), index.html names it.
#   6. the style sheets become one minified file (its integrity hash in index.html follows), and
#      index.html loses its comments; the glue, the loader and the start script are minified too
#      (esbuild, a release build)
#   7. a gzip twin (<name>.gz, zopfli) beside every hash-named file, for hosts that serve it as is
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# wasm-opt: the project's binaryen 132 (scripts/setup.sh installs it), ahead of any other on PATH.
export PATH="$root/tests/e2e/node_modules/.bin:$PATH"
out=${TRUNK_STAGING_DIR:?"set TRUNK_STAGING_DIR (Trunk does)"}
profile=${TRUNK_PROFILE:-release}
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

# A release build uses Cargo.toml's `app` profile (small code); `release` itself is the native build
# step's (fast code).
if [ "$profile" = release ]; then
    cargo build --profile app --target wasm32-unknown-unknown -p gongkai
    input="$target_dir/wasm32-unknown-unknown/app/gongkai.wasm"
else
    cargo build --target wasm32-unknown-unknown -p gongkai
    input="$target_dir/wasm32-unknown-unknown/debug/gongkai.wasm"
fi

work="$target_dir/wasm-split"
rm -rf "$work"
mkdir -p "$work/bindgen"
wasm-split-cli "$input" "$work" --out-name gongkai --target web
# The shared chunks the place screen and the search load, merged into one file per group of them
# (scripts/group-chunks.py says why and how).
python3 scripts/group-chunks.py "$work" place search
# wasm-bindgen warns about the name subsection wasm-split writes; nothing to act on.
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-dir "$work/bindgen" "$work/gongkai.wasm" 2>&1 \
    | grep -v 'unknown name subsection' >&2 || true

# hash <file>: the first 16 hex digits of its SHA-256.
hash() { sha256sum "$1" | cut -c1-16; }
optimise() { # optimise <in> <out>
    if [ "$profile" = release ]; then
        # --converge: -Oz again until nothing shrinks (0.2 kB gzipped on a township's link).
        # --low-memory-unused: nothing reads or writes the first 1 kB of memory (Rust's stack comes
        # first in memory and grows down towards it: only a 1 MB deep stack would reach it), so a
        # constant offset can go into the load's or store's immediate (1.4 kB: on a township's link).
        # --strip-target-features --strip-producers: the custom sections naming the features the
        # module was compiled with and the tools that made it, which no browser reads (the features
        # are given here): some 150 bytes gzipped in every module and chunk, 3.7 kB over the 23
        # shared chunks the first search loads.
        wasm-opt -Oz --converge --low-memory-unused --enable-bulk-memory --enable-multivalue --enable-mutable-globals \
            --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
            --strip-target-features --strip-producers "$1" -o "$2"
    else
        cp "$1" "$2"
    fi
}

# Chunks: split_<name>.wasm (a split point's own code) → <name>-<hash>.wasm, chunk_<n>.wasm (code
# that several split points share, loaded with any of them) → shared-<hash>.wasm; the loader names
# them all.
loader="$work/__wasm_split.js"
for chunk in "$work"/split_*.wasm "$work"/chunk_*.wasm; do
    [ -e "$chunk" ] || continue
    base=$(basename "$chunk" .wasm)
    optimise "$chunk" "$work/opt.wasm"
    case "$base" in
        split_*) stem=$(echo "${base#split_}" | tr _ -) ;;
        *) stem=shared ;;
    esac
    name="$stem-$(hash "$work/opt.wasm").wasm"
    mv "$work/opt.wasm" "$out/$name"
    sed -i "s|\"\./$base\.wasm\"|\"./$name\"|" "$loader"
done
python3 scripts/slim-bindgen.py "$work/bindgen/gongkai_bg.wasm" "$work/bindgen/gongkai.js"
optimise "$work/bindgen/gongkai_bg.wasm" "$work/opt.wasm"
main_wasm="gongkai-$(hash "$work/opt.wasm")_bg.wasm"
mv "$work/opt.wasm" "$out/$main_wasm"

# The glue and the loader import each other, so both carry one hash of the pair (and of the modules
# they name, whose hashed names are already in them).
glue="$work/bindgen/gongkai.js"
# Both are generated, readable JavaScript: without their comment lines and indentation they are 12 %
# smaller gzipped (nothing else changes; their strings and template literals are one line each).
strip_js() { # strip_js <file>: in place
    python3 - "$1" <<'PY'
import sys
out, doc = [], False
for line in open(sys.argv[1]):
    s = line.strip()
    if doc:
        doc = not s.endswith('*/')
    elif s.startswith('/*') and (s.find('*/') in (-1, len(s) - 2)):
        doc = not s.endswith('*/')
    elif s and not s.startswith('//'):
        out.append(s + '\n')
open(sys.argv[1], 'w').writelines(out)
PY
}
# minify_js <file>: in place, in a release build: esbuild's minifier (tests/e2e/package.json pins it), as
# an ES module, names of the module's imports and exports kept; the glue 5.7 → 4.8 kB gzipped.
minify_js() {
    if [ "$profile" = release ]; then
        esbuild "$1" --minify --format=esm --target=es2022 --log-level=warning >"$1.min"
        mv "$1.min" "$1"
    fi
}
strip_js "$glue"
strip_js "$loader"
set_hash=$(cat "$glue" "$loader" | sha256sum | cut -c1-16)
# Only the import statements: the glue also names the loader as the wasm's import module, which stays.
sed -i "/^import /s|\"\./__wasm_split\.js\"|\"./wasm-split-$set_hash.js\"|" "$glue"
sed -i "/^import /s|\"\./gongkai\.js\"|\"./gongkai-$set_hash.js\"|" "$loader"
cp "$glue" "$out/gongkai-$set_hash.js"
cp "$loader" "$out/wasm-split-$set_hash.js"
if [ -d "$work/bindgen/snippets" ]; then
    cp -R "$work/bindgen/snippets" "$out/"
fi

# The place chunk and the shared chunks it needs, as named by the loader: a place's URL preloads them.
place_chunks=$(python3 - "$loader" <<'PY'
import re, sys
js = open(sys.argv[1]).read()
files = dict(re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"', js))
m = re.search(r'__wasm_split_load_place = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)".*?\[([^\]]*)\]\)\)', js, re.S)
if not m:
    sys.exit('build-wasm.sh: the loader names no place chunk (has wasm-split changed its output?)')
names = [m.group(1)] + [files[d.strip()] for d in m.group(2).split(',') if d.strip()]
print(' '.join("'./%s'" % n for n in names).replace(' ', ', '))
PY
)
# Minified once the pair is named and the loader read (the hash is of the readable pair, whose
# minified form follows from it).
minify_js "$out/gongkai-$set_hash.js"
minify_js "$out/wasm-split-$set_hash.js"

# The start script. First it fits the static first screen to the URL and the reader's settings (a
# place's URL shows a skeleton, not the home screen, and the search's 本地/全部; 关怀模式 — its size and its
# button's state, as a screen reader hears it before the app runs — and embed mode at once). Then, once that
# screen is painted, it asks for everything the first view runs on, all at once — the glue and loader
# modules, the main module, the manifest and, on a place's URL, the place chunk and the bundle files
# its first frame shows (prefetch below: the place lists, the catalog and the map were each one more
# round trip after the manifest, once the app ran) — most needed first (the glue → loader → main
# module chain was three round trips). Not before the paint: the first
# paint does not share the network with the app's 200 kB, and Lighthouse counts every download
# started before the largest paint as something that paint waited for. Painted means the browser's
# first-contentful-paint entry, which comes when that frame is on the screen: a frame's animation
# callback runs before its paint, and a busy or slow phone can show it much later (Lighthouse's
# township page: 1 s later, with the app's downloads counted as what its largest paint waited for).
# At most 1 s (a tab opened in the background paints nothing until it is shown); a browser without
# paint timing waits for the next frame. Like the glue and the loader, the script ships without its
# comments.
start="$work/start.js"
cat >"$start" <<EOF
const query = new URLSearchParams(location.search);
const place = query.get('place');
if (place) {
  document.getElementById('boot-home')?.setAttribute('hidden', '');
  document.getElementById('boot-wait')?.removeAttribute('hidden');
  document.querySelector('#boot .search-scope')?.removeAttribute('hidden');
}
try {
  if (localStorage.getItem('gongkai.care') === '1') {
    document.documentElement.setAttribute('data-care', '1');
    document.querySelector('#boot .care-toggle')?.setAttribute('aria-pressed', 'true');
  }
} catch (_) {}
if (['1', 'true'].includes(query.get('embed'))) document.documentElement.setAttribute('data-embed', '1');
await new Promise((painted) => {
  if (!globalThis.PerformanceObserver?.supportedEntryTypes?.includes('paint')) return requestAnimationFrame(() => setTimeout(painted, 0));
  const late = setTimeout(painted, 1000);
  new PerformanceObserver((list, observer) => {
    if (!list.getEntriesByName('first-contentful-paint').length) return;
    observer.disconnect();
    clearTimeout(late);
    painted();
  }).observe({ type: 'paint', buffered: true });
});
// The downloader of the head starts below, which the app also calls for a place list named ahead
// (src/loader.rs, prefetch).
const got = (globalThis.gongkaiPrefetch = new Map());
const bytes = (globalThis.gongkaiFetch = (path) => {
  if (got.has(path)) return got.get(path);
  const b = fetch('./data/' + path).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);
  got.set(path, b);
  return b;
});
// A place's URL: the files its first frame shows, fetched while the app's code is on its way — the
// manifest, the place lists down to the place (as Manifest::list_toward walks them; two at once where
// a list names the next but one ahead), its catalog and its map when the link opens it — instead of
// one after another once the app runs. Only a head start: the app takes these bytes (src/loader.rs,
// gongkaiPrefetch) and checks them like any download; whatever failed or was not foreseen here it
// downloads itself. Its rules repeat the app's (Manifest::list_toward, Place::tree_catalog,
// Route::map_open); an end-to-end test (scale.test.mjs, "the start script asks for every data file")
// fails when they part.
function prefetch(code) {
  const json = async (path) => { try { return JSON.parse(new TextDecoder().decode(await bytes(path))); } catch (_) { return null; } };
  const prefix = (c) => (c.length !== 6 ? c : c.endsWith('0000') ? c.slice(0, 2) : c.endsWith('00') ? c.slice(0, 4) : c);
  const within = (c, a) => c === a || c.startsWith(prefix(a));
  (async () => {
    const m = await json('manifest.json');
    const places = m?.places;
    if (!Array.isArray(places)) return;
    for (let level = 0; level < 6; level++) {
      const next = places.filter((p) => p.children && within(code, p.code) && !places.some((c) => c.parent === p.code))
        .reduce((best, p) => (!best || prefix(p.code).length >= prefix(best.code).length ? p : best), null);
      if (!next) break;
      const list = await json(next.children);
      if (!Array.isArray(list?.places)) return;
      // The list after the next, named ahead (PlaceList::ahead): fetched together with the next.
      for (const [c, key] of Object.entries(list.ahead ?? {})) if (within(code, c)) bytes(key);
      places.push(...list.places);
    }
    const here = places.find((p) => p.code === code);
    if (!here) return;
    // The tree's catalog (as Place::tree_catalog); an item's page wants the whole one as well.
    const tree = here.brief ?? here.catalog;
    if (tree) bytes(tree);
    if (query.has('item') && here.brief && here.catalog) bytes(here.catalog);
    // The map only when the link opens it (as Route::map_open: map=1, a colouring or a zoom).
    if (!(query.get('map') === '1' || query.has('measure') || query.has('zoom'))) return;
    const geo = here.geo ?? places.find((p) => p.code === here.parent)?.geo;
    if (geo) bytes(geo);
  })();
}
// The place's files first: a chain of small files, one round trip each. Asked for after the
// twenty-odd code files, they waited behind them (a host on HTTP/1.1 serves six at a time), and the
// catalog arrived with the main module instead of long before it.
if (place) prefetch(place);
const hints = document.createDocumentFragment();
const hint = (rel, href, as) => hints.append(Object.assign(document.createElement('link'), { rel, href, crossOrigin: 'anonymous' }, as ? { as } : {}));
hint('modulepreload', './gongkai-$set_hash.js');
hint('modulepreload', './wasm-split-$set_hash.js');
hint('preload', './$main_wasm', 'fetch');
if (place) {
  for (const href of [$place_chunks]) hint('preload', href, 'fetch');
} else {
  hint('preload', './data/manifest.json', 'fetch');
}
document.head.append(hints);
const { default: init } = await import('./gongkai-$set_hash.js');
await init({ module_or_path: './$main_wasm' });
EOF
strip_js "$start"
minify_js "$start"
start_name="start-$(hash "$start").js"
cp "$start" "$out/$start_name"

# index.html: the start script (no inline script: the CSP forbids it). blocking="render": no paint
# before its first lines have applied 关怀模式, embed mode and the place URL's skeleton to the static
# screen (else a 关怀模式 reader sees the page jump from normal to large); it unblocks as it starts, so
# its wait for the first paint below still lets that paint happen.
# Trunk leaves the skipped Rust link (and its comment) in place: this script stands for them.
sed -i -e '/Built by scripts\/build-wasm.sh/d' -e '/<link data-trunk rel="rust"/d' \
    -e "s|</head>|<script type=\"module\" blocking=\"render\" src=\"./$start_name\"></script></head>|" "$out/index.html"
grep -q "$start_name" "$out/index.html" || { echo "build-wasm.sh: no </head> in index.html" >&2; exit 1; }

# The style sheets ship as one file, minified: 2.2 kB less gzipped on every first load for the
# comments and indentation (they are for whoever edits style/), 1.3 kB less for one file instead of
# four (one gzip stream; and three requests fewer that the first paint waits for), 0.2 kB for
# esbuild's minifier (shorter colours and numbers, no spaces) in a release build. The parts keep the
# order of index.html's links, so the cascade is the same. The file is named by its content
# (style-<16 hex>.css, as Trunk names assets) and index.html gives its integrity hash. index.html
# loses its comments (for whoever edits it; 0.3 kB gzipped), all but the first screen's markers.
python3 - "$out" "$profile" <<'PY'
import base64, hashlib, pathlib, re, subprocess, sys
out, profile = pathlib.Path(sys.argv[1]), sys.argv[2]
html = out / 'index.html'
page = html.read_text()
sri = lambda b: 'sha384-' + base64.b64encode(hashlib.sha384(b).digest()).decode()
links = list(re.finditer(r'[ \t]*<link rel="stylesheet" href="\./([^"/]+\.css)" integrity="([^"]+)"/?>\n?', page))
if not links:
    sys.exit('build-wasm.sh: index.html links no style sheet')
parts = []
for link in links:
    css = out / link.group(1)
    text = css.read_bytes()
    if sri(text) != link.group(2):
        sys.exit(f'build-wasm.sh: index.html names {css.name} with another integrity hash')
    parts.append(text)
    css.unlink()
style = b'\n'.join(parts)
minify = ['esbuild', '--minify', '--loader=css', '--log-level=warning'] if profile == 'release' else ['cat']
style = subprocess.run(minify, input=style, capture_output=True, check=True).stdout
name = f'style-{hashlib.sha256(style).hexdigest()[:16]}.css'
(out / name).write_bytes(style)
indent = re.match(r'[ \t]*', links[0].group(0)).group(0)
one = f'{indent}<link rel="stylesheet" href="./{name}" integrity="{sri(style)}"/>\n'
for link in reversed(links):
    page = page[:link.start()] + (one if link is links[0] else '') + page[link.end():]
page = re.sub(r'[ \t]*<!--(?! /?gongkai:)[\s\S]*?-->\n?', '', page)
html.write_text(page)
PY

# 7. Every hash-named file of the app gets a gzip twin, <name>.gz, made once here at the highest
#    compression (zopfli, which scripts/setup.sh installs; gzip -9 where it is missing), for hosts that
#    serve it as is (nginx's gzip_static in docs/hosting.md). A web server compressing on the fly uses
#    a fast, weak setting (nginx's default level 1 sent the main module as 224 kB instead of 184 kB);
#    these files cost it nothing to send. Only hash-named files: their content never changes under
#    their name, so a twin can never be stale. index.html, sw.js and embed.js change in place (the
#    first-screen step rewrites index.html after this), and a host compresses those itself.
if [ "$profile" = release ]; then
    if command -v zopfli >/dev/null; then
        squeeze() { zopfli -c "$1" >"$1.gz"; }
    else
        echo "build-wasm.sh: zopfli is not installed (scripts/setup.sh installs it); using gzip -9" >&2
        squeeze() { gzip -9 -n -c "$1" >"$1.gz"; }
    fi
    # Hash-named as public/sw.js's HASHED and docs/hosting.md's immutable location read it.
    for f in "$out"/*; do
        if basename "$f" | grep -Eq -- '-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css|svg)$'; then squeeze "$f"; fi
    done
fi
