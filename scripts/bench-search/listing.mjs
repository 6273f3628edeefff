// The keys a search listing names (its `files`), for the benchmarks that read the bundle from disk.
// Since format 8 the files of one kind are written by columns (crates/catalog/src/search/listing.rs):
// "search/frag-#": {"ids": "0,1,1", "sha256_128": "<32 hex digits each>", …} names
// search/frag-0.<first 8 digits>.json, search/frag-1.…, search/frag-2.… (numbered ids after the first
// are differences; "…-*" groups give their ids as written); any other key names itself.
export function listedKeys(files) {
  const keys = [];
  for (const [key, value] of Object.entries(files)) {
    const mark = key.at(-1);
    if (mark !== '#' && mark !== '*') {
      keys.push(key);
      continue;
    }
    const ids = value.ids ? value.ids.split(',') : [];
    let last = 0;
    ids.forEach((id, i) => {
      if (mark === '#') id = String((last = (i ? last : 0) + Number(id)));
      keys.push(`${key.slice(0, -1)}${id}.${value.sha256_128.slice(32 * i, 32 * i + 8)}.json`);
    });
  }
  return keys;
}
