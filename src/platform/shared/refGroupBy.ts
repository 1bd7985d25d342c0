/**
 * Items grouped under a key, each group in the order the items came (rows already sorted by the query stay so);
 * the groups in the order their keys were first met. Node 20 has no Map.groupBy.
 */
export function groupBy<T, K, V>(items: Iterable<T>, key: (item: T) => K, value: (item: T) => V): Map<K, V[]> {
  const groups = new Map<K, V[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [value(item)])
    else group.push(value(item))
  }
  return groups
}
