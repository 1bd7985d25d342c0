/**
 * How a loader reads one record: `forUpdate` locks the row until the transaction ends, for a step that decides on
 * what it read, so that a second person's step at the same moment waits and then sees what the first one left.
 */
export interface LoadOptions {
  readonly forUpdate?: boolean
}
