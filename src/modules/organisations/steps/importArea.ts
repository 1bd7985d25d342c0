import type { Transaction } from 'kysely'
import { sql } from 'kysely'
import { appendAudit, type AuditEntry } from '../../../platform/audit/auditLog.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isOrganisationKind, type OrganisationKind } from '../../../platform/identity/organisations.js'
import { newId } from '../../../platform/security/secrets.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import { INVITATION_DAYS, issueInvitation } from '../../people/steps/inviteUser.js'
import {
  checkOrganisationsCsv,
  checkUsersCsv,
  type Checked,
  type OrganisationRow,
  type RowProblem,
  type UserRow,
} from '../domain/importRows.js'
import { mayAdministerArea } from '../domain/policy.js'
import { addOrganisation } from './addOrganisation.js'

/** Who is importing: a signed-in administrator, or an operator at the command line (named from the OS account). */
export type Importer =
  | { readonly kind: 'actor'; readonly actor: Actor; readonly meta: RequestMeta }
  | { readonly kind: 'operator'; readonly operator: string }

export type ImportError =
  | DomainError<'ACCESS.DENIED' | 'AREA.NOT_FOUND'>
  | (DomainError<'IMPORT.INVALID'> & { readonly problems: readonly RowProblem[]; readonly rowCount: number })

export interface ImportPreview<T> {
  readonly rows: readonly T[]
  /** False for a preview: nothing was written. */
  readonly written: boolean
}

function auditActor(who: Importer) {
  return who.kind === 'actor'
    ? {
        actorUserId: who.actor.userId,
        actorOrganisationId: who.actor.organisationId,
        actorRoles: who.actor.roles,
        correlationId: who.meta.correlationId,
      }
    : { actorUserId: null, actorOrganisationId: null, actorRoles: [] }
}

/** The audit row of one row written: who imported it, for the reason they may administer the area. */
async function auditImported(
  tx: Transaction<DB>,
  who: Importer,
  area: Area,
  now: Date,
  entry: Pick<AuditEntry, 'action' | 'subjectType' | 'subjectId' | 'details'>,
): Promise<void> {
  await appendAudit(tx, { ...auditActor(who), ...entry, reason: area.reason }, now)
}

async function lockArea(tx: Transaction<DB>, who: Importer, localArea: string): Promise<Result<Area, ImportError>> {
  const area = await tx
    .selectFrom('local_area')
    .select(['id', 'name'])
    .where((eb) =>
      /^[0-9a-f-]{36}$/i.test(localArea)
        ? eb('id', '=', localArea)
        : eb(eb.fn('lower', ['name']), '=', localArea.toLowerCase()),
    )
    .forUpdate()
    .executeTakeFirst()
  if (area === undefined) return err(domainError('AREA.NOT_FOUND', `There is no local area called ${localArea}`))
  if (who.kind === 'operator') return ok({ ...area, reason: `imported by operator ${who.operator}` })
  const decision = mayAdministerArea(who.actor, area.id)
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  return ok({ ...area, reason: decision.reason })
}

const invalid = (problems: readonly RowProblem[], rowCount: number): ImportError => ({
  ...domainError(
    'IMPORT.INVALID',
    `${problems.length === 1 ? 'One problem' : `${problems.length} problems`} in the file: nothing was imported`,
  ),
  problems,
  rowCount,
})

type Area = { readonly id: string; readonly name: string; readonly reason: string }

/**
 * An import, all or nothing, in one transaction: the area locked, the file checked against what the area has
 * (`check`), then the preview, or every row written (`write`).
 */
async function importInto<T>(
  deps: Deps,
  who: Importer,
  input: { readonly localArea: string; readonly dryRun?: boolean },
  steps: {
    readonly check: (tx: Transaction<DB>, area: Area) => Promise<Checked<T>>
    readonly write: (tx: Transaction<DB>, area: Area, row: T, now: Date) => Promise<void>
  },
): Promise<Result<ImportPreview<T>, ImportError>> {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const area = await lockArea(tx, who, input.localArea)
    if (!area.ok) return area
    const checked = await steps.check(tx, area.value)
    if (!checked.ok) return err(invalid(checked.problems, checked.rowCount))
    if (input.dryRun === true) return ok({ rows: checked.rows, written: false })
    for (const r of checked.rows) await steps.write(tx, area.value, r, now)
    return ok({ rows: checked.rows, written: true })
  })
}

/**
 * Imports a local area's organisations from CSV, all or nothing: every row is checked first and, if any is wrong,
 * the answer lists every problem and nothing is written. The area row is locked so that two imports into one area
 * cannot both pass the duplicate-name check. `dryRun` checks and answers the preview without writing.
 */
export async function importOrganisations(
  deps: Deps,
  who: Importer,
  input: { readonly localArea: string; readonly csv: string; readonly dryRun?: boolean },
): Promise<Result<ImportPreview<OrganisationRow>, ImportError>> {
  return importInto(deps, who, input, {
    check: async (tx, area) => {
      const existing = await tx.selectFrom('organisation').select('name').where('local_area_id', '=', area.id).execute()
      const checked = checkOrganisationsCsv(input.csv, new Set(existing.map((o) => o.name.toLowerCase())))
      if (!checked.ok) return checked
      // URNs and ODS codes are unique across the service: one school is one organisation, whichever area lists it.
      const urns = checked.rows.flatMap((r) => (r.urn === null ? [] : [r.urn]))
      const odsCodes = checked.rows.flatMap((r) => (r.odsCode === null ? [] : [r.odsCode]))
      const taken = await tx
        .selectFrom('organisation')
        .select(['name', 'urn', 'ods_code'])
        .where((eb) =>
          eb.or([
            eb('urn', 'in', urns.length > 0 ? urns : ['']),
            eb('ods_code', 'in', odsCodes.length > 0 ? odsCodes : ['']),
          ]),
        )
        .execute()
      const clashes: RowProblem[] = checked.rows.flatMap((r) => {
        const t = taken.find(
          (o) => (r.urn !== null && o.urn === r.urn) || (r.odsCode !== null && o.ods_code === r.odsCode),
        )
        return t === undefined
          ? []
          : [
              {
                row: r.row,
                column: r.urn !== null ? 'urn' : 'ods_code',
                message: `${t.name} already has this ${r.urn !== null ? 'URN' : 'ODS code'}`,
              },
            ]
      })
      return clashes.length > 0 ? { ok: false, problems: clashes, rowCount: checked.rows.length } : checked
    },
    write: async (tx, area, r, now) => {
      const id = await addOrganisation(tx, area.id, r, now)
      await auditImported(tx, who, area, now, {
        action: 'organisations.organisation_imported',
        subjectType: 'organisation',
        subjectId: id,
        details: { name: r.name, kind: r.kind, urn: r.urn, odsCode: r.odsCode, row: r.row, localAreaId: area.id },
      })
    },
  })
}

/**
 * Imports people from CSV into the organisations of one area, all or nothing, with the same checks as the
 * invitation form (roles the organisation's kind allows, one account per email). Each person is invited: the
 * outbox emails a link to choose a password, or they sign in with their organisation's single sign-on.
 */
export async function importUsers(
  deps: Deps,
  who: Importer,
  input: { readonly localArea: string; readonly csv: string; readonly dryRun?: boolean; readonly serviceUrl?: string },
): Promise<Result<ImportPreview<UserRow>, ImportError>> {
  // The area's organisations, read while the file is checked, give each row written its organisation.
  let orgs: readonly { id: string; name: string; kind: string }[] = []
  const invitedBy = who.kind === 'actor' ? who.actor.userId : null
  return importInto(deps, who, input, {
    check: async (tx, area) => {
      orgs = await tx
        .selectFrom('organisation')
        .select(['id', 'name', 'kind'])
        .where('local_area_id', '=', area.id)
        .execute()
      const kinds = new Map<string, OrganisationKind>()
      for (const o of orgs) if (isOrganisationKind(o.kind)) kinds.set(o.name.toLowerCase(), o.kind)
      // Lock out a concurrent import of the same addresses: app_user's unique index would otherwise fail mid-way.
      await sql`LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE`.execute(tx)
      const emails = await tx
        .selectFrom('app_user')
        .select(sql<string>`lower(email)`.as('email'))
        .execute()
      return checkUsersCsv(input.csv, kinds, new Set(emails.map((e) => e.email)))
    },
    write: async (tx, area, r, now) => {
      const org = orgs.find((o) => o.name.toLowerCase() === r.organisation.toLowerCase())
      if (org === undefined) throw new Error('unreachable: checked rows name organisations of the area')
      const userId = newId()
      await tx
        .insertInto('app_user')
        .values({
          id: userId,
          organisation_id: org.id,
          email: r.email,
          display_name: r.displayName,
          roles: [...r.roles],
          password_hash: null,
          totp_secret: null,
          totp_last_step: null,
          locked_until: null,
          created_at: now,
        })
        .execute()
      if (invitedBy !== null) {
        const { invitationToken: token } = await issueInvitation(tx, userId, invitedBy, now)
        await enqueueNotification(
          tx,
          {
            kind: 'user.invited',
            organisationId: org.id,
            recipient: r.email,
            subject: `You have been invited to Together by ${org.name}`,
            body: `You have been given an account on Together, the safeguarding service for ${area.name}, at ${org.name}.\n\nChoose your password here (the link works once, for ${INVITATION_DAYS} days):\n${input.serviceUrl ?? deps.settings.serviceUrl}/invitations/${token}\n\nIf ${org.name} uses single sign-on, you can sign in with your work account instead.`,
            relatedType: 'user',
            relatedId: userId,
          },
          now,
        )
      }
      await auditImported(tx, who, area, now, {
        action: 'organisations.user_imported',
        subjectType: 'user',
        subjectId: userId,
        details: { email: r.email, roles: r.roles, organisation: org.name, row: r.row },
      })
    },
  })
}
