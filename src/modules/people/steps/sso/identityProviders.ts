import type { Kysely, Transaction } from 'kysely'
import { hasRole, type Actor } from '../../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../../platform/shared/result.js'
import type { DB } from '../../../../platform/db/schema.js'
import { unsealSecret } from '../../../../platform/security/secrets.js'
import { secretsKey } from '../../../../platform/settings.js'
import type { Deps } from '../../../../platform/context.js'

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

/** The columns a provider is read with (the step that sets it reads them too). */
export const providerColumns = [
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

export function toProvider(row: ProviderRow, key: Buffer): IdentityProvider {
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

export const toView = (p: IdentityProvider): IdentityProviderView => ({
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
