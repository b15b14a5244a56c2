// The embedded database's one fix: pglite-socket 0.2.17 feeds every connection's protocol
// messages to the single PGlite session one message at a time, so two connections' extended-query
// sequences (Parse/Bind/Execute … Sync) interleave and share the one unnamed statement and portal:
// "portal \"\" cannot be run", parameters of the wrong type, one client's rows in another's reply.
// Here a connection that started such a sequence keeps the session until its Sync, as it already
// does for a transaction. Also: a message that throws no longer leaves the queue stuck for good.

/** Extended-query protocol messages that use the unnamed statement/portal until the next Sync. */
const EXTENDED = new Set([0x50 /* P */, 0x42 /* B */, 0x44 /* D */, 0x45 /* E */, 0x43 /* C */, 0x48 /* H */]);
const SYNC = 0x53; /* S */
const TERMINATE = 0x58; /* X */

/** Patches a PGLiteSocketServer's query queue in place (before `start()`). */
export function serialiseExtendedQueries(server) {
  const queue = server.queryQueue;
  // Connections between their first extended message and Sync: at most one, since the others wait.
  const midSequence = new Set();
  const clearForHandler = queue.clearQueueForHandler.bind(queue);

  queue.clearQueueForHandler = function (handlerId) {
    clearForHandler(handlerId);
    if (midSequence.delete(handlerId) && !this.processing) void this.processQueue();
  };

  queue.processQueue = async function () {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = this.db.isInTransaction() && this.lastHandlerId ? this.lastHandlerId : [...midSequence][0];
        let item;
        if (owner === undefined || owner === null) item = this.queue.shift();
        else {
          const index = this.queue.findIndex((q) => q.handlerId === owner);
          // The owner's next message has not arrived yet: the others wait for it.
          if (index === -1) break;
          item = this.queue.splice(index, 1)[0];
        }
        const type = item.message[0];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          midSequence.delete(item.handlerId);
          item.reject(error);
          continue;
        }
        if (EXTENDED.has(type)) midSequence.add(item.handlerId);
        else if (type === SYNC || type === TERMINATE) midSequence.delete(item.handlerId);
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
}
