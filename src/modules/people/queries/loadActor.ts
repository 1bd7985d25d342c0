import type { Kysely, Transaction } from 'kysely'
import type { Actor } from '../../../platform/identity/actor.js'
import { isOrganisationKind } from '../../../platform/identity/organisations.js'
import { isRole } from '../../../platform/identity/roles.js'
import type { DB } from '../../../platform/db/schema.js'
import { actorAudit } from '../../../platform/audit/auditLog.js'

export interface UserRecord {
  readonly actor: Actor
  readonly active: boolean
  readonly passwordHash: string | null
  readonly totpSecret: string | null
  readonly totpLastStep: number | null
  readonly failedSignIns: number
  readonly lockedUntil: Date | null
}

function userQuery(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.roles',
      'u.password_hash',
      'u.totp_secret',
      'u.totp_last_step',
      'u.failed_sign_ins',
      'u.locked_until',
      'u.active',
      'u.is_demo',
      'o.id as organisation_id',
      'o.name as organisation_name',
      'o.kind as organisation_kind',
      'o.local_area_id',
    ])
}

type Row = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>

function toRecord(r: Row): UserRecord {
  if (!isOrganisationKind(r.organisation_kind)) throw new Error(`Unknown organisation kind ${r.organisation_kind}`)
  return {
    actor: {
      userId: r.id,
      displayName: r.display_name,
      email: r.email,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      organisationKind: r.organisation_kind,
      localAreaId: r.local_area_id,
      roles: r.roles.filter(isRole),
      isDemo: r.is_demo,
    },
    active: r.active,
    passwordHash: r.password_hash,
    totpSecret: r.totp_secret,
    totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    failedSignIns: r.failed_sign_ins,
    lockedUntil: r.locked_until,
  }
}

/** The one user `query` finds, locked until the transaction ends when `forUpdate` asks. */
async function oneUser(query: ReturnType<typeof userQuery>, forUpdate: boolean): Promise<UserRecord | undefined> {
  const row = await query.$if(forUpdate, (q) => q.forUpdate('u')).executeTakeFirst()
  return row === undefined ? undefined : toRecord(row)
}

export function findUserByEmail(
  db: Kysely<DB> | Transaction<DB>,
  email: string,
  forUpdate = false,
): Promise<UserRecord | undefined> {
  return oneUser(
    userQuery(db).where((eb) => eb(eb.fn('lower', ['u.email']), '=', email.trim().toLowerCase())),
    forUpdate,
  )
}

export function findUserById(
  db: Kysely<DB> | Transaction<DB>,
  id: string,
  forUpdate = false,
): Promise<UserRecord | undefined> {
  return oneUser(userQuery(db).where('u.id', '=', id), forUpdate)
}

/** An API token and the user behind it, in one query (every API request asks). */
export async function findApiTokenUser(db: Kysely<DB>, tokenHash: string) {
  const row = await userQuery(db)
    .innerJoin('api_token as t', 't.user_id', 'u.id')
    .select(['t.expires_at as token_expires_at', 't.revoked_at as token_revoked_at'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : { expiresAt: row.token_expires_at, revokedAt: row.token_revoked_at, user: toRecord(row) }
}

/** A session and the user behind it, in one query (every page asks). */
export async function findSessionUser(db: Kysely<DB>, idHash: string) {
  const row = await userQuery(db)
    .innerJoin('user_session as s', 's.user_id', 'u.id')
    .select(['s.stage', 's.pending_totp_secret', 's.last_seen_at', 's.expires_at as session_expires_at', 's.ended_at'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : {
        stage: row.stage,
        pendingTotpSecret: row.pending_totp_secret,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.session_expires_at,
        endedAt: row.ended_at,
        user: toRecord(row),
      }
}

// Most use cases take the audit's actor fields from here, beside the actor they describe.
export { actorAudit }
