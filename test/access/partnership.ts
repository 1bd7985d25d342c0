import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../../src/platform/db/database.js'

/**
 * The partnership's records for the access matrix, written straight into the tables (the route tests exercise the
 * steps themselves): a serious incident in a given stage with every organisation of the area asked for a summary,
 * an action owned by the area's local authority, a document and a yearly report draft. Each area gets shared ones
 * for denied cells; allowed cells that change a record get a fresh one.
 */
export type IncidentState = 'notified' | 'rapid_review' | 'answered' | 'awaiting_sign_off' | 'practice_review'

export class PartnershipFixtures {
  private readonly shared = new Map<string, string>()
  /** An organisation still awaited for each incident (for closing a gap). */
  readonly awaitedOf = new Map<string, string>()
  private year = 1950

  constructor(private readonly db: Db) {}

  private async area(areaId: string) {
    const la = await this.db
      .selectFrom('organisation')
      .select('id')
      .where('local_area_id', '=', areaId)
      .where('kind', '=', 'la_childrens_social_care')
      .executeTakeFirstOrThrow()
    const user = await this.db
      .selectFrom('app_user')
      .select('id')
      .where('organisation_id', '=', la.id)
      .orderBy('email')
      .executeTakeFirstOrThrow()
    return { la: la.id, user: user.id }
  }

  /** Seats for an area that has none (the demo area's are seeded): its partnership leads lead their partners. */
  async ensureSeats(areaId: string): Promise<void> {
    let partnership = await this.db
      .selectFrom('partnership')
      .select('id')
      .where('local_area_id', '=', areaId)
      .executeTakeFirst()
    if (partnership === undefined) {
      partnership = { id: randomUUID() }
      await this.db
        .insertInto('partnership')
        .values({ id: partnership.id, local_area_id: areaId, name: 'Matrix partnership', created_at: new Date() })
        .execute()
    }
    const seats = await this.db
      .selectFrom('partnership_seat')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .execute()
    if (seats.length > 0) return
    const leads = await this.db
      .selectFrom('app_user as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select(['u.id', 'u.display_name', 'o.id as org', 'o.kind'])
      .where('o.local_area_id', '=', areaId)
      .where(sql<boolean>`'partnership_lead' = ANY(u.roles)`)
      .execute()
    const partnerOf: Record<string, string> = {
      la_childrens_social_care: 'local_authority',
      police_force: 'police',
      icb: 'icb',
    }
    for (const l of leads)
      if (partnerOf[l.kind] !== undefined)
        await this.db
          .insertInto('partnership_seat')
          .values({
            id: randomUUID(),
            partnership_id: partnership.id,
            partner: partnerOf[l.kind]!,
            organisation_id: l.org,
            lead_user_id: l.id,
            lead_name: l.display_name,
            recorded_by: null,
            created_at: new Date(),
          })
          .execute()
  }

  async incident(areaId: string, state: IncidentState, fresh: boolean): Promise<string> {
    const key = `${areaId}|${state}`
    const existing = this.shared.get(key)
    if (!fresh && existing !== undefined) return existing
    const { la, user } = await this.area(areaId)
    const id = randomUUID()
    const stage = state === 'answered' ? 'rapid_review' : state
    await this.db
      .insertInto('serious_incident')
      .values({
        id,
        reference: `SI-1999-${id.slice(0, 8)}`,
        local_area_id: areaId,
        notifying_organisation_id: la,
        incident_on: null,
        aware_on: '2026-11-16',
        notified_panel_on: '2026-11-17',
        location: 'Matrix',
        harm: 'serious_harm',
        abuse_or_neglect: 'suspected',
        happened_in: 'Matrix',
        child_lives_in: 'Matrix',
        stage,
        stage_changed_at: new Date(),
        decision: state === 'awaiting_sign_off' || state === 'practice_review' ? 'practice_review' : null,
        created_by: user,
        created_at: new Date(),
      })
      .execute()
    if (state !== 'notified') {
      const orgs = await this.db.selectFrom('organisation').select('id').where('local_area_id', '=', areaId).execute()
      await this.db
        .insertInto('rapid_review_agency')
        .values(
          orgs.map((o) => ({
            incident_id: id,
            organisation_id: o.id,
            asked_at: new Date(),
            state: state === 'rapid_review' ? 'awaited' : 'submitted',
          })),
        )
        .execute()
      if (state === 'rapid_review') this.awaitedOf.set(id, orgs[0]!.id)
    }
    if (!fresh) this.shared.set(key, id)
    return id
  }

  async action(areaId: string, fresh: boolean): Promise<string> {
    const key = `${areaId}|action`
    const existing = this.shared.get(key)
    if (!fresh && existing !== undefined) return existing
    const { la, user } = await this.area(areaId)
    const recommendation = randomUUID()
    await this.db
      .insertInto('recommendation')
      .values({
        id: recommendation,
        reference: `R-1999-${recommendation.slice(0, 8)}`,
        local_area_id: areaId,
        source: 'audit',
        incident_id: null,
        text: 'Matrix recommendation',
        themes: [],
        created_by: user,
        created_at: new Date(),
      })
      .execute()
    const id = randomUUID()
    await this.db
      .insertInto('learning_action')
      .values({
        id,
        recommendation_id: recommendation,
        description: 'Matrix action',
        owner_organisation_id: la,
        owner_user_id: user,
        due_on: '2027-06-30',
        status: 'open',
        status_changed_at: new Date(),
        created_at: new Date(),
      })
      .execute()
    if (!fresh) this.shared.set(key, id)
    return id
  }

  private async partnershipId(areaId: string): Promise<string> {
    await this.ensureSeats(areaId)
    return (
      await this.db.selectFrom('partnership').select('id').where('local_area_id', '=', areaId).executeTakeFirstOrThrow()
    ).id
  }

  async document(areaId: string, fresh: boolean): Promise<string> {
    const key = `${areaId}|document`
    const existing = this.shared.get(key)
    if (!fresh && existing !== undefined) return existing
    const { user } = await this.area(areaId)
    const id = randomUUID()
    await this.db
      .insertInto('partnership_document')
      .values({
        id,
        partnership_id: await this.partnershipId(areaId),
        kind: 'budget',
        version: 1000 + this.year++,
        title: 'Matrix budget',
        summary: 'Matrix',
        url: null,
        contributions: '{}',
        recorded_by: user,
        signed_off_at: null,
        created_at: new Date(),
      })
      .execute()
    if (!fresh) this.shared.set(key, id)
    return id
  }

  async report(areaId: string, fresh: boolean): Promise<string> {
    const key = `${areaId}|report`
    const existing = this.shared.get(key)
    if (!fresh && existing !== undefined) return existing
    const { user } = await this.area(areaId)
    const id = randomUUID()
    await this.db
      .insertInto('yearly_report')
      .values({
        id,
        local_area_id: areaId,
        start_year: this.year++,
        state: 'draft',
        published_at: null,
        created_at: new Date(),
      })
      .execute()
    await this.db
      .insertInto('yearly_report_version')
      .values({
        id: randomUUID(),
        report_id: id,
        version: 1,
        sections: JSON.stringify({ activity: 'Matrix' }),
        created_by: user,
        created_at: new Date(),
      })
      .execute()
    if (!fresh) this.shared.set(key, id)
    return id
  }
}
