/**
 * `values` without the entries that are undefined, to spread into an object whose optional properties must be left
 * out rather than set to undefined (exactOptionalPropertyTypes): `{ kind, ...given({ hint: o.hint }) }`.
 */
export const given = <T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }
