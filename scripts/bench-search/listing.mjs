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
      if (mark === '#') id = String((last += Number(id)));
      keys.push(`${key.slice(0, -1)}${id}.${digests.slice(32 * i, 32 * i + 8)}.json`);
    });
  }
  return keys;
}

/** The keys of every fragment chunk of the search index whose meta file is `meta`, page by page
 * (`read(key)` gives a bundle file's JSON): the meta file lists the fragment pages (search/frags-<p>),
 * or past 128 of them index pages (search/fragidx-<r>) that list the pages. Throws when it finds none
 * in an index that has fragments: a listing this script no longer reads would leave a benchmark's
 * relevant results short (recall over 1). */
export function* fragmentKeys(meta, read) {
  const listed = listedKeys(meta.files);
  const pages = listed.filter((k) => k.startsWith('search/frags-'));
  for (const ix of listed.filter((k) => k.startsWith('search/fragidx-'))) pages.push(...listedKeys(read(ix).files));
  let any = false;
  for (const page of pages) {
    for (const key of listedKeys(read(page).files)) {
      any = true;
      yield key;
    }
  }
  if (meta.fragments > 0 && !any) throw new Error('the meta file lists no fragment chunk this script can read');
}
