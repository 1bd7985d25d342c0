import { searchChildren } from '../../children/queries/searchChildren.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { formErrors, formText } from '../../../platform/web/forms.js'

/** What the child search pages ask for (the referral's own child page and the front door's). */
export interface ChildSearchBoxes {
  readonly givenName: string
  readonly familyName: string
  readonly dateOfBirth: string
  readonly nhsNumber: string
  readonly upn: string
}

/** The search boxes as the page's query sent them. */
export const childSearchSent = (q: Readonly<Record<string, unknown>>): ChildSearchBoxes => ({
  givenName: formText(q.givenName, 200),
  familyName: formText(q.familyName, 200),
  dateOfBirth: formText(q.dateOfBirth, 20),
  nhsNumber: formText(q.nhsNumber, 40),
  upn: formText(q.upn, 40),
})

/**
 * Searches for the child when anything was typed: the matches, or the search's messages as the form's errors.
 * `searched` is whether a search ran without a problem, so the page says "no matches" only then.
 */
export async function findChild(deps: Deps, actor: Actor, search: ChildSearchBoxes, meta: RequestMeta) {
  const typed = Object.values(search).some((v) => v.trim() !== '')
  let matches: unknown[] = []
  let errors
  if (typed) {
    const result = await searchChildren(deps, actor, search, meta)
    if (result.ok) matches = result.value
    else errors = formErrors(result.error.fields ?? {})
  }
  return { search, searched: typed && errors === undefined, matches, errors }
}
