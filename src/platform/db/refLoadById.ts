import { isUuid } from '../shared/ids.js'
import type { LoadOptions } from './loadOptions.js'

/**
 * One record read by its id, as a loader gives it: undefined for an id that is no UUID (a made-up id in a path or
 * a cookie is "no such record", never a database error) and for one that finds no row. `query` builds the read
 * for the id, adding its lock when `forUpdate` asks for one (`.$if(forUpdate, (q) => q.forUpdate('r'))`: which
 * table it locks is the loader's to say); `shape` turns the row into what the loader answers.
 */
export async function loadById<Row, T>(
  id: string | undefined,
  options: LoadOptions,
  query: (id: string, forUpdate: boolean) => { executeTakeFirst(): Promise<Row | undefined> },
  shape: (row: Row) => T,
): Promise<T | undefined> {
  if (id === undefined || !isUuid(id)) return undefined
  const row = await query(id, options.forUpdate === true).executeTakeFirst()
  return row === undefined ? undefined : shape(row)
}
