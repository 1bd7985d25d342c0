import type { FastifyInstance } from 'fastify'
import { addRelationship } from '../../../application/children/addRelationship.js'
import { localDate } from '../../../domain/calendar/localDate.js'
import type { Actor } from '../../../domain/people/actor.js'
import type { WebOptions } from '../../options.js'

type Body = Record<string, unknown>
const str = (v: unknown, max = 1000): string => (typeof v === 'string' ? v.slice(0, max) : '')

/** Adding the people around a child: adults by name, or another child already known to the organisation. */
export function childRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.post<{ Params: { id: string } }>('/children/:id/people', async (request, reply) => {
    const b = (request.body ?? {}) as Body
    const [d, m, y] = ['day', 'month', 'year'].map((p) => str(b[`personDob-${p}`], 10).trim())
    let dateOfBirth
    if (d !== '' || m !== '' || y !== '') {
      const parsed = /^\d{1,2}$/.test(d ?? '') && /^\d{1,2}$/.test(m ?? '') && /^\d{4}$/.test(y ?? '') ? localDate(Number(y), Number(m), Number(d)) : undefined
      if (parsed === undefined || !parsed.ok) return reply.redirect(`/children/${request.params.id}?peopleError=date#people`, 303)
      dateOfBirth = parsed.value
    }
    const sameHousehold = str(b.sameHousehold) === 'yes'
    const input =
      str(b.otherChildId, 100) !== ''
        ? { to: 'child' as const, childId: str(b.otherChildId, 100), relationship: str(b.relationship, 50), sameHousehold }
        : { to: 'person' as const, givenName: str(b.givenName), familyName: str(b.familyName), dateOfBirth, relationship: str(b.relationship, 50), sameHousehold }
    const result = await addRelationship(deps, request.actor as Actor, request.params.id, input, request.meta)
    if (!result.ok) {
      if (result.error.code === 'CHILD.NOT_FOUND' && result.error.fields === undefined) return reply.callNotFound()
      return reply.redirect(`/children/${request.params.id}?peopleError=${encodeURIComponent(Object.keys(result.error.fields ?? { relationship: '' })[0] ?? 'relationship')}#people`, 303)
    }
    return reply.redirect(`/children/${request.params.id}#people`, 303)
  })
}
