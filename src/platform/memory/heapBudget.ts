import v8 from 'node:v8'
import vm from 'node:vm'

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
 * The collection is V8's own full collection (`gc`), made available to this module alone: the flag that exposes it
 * is set when the module loads, and the function is taken from a fresh context, so the service's global scope
 * gains nothing. (The inspector's HeapProfiler.collectGarbage was tried first: it is V8's low-memory notification,
 * several collections that also drop compiled code, and it doubled the export's CPU time.) Where the function
 * cannot be had, `check()` does nothing and V8 collects on its own.
 */
export interface HeapBudget {
  /** Collects if the heap has grown by more than the budget; says whether it did. */
  check(): boolean
  /** How many collections the job asked for. */
  readonly collections: number
  end(): void
}

type Collect = () => void

const collect: Collect | undefined = (() => {
  try {
    v8.setFlagsFromString('--expose-gc')
    const gc: unknown = vm.runInNewContext('gc')
    return typeof gc === 'function' ? (gc as Collect) : undefined
  } catch {
    return undefined
  }
})()

export function heapBudget(bytes: number): HeapBudget {
  // What only a full collection returns: the old generation (not the young one, which V8 empties by itself every
  // few megabytes) and the memory outside the heap that its objects hold (buffers read from a file or a socket).
  const used = (): number => {
    let total = v8.getHeapStatistics().external_memory
    for (const space of v8.getHeapSpaceStatistics())
      if (!space.space_name.startsWith('new_')) total += space.space_used_size
    return total
  }
  let ended = false
  let base = used()
  let collections = 0
  return {
    check() {
      if (ended || collect === undefined || used() - base < bytes) return false
      collect()
      collections += 1
      base = used()
      return true
    },
    get collections() {
      return collections
    },
    end() {
      ended = true
    },
  }
}
