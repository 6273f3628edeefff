// The keys a search listing names (its `files`), for the benchmarks that read the bundle from disk.
// Since format 8 the files of one kind are written by columns, in one string, ids;sizes;digests
// (crates/catalog/src/search/listing.rs): "search/frag-#": "0,1,1;…;<32 hex digits each>" names
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
    const [ids, , digests] = value.split(';');
    let last = 0;
    (ids ? ids.split(',') : []).forEach((id, i) => {
      if (mark === '#') id = String((last = (i ? last : 0) + Number(id)));
      keys.push(`${key.slice(0, -1)}${id}.${digests.slice(32 * i, 32 * i + 8)}.json`);
    });
  }
  return keys;
}
