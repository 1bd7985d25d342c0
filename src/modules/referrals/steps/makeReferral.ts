import { z } from 'zod'
import { decide } from '../../access/domain/policy.js'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { group, type FieldSpec } from '../../../platform/forms/fields.js'
import { readDate } from '../../../platform/forms/readers.js'
import { err, ok, domainError, type Result } from '../../../platform/shared/result.js'
import { defineStep, withAudit } from '../../../platform/steps/defineStep.js'
import { asArray } from '../../../platform/web/forms.js'
import { visibleChildren } from '../../children/queries/searchChildren.js'
import { sexes } from '../../children/domain/child.js'
import { referralSources, type ReferralSource } from '../../protection/domain/codes.js'
import {
  consentAnswers,
  consentLabels,
  defaultReferralSource,
  parentalFactors,
  referralDetailFields,
  referralMessages,
  referralSectionHeadings,
  validateChildDetails,
  validateProfessionalReferral,
  type ChildDetails,
  type ValidProfessionalReferral,
} from '../domain/referral.js'
import { sourceItems } from '../pages/present.js'
import { localAuthorityFor } from '../queries/referralAccess.js'
import { receiveReferral } from './receiveReferral.js'

interface Loaded {
  /** A child the referrer's organisation knows, named by the form or body (`childId`). */
  readonly child: { readonly id: string; readonly name: string; readonly dateOfBirth: string | null } | undefined
  /** A child was named that this organisation may not see (or an id that is none): "not found", audited. */
  readonly unseen: boolean
  /** The id the form or body named, for the refusal's audit row (cut to the column's length). */
  readonly namedChildId: string | undefined
  /** The child's home area, or the referrer's own for a child described in words. */
  readonly localAreaId: string
  readonly localAuthority: { readonly id: string; readonly name: string } | undefined
  /** The census source the form starts with: the usual one for the referrer's organisation. */
  readonly usualSource: ReferralSource
  readonly immediateDanger: boolean | undefined
}

const text = (max = 100_000) => z.string().max(max)

/**
 * The form's own template shows these fields (in sections, with the chosen child set out above them), so each is
 * declared with the schema the API has always published, and the kind says only how a page sends it.
 */
const asText = (label: string, schema: z.ZodType, max = 100_000): FieldSpec => ({
  kind: 'text',
  label,
  optional: true,
  max,
  schema,
})
const asChoice = <K extends 'radios' | 'checkboxes' | 'select'>(
  kind: K,
  label: string,
  schema: z.ZodType,
  values: readonly string[],
) => ({ kind, label, optional: true, options: values.map((v) => ({ value: v, text: v })), schema })

const DOB_INVALID = 'Enter a real date of birth, like 14 5 2016'
const dateOfBirth: FieldSpec = {
  kind: 'date',
  label: 'Date of birth',
  optional: true,
  schema: z
    .string()
    .max(40, DOB_INVALID)
    .meta({ description: 'A date as YYYY-MM-DD (14/05/2017 and 14 5 2017 are read too)', examples: ['2016-05-14'] })
    .transform((value, ctx): LocalDate | undefined => {
      if (value.trim() === '') return undefined
      const read = readDate(value, 'date of birth')
      if (read.ok) return read.value
      ctx.issues.push({ code: 'custom', message: DOB_INVALID, input: value })
      return z.NEVER
    })
    .optional(),
}

const detailMembers = Object.fromEntries(
  referralDetailFields.map((f) => [f.name, asText(f.label, text().optional(), f.max)]),
)

const NO_LOCAL_AUTHORITY =
  'The child’s home area has no children’s social care in Together. Refer by phone and record that you did'

/** The referral as the domain checks it: the child described in words (when not known) and everything else. */
function validated(
  input: Record<string, unknown>,
  loaded: Loaded,
  today: LocalDate,
): Result<{ childDetails: ChildDetails | undefined; referral: ValidProfessionalReferral }, Record<string, string>> {
  if (loaded.localAuthority === undefined) return err({ form: NO_LOCAL_AUTHORITY })
  const fields: Record<string, string> = {}
  const child = (input.child ?? {}) as Record<string, string | LocalDate | undefined>
  const details =
    loaded.child === undefined
      ? validateChildDetails(
          {
            givenName: child.givenName as string | undefined,
            familyName: child.familyName as string | undefined,
            dateOfBirth: child.dateOfBirth as LocalDate | undefined,
            sex: child.sex as string | undefined,
            address: child.address as string | undefined,
          },
          today,
          'professional',
        )
      : undefined
  if (details !== undefined && !details.ok) Object.assign(fields, details.error.fields)
  const s = (name: string) => input[name] as string | undefined
  const valid = validateProfessionalReferral(
    {
      immediateDanger: input.immediateDanger as boolean | undefined,
      details: (input.details ?? {}) as Record<string, string | undefined>,
      parentalFactors: asArray(input.parentalFactors),
      consent: {
        parentsAware: s('parentsAware'),
        parentalConsent: s('parentalConsent'),
        consentNotSoughtReason: s('consentNotSoughtReason'),
        parentsViews: s('parentsViews'),
      },
      referrerRelationship: s('referrerRelationship'),
      referrerAnonymous: input.referrerAnonymous as boolean | undefined,
      // An API client that does not answer the question (nor referrerAnonymous) is recorded as not asked.
      ...(input.identityWithheld === undefined
        ? {}
        : {
            identity: { identityWithheld: s('identityWithheld'), identityWithheldReason: s('identityWithheldReason') },
          }),
      referrerContact: s('referrerContact'),
      sourceCode: s('sourceCode'),
    },
    loaded.usualSource,
  )
  if (!valid.ok) Object.assign(fields, valid.error.fields)
  if (!valid.ok || (details !== undefined && !details.ok)) return err(fields)
  return ok({ childDetails: details?.value, referral: valid.value })
}

/**
 * A professional's referral to children's social care (anyone in any organisation may refer). It goes to the
 * local authority of the child's home area, or of the referrer's own area when they describe a child their
 * organisation has no record of; the front door links such a referral to a child record (find before create).
 * Naming a child the organisation cannot see is refused as "not found" and audited, as elsewhere. The form comes
 * after the questions about immediate danger and which child (`/referrals/new`, `/referrals/new/child`) and is
 * the module's own template: a long form in sections.
 */
export const makeReferral = defineStep<Loaded, { id: string; reference: string }>({
  module: 'referrals',
  // The group the document has always published the referral routes under.
  tag: 'Referrals',
  operationId: 'makeReferral',
  path: '/referrals',
  formPath: '/referrals/new/details',
  title: 'Make a referral to children’s social care',
  description:
    'A professional’s referral to children’s social care (the child’s home local authority; or your own area’s for a child your organisation has no record of)',
  submitText: 'Send the referral',
  template: 'referrals/pages/form.njk',
  // In the order the form asks them, so the error summary reads top to bottom.
  fields: {
    childId: {
      kind: 'hidden',
      label: 'The child',
      optional: true,
      schema: text(100)
        .optional()
        .meta({ format: 'uuid', description: 'A child your organisation knows (from searchChildren); or give child' }),
    },
    immediateDanger: {
      kind: 'yesNo',
      label: 'Is the child in immediate danger?',
      optional: false,
      schema: z.boolean({
        error: (issue) =>
          issue.input === undefined
            ? referralMessages.immediateDangerMissing
            : 'Say whether the child is in immediate danger (true or false)',
      }),
    },
    child: group({
      label: 'The child',
      description: 'A child your organisation has no record of, described in words; or give childId',
      pageNames: {
        givenName: 'childGivenName',
        familyName: 'childFamilyName',
        dateOfBirth: 'childDateOfBirth',
        sex: 'childSex',
        address: 'childAddress',
      },
      fields: {
        givenName: asText('First name', text(1000).optional(), 1000),
        familyName: asText('Last name', text(1000).optional(), 1000),
        dateOfBirth,
        sex: asText(
          'Sex',
          text(50)
            .optional()
            .meta({ enum: [...sexes] }),
          50,
        ),
        address: asText('Address', text().optional()),
      },
    }),
    details: {
      ...group({ label: 'What you know', fields: detailMembers }),
      // Strict, as published: a question the form does not ask is refused rather than stored.
      schema: z
        .object(Object.fromEntries(referralDetailFields.map((f) => [f.name, text().optional()])))
        .strict()
        .meta({ required: ['concern', 'childLocation'], description: 'What you know, in the referral form’s sections' })
        .optional(),
    },
    parentalFactors: asChoice(
      'checkboxes',
      'Parental factors',
      z
        .array(text(50).meta({ enum: parentalFactors.map((f) => f.id) }))
        .max(20)
        .default([]),
      parentalFactors.map((f) => f.id),
    ),
    parentsAware: asChoice(
      'radios',
      'Do the child’s parents or carers know about this referral?',
      z.enum(['yes', 'no']).optional().meta({ description: 'Required: do the parents or carers know?' }),
      ['yes', 'no'],
    ),
    parentalConsent: asChoice(
      'radios',
      'Did they agree to the referral?',
      text(20)
        .optional()
        .meta({ enum: [...consentAnswers], description: 'Required' }),
      consentAnswers,
    ),
    consentNotSoughtReason: asText(
      'If you did not ask them: why not?',
      text().optional().meta({ description: 'Required when parentalConsent is not_sought' }),
    ),
    parentsViews: asText('What did they say?', text().optional()),
    referrerRelationship: asText('Your relationship to the child and family', text().optional()),
    referrerContact: asText('How children’s social care can contact you', text().optional()),
    referrerAnonymous: {
      kind: 'yesNo',
      label: 'Keep who referred from the family',
      optional: true,
      schema: z.boolean().optional().meta({ description: 'Older form of identityWithheld: true is yes, false is no' }),
    },
    identityWithheld: {
      ...asChoice(
        'radios',
        'Must the family not be told who made this referral?',
        // Text for the domain to judge (validateIdentity, with the form's message), published as its two answers.
        text(10)
          .optional()
          .meta({
            enum: ['yes', 'no'],
            description:
              'Must the family not be told who made this referral? Left out (and referrerAnonymous too), it is recorded as not asked',
          }),
        ['yes', 'no'],
      ),
      // The form always asks it: unanswered there is not "not asked" (the page sends it blank, for the domain's message).
      askedOnPage: true,
    },
    identityWithheldReason: asText(
      'Why must the family not be told?',
      text(2000).optional().meta({ description: 'Required when identityWithheld is yes' }),
      2000,
    ),
    sourceCode: asChoice(
      'select',
      'Who is making the referral',
      text(10)
        .optional()
        .meta({
          enum: referralSources.map((c) => c.code),
          description: 'CIN census ReferralSource; by default from your organisation’s kind',
        }),
      referralSources.map((c) => c.code),
    ),
  },
  // Required as the contract has always said, though the domain's rules judge them with the form's messages.
  bodyRules: { required: ['immediateDanger', 'details', 'parentsAware', 'parentalConsent'] },
  load: async ({ tx, actor, sent }): Promise<Loaded> => {
    const childId = typeof sent.childId === 'string' && sent.childId !== '' ? sent.childId.slice(0, 100) : undefined
    const [found] = childId === undefined ? [] : await visibleChildren(tx, actor, [childId])
    const localAreaId = found?.local_area_id ?? actor.localAreaId
    const la = await localAuthorityFor(tx, localAreaId)
    return {
      child:
        found === undefined
          ? undefined
          : { id: found.id, name: `${found.given_name} ${found.family_name}`, dateOfBirth: found.date_of_birth },
      unseen: childId !== undefined && found === undefined,
      namedChildId: childId,
      localAreaId,
      localAuthority: la,
      usualSource: defaultReferralSource(
        { organisationId: actor.organisationId, kind: actor.organisationKind, localAreaId: actor.localAreaId },
        { organisationId: la?.id ?? '', localAreaId },
      ),
      immediateDanger: typeof sent.immediateDanger === 'boolean' ? sent.immediateDanger : undefined,
    }
  },
  access: (actor, { unseen }) => {
    if (unseen)
      return { allowed: false, visible: false, reason: 'the child is unknown or not visible to your organisation' }
    const allowed = decide(actor, { kind: 'referral.make' })
    return allowed.allowed ? allowed : { ...allowed, visible: true }
  },
  prefill: ({ child, immediateDanger }) => ({
    ...(child === undefined ? {} : { childId: child.id }),
    ...(immediateDanger === undefined ? {} : { immediateDanger }),
  }),
  check: (input, loaded, { today }) => {
    const valid = validated(input, loaded, today)
    return valid.ok ? {} : valid.error
  },
  run: async ({ tx, actor, today, now, deps }, input, loaded) => {
    const valid = validated(input, loaded, today)
    // `check` has refused anything the domain refuses; this is its value.
    if (!valid.ok || loaded.localAuthority === undefined)
      return err(domainError('REFERRAL.INVALID', 'Check the referral', valid.ok ? {} : valid.error))
    const { childDetails, referral: v } = valid.value
    const la = loaded.localAuthority
    const childId = loaded.child?.id ?? null
    const concern = typeof v.details.concern === 'string' ? v.details.concern : ''
    const received = await receiveReferral(
      tx,
      {
        channel: 'professional',
        childId,
        childDetails: childDetails ?? {},
        fromOrganisationId: actor.organisationId,
        toOrganisation: { id: la.id, localAreaId: loaded.localAreaId },
        referredBy: actor.userId,
        summary: `Referral from ${actor.organisationName}: ${concern}`,
        sourceCode: v.sourceCode,
        details: v.consent.parentsViews === '' ? v.details : { ...v.details, parentsViews: v.consent.parentsViews },
        immediateDanger: v.immediateDanger,
        referrerName: actor.displayName,
        referrerContact: v.referrerContact === '' ? actor.email : v.referrerContact,
        referrerRelationship: v.referrerRelationship,
        referrerAnonymous: v.referrerAnonymous,
        identityWithheld: v.identityWithheld,
        identityWithheldReason: v.identityWithheldReason === '' ? null : v.identityWithheldReason,
        parentsAware: v.consent.parentsAware,
        parentalConsent: v.consent.parentalConsent,
        consentNotSoughtReason: v.consent.consentNotSoughtReason ?? null,
        submittedFrom: 'professional_form',
        fromDescription: `${actor.displayName} at ${actor.organisationName}`,
      },
      today,
      now,
      deps.settings.serviceUrl,
    )
    // Where it went and how urgent it is are for the audit row; the answer is the referral's id and reference.
    return ok(
      withAudit(
        { id: received.id, reference: received.reference },
        {
          childId,
          toOrganisationId: la.id,
          channel: 'professional',
          sourceCode: v.sourceCode,
          immediateDanger: v.immediateDanger,
        },
      ),
    )
  },
  // The referral once made; until then the child it is about, when the organisation knows them.
  // A refusal names the child asked for, seen or not, so it is on that child's trail (as it always was).
  subject: ({ child, namedChildId }, made) =>
    made !== undefined
      ? { type: 'referral', id: made.id }
      : { type: namedChildId === undefined ? 'referral' : 'child', id: child?.id ?? namedChildId },
  action: 'referral.made',
  deniedAction: 'referral.make_denied',
  output: z.object({ id: z.uuid(), reference: z.string() }),
  done: (made) => `/referrals/${made.id}/sent`,
  back: () => ({ href: '/referrals/new', text: 'Back' }),
  templateData: (loaded, values) => {
    const la = loaded.localAuthority
    const chosen = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '')
    const factorsChosen = asArray(values.parentalFactors)
    return {
      child: loaded.child,
      localAuthority: la?.name,
      sections: (['concern', 'child', 'family', 'history'] as const).map((section) => ({
        heading: referralSectionHeadings[section],
        fields: referralDetailFields
          .filter((f) => f.section === section)
          .map((f) => ({ ...f, short: f.max <= 500, optional: f.missing === undefined })),
      })),
      factorItems: parentalFactors.map((f) => ({ value: f.id, text: f.label, checked: factorsChosen.includes(f.id) })),
      consentItems: consentAnswers.map((c) => ({
        value: c,
        text: consentLabels[c],
        checked: chosen('parentalConsent') === c,
      })),
      sourceItems: sourceItems(chosen('sourceCode').slice(0, 10) || loaded.usualSource),
    }
  },
})
