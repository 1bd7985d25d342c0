import { withLineBreaks } from '../../../platform/web/html.js'
import { londonDateTime } from '../../../platform/web/dateTime.js'
import { formatLongDate, parseLocalDate } from '../../../platform/calendar/localDate.js'
import { labelOf } from '../../../platform/shared/wordList.js'
import { groupBy } from '../../../platform/shared/groupBy.js'
import { outcomeAreaLabels, reviewDecisionLabels, reviewProgressLabels } from '../../family-help/index.js'
import type { ReferralContent } from '../queries/viewReferral.js'
import type { CarriedConcern } from '../queries/carriedConcern.js'
import { codeLabel, referralSources } from '../../protection/domain/codes.js'
import {
  consentLabels,
  identityWithheldLabels,
  immediateProtectionKinds,
  isIdentityWithheld,
  parentalFactors,
  publicReferrerKinds,
  referralChannelLabels,
  referralDetailFields,
  referralSectionHeadings,
} from '../domain/referral.js'

export type Row = { key: { text: string }; value: { text: string } | { html: string } }
// Long answers keep their line breaks as <br>: on the summary list's <dd>, pre-wrap would also show the macro's
// own indentation.
const row = (key: string, value: string, preserve = false): Row => ({
  key: { text: key },
  value: preserve ? { html: withLineBreaks(value) } : { text: value },
})
const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join(', ') : '')

/** What the page shows of a referral, in the order a front-door worker reads it: the child, the concern, the family, the referrer. */
export function referralSections(view: ReferralContent): { heading: string; rows: Row[] }[] {
  const details = view.details
  const child = view.childDetails as Record<string, unknown>
  const childRows: Row[] = []
  if (view.child !== null) {
    childRows.push(
      row(
        'Child record',
        `${view.child.givenName} ${view.child.familyName}${view.child.dateOfBirth === null ? '' : `, born ${view.child.dateOfBirth}`}`,
      ),
    )
  }
  for (const [key, label] of [
    ['givenName', 'First name given by the referrer'],
    ['familyName', 'Last name given by the referrer'],
    ['dateOfBirth', 'Date of birth given'],
    ['age', 'Age given'],
    ['sex', 'Sex given'],
    ['address', 'Address given'],
    ['description', 'Description of the child'],
  ] as const) {
    if (text(child[key]) !== '') childRows.push(row(label, text(child[key]), true))
  }
  const sections: { heading: string; rows: Row[] }[] = [{ heading: 'The child', rows: childRows }]
  if (view.concern !== null) sections.push(carriedConcernSection(view.concern))
  const familyHelp = familyHelpSection(details['familyHelp'])
  if (familyHelp !== undefined) sections.push(familyHelp)
  const bySection = groupBy(
    referralDetailFields.filter((f) => text(details[f.name]) !== ''),
    (f) => f.section,
    (f) => row(f.label.replace(/\?$/, ''), text(details[f.name]), true),
  )
  if (view.channel === 'public' && text(details.concern) !== '') {
    // The public form asks its own questions; show them under the same headings.
    if (!bySection.has('concern'))
      bySection.set('concern', [row('What they are worried about', text(details.concern), true)])
  }
  const factors = Array.isArray(details.parentalFactors)
    ? details.parentalFactors.map((id) => parentalFactors.find((f) => f.id === id)?.label ?? String(id))
    : []
  if (factors.length > 0)
    bySection.set('family', [...(bySection.get('family') ?? []), row('Parental factors', factors.join(', '))])
  for (const section of ['concern', 'child', 'family', 'history'] as const) {
    const rows = bySection.get(section)
    if (rows !== undefined)
      sections.push({ heading: section === 'child' ? 'About the child' : referralSectionHeadings[section], rows })
  }
  const consentRows: Row[] = [
    row('Do the parents or carers know?', view.parentsAware === null ? 'Not known' : view.parentsAware ? 'Yes' : 'No'),
  ]
  if (view.parentalConsent !== null)
    consentRows.push(row('Did they agree?', labelOf(consentLabels, view.parentalConsent)))
  if (view.consentNotSoughtReason !== null)
    consentRows.push(row('Why they were not asked', view.consentNotSoughtReason, true))
  if (text(details.parentsViews) !== '') consentRows.push(row('What they said', text(details.parentsViews), true))
  sections.push({ heading: 'Parents’ knowledge and consent', rows: consentRows })
  const referrerRows: Row[] = [
    row('How it came', labelOf(referralChannelLabels, view.channel)),
    row('Referral source (CIN census)', `${view.sourceCode}: ${view.sourceLabel}`),
  ]
  if (view.fromOrganisation !== null) referrerRows.push(row('Organisation', view.fromOrganisation))
  if (view.channel === 'public')
    referrerRows.push(
      row('Who they are', publicReferrerKinds.find((k) => k.id === view.referrerRelationship)?.label ?? 'Not given'),
    )
  else if (view.referrerRelationship)
    referrerRows.push(row('Relationship to the child and family', view.referrerRelationship))
  referrerRows.push(row('Name', view.referrerName ?? 'Not given'))
  referrerRows.push(row('Contact', view.referrerContact ?? 'Not given'))
  referrerRows.push(
    row(
      'Identity kept from the family?',
      isIdentityWithheld(view.identityWithheld) ? identityWithheldLabels[view.identityWithheld] : 'Not asked',
    ),
  )
  if (view.identityWithheld === 'yes')
    referrerRows.push(row('Why', view.identityWithheldReason ?? 'No reason given', true))
  sections.push({ heading: 'Who referred', rows: referrerRows })
  return sections.filter((s) => s.rows.length > 0)
}

/** The decision's own details (signposting, immediate protection) as summary rows. */
export function decisionRows(decision: NonNullable<ReferralContent['decision']>): Row[] {
  const d = decision.details as {
    signposting?: unknown
    immediateProtection?: { kind?: string; at?: string; policeReference?: string; orderMadeOn?: string }
  }
  const rows: Row[] = [row('Decision', decision.outcomeLabel), row('Reasons', decision.rationale, true)]
  if (typeof d.signposting === 'string') rows.push(row('Signposting', d.signposting, true))
  const p = d.immediateProtection
  if (p !== undefined) {
    rows.push(
      row('Immediate protection', immediateProtectionKinds.find((k) => k.id === p.kind)?.label ?? String(p.kind)),
    )
    if (p.at !== undefined) rows.push(row('Taken into police protection', londonDateTime(new Date(p.at))))
    if (p.policeReference !== undefined) rows.push(row('Police reference', p.policeReference))
    if (p.orderMadeOn !== undefined) rows.push(row('Order made on', p.orderMadeOn))
  }
  rows.push(row('Decided by', `${decision.decidedBy}, ${londonDateTime(decision.decidedAt)}`))
  return rows
}

export const sourceItems = (selected: string) =>
  referralSources.map((s) => ({ value: s.code, text: `${s.code}: ${s.label}`, selected: s.code === selected }))
export const sourceLabel = (code: string) => codeLabel(referralSources, code)

/**
 * The concern a referral carried, under a heading that says so, with its provenance: who recorded it, for which
 * organisation and when, and the DSL who referred it with their reasons.
 */
export function carriedConcernSection(concern: CarriedConcern): { heading: string; rows: Row[] } {
  const rows: Row[] = [
    row('Recorded by', `${concern.recordedBy}, ${concern.organisation}, ${londonDateTime(concern.recordedAt)}`),
    row('Seen or heard', `${londonDateTime(concern.observedAt)}, ${concern.place}`),
    row('Type of concern', concern.categories.length === 0 ? 'None recorded' : concern.categories.join(', ')),
    row('What was seen or heard', concern.facts, true),
    row('The child’s own words', concern.childWords || 'None recorded', true),
    row(
      'Marks on the body map',
      concern.marks.length === 0
        ? 'None recorded'
        : concern.marks
            .map(
              (m, i) =>
                `${i + 1}. ${m.child === undefined ? m.label : `${m.child}, ${m.label.toLowerCase()}`}: ${m.description}`,
            )
            .join('\n'),
      true,
    ),
    row('Who else was there', concern.othersPresent || 'No one recorded', true),
    row('Action already taken', concern.actionTaken || 'None recorded', true),
  ]
  if (concern.decision !== null) {
    rows.push(row('Why the designated safeguarding lead referred', concern.decision.rationale, true))
    rows.push(
      row(
        'Referred by',
        `${concern.decision.decidedBy}, ${concern.decision.organisation}, ${londonDateTime(concern.decision.decidedAt)}`,
      ),
    )
  }
  return { heading: `The concern this referral carried (${concern.reference}, ${concern.organisation})`, rows }
}

const localDate = (v: unknown): string => {
  const parsed = parseLocalDate(text(v))
  return parsed.ok ? formatLongDate(parsed.value) : text(v)
}
// A stored answer that is not a word (an older or damaged value) is shown as it is, never looked up.
const choiceLabel = (labels: Readonly<Record<string, string>>, word: unknown): string =>
  typeof word === 'string' ? labelOf(labels, word) : text(word)

/**
 * A step-up from family help carries the episode's history (assessment, plan, reviews) in the referral, so the
 * front door reads what the team around the family already knows instead of asking the family to tell it again.
 */
export function familyHelpSection(carried: unknown): { heading: string; rows: Row[] } | undefined {
  if (typeof carried !== 'object' || carried === null) return undefined
  const fh = carried as {
    episodeId?: unknown
    reference?: unknown
    assessment?: Record<string, unknown> | null
    plan?: Record<string, unknown> | null
    reviews?: readonly Record<string, unknown>[]
  }
  const rows: Row[] = []
  const a = fh.assessment
  if (a !== null && a !== undefined) {
    const needs = Array.isArray(a['needs']) ? a['needs'].map((n) => choiceLabel(outcomeAreaLabels, n)).join('; ') : ''
    rows.push(
      row(
        'Assessment',
        `Completed ${localDate(a['completedOn'] ?? a['on'])} by ${text(a['organisationName'])}.\nNeeds: ${needs}.\n${text(a['needsSummary'])}`,
        true,
      ),
    )
    for (const [key, label] of [
      ['strengths', 'The family’s strengths'],
      ['childVoice', 'The child’s voice'],
      ['parentsVoice', 'The parents’ and carers’ voice'],
    ] as const)
      if (text(a[key]) !== '') rows.push(row(label, text(a[key]), true))
  }
  const p = fh.plan
  if (p !== null && p !== undefined) {
    const actions = Array.isArray(p['actions']) ? (p['actions'] as Record<string, unknown>[]) : []
    const goals = Array.isArray(p['goals']) ? (p['goals'] as Record<string, unknown>[]) : []
    const lines = [
      `Version ${text(String(p['version'] ?? 1))}, agreed ${localDate(p['agreedOn'])}.`,
      ...actions.map((x) => `${text(x['what'])}: ${text(x['who'])}, by ${localDate(x['byWhen'])}`),
      ...goals.map((g) => `Goal: ${text(g['goal'])} (was ${text(String(g['score'] ?? ''))} out of 10)`),
    ]
    rows.push(row('Family plan', lines.join('\n'), true))
  }
  for (const r of fh.reviews ?? []) {
    const progress = (key: string): string =>
      Array.isArray(r[key]) ? r[key].map((x) => choiceLabel(reviewProgressLabels, x)).join(', ') : ''
    rows.push(
      row(
        `Review, ${localDate(r['heldOn'])}`,
        `Actions: ${progress('actionProgress')}. Goals: ${progress('goalProgress')}. Decision: ${choiceLabel(reviewDecisionLabels, r['decision'])}.\n${text(r['notes'])}`,
        true,
      ),
    )
  }
  if (typeof fh.episodeId === 'string')
    rows.push({
      key: { text: 'The whole episode' },
      value: {
        html: `<a class="govuk-link" href="/family-help/${encodeURIComponent(fh.episodeId)}">${withLineBreaks(text(fh.reference))}<span class="govuk-visually-hidden">: the family help episode</span></a>`,
      },
    })
  return { heading: `Family help before this referral (${text(fh.reference)})`, rows }
}
