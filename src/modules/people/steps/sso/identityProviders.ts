import type { Kysely, Transaction } from 'kysely'
import { z } from 'zod'
import { hasRole, type Actor } from '../../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../../platform/shared/result.js'
import { appendAudit } from '../../../../platform/audit/auditLog.js'
import type { DB } from '../../../../platform/db/schema.js'
import { newId, sealSecret, unsealSecret } from '../../../../platform/security/secrets.js'
import { secretsKey } from '../../../../platform/settings.js'
import type { Deps, RequestMeta } from '../../../../platform/context.js'
import { actorAudit } from '../../queries/loadActor.js'
import { issuerProblem, parseEmailDomains } from '../../domain/singleSignOn.js'

/** An organisation's identity provider as an administrator sees it: the client secret is never part of it. */
export interface IdentityProviderView {
  readonly displayName: string
  readonly issuer: string
  readonly clientId: string
  readonly clientSecretSet: true
  readonly emailDomains: readonly string[]
  readonly trustMfa: boolean
  readonly mfaAcrValues: readonly string[]
  readonly enabled: boolean
  readonly updatedAt: string
}

/** What the provider code needs to talk to the provider, the secret opened. Never leaves the server. */
export interface IdentityProvider {
  readonly id: string
  readonly organisationId: string
  readonly displayName: string
  readonly issuer: string
  readonly clientId: string
  readonly clientSecret: string
  readonly emailDomains: readonly string[]
  readonly trustMfa: boolean
  readonly mfaAcrValues: readonly string[]
  readonly enabled: boolean
  readonly updatedAt: Date
}

type Db = Kysely<DB> | Transaction<DB>

const providerColumns = [
  'id',
  'organisation_id',
  'display_name',
  'issuer',
  'client_id',
  'client_secret_sealed',
  'email_domains',
  'trust_mfa',
  'mfa_acr_values',
  'enabled',
  'updated_at',
] as const

type ProviderRow = Pick<
  DB['identity_provider'],
  | 'id'
  | 'organisation_id'
  | 'display_name'
  | 'issuer'
  | 'client_id'
  | 'client_secret_sealed'
  | 'email_domains'
  | 'trust_mfa'
  | 'enabled'
> & { mfa_acr_values: string[]; updated_at: Date }

function toProvider(row: ProviderRow, key: Buffer): IdentityProvider {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    displayName: row.display_name,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecret: unsealSecret(row.client_secret_sealed, key),
    emailDomains: row.email_domains,
    trustMfa: row.trust_mfa,
    mfaAcrValues: row.mfa_acr_values,
    enabled: row.enabled,
    updatedAt: row.updated_at,
  }
}

export async function providerById(deps: Deps, db: Db, id: string): Promise<IdentityProvider | undefined> {
  const row = await db.selectFrom('identity_provider').select(providerColumns).where('id', '=', id).executeTakeFirst()
  return row === undefined ? undefined : toProvider(row, await secretsKey(deps.db))
}

export async function providerOfOrganisation(
  deps: Deps,
  organisationId: string,
): Promise<IdentityProvider | undefined> {
  const row = await deps.db
    .selectFrom('identity_provider')
    .select(providerColumns)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
  return row === undefined ? undefined : toProvider(row, await secretsKey(deps.db))
}

/** Enabled providers that accept email addresses at this domain. */
export async function providersForDomain(deps: Deps, domain: string): Promise<IdentityProvider[]> {
  const rows = await deps.db
    .selectFrom('identity_provider')
    .select(providerColumns)
    .where('enabled', '=', true)
    .where((eb) => eb(eb.val(domain), '=', eb.fn.any('email_domains')))
    .orderBy('id')
    .execute()
  // Made only when there is a secret to open: a sign-in for a domain with no provider writes nothing.
  if (rows.length === 0) return []
  const key = await secretsKey(deps.db)
  return rows.map((r) => toProvider(r, key))
}

const toView = (p: IdentityProvider): IdentityProviderView => ({
  displayName: p.displayName,
  issuer: p.issuer,
  clientId: p.clientId,
  clientSecretSet: true,
  emailDomains: p.emailDomains,
  trustMfa: p.trustMfa,
  mfaAcrValues: p.mfaAcrValues,
  enabled: p.enabled,
  updatedAt: p.updatedAt.toISOString(),
})

/** Someone who tried to sign in through the provider without an account in the organisation. */
export interface UnmatchedSignIn {
  readonly at: Date
  readonly email: string
  readonly name: string | null
}

export type ProviderAccessError = DomainError<'ACCESS.DENIED'>

const denied = (): ProviderAccessError =>
  domainError('ACCESS.DENIED', 'Only your organisation’s administrators set up its sign-in')

/** The organisation's provider and the latest sign-ins it could not match to an account, for its administrator. */
export async function getIdentityProvider(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ provider: IdentityProviderView | null; unmatched: UnmatchedSignIn[] }, ProviderAccessError>> {
  if (!hasRole(actor, 'org_admin')) return err(denied())
  const provider = await providerOfOrganisation(deps, actor.organisationId)
  const unmatched =
    provider === undefined
      ? []
      : await deps.db
          .selectFrom('sso_attempt')
          .select(['started_at', 'provider_email', 'provider_name'])
          .where('provider_id', '=', provider.id)
          .where('outcome', '=', 'no_account')
          .orderBy('started_at', 'desc')
          .limit(50)
          .execute()
  return ok({
    provider: provider === undefined ? null : toView(provider),
    unmatched: unmatched.map((u) => ({ at: u.started_at, email: u.provider_email ?? '', name: u.provider_name })),
  })
}

const text = (max: number, empty: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, `This must be ${max} characters or fewer`)

/** The form and the API body: the same fields, the same messages. */
export const identityProviderInput = z.object({
  displayName: text(100, 'Enter the name of your identity provider, for example Microsoft Entra ID').meta({
    description: 'What people see on the sign-in button, for example "Microsoft Entra ID"',
  }),
  issuer: text(500, 'Enter the issuer web address your provider gives').meta({
    description: 'The OpenID issuer, for example https://login.microsoftonline.com/<tenant id>/v2.0',
  }),
  clientId: text(200, 'Enter the client ID your provider gave Together').meta({
    description: 'The client (application) ID registered for Together at the provider',
  }),
  clientSecret: z
    .string()
    .max(500, 'The client secret must be 500 characters or fewer')
    .optional()
    .meta({ description: 'The client secret. Leave out to keep the one stored; it is never sent back' }),
  emailDomains: z
    .union([z.string().max(5000), z.array(z.string().max(253)).max(100)])
    .meta({ description: 'Email domains whose people sign in through this provider (one per line, or a list)' }),
  trustMfa: z.boolean({ error: 'Select whether to rely on your provider’s multi-factor check' }).meta({
    description:
      'Whether the provider’s multi-factor assertion (amr or acr) stands in for Together’s authenticator code',
  }),
  mfaAcrValues: z
    .union([z.string().max(1000), z.array(z.string().max(200)).max(20)])
    .optional()
    .meta({ description: 'acr values that mean a multi-factor sign-in at this provider (amr is always read)' }),
  enabled: z.boolean({ error: 'Select whether people may sign in this way now' }),
})
export type IdentityProviderInput = z.infer<typeof identityProviderInput>

export type ConfigureError = ProviderAccessError | DomainError<'VALIDATION'>

const list = (v: string | readonly string[] | undefined): string =>
  Array.isArray(v) ? v.join('\n') : ((v ?? '') as string)

/**
 * Sets the organisation's identity provider (creates or replaces it). Audited with what changed, never the
 * secret. A new secret replaces the stored one; none keeps it (there must be one the first time).
 */
export async function configureIdentityProvider(
  deps: Deps,
  actor: Actor,
  input: IdentityProviderInput,
  meta: RequestMeta,
): Promise<Result<IdentityProviderView, ConfigureError>> {
  if (!hasRole(actor, 'org_admin')) return err(denied())
  const fields: Record<string, string> = {}
  const issuer = input.issuer.replace(/\/+$/, '')
  const issuerIssue = issuerProblem(issuer)
  if (issuerIssue !== undefined) fields.issuer = issuerIssue
  const domains = parseEmailDomains(list(input.emailDomains))
  if (!domains.ok) fields.emailDomains = `“${domains.bad}” is not an email domain. Enter domains like northshire.gov.uk`
  else if (domains.domains.length === 0) fields.emailDomains = 'Enter at least one email domain, like northshire.gov.uk'
  const acr = list(input.mfaAcrValues)
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const secret = input.clientSecret?.trim() ?? ''
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const existing = await tx
      .selectFrom('identity_provider')
      .select(providerColumns)
      .where('organisation_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst()
    if (existing === undefined && secret === '')
      fields.clientSecret = 'Enter the client secret your provider gave Together'
    if (Object.keys(fields).length > 0)
      return err(domainError('VALIDATION', Object.values(fields)[0] ?? 'Check the form', fields))
    // Made only once the form is accepted: a refused form writes nothing, the key included.
    const key = await secretsKey(deps.db)
    const values = {
      display_name: input.displayName,
      issuer,
      client_id: input.clientId,
      client_secret_sealed: secret === '' ? (existing?.client_secret_sealed ?? '') : sealSecret(secret, key),
      email_domains: domains.ok ? domains.domains : [],
      trust_mfa: input.trustMfa,
      mfa_acr_values: acr,
      enabled: input.enabled,
      updated_by: actor.userId,
      updated_at: now,
    }
    const id = existing?.id ?? newId()
    if (existing === undefined)
      await tx
        .insertInto('identity_provider')
        .values({ id, organisation_id: actor.organisationId, ...values })
        .execute()
    else await tx.updateTable('identity_provider').set(values).where('id', '=', id).execute()
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: existing === undefined ? 'admin.identity_provider_set' : 'admin.identity_provider_changed',
        subjectType: 'identity_provider',
        subjectId: id,
        reason: 'administrator of the organisation',
        correlationId: meta.correlationId,
        details: {
          displayName: values.display_name,
          issuer,
          clientId: values.client_id,
          clientSecretChanged: secret !== '',
          emailDomains: values.email_domains,
          trustMfa: values.trust_mfa,
          mfaAcrValues: acr,
          enabled: values.enabled,
        },
      },
      now,
    )
    const saved = await tx
      .selectFrom('identity_provider')
      .select(providerColumns)
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    return ok(toView(toProvider(saved, key)))
  })
}
