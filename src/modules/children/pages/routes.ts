import type { FastifyInstance } from 'fastify'
import { formText } from '../../../platform/web/forms.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { deniedPage } from '../../../platform/web/deniedPage.js'
import { formErrors } from '../../../platform/web/forms.js'
import { isoDate, readDate } from '../../../platform/forms/readers.js'
import { searchChildren, type ChildMatch } from '../queries/searchChildren.js'
import { mayFindChildren } from '../domain/finding.js'

type Body = Record<string, unknown>
const str = (v: unknown, max = 1000): string => formText(v, max)

/** Finding a child (adding the people around one is the addRelationship step). */
export function childRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  /*
   * "Find a child" (issue 17, item 4): the one child search (searchChildren: fuzzy names, nicknames, transposed
   * letters, identifiers; only children the organisation is involved with; audited with what it found) on a page of
   * its own. A GET form, so it works without JavaScript and a search can be repeated with Back.
   */
  app.get('/children/search', async (request, reply) => {
    const actor = request.actor as Actor
    if (!mayFindChildren(actor.roles))
      return deniedPage(
        reply,
        'Find a child is for safeguarding leads, children’s social care and the police. To tell someone about a child, record a concern.',
      )
    const q = (request.query ?? {}) as Body
    const search = {
      givenName: str(q.givenName, 200),
      familyName: str(q.familyName, 200),
      dateOfBirth: str(q.dateOfBirth, 40),
      nhsNumber: str(q.nhsNumber, 40),
      upn: str(q.upn, 40),
    }
    const searched = Object.keys(search).some((f) => f in q)
    let matches: ChildMatch[] = []
    let fields: Record<string, string> | undefined
    if (searched) {
      // The date of birth in any form the one date reader takes ("27 3 2017", "27/03/2017", "2017-03-27").
      const dob = search.dateOfBirth.trim() === '' ? undefined : readDate(search.dateOfBirth, 'date of birth')
      if (dob !== undefined && !dob.ok) fields = { dateOfBirth: dob.error }
      else {
        const result = await searchChildren(
          deps,
          actor,
          { ...search, dateOfBirth: dob === undefined ? undefined : isoDate(dob.value) },
          request.meta,
        )
        if (result.ok) matches = result.value
        else fields = result.error.fields ?? { givenName: result.error.message }
      }
    }
    const errors =
      fields === undefined ? undefined : formErrors(fields, ['givenName', 'dateOfBirth', 'nhsNumber', 'upn'])
    return reply.page(
      'children/pages/search.njk',
      { pageTitle: 'Find a child', search, searched: searched && errors === undefined, matches, errors },
      errors === undefined ? 200 : 400,
    )
  })
}
