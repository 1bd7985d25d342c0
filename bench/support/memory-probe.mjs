// Loaded into the server under test by the mixed-load benchmark (`node --expose-gc --import <this> bin/together
// serve`, with an IPC channel): answers { type: 'memory', gc } with the process's memory figures, after a full
// garbage collection when asked. Plain JavaScript so that it needs no loader. Not part of the service.
if (process.send !== undefined) {
  process.on('message', (message) => {
    if (message === null || typeof message !== 'object' || message.type !== 'memory') return
    if (message.gc === true && typeof globalThis.gc === 'function') globalThis.gc()
    const u = process.memoryUsage()
    process.send({
      type: 'memory',
      id: message.id,
      rss: u.rss,
      heapUsed: u.heapUsed,
      heapTotal: u.heapTotal,
      external: u.external,
    })
  })
  // The channel must not keep the server alive once it has been told to stop.
  process.channel?.unref()
}
