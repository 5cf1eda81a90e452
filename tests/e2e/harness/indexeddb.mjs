// Reads what Jibber stored in the page's IndexedDB, to check deletions where they matter.

/** The bodies of every stored message (all chats), read inside `page`. */
export function storedBodies(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('jibber');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('messages')) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction('messages', 'readonly').objectStore('messages').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            resolve(request.result.map((record) => JSON.parse(record.data).body));
          };
        };
      }),
  );
}

/** How many records each of Jibber's object stores holds, read inside `page`. */
export function storedCounts(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('jibber');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          if (names.length === 0) {
            db.close();
            resolve({});
            return;
          }
          const tx = db.transaction(names, 'readonly');
          const counts = {};
          for (const name of names) {
            const request = tx.objectStore(name).count();
            request.onsuccess = () => {
              counts[name] = request.result;
            };
          }
          tx.oncomplete = () => {
            db.close();
            resolve(counts);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
