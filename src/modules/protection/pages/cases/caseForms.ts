import type { Deps, RequestMeta } from '../../../../platform/context.js'
import type { CaseError } from '../../steps/caseSupport.js'
import { holdInitialConference } from '../../steps/holdInitialConference.js'
import type { CaseView } from '../../queries/viewCase.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import { planCategories } from '../../domain/codes.js'
import type { Result } from '../../../../platform/shared/result.js'
import { asArray, formText } from '../../../../platform/web/forms.js'
import {
  checkboxes,
  dateField,
  dateText,
  group,
  input,
  paragraph,
  radios,
  select,
  textarea,
  type Body,
  type Field,
} from './fields.js'

export interface FormContext {
  readonly deps: Deps
  readonly actor: Actor
  readonly episodeId: string
  /** The conference in the address, for forms about one conference. */
  readonly conferenceId: string
  readonly body: Body
  readonly meta: RequestMeta
  readonly serviceUrl: string
}

export interface CaseForm {
  /** After /cases/:id/ — ':conferenceId' where the form is about one conference. */
  readonly path: string
  readonly heading: string
  readonly submitText: string
  readonly intro?: (view: CaseView) => string[]
  /** Why the form cannot be used now, if it cannot (shown instead of the form). */
  readonly unavailable?: (view: CaseView) => string | undefined
  readonly fields: (view: CaseView, body: Body) => Field[]
  readonly run: (
    ctx: FormContext,
  ) => Promise<
    Result<unknown, CaseError | { code: string; message: string; fields?: Readonly<Record<string, string>> }>
  >
}

const t = (body: Body, name: string, max = 100_000) => formText(body[name], max)
const key = (body: Body) => t(body, 'submissionKey', 200) || undefined
const outcomes = (view: CaseView, step: string) =>
  (view.options.outcomes[step] ?? []).map((o) => ({ value: o.value, text: o.text }))
const cinHint = 'Only if the outcome is a child in need plan: what the plan is to achieve for the child'
const longDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})
/** '2020-09-03' as '3 September 2020'. */
const longDate = (iso: string) => longDateFormat.format(new Date(`${iso}T00:00:00Z`))
const FAMILY_ROWS = 3

export const caseForms: readonly CaseForm[] = [
  {
    path: 'initial-conference/decision',
    heading: 'Record the initial conference decision',
    submitText: 'Record the decision',
    unavailable: (v) =>
      v.phase === 'initial_conference' && v.pendingConference === null
        ? 'Arrange the initial conference first.'
        : undefined,
    fields: (v, b) => {
      const invited =
        v.conferences
          .find((c) => c.id === v.pendingConference)
          ?.invitations.flatMap((i) => (i.organisationId === null ? [] : [i.organisationId])) ?? []
      const withDefaults: Body =
        b.outcome === undefined ? { ...b, coreGroupOrganisationIds: invited, leadUserId: v.lead?.id ?? '' } : b
      return [
        dateField(b, 'heldOn', 'When was the conference held?'),
        radios(b, 'outcome', 'Decision', outcomes(v, 'hold_initial_conference')),
        paragraph('If the decision is a child protection plan:'),
        radios(
          b,
          'initialCategory',
          'Category of the plan',
          planCategories.map((p) => ({ value: p.code, text: `${p.label} (${p.code})` })),
        ),
        select(withDefaults, 'leadUserId', 'Lead practitioner (social worker)', [
          { value: '', text: 'Choose a social worker' },
          ...v.options.socialWorkers.map((u) => ({ value: u.id, text: u.name })),
        ]),
        checkboxes(
          withDefaults,
          'coreGroupOrganisationIds',
          'Agencies in the core group',
          v.options.agencies.map((a) => ({ value: a.id, text: a.name })),
        ),
        group(
          'family',
          'Family members in the core group',
          Array.from({ length: FAMILY_ROWS }, (_, i) => [
            input(b, `family-${i + 1}-name`, `Name of family member ${i + 1}`),
            input(b, `family-${i + 1}-role`, `Relationship to the child of family member ${i + 1}`),
          ]).flat(),
          'Leave rows you do not need empty.',
        ),
        textarea(b, 'outlinePlan', 'Outline child protection plan', undefined, 6),
        textarea(b, 'contingencyPlan', 'Contingency plan', undefined, 4),
        textarea(b, 'childInNeedOutcomes', 'Child in need plan outcomes', cinHint, 4),
        textarea(b, 'dissent', 'Dissent (optional)', 'Anyone who disagreed with the decision, and why', 3),
        ...(v.options.household.length === 0
          ? [
              paragraph(
                'No other children are recorded in the child’s household. Add them on the child’s record if there are any.',
              ),
            ]
          : [
              group(
                'household',
                'Other children in the household',
                v.options.household.map((h) =>
                  textarea(
                    b,
                    `household-${h.id}`,
                    `${h.name}${h.dateOfBirth === null ? '' : `, born ${longDate(h.dateOfBirth)}`}: what was decided or noted`,
                    undefined,
                    2,
                  ),
                ),
                'Every child in the household must be considered.',
              ),
            ]),
      ]
    },
    run: (c) => {
      const body = c.body
      const household = Object.keys(body)
        .filter((k) => k.startsWith('household-'))
        .slice(0, 50)
        .map((k) => ({ childId: k.slice('household-'.length), note: t(body, k, 10_000) }))
      return holdInitialConference(
        c.deps,
        c.actor,
        c.episodeId,
        t(body, 'conferenceId', 100),
        {
          heldOn: dateText(body, 'heldOn'),
          outcome: t(body, 'outcome', 50),
          initialCategory: t(body, 'initialCategory', 10),
          leadUserId: t(body, 'leadUserId', 100),
          coreGroupOrganisationIds: asArray(body.coreGroupOrganisationIds).slice(0, 50),
          coreGroupFamily: Array.from({ length: FAMILY_ROWS }, (_, i) => ({
            name: t(body, `family-${i + 1}-name`, 1000),
            role: t(body, `family-${i + 1}-role`, 1000),
          })),
          outlinePlan: t(body, 'outlinePlan'),
          contingencyPlan: t(body, 'contingencyPlan'),
          childInNeedOutcomes: t(body, 'childInNeedOutcomes'),
          dissent: t(body, 'dissent'),
          household,
          submissionKey: key(body),
        },
        c.meta,
      )
    },
  },
]
