import type { Transaction } from 'kysely'
import { sql } from 'kysely'
import { actorAudit, appendAudit, type AuditEntry } from '../../../platform/audit/auditLog.js'
import { noActor } from '../../../platform/audit/noActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isOrganisationKind, type OrganisationKind } from '../../../platform/identity/organisations.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import { INVITATION_DAYS, issueInvitation } from '../../people/steps/inviteUser.js'
import { addUser } from '../../people/steps/newUser.js'
import {
  checkOrganisationsCsv,
  checkUsersCsv,
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

/** A file with bad rows: every problem, and nothing written. */
export type InvalidImport = DomainError<'IMPORT.INVALID'> & {
  readonly problems: readonly RowProblem[]
  readonly rowCount: number
}

export type ImportError = DomainError<'ACCESS.DENIED' | 'AREA.NOT_FOUND'> | InvalidImport

export interface ImportPreview<T> {
  readonly rows: readonly T[]
  /** False for a preview: nothing was written. */
  readonly written: boolean
}

/** One imported row's audit entry: who imported it (a signed-in person, or the operator's command) and why they may. */
async function auditImported(
  tx: Transaction<DB>,
  who: Importer,
  area: ImportArea,
  now: Date,
  entry: Pick<AuditEntry, 'action' | 'subjectType' | 'subjectId' | 'details'>,
): Promise<void> {
  const by = who.kind === 'actor' ? { ...actorAudit(who.actor), correlationId: who.meta.correlationId } : noActor
  await appendAudit(tx, { ...by, ...entry, reason: area.reason }, now)
}

/** The area imported into, locked FOR UPDATE, with why this importer may (the per-row audit rows' reason). */
export interface ImportArea {
  readonly id: string
  readonly name: string
  readonly reason: string
}

export interface ImportInput {
  readonly csv: string
  readonly dryRun?: boolean
}

async function lockArea(
  tx: Transaction<DB>,
  who: Importer,
  localArea: string,
): Promise<Result<ImportArea, ImportError>> {
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

/** One transaction with the area named (by id or name) locked, for an import from the command line. */
function inLockedArea<T>(
  deps: Deps,
  who: Importer,
  localArea: string,
  imported: (tx: Transaction<DB>, area: ImportArea, now: Date) => Promise<Result<T, ImportError>>,
): Promise<Result<T, ImportError>> {
  return deps.db.transaction().execute(async (tx) => {
    const area = await lockArea(tx, who, localArea)
    return area.ok ? imported(tx, area.value, deps.clock.now()) : area
  })
}

const invalid = (problems: readonly RowProblem[], rowCount: number): InvalidImport => ({
  ...domainError(
    'IMPORT.INVALID',
    `${problems.length === 1 ? 'One problem' : `${problems.length} problems`} in the file: nothing was imported`,
  ),
  problems,
  rowCount,
})

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
  return inLockedArea(deps, who, input.localArea, (tx, area, now) => importOrganisationsInto(tx, who, area, input, now))
}

/** The organisations' import inside a transaction whose area row is locked (`importOrganisations`, the step). */
export async function importOrganisationsInto(
  tx: Transaction<DB>,
  who: Importer,
  area: ImportArea,
  input: ImportInput,
  now: Date,
): Promise<Result<ImportPreview<OrganisationRow>, InvalidImport>> {
  const existing = await tx.selectFrom('organisation').select('name').where('local_area_id', '=', area.id).execute()
  const checked = checkOrganisationsCsv(input.csv, new Set(existing.map((o) => o.name.toLowerCase())))
  if (!checked.ok) return err(invalid(checked.problems, checked.rowCount))
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
    const t = taken.find((o) => (r.urn !== null && o.urn === r.urn) || (r.odsCode !== null && o.ods_code === r.odsCode))
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
  if (clashes.length > 0) return err(invalid(clashes, checked.rows.length))
  if (input.dryRun === true) return ok({ rows: checked.rows, written: false })
  for (const r of checked.rows) {
    const id = await addOrganisation(tx, area.id, r, now)
    await auditImported(tx, who, area, now, {
      action: 'organisations.organisation_imported',
      subjectType: 'organisation',
      subjectId: id,
      details: { name: r.name, kind: r.kind, urn: r.urn, odsCode: r.odsCode, row: r.row, localAreaId: area.id },
    })
  }
  return ok({ rows: checked.rows, written: true })
}

/**
 * Imports people from CSV into the organisations of one area, all or nothing, with the same checks as the
 * invitation form (roles the organisation's kind allows, one account per email). Each person is invited: the
 * outbox emails a link to choose a password, or they sign in with their organisation's single sign-on.
 */
export async function importUsers(
  deps: Deps,
  who: Importer,
  input: { readonly localArea: string; readonly csv: string; readonly dryRun?: boolean },
): Promise<Result<ImportPreview<UserRow>, ImportError>> {
  return inLockedArea(deps, who, input.localArea, (tx, area, now) =>
    importUsersInto(tx, who, area, { ...input, serviceUrl: deps.settings.serviceUrl }, now),
  )
}

/** The people's import inside a transaction whose area row is locked (`importUsers`, the step). */
export async function importUsersInto(
  tx: Transaction<DB>,
  who: Importer,
  area: ImportArea,
  input: ImportInput & { readonly serviceUrl: string },
  now: Date,
): Promise<Result<ImportPreview<UserRow>, InvalidImport>> {
  const orgs = await tx
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
  const checked = checkUsersCsv(input.csv, kinds, new Set(emails.map((e) => e.email)))
  if (!checked.ok) return err(invalid(checked.problems, checked.rowCount))
  if (input.dryRun === true) return ok({ rows: checked.rows, written: false })
  const invitedBy = who.kind === 'actor' ? who.actor.userId : null
  for (const r of checked.rows) {
    const org = orgs.find((o) => o.name.toLowerCase() === r.organisation.toLowerCase())
    if (org === undefined) throw new Error('unreachable: checked rows name organisations of the area')
    const userId = await addUser(
      tx,
      { organisationId: org.id, email: r.email, displayName: r.displayName, roles: r.roles, passwordHash: null },
      now,
    )
    // app_user is locked above and every row's address was checked against it, so none can be taken here.
    if (userId === undefined) throw new Error('unreachable: checked rows have addresses not yet taken')
    if (invitedBy !== null) {
      const { invitationToken: token } = await issueInvitation(tx, userId, invitedBy, now)
      await enqueueNotification(
        tx,
        {
          kind: 'user.invited',
          organisationId: org.id,
          recipient: r.email,
          subject: `You have been invited to Together by ${org.name}`,
          body: `You have been given an account on Together, the safeguarding service for ${area.name}, at ${org.name}.\n\nChoose your password here (the link works once, for ${INVITATION_DAYS} days):\n${input.serviceUrl}/invitations/${token}\n\nIf ${org.name} uses single sign-on, you can sign in with your work account instead.`,
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
  }
  return ok({ rows: checked.rows, written: true })
}
