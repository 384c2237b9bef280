/**
 * The mirror's floors (issue 19), run in the same extension page right after the first sync, through `page.evaluate`
 * (so each function here must stand alone: no imports, no outside names).
 * - rawWriteFloor: the very rows the first sync stored, read back from the mirror, written by raw IndexedDB `put`s
 *   into a fresh database with the same object stores and indexes, one readwrite transaction per batch of
 *   `batchSize` (the sync's pull page), one batch after another as the sync applies pages. No Dexie, no validation.
 * - rawLookups: the mirror's `ref.key` index looked up raw, one readonly transaction per key, as the resolution's
 *   first step does through Dexie.
 */

/** Milliseconds to write every row of `tables` of the `source` database into a twin, in batches; and how many. */
export async function rawWriteFloor(
  source: string,
  tables: readonly string[],
  batchSize: number,
): Promise<{ ms: number; rows: number }> {
  const open = (name: string, upgrade?: (db: IDBDatabase) => void) =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => upgrade?.(req.result);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const waitFor = (tx: IDBTransaction) =>
    new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  const requestOf = <T>(req: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const mirror = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(source);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const present = tables.filter((table) => mirror.objectStoreNames.contains(table));
  const read = mirror.transaction(present, 'readonly');
  const shapes = present.map((table) => {
    const store = read.objectStore(table);
    return {
      table,
      keyPath: store.keyPath,
      autoIncrement: store.autoIncrement,
      indexes: [...store.indexNames].map((name) => {
        const index = store.index(name);
        return { name, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
      }),
    };
  });
  const rows = await Promise.all(present.map((table) => requestOf(read.objectStore(table).getAll())));
  mirror.close();
  const all = rows.flatMap((tableRows, index) => tableRows.map((row) => ({ table: present[index] as string, row })));

  const name = `${source}-floor`;
  await requestOf(indexedDB.deleteDatabase(name));
  const twin = await open(name, (db) => {
    for (const shape of shapes) {
      const store = db.createObjectStore(shape.table, { keyPath: shape.keyPath, autoIncrement: shape.autoIncrement });
      for (const index of shape.indexes)
        store.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
    }
  });
  try {
    const started = performance.now();
    for (let start = 0; start < all.length; start += batchSize) {
      const tx = twin.transaction(present, 'readwrite');
      const done = waitFor(tx);
      for (const { table, row } of all.slice(start, start + batchSize)) tx.objectStore(table).put(row);
      await done;
    }
    return { ms: performance.now() - started, rows: all.length };
  } finally {
    twin.close();
    await requestOf(indexedDB.deleteDatabase(name));
  }
}

/** Milliseconds per raw lookup of each key in `table`'s `index`, one readonly transaction each. */
export async function rawLookups(source: string, table: string, index: string, keys: string[]): Promise<number[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(source);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    const timings: number[] = [];
    for (const key of keys) {
      const started = performance.now();
      const found = await new Promise<unknown>((resolve, reject) => {
        const req = db.transaction(table, 'readonly').objectStore(table).index(index).get(key);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      timings.push(performance.now() - started);
      if (found === undefined) throw new Error(`no ${table} row has ${index} ${key}`);
    }
    return timings;
  } finally {
    db.close();
  }
}
