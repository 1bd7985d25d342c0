import { z } from 'zod'
import { described, text, textarea, yesNo } from '../../../../platform/forms/fields.js'
import { hasRole } from '../../../../platform/identity/actor.js'
import { newId, sealSecret } from '../../../../platform/security/secrets.js'
import { secretsKey } from '../../../../platform/settings.js'
import { ok } from '../../../../platform/shared/result.js'
import { defineStep } from '../../../../platform/steps/defineStep.js'
import { issuerProblem, parseEmailDomains, ssoRedirectUri } from '../../domain/singleSignOn.js'
import { providerColumns, toProvider, toView, type IdentityProviderView } from './identityProviders.js'

/** The administrator's page, which holds this step's form with the provider's sign-ins it could not match. */
export const IDENTITY_PROVIDER_PAGE = '/admin/identity-provider'

/** The provider as the API answers it: never the client secret, only that one is stored. */
export const identityProviderView = z.object({
  displayName: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  clientSecretSet: z.literal(true).meta({ description: 'A secret is stored; it is never sent back' }),
  emailDomains: z.array(z.string()),
  trustMfa: z.boolean(),
  mfaAcrValues: z.array(z.string()),
  enabled: z.boolean(),
  updatedAt: z.iso.datetime(),
})

const tooLong = (max: number) => `This must be ${max} characters or fewer`

/** One per line on the page; a list or lines by the API. */
const listOrLines = (line: number, items: number, listMax: number, required?: string) =>
  z.union([z.string().max(line), z.array(z.string().max(listMax)).max(items)], {
    // Left out (a page's empty box): the field's own message; anything else keeps zod's.
    ...(required === undefined ? {} : { error: (issue) => (issue.input === undefined ? required : undefined) }),
  })

const NO_DOMAIN = 'Enter at least one email domain, like northshire.gov.uk'

const fields = {
  displayName: described(
    text({
      label: 'Name of the provider',
      hint: 'People see this on the sign-in page, for example Microsoft Entra ID',
      required: 'Enter the name of your identity provider, for example Microsoft Entra ID',
      max: 100,
      tooLong: tooLong(100),
    }),
    'What people see on the sign-in button, for example "Microsoft Entra ID"',
  ),
  issuer: described(
    text({
      label: 'Issuer',
      hint: 'The web address your provider gives as its issuer. It must start with https://',
      required: 'Enter the issuer web address your provider gives',
      max: 500,
      tooLong: tooLong(500),
      type: 'url',
      spellcheck: false,
    }),
    'The OpenID issuer, for example https://login.microsoftonline.com/<tenant id>/v2.0',
  ),
  clientId: described(
    text({
      label: 'Client ID',
      hint: 'Also called application ID',
      required: 'Enter the client ID your provider gave Together',
      max: 200,
      tooLong: tooLong(200),
      spellcheck: false,
    }),
    'The client (application) ID registered for Together at the provider',
  ),
  clientSecret: described(
    text({
      label: 'Client secret',
      hint: 'Together keeps it sealed and never shows it again. Once one is stored, leave this empty to keep it, or enter a new one to replace it.',
      max: 500,
      tooLong: 'The client secret must be 500 characters or fewer',
      type: 'password',
      spellcheck: false,
    }),
    'The client secret. Leave out to keep the one stored; it is never sent back',
  ),
  emailDomains: {
    ...textarea({
      label: 'Email domains',
      hint: 'People with email addresses at these domains sign in through this provider. One per line, for example northshire.gov.uk',
      required: NO_DOMAIN,
      max: 5000,
      rows: 3,
    }),
    schema: listOrLines(5000, 100, 253, NO_DOMAIN).meta({
      description: 'Email domains whose people sign in through this provider (one per line, or a list)',
    }),
  },
  trustMfa: described(
    yesNo({
      label: 'Does your provider’s multi-factor check stand in for Together’s authenticator code?',
      hint: 'If yes, people whose sign-in at the provider included a second check (such as a code or a security key) are not asked for Together’s code. If the provider does not say so, Together asks for its own code.',
      required: 'Select whether to rely on your provider’s multi-factor check',
      yes: 'Yes, rely on the provider’s multi-factor check when it says one was made',
      no: 'No, always ask for Together’s authenticator code',
    }),
    'Whether the provider’s multi-factor assertion (amr or acr) stands in for Together’s authenticator code',
  ),
  mfaAcrValues: {
    ...text({
      label: 'Authentication levels that mean a multi-factor check (optional)',
      hint: 'acr values, separated by spaces. Leave empty unless your provider uses them, as NHS CIS2 does.',
      max: 1000,
      spellcheck: false,
    }),
    schema: listOrLines(1000, 20, 200)
      .optional()
      .meta({ description: 'acr values that mean a multi-factor sign-in at this provider (amr is always read)' }),
  },
  enabled: yesNo({
    label: 'Can people sign in this way now?',
    required: 'Select whether people may sign in this way now',
  }),
} as const

const lines = (v: unknown): string => (Array.isArray(v) ? v.join('\n') : typeof v === 'string' ? v : '')

/** The answers as stored: the issuer without a trailing slash, the domains and acr values as lists. */
function settled(input: Record<string, unknown>) {
  const issuer = String(input.issuer).replace(/\/+$/, '')
  const acr = lines(input.mfaAcrValues)
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const secret = typeof input.clientSecret === 'string' ? input.clientSecret.trim() : ''
  return { issuer, domains: parseEmailDomains(lines(input.emailDomains)), acr, secret }
}

/** The form's starting values: the provider as set, or (none yet) relying on its check and on straight away. */
export function identityProviderFormValues(p: IdentityProviderView | null): Record<string, unknown> {
  if (p === null) return { trustMfa: true, enabled: true }
  return {
    displayName: p.displayName,
    issuer: p.issuer,
    clientId: p.clientId,
    emailDomains: p.emailDomains.join('\n'),
    trustMfa: p.trustMfa,
    mfaAcrValues: p.mfaAcrValues.join(' '),
    enabled: p.enabled,
  }
}

/**
 * The organisation's identity provider for single sign-on (OpenID Connect), set or replaced by one of its
 * administrators. The client secret is sealed before it is stored, never sent back, never in the audit row, and
 * never written back into the page; a form without one keeps the stored secret (the first needs one).
 */
export const configureIdentityProvider = defineStep({
  operationId: 'configureIdentityProvider',
  module: 'people',
  tag: 'Sign-in',
  path: IDENTITY_PROVIDER_PAGE,
  apiPath: '/organisation/identity-provider',
  // The administrator's page holds the form, with the address to register and the sign-ins no one was invited for.
  formPath: null,
  title: 'Sign-in with your organisation’s accounts',
  description:
    'Sets your organisation’s identity provider for single sign-on (OpenID Connect: Microsoft Entra ID, NHS CIS2, Google Workspace…), audited. The client secret is never sent back.',
  submitText: 'Save',
  okStatus: 200,
  fields,
  load: async ({ tx, actor, deps }) => {
    const existing = await tx
      .selectFrom('identity_provider')
      .select(providerColumns)
      .where('organisation_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst()
    return {
      organisationId: actor.organisationId,
      organisationName: actor.organisationName,
      // The id the provider has, or will have once set: what the audit trail names either way.
      providerId: existing?.id ?? newId(),
      existing,
      serviceUrl: deps.settings.serviceUrl,
    }
  },
  access: (actor) =>
    hasRole(actor, 'org_admin')
      ? { allowed: true, reason: 'administrator of the organisation' }
      : { allowed: false, reason: 'only your organisation’s administrators set up its sign-in', visible: true },
  check: (input, l) => {
    const { issuer, domains, secret } = settled(input)
    const problems: Record<string, string> = {}
    const issuerIssue = issuerProblem(issuer)
    if (issuerIssue !== undefined) problems.issuer = issuerIssue
    if (l.existing === undefined && secret === '')
      problems.clientSecret = 'Enter the client secret your provider gave Together'
    if (!domains.ok)
      problems.emailDomains = `“${domains.bad}” is not an email domain. Enter domains like northshire.gov.uk`
    else if (domains.domains.length === 0) problems.emailDomains = NO_DOMAIN
    return problems
  },
  run: async ({ tx, deps, actor, now }, input, l) => {
    const { issuer, domains, acr, secret } = settled(input)
    // Made only once the form is accepted: a refused form writes nothing, the key included.
    const key = await secretsKey(deps.db)
    const values = {
      display_name: String(input.displayName),
      issuer,
      client_id: String(input.clientId),
      client_secret_sealed: secret === '' ? (l.existing?.client_secret_sealed ?? '') : sealSecret(secret, key),
      email_domains: domains.ok ? domains.domains : [],
      trust_mfa: input.trustMfa === true,
      mfa_acr_values: acr,
      enabled: input.enabled === true,
      updated_by: actor.userId,
      updated_at: now,
    }
    if (l.existing === undefined)
      await tx
        .insertInto('identity_provider')
        .values({ id: l.providerId, organisation_id: l.organisationId, ...values })
        .execute()
    else await tx.updateTable('identity_provider').set(values).where('id', '=', l.providerId).execute()
    const saved = await tx
      .selectFrom('identity_provider')
      .select(providerColumns)
      .where('id', '=', l.providerId)
      .executeTakeFirstOrThrow()
    const view = toView(toProvider(saved, key))
    return ok({ ...view, emailDomains: [...view.emailDomains], mfaAcrValues: [...view.mfaAcrValues] })
  },
  subject: (l) => ({ type: 'identity_provider', id: l.providerId }),
  action: (_o, _input, l) =>
    l.existing === undefined ? 'admin.identity_provider_set' : 'admin.identity_provider_changed',
  // What was set, and whether the secret changed: never the secret itself.
  auditDetails: (o, input) => ({
    displayName: o.displayName,
    issuer: o.issuer,
    clientId: o.clientId,
    clientSecretChanged: settled(input).secret !== '',
    emailDomains: o.emailDomains,
    trustMfa: o.trustMfa,
    mfaAcrValues: o.mfaAcrValues,
    enabled: o.enabled,
  }),
  output: identityProviderView,
  done: () => `${IDENTITY_PROVIDER_PAGE}?saved=1`,
  caption: (l) => l.organisationName,
  intro: (l) => [
    'People in your organisation can sign in to Together with the accounts they already use at work, through your identity provider (OpenID Connect).',
    `Register Together at your provider as a web application first, with this redirect address: ${ssoRedirectUri(l.serviceUrl)}`,
  ],
})
