import { sql, type Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { newId } from '../../../platform/security/secrets.js'
import { statutoryPartnerSeats, statutoryPartners } from '../domain/register.js'
import { partnershipFor } from './repository.js'

/**
 * The demo area's partnership register: each statutory partner's seat held by its partnership lead (acting as
 * lead safeguarding partner), a chair, an independent scrutineer and two subgroups. Called by the demo seed in
 * its own transaction; the demo's users and organisations must exist already.
 */
export async function seedPartnershipRegister(tx: Transaction<DB>, localAreaId: string, now: Date): Promise<void> {
  const partnership = await partnershipFor(tx, localAreaId, now)
  for (const partner of statutoryPartners) {
    const lead = await tx
      .selectFrom('app_user as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select(['u.id', 'u.display_name', 'o.id as organisation_id'])
      .where('o.local_area_id', '=', localAreaId)
      .where('o.kind', '=', statutoryPartnerSeats[partner].organisationKind)
      .where(sql<boolean>`'partnership_lead' = ANY(u.roles)`)
      .orderBy('u.email')
      .executeTakeFirst()
    if (lead === undefined) continue
    await tx
      .insertInto('partnership_seat')
      .values({
        id: newId(),
        partnership_id: partnership.id,
        partner,
        organisation_id: lead.organisation_id,
        lead_user_id: lead.id,
        lead_name: lead.display_name,
        delegate_user_id: null,
        delegate_name: '',
        recorded_by: null,
        created_at: now,
      })
      .execute()
  }
  const member = (kind: 'chair' | 'scrutineer' | 'subgroup', name: string, detail = '') => ({
    id: newId(),
    partnership_id: partnership.id,
    kind,
    name,
    organisation_id: null,
    category: null,
    detail,
    started_on: '2025-04-01',
    ended_on: null,
    created_at: now,
  })
  await tx
    .insertInto('partnership_member')
    .values([
      member('chair', 'Helen Carter'),
      member('scrutineer', 'Ruth Adeyemi', 'Independent scrutineer, appointed April 2025'),
      member('subgroup', 'Learning and improvement', 'Rapid reviews, practice reviews and the action log'),
      member('subgroup', 'Education and early years', 'How schools, colleges and childcare take part'),
    ])
    .execute()
}
