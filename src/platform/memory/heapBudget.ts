import { Session } from 'node:inspector/promises'
import v8 from 'node:v8'

/**
 * A memory budget for a long job that runs inside the service (the children in need census of a large authority).
 *
 * Why: such a job reads and throws away far more than it keeps. Rows arrive from PostgreSQL while the service
 * waits for the rest of the batch, so V8's young-generation collections (run in those idle moments) find them
 * alive and move them to the old generation, where they stay until V8's next full collection; and V8 lets the old
 * generation grow to two to four times what was alive at the last one before it collects again. For 100,000
 * children that was 130 to 180 MB of garbage held at the peak (bench/census.bench.ts), on a service that holds
 * about 225 MB at rest. `check()` after each batch asks for a full collection once the heap has grown by the
 * budget since the job began (or since the last one), so the job's own memory stays near its budget: a full
 * collection of this heap takes 10 to 40 ms, a few times in a whole census export.
 *
 * The collection is asked of V8 through the inspector protocol (HeapProfiler.collectGarbage), which needs no
 * start-up flag. Where Node was built without the inspector, `check()` does nothing and V8 collects on its own.
 */
export interface HeapBudget {
  /** Collects if the heap has grown by more than the budget; says whether it did. */
  check(): Promise<boolean>
  /** How many collections the job asked for. */
  readonly collections: number
  end(): void
}

export function heapBudget(bytes: number): HeapBudget {
  let session: Session | undefined
  try {
    session = new Session()
    session.connect()
  } catch {
    session = undefined
  }
  // What only a full collection returns: the old generation (not the young one, which V8 empties by itself every
  // few megabytes) and the memory outside the heap that its objects hold (buffers read from a file or a socket).
  const used = (): number => {
    let bytes = v8.getHeapStatistics().external_memory
    for (const space of v8.getHeapSpaceStatistics())
      if (!space.space_name.startsWith('new_')) bytes += space.space_used_size
    return bytes
  }
  let base = used()
  let collections = 0
  return {
    async check() {
      if (session === undefined || used() - base < bytes) return false
      await session.post('HeapProfiler.collectGarbage')
      collections += 1
      base = used()
      return true
    },
    get collections() {
      return collections
    },
    end() {
      session?.disconnect()
      session = undefined
    },
  }
}
