import { sql } from 'kysely'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Db } from '../../../platform/db/database.js'
import { hasRole, type Actor } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'
import { groupBy } from '../../../platform/shared/groupBy.js'
import { localAuthorityFor } from '../../referrals/queries/referralAccess.js'
import { BACKUP_STAGE, FRONT_DOOR_STAGE } from '../domain/escalation.js'
import { CONCERN_LEAD_ROLES } from '../domain/workflow.js'

/**
 * What the DSL's chain (../steps/escalateUnacknowledged.ts) told people, for them to find again: the emails say
 * "make sure someone acts on it", and this is where the backup and the front door see what is still waiting.
 *
 * - The backup (the head or manager, the deputies, the administrator) and the DSLs see their own organisation's
 *   concerns that reached the backup and are still not acknowledged.
 * - The local authority's front door sees the concerns of every organisation in its area that reached it, with
 *   the organisation's phone number, and never the child: it phones the organisation.
 *
 * Both lists show references and times only; each showing is audited with the concerns it named.
 */
const BACKUP_VIEWERS: readonly Role[] = [...BACKUP_STAGE.roles, ...CONCERN_LEAD_ROLES]
const FRONT_DOOR_VIEWERS: readonly Role[] = [...FRONT_DOOR_STAGE.roles, 'team_manager']

export interface UnacknowledgedConcern {
  readonly id: string
  readonly reference: string
  readonly organisationName: string
  readonly organisationPhone: string | null
  readonly organisationEmail: string | null
  /** For the front door: who at the organisation to ask for (its safeguarding leads and backup), by name. */
  readonly people: readonly { readonly name: string; readonly email: string; readonly role: string }[]
  readonly immediateDanger: boolean
  readonly recordedAt: Date
  readonly reachedAt: Date
}

export interface UnacknowledgedLists {
  /** Undefined when the person is not one their organisation's backup is made of. */
  readonly atOrganisation: readonly UnacknowledgedConcern[] | undefined
  /** Undefined unless the person works the front door of the area's local authority. */
  readonly inArea: readonly UnacknowledgedConcern[] | undefined
}

type Scope = { readonly organisation: boolean; readonly areaOf: string | undefined }

async function scopeOf(db: Db, actor: Actor): Promise<Scope> {
  const organisation = hasRole(actor, ...BACKUP_VIEWERS)
  let areaOf: string | undefined
  if (hasRole(actor, ...FRONT_DOOR_VIEWERS)) {
    // The chain tells the area's local authority (localAuthorityFor): only its front door has this list.
    const la = await localAuthorityFor(db, actor.localAreaId)
    if (la?.id === actor.organisationId) areaOf = actor.localAreaId
  }
  return { organisation, areaOf }
}

/** The concerns whose chain reached `stage` and that nobody has acknowledged yet, with their organisation. */
function stillWaiting(db: Db, stage: 'backup' | 'front_door') {
  return db
    .selectFrom('concern as c')
    .innerJoin('concern_escalation as e', (j) => j.onRef('e.concern_id', '=', 'c.id').on('e.stage', '=', stage))
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .where('c.state', '=', 'new')
}

function listQuery(db: Db, stage: 'backup' | 'front_door') {
  return stillWaiting(db, stage)
    .select(['c.id', 'c.reference', 'c.immediate_danger', 'c.created_at', 'e.reached_at'])
    .select(['c.organisation_id', 'o.name as organisation_name', 'o.contact_phone', 'o.contact_email'])
    .orderBy('c.immediate_danger', 'desc')
    .orderBy('c.created_at')
    .limit(200)
}

const toItem = (
  r: {
    id: string
    reference: string
    immediate_danger: boolean
    created_at: Date
    reached_at: Date
    organisation_name: string
    contact_phone: string | null
    contact_email: string | null
  },
  people: UnacknowledgedConcern['people'] = [],
): UnacknowledgedConcern => ({
  id: r.id,
  reference: r.reference,
  organisationName: r.organisation_name,
  organisationPhone: r.contact_phone,
  organisationEmail: r.contact_email,
  people,
  immediateDanger: r.immediate_danger,
  recordedAt: r.created_at,
  reachedAt: r.reached_at,
})

/** The people the front door asks for: the organisations' safeguarding leads and the head or manager. */
const CONTACT_ROLES: readonly Role[] = ['dsl', 'deputy_dsl', 'head']
const contactRoleNames: Readonly<Partial<Record<Role, string>>> = {
  dsl: 'designated safeguarding lead',
  deputy_dsl: 'deputy safeguarding lead',
  head: 'head or manager',
}

async function contactsOf(
  db: Db,
  organisationIds: readonly string[],
): Promise<Map<string, UnacknowledgedConcern['people']>> {
  if (organisationIds.length === 0) return new Map()
  const users = await db
    .selectFrom('app_user')
    .select(['organisation_id', 'display_name', 'email', 'roles'])
    .where('organisation_id', 'in', [...new Set(organisationIds)])
    .where('active', '=', true)
    .where(sql<boolean>`roles && ${sql.val(CONTACT_ROLES)}::text[]`)
    .orderBy('display_name')
    .execute()
  // Each person under the first of the contact roles they hold (the query asked only for people holding one).
  const contacts = users.flatMap((u) => {
    const role = CONTACT_ROLES.find((r) => u.roles.includes(r))
    return role === undefined ? [] : [{ ...u, role }]
  })
  return groupBy(
    contacts,
    (u) => u.organisation_id,
    (u) => ({ name: u.display_name, email: u.email, role: contactRoleNames[u.role] ?? u.role }),
  )
}

/** The lists, or undefined when the person has neither (the page then says they have no access). */
export async function unacknowledgedConcerns(
  deps: Deps,
  actor: Actor,
  meta: RequestMeta,
): Promise<UnacknowledgedLists | undefined> {
  const scope = await scopeOf(deps.db, actor)
  if (!scope.organisation && scope.areaOf === undefined) return undefined
  const atOrganisation = scope.organisation
    ? (await listQuery(deps.db, 'backup').where('c.organisation_id', '=', actor.organisationId).execute()).map((r) =>
        toItem(r),
      )
    : undefined
  let inArea: UnacknowledgedConcern[] | undefined
  if (scope.areaOf !== undefined) {
    const rows = await listQuery(deps.db, 'front_door').where('o.local_area_id', '=', scope.areaOf).execute()
    const contacts = await contactsOf(
      deps.db,
      rows.map((r) => r.organisation_id),
    )
    inArea = rows.map((r) => toItem(r, contacts.get(r.organisation_id)))
  }
  await auditSeen(deps.db, actor, meta, deps.clock.now(), {
    action: 'concern.unacknowledged_viewed',
    subjectType: 'organisation',
    subjectId: actor.organisationId,
    reason:
      scope.areaOf === undefined
        ? 'the organisation’s backup for concerns nobody acknowledged'
        : 'the local authority’s front door, told of concerns nobody acknowledged',
    details: { shown: [...(atOrganisation ?? []), ...(inArea ?? [])].map((c) => c.id) },
  })
  return { atOrganisation, inArea }
}

/** For the home page: how many are waiting in each list, no names, so no audit row; undefined when none is theirs. */
export async function unacknowledgedCounts(
  db: Db,
  actor: Actor,
): Promise<{ readonly atOrganisation: number; readonly inArea: number } | undefined> {
  const scope = await scopeOf(db, actor)
  if (!scope.organisation && scope.areaOf === undefined) return undefined
  const count = async (stage: 'backup' | 'front_door', where: 'organisation' | 'area', id: string) => {
    const row = await stillWaiting(db, stage)
      .select(sql<string>`count(*)`.as('n'))
      .where(where === 'organisation' ? 'c.organisation_id' : 'o.local_area_id', '=', id)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }
  return {
    atOrganisation: scope.organisation ? await count('backup', 'organisation', actor.organisationId) : 0,
    inArea: scope.areaOf === undefined ? 0 : await count('front_door', 'area', scope.areaOf),
  }
}
