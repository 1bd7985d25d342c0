/**
 * For tests and fixtures only: the timescale rule with an id known to be in the table, failing loudly if it is
 * not. Never use it on an id from outside: use findRule and handle the error.
 */
import { findRule, type TimescaleRule } from './rules.js'

export function rule(id: string): TimescaleRule {
  const found = findRule(id)
  if (!found.ok) throw new Error(found.error.message)
  return found.value
}
