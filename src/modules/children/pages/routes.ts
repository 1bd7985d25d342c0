import type { FastifyInstance } from 'fastify'
import { addRelationship } from '../steps/addRelationship.js'
import { formDate, formText } from '../../../platform/web/forms.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { WebOptions } from '../../../platform/web/options.js'

type Body = Record<string, unknown>
const str = (v: unknown, max = 1000): string => formText(v, max)

/** Adding the people around a child: adults by name, or another child already known to the organisation. */
export function childRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.post<{ Params: { id: string } }>('/children/:id/people', async (request, reply) => {
    const b = (request.body ?? {}) as Body
    const date = formDate(b, 'personDob')
    if (date.kind === 'incomplete' || date.kind === 'invalid')
      return reply.redirect(`/children/${request.params.id}?peopleError=date#people`, 303)
    const dateOfBirth = date.kind === 'date' ? date.value : undefined
    const sameHousehold = str(b.sameHousehold) === 'yes'
    const input =
      str(b.otherChildId, 100) !== ''
        ? {
            to: 'child' as const,
            childId: str(b.otherChildId, 100),
            relationship: str(b.relationship, 50),
            sameHousehold,
          }
        : {
            to: 'person' as const,
            givenName: str(b.givenName),
            familyName: str(b.familyName),
            dateOfBirth,
            relationship: str(b.relationship, 50),
            sameHousehold,
          }
    const result = await addRelationship(deps, request.actor as Actor, request.params.id, input, request.meta)
    if (!result.ok) {
      if (result.error.code === 'CHILD.NOT_FOUND' && result.error.fields === undefined) return reply.callNotFound()
      return reply.redirect(
        `/children/${request.params.id}?peopleError=${encodeURIComponent(Object.keys(result.error.fields ?? { relationship: '' })[0] ?? 'relationship')}#people`,
        303,
      )
    }
    return reply.redirect(`/children/${request.params.id}#people`, 303)
  })
}
