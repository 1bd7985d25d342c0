import { domainError, err, ok, type DomainError, type Err, type Result } from './result.js'

/**
 * A check that gathers its problems by field (keyed by the form's field names) answers with all of them at once,
 * so that the page shows every problem in one go; the failure's message is the first problem, which is what the
 * API's `message` and the page's error summary lead with.
 */
type Problems = Readonly<Record<string, string>>

export const hasProblems = (fields: Problems): boolean => Object.keys(fields).length > 0

/** The failure for the problems found; `fallback` is the message should there be none to lead with. */
export const invalidFields = <C extends string>(code: C, fields: Problems, fallback = ''): Err<DomainError<C>> =>
  err(domainError(code, Object.values(fields)[0] ?? fallback, fields))

/** The checked value when nothing was found wrong, else the failure. */
export const okUnlessProblems = <C extends string, T>(
  code: C,
  fields: Problems,
  value: T,
): Result<T, DomainError<C>> => (hasProblems(fields) ? invalidFields(code, fields) : ok(value))
