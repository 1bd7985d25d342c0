import type { Transaction } from 'kysely'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import type { Db } from '../../../platform/db/database.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isOrganisationKind, type OrganisationKind } from '../../../platform/identity/organisations.js'
import { isRole, type Role } from '../../../platform/identity/roles.js'
import {
  competencyGate,
  currencyOf,
  type Currency,
  type GateEnforcement,
  type GateOutcome,
  type TrainingRecordFacts,
} from '../domain/currency.js'
import { isCourseKind, requirementsFor, type TrainingRequirement } from '../domain/requirements.js'
import { activeUsersOf } from '../../people/queries/activeUsers.js'

type Q = Db | Transaction<DB>

export interface TrainingRecordRow {
  readonly id: string
  readonly userId: string
  readonly course: string
  readonly title: string
  readonly provider: string
  readonly completedOn: string
  readonly hours: number
  readonly evidence: string
  readonly verifiedBy: string | null
  readonly verifiedAt: Date | null
}

export async function recordsOf(db: Q, userIds: readonly string[]): Promise<TrainingRecordRow[]> {
  if (userIds.length === 0) return []
  const rows = await db
    .selectFrom('training_record as r')
    .leftJoin('training_verification as v', 'v.record_id', 'r.id')
    .leftJoin('app_user as vu', 'vu.id', 'v.verified_by')
    .select([
      'r.id',
      'r.user_id',
      'r.course',
      'r.title',
      'r.provider',
      'r.completed_on',
      'r.hours',
      'r.evidence',
      'vu.display_name as verified_by',
      'v.verified_at',
    ])
    .where('r.user_id', 'in', [...userIds])
    .orderBy('r.completed_on', 'desc')
    .orderBy('r.recorded_at', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    course: r.course,
    title: r.title,
    provider: r.provider,
    completedOn: r.completed_on,
    hours: Number(r.hours),
    evidence: r.evidence,
    verifiedBy: r.verified_by,
    verifiedAt: r.verified_at,
  }))
}

const facts = (rows: readonly TrainingRecordRow[]): TrainingRecordFacts[] =>
  rows.flatMap((r) =>
    isCourseKind(r.course) ? [{ course: r.course, completedOn: storedDate(r.completedOn), hours: r.hours }] : [],
  )

export interface RequirementCurrency {
  readonly requirement: TrainingRequirement
  readonly currency: Currency
}

export function personCurrency(
  kind: OrganisationKind,
  roles: readonly Role[],
  records: readonly TrainingRecordRow[],
  today: LocalDate,
): RequirementCurrency[] {
  const f = facts(records)
  return requirementsFor(kind, roles).map((requirement) => ({
    requirement,
    currency: currencyOf(requirement, f, today),
  }))
}

/** A partnership's choice for DSL actions taken with lapsed DSL training: warn (the default) or block. */
export const gateSettingKey = (localAreaId: string): string => `training.dsl_gate:${localAreaId}`

export async function gateEnforcement(db: Q, localAreaId: string): Promise<GateEnforcement> {
  const row = await db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', gateSettingKey(localAreaId))
    .executeTakeFirst()
  return row?.value === 'block' ? 'block' : 'warn'
}

/**
 * The competency gate for a DSL action by `actor` today: clear, warn (with what has lapsed) or block. Exported
 * through the module's index for the steps that are DSL actions (a decision on a concern).
 */
export async function dslCompetency(db: Q, actor: Actor, today: LocalDate): Promise<GateOutcome> {
  const records = await recordsOf(db, [actor.userId])
  return competencyGate(
    requirementsFor(actor.organisationKind, actor.roles),
    facts(records),
    today,
    await gateEnforcement(db, actor.localAreaId),
  )
}

export interface PersonRow {
  readonly userId: string
  readonly name: string
  readonly roles: readonly Role[]
  readonly requirements: readonly RequirementCurrency[]
  readonly unverified: number
}

export interface OrganisationCurrency {
  readonly people: readonly PersonRow[]
  readonly counts: { current: number; due30: number; due60: number; due90: number; lapsed: number; missing: number }
  readonly toVerify: readonly (TrainingRecordRow & { readonly name: string })[]
}

/** Everyone active in the organisation with what they must hold and whether it is current. */
export async function organisationCurrency(
  db: Q,
  organisationId: string,
  kind: string,
  today: LocalDate,
): Promise<OrganisationCurrency> {
  const users = await activeUsersOf(db, organisationId)
  const records = await recordsOf(
    db,
    users.map((u) => u.id),
  )
  const orgKind = isOrganisationKind(kind) ? kind : undefined
  const counts = { current: 0, due30: 0, due60: 0, due90: 0, lapsed: 0, missing: 0 }
  const people = users.map((u) => {
    const roles = u.roles.filter(isRole)
    const mine = records.filter((r) => r.userId === u.id)
    const requirements = orgKind === undefined ? [] : personCurrency(orgKind, roles, mine, today)
    for (const { currency: c } of requirements)
      counts[c.status === 'due_soon' ? (`due${c.within}` as const) : c.status]++
    return {
      userId: u.id,
      name: u.display_name,
      roles,
      requirements,
      unverified: mine.filter((r) => r.verifiedAt === null).length,
    }
  })
  const names = new Map(users.map((u) => [u.id, u.display_name]))
  const toVerify = records.filter((r) => r.verifiedAt === null).map((r) => ({ ...r, name: names.get(r.userId) ?? '' }))
  return { people, counts, toVerify }
}
