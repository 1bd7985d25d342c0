/** One item of a GOV.UK select, as govukSelect takes it. */
export interface SelectItem {
  readonly value: string
  readonly text: string
  readonly selected?: boolean
}

/** One option of a list page's filter: what the address carries, and what the page shows. */
export interface FilterOption {
  readonly value: string
  readonly text: string
}

/**
 * The items of a select that filters a list: first the one that filters nothing (value ''), then each option,
 * the one chosen marked selected, so the page shows the filter as it was sent.
 */
export function filterItems(
  anyText: string,
  options: readonly FilterOption[],
  chosen: string | undefined,
): SelectItem[] {
  return [
    { value: '', text: anyText },
    ...options.map((o) => ({ value: o.value, text: o.text, selected: o.value === chosen })),
  ]
}
