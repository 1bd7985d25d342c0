/** One option of a list page's filter: what the address carries, and what the page shows. */
export interface FilterOption {
  readonly value: string
  readonly text: string
}

/**
 * A list page's filter as the items of a GOV.UK select: first the choice of everything (no value, so the address
 * carries no filter), then each option, with the one in force selected.
 */
export function filterItems(everything: string, options: readonly FilterOption[], chosen: string | undefined) {
  return [
    { value: '', text: everything },
    ...options.map((o) => ({ value: o.value, text: o.text, selected: o.value === chosen })),
  ]
}
