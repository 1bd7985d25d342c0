/**
 * Small-number suppression, as published statistics do it: a dashboard never shows a count under 5 (including
 * 0 — the rule is applied literally), so that no child can be picked out of a breakdown. Where exactly one cell
 * of a breakdown is hidden, the smallest other cell is hidden too, or the hidden one could be worked out from the
 * total. A percentage is hidden when its numerator or denominator is.
 */
import type { Tally } from './dataSet.js'

export const SUPPRESSION_THRESHOLD = 5

export type Shown = { readonly shown: true; readonly value: number } | { readonly shown: false }

export const suppressCount = (n: number): Shown =>
  n >= SUPPRESSION_THRESHOLD ? { shown: true, value: n } : { shown: false }

export interface ShownTally {
  readonly numerator: Shown
  readonly denominator: Shown
  readonly percentage: Shown
}

/** One cell of a rate or count, with the percentage hidden whenever either count is. */
export function suppressTally(t: Tally, isRate: boolean): ShownTally {
  const numerator = suppressCount(t.numerator)
  const denominator = isRate ? suppressCount(t.denominator) : numerator
  const percentage: Shown =
    isRate && numerator.shown && denominator.shown && t.denominator > 0
      ? { shown: true, value: Math.round((1000 * t.numerator) / t.denominator) / 10 }
      : { shown: false }
  return { numerator, denominator, percentage }
}

/**
 * Suppress a whole breakdown whose cells add up to a shown total: primary suppression under the threshold, then
 * secondary suppression of the smallest remaining cell when only one was hidden.
 */
export function suppressBreakdown<K>(cells: readonly { key: K; count: number }[]): { key: K; count: Shown }[] {
  const hidden = new Set<number>()
  cells.forEach((c, i) => {
    if (c.count < SUPPRESSION_THRESHOLD) hidden.add(i)
  })
  if (hidden.size === 1 && cells.length > 1) {
    let smallest = -1
    cells.forEach((c, i) => {
      if (!hidden.has(i) && (smallest === -1 || c.count < (cells[smallest]?.count ?? Infinity))) smallest = i
    })
    if (smallest !== -1) hidden.add(smallest)
  }
  return cells.map((c, i) => ({
    key: c.key,
    count: hidden.has(i) ? { shown: false } : { shown: true, value: c.count },
  }))
}

export const shownText = (s: Shown): string => (s.shown ? s.value.toLocaleString('en-GB') : 'Not shown (small number)')
