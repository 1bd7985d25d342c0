/** Where one page of a list stands: its number, how many pages there are, and how many rows come before it. */
export interface PageWithin {
  readonly page: number
  readonly pages: number
  readonly offset: number
}

/**
 * The page of a list of `total` rows, `size` a page: an empty list still has one (empty) page, and a requested
 * page before the first or past the last is the first or the last, so a stale link still shows something.
 */
export function pageWithin(total: number, size: number, requested: number): PageWithin {
  const pages = Math.max(1, Math.ceil(total / size))
  const page = Math.min(Math.max(1, requested), pages)
  return { page, pages, offset: (page - 1) * size }
}
