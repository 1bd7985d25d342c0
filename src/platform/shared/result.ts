/**
 * Expected failures are values, not exceptions. A failure carries a stable code that the web edge
 * maps to a page or an HTTP status; exceptions are kept for bugs and outages.
 */
export type Ok<T> = { readonly ok: true; readonly value: T }
export type Err<E> = { readonly ok: false; readonly error: E }
export type Result<T, E> = Ok<T> | Err<E>

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value })
export const err = <E>(error: E): Err<E> => ({ ok: false, error })

/** A domain failure with a stable, documented code such as `AUTH.LOCKED_OUT`. */
export interface DomainError<C extends string = string> {
  readonly code: C
  readonly message: string
  /** Field-level problems, keyed by the field's name as the user typed it. */
  readonly fields?: Readonly<Record<string, string>>
}

export const domainError = <C extends string>(
  code: C,
  message: string,
  fields?: Readonly<Record<string, string>>,
): DomainError<C> => (fields === undefined ? { code, message } : { code, message, fields })

/** A domain check's problems by field, as a step's `check` answers them: none when it passed. */
export const fieldProblems = (result: Result<unknown, DomainError>): Readonly<Record<string, string>> =>
  result.ok ? {} : (result.error.fields ?? {})
