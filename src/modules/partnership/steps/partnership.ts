/**
 * The partnership's register and its signed-off documents: who leads each statutory partner, the published
 * arrangements, threshold document, budget and contributions (versioned, signed off by the three partners), and
 * the yearly report (drafted as versions, signed off by the three partners, then published).
 */
import { z } from 'zod'
import type { Transaction } from 'kysely'
import type { Actor } from '../../../platform/identity/actor.js'
import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { radios, text, textarea } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { hasProblems, invalidFields } from '../../../platform/shared/problems.js'
import type { DB } from '../../../platform/db/schema.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { newId } from '../../../platform/security/secrets.js'
import { completeDeadline, registerDeadline } from '../../timescales/steps/registerDeadline.js'
import {
  checkSeat,
  documentKindLabels,
  statutoryPartnerLabels,
  statutoryPartnerSeats,
  type StatutoryPartner,
} from '../domain/register.js'
import { checkCanRedraft, checkDraft, reportSections, yearEnd } from '../domain/yearlyReport.js'
import { reportingYearLabel } from '../domain/dataSet.js'
import { mayRunPartnershipWork, maySignOff } from '../domain/policy.js'
import { NO_ACCOUNT_IN_AREA, partnershipFor, userInAreaByEmail } from '../queries/repository.js'
import { confirmField, signFor } from './signOff.js'
import { optionsOf } from '../../../platform/shared/wordList.js'

const MODULE = 'partnership'
export type Here = { localAreaId: string; partnershipId: string }
const loadHere = async (ctx: StepContext): Promise<Here> => {
  const p = await partnershipFor(ctx.tx, ctx.actor.localAreaId, ctx.now)
  return { localAreaId: ctx.actor.localAreaId, partnershipId: p.id }
}
/** Versions are numbered and a year's report made under the partnership's row lock: two at once wait in turn. */
const lockPartnership = (tx: Transaction<DB>, id: string) =>
  tx.selectFrom('partnership').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
const backToPartnership = () => ({ href: '/partnership', text: 'Back to the partnership' })

/**
 * What the partnership's own work on its area shares (the register, documents, the yearly report's drafts and
 * recommendations): it loads the actor's area and its partnership, is the partnership's to do, and audits the
 * partnership as its subject.
 */
export const partnershipWork = {
  module: MODULE,
  load: loadHere,
  access: (actor: Actor, l: Here) => mayRunPartnershipWork(actor, l.localAreaId),
  subject: (l: Here) => ({ type: 'partnership', id: l.partnershipId }),
  back: backToPartnership,
}

export const recordPartnerSeat = defineStep<Here, { id: string }>({
  operationId: 'recordPartnerSeat',
  ...partnershipWork,
  path: '/partnership/partners/new',
  apiPath: '/partnership/partners',
  title: 'Record a lead safeguarding partner',
  description:
    'Who leads a statutory partner (and who is their delegated partner). A change is a new row; earlier holders are kept.',
  submitText: 'Record the partner',
  fields: {
    partner: radios({
      label: 'Statutory partner',
      options: optionsOf(statutoryPartnerLabels),
      required: 'Select the statutory partner',
    }),
    leadEmail: text({
      label: 'Email address of the lead safeguarding partner',
      required: 'Enter the email address of the lead safeguarding partner',
      max: 320,
    }),
    delegateEmail: text({ label: 'Email address of the delegated safeguarding partner (if any)', max: 320 }),
  },
  run: async ({ tx, actor, now }, input, here) => {
    const partner = input.partner as StatutoryPartner
    const lead = await userInAreaByEmail(tx, here.localAreaId, input.leadEmail as string)
    const delegate =
      input.delegateEmail === undefined
        ? undefined
        : await userInAreaByEmail(tx, here.localAreaId, input.delegateEmail as string)
    const fields: Record<string, string> = {}
    if (lead === undefined) fields.leadEmail = NO_ACCOUNT_IN_AREA
    else if (lead.kind !== statutoryPartnerSeats[partner].organisationKind)
      fields.leadEmail = `The lead must work for the ${statutoryPartnerLabels[partner].toLowerCase()}`
    if (input.delegateEmail !== undefined && delegate === undefined) fields.delegateEmail = NO_ACCOUNT_IN_AREA
    if (hasProblems(fields) || lead === undefined) return invalidFields('PARTNERSHIP.SEAT_INVALID', fields)
    const orgOf = (id: string) =>
      id === lead.id ? lead.organisation_id : id === delegate?.id ? delegate.organisation_id : undefined
    const seat = checkSeat(
      { partner, organisationId: lead.organisation_id, leadUserId: lead.id, delegateUserId: delegate?.id ?? null },
      orgOf,
    )
    if (!seat.ok) return seat
    const id = await insertWithNewId(tx, 'partnership_seat', {
      partnership_id: here.partnershipId,
      partner,
      organisation_id: lead.organisation_id,
      lead_user_id: lead.id,
      lead_name: lead.display_name,
      delegate_user_id: delegate?.id ?? null,
      delegate_name: delegate?.display_name ?? '',
      recorded_by: actor.userId,
      created_at: now,
    })
    return ok({ id })
  },
  action: 'partnership.partner_recorded',
  output: z.object({ id: z.string() }),
  done: () => '/partnership?recorded=1',
})

export const recordArrangementsDocument = defineStep<Here, { id: string; version: number }>({
  operationId: 'recordArrangementsDocument',
  ...partnershipWork,
  path: '/partnership/documents/new',
  apiPath: '/partnership/documents',
  title: 'Record a new version of a partnership document',
  description:
    'The published arrangements, the threshold document, the budget or the partners’ contributions; it takes effect when the three partners have signed it off.',
  submitText: 'Record the document',
  fields: {
    kind: radios({
      label: 'Document',
      options: optionsOf(documentKindLabels),
      required: 'Select the document',
    }),
    title: text({ label: 'Title', required: 'Enter the title', max: 300 }),
    summary: textarea({
      label: 'What it says, or what changed in this version',
      required: 'Enter what the document says or what changed',
      max: 20_000,
    }),
    url: text({ label: 'Where it is published (web address, if it is)', max: 1_000 }),
  },
  run: async ({ tx, actor, now }, input, here) => {
    await lockPartnership(tx, here.partnershipId)
    const latest = await tx
      .selectFrom('partnership_document')
      .select(({ fn }) => fn.max('version').as('v'))
      .where('partnership_id', '=', here.partnershipId)
      .where('kind', '=', input.kind as string)
      .executeTakeFirst()
    const version = (latest?.v ?? 0) + 1
    const id = await insertWithNewId(tx, 'partnership_document', {
      partnership_id: here.partnershipId,
      kind: input.kind as string,
      version,
      title: input.title as string,
      summary: input.summary as string,
      url: (input.url as string | undefined) ?? null,
      contributions: '{}',
      recorded_by: actor.userId,
      signed_off_at: null,
      submission_key: null,
      created_at: now,
    })
    return ok({ id, version })
  },
  action: 'partnership.document_recorded',
  auditDetails: (out, input) => ({ documentId: out.id, kind: input.kind, version: out.version }),
  output: z.object({ id: z.string(), version: z.number() }),
  done: () => '/partnership?document=1',
})

interface LoadedDocument {
  readonly id: string
  readonly localAreaId: string
  readonly title: string
  readonly signedOff: boolean
}

export const signOffDocument = defineStep<LoadedDocument, { id: string; complete: boolean }>({
  operationId: 'signOffDocument',
  module: MODULE,
  path: '/partnership/documents/:documentId/sign-off',
  title: 'Sign off a partnership document',
  submitText: 'Sign off',
  fields: { confirm: confirmField('this document') },
  load: async ({ tx, params }) => {
    const row = await tx
      .selectFrom('partnership_document as d')
      .innerJoin('partnership as p', 'p.id', 'd.partnership_id')
      .select(['d.id', 'p.local_area_id', 'd.title', 'd.version', 'd.signed_off_at'])
      .where('d.id', '=', params.documentId!)
      .forUpdate('d')
      .executeTakeFirst()
    return row === undefined
      ? undefined
      : {
          id: row.id,
          localAreaId: row.local_area_id,
          title: `${row.title} (version ${row.version})`,
          signedOff: row.signed_off_at !== null,
        }
  },
  access: (actor, d) => maySignOff(actor, d.localAreaId),
  unavailable: (d) => (d.signedOff ? 'The three partners have already signed off this document' : undefined),
  run: async ({ tx, actor, now }, _input, d) => {
    const signed = await signFor(tx, 'document', d.id, d.localAreaId, actor.userId, now)
    if (!signed.ok) return signed
    if (signed.value.complete)
      await tx.updateTable('partnership_document').set({ signed_off_at: now }).where('id', '=', d.id).execute()
    return ok({ id: d.id, complete: signed.value.complete })
  },
  subject: (d) => ({ type: 'partnership_document', id: d.id }),
  action: 'partnership.document_signed_off',
  output: z.object({ id: z.string(), complete: z.boolean() }),
  done: () => '/partnership?signed=1',
  caption: (d) => d.title,
  back: backToPartnership,
})

// ---------------------------------------------------------------------------------------------------------------

/** The number of a yearly report's latest draft; null before its first. */
const latestReportVersion = async (tx: Transaction<DB>, reportId: string): Promise<number | null> => {
  const latest = await tx
    .selectFrom('yearly_report_version')
    .select(({ fn }) => fn.max('version').as('v'))
    .where('report_id', '=', reportId)
    .executeTakeFirst()
  return latest?.v ?? null
}

const sectionFields = Object.fromEntries(
  reportSections.map((s) => [
    s.id,
    textarea({ label: s.heading, hint: s.hint, required: `Enter the section “${s.heading}”`, max: 50_000, rows: 8 }),
  ]),
)

export const draftYearlyReport = defineStep<Here, { id: string; version: number; startYear: number }>({
  operationId: 'draftYearlyReport',
  ...partnershipWork,
  path: '/partnership/yearly-reports/new',
  apiPath: '/partnership/yearly-reports',
  title: 'Draft the yearly report',
  description:
    'A new draft (version) of the yearly report for April to March. The data set’s charts and the actions’ status are added from Together’s records.',
  submitText: 'Save the draft',
  fields: {
    startYear: text({
      label: 'The year the report starts',
      hint: 'The report covers April of this year to March of the next. For example, 2025.',
      required: 'Enter the year the report starts',
      max: 4,
      width: 4,
    }),
    ...sectionFields,
  },
  check: (input, _l, { today }) => {
    const y = Number(input.startYear)
    return !/^\d{4}$/.test(String(input.startYear)) || y < 2018 || y > today.year
      ? { startYear: `Enter a year from 2018 to ${today.year}` }
      : {}
  },
  run: async ({ tx, actor, now }, input, here) => {
    await lockPartnership(tx, here.partnershipId)
    const startYear = Number(input.startYear)
    const sections = checkDraft(input as Record<string, string>)
    if (!sections.ok) return sections
    let report = await tx
      .selectFrom('yearly_report')
      .select(['id', 'state'])
      .where('local_area_id', '=', here.localAreaId)
      .where('start_year', '=', startYear)
      .forUpdate()
      .executeTakeFirst()
    if (report === undefined) {
      report = { id: newId(), state: 'draft' }
      await tx
        .insertInto('yearly_report')
        .values({
          id: report.id,
          local_area_id: here.localAreaId,
          start_year: startYear,
          state: 'draft',
          published_at: null,
          created_at: now,
        })
        .execute()
      const registered = await registerDeadline(
        tx,
        {
          localAreaId: here.localAreaId,
          organisationId: actor.organisationId,
          ruleId: 'yearly-report-to-panel',
          subjectType: 'yearly_report',
          subjectId: report.id,
          title: `Send the yearly report for ${reportingYearLabel({ startYear })} to the Panel and publish it`,
          startedOn: yearEnd({ startYear }),
        },
        now,
      )
      if (!registered.ok) return err(domainError('YEARLY_REPORT.CLOCK_FAILED', registered.error.message))
    }
    const can = checkCanRedraft(report.state as 'draft' | 'published')
    if (!can.ok) return can
    const version = ((await latestReportVersion(tx, report.id)) ?? 0) + 1
    await tx
      .insertInto('yearly_report_version')
      .values({
        id: newId(),
        report_id: report.id,
        version,
        sections: JSON.stringify(sections.value),
        created_by: actor.userId,
        submission_key: null,
        created_at: now,
      })
      .execute()
    return ok({ id: report.id, version, startYear })
  },
  action: 'partnership.yearly_report_drafted',
  auditDetails: (out) => ({ reportId: out.id, version: out.version }),
  output: z.object({ id: z.string(), version: z.number(), startYear: z.number() }),
  done: (out) => `/partnership/yearly-reports/${out.id}`,
})

interface LoadedReport {
  readonly id: string
  readonly localAreaId: string
  readonly startYear: number
  readonly state: string
  readonly latestVersion: number | null
}

export const signOffYearlyReport = defineStep<LoadedReport, { id: string; complete: boolean }>({
  operationId: 'signOffYearlyReport',
  module: MODULE,
  path: '/partnership/yearly-reports/:reportId/sign-off',
  title: 'Sign off the yearly report',
  description: 'The third partner’s sign-off publishes the report (PDF and web page).',
  submitText: 'Sign off',
  fields: { confirm: confirmField('the latest draft of the yearly report') },
  load: async ({ tx, params }) => {
    const row = await tx
      .selectFrom('yearly_report')
      .select(['id', 'local_area_id', 'start_year', 'state'])
      .where('id', '=', params.reportId!)
      .forUpdate()
      .executeTakeFirst()
    return row === undefined
      ? undefined
      : {
          id: row.id,
          localAreaId: row.local_area_id,
          startYear: row.start_year,
          state: row.state,
          latestVersion: await latestReportVersion(tx, row.id),
        }
  },
  access: (actor, r) => maySignOff(actor, r.localAreaId),
  unavailable: (r) =>
    r.state === 'published'
      ? 'The three partners have signed off this report and it is published'
      : r.latestVersion === null
        ? 'There is no draft to sign off yet'
        : undefined,
  run: async ({ tx, actor, now }, _input, r) => {
    // Sign-off is of the latest version: a new draft after a signature needs the partners to sign again.
    const versionRow = await tx
      .selectFrom('yearly_report_version')
      .select('id')
      .where('report_id', '=', r.id)
      .where('version', '=', r.latestVersion ?? 0)
      .executeTakeFirstOrThrow()
    const signed = await signFor(tx, 'yearly_report', versionRow.id, r.localAreaId, actor.userId, now)
    if (!signed.ok) return signed
    if (signed.value.complete) {
      await tx
        .updateTable('yearly_report')
        .set({ state: 'published', published_at: now })
        .where('id', '=', r.id)
        .execute()
      await completeDeadline(tx, { type: 'yearly_report', id: r.id }, 'yearly-report-to-panel', now)
    }
    return ok({ id: r.id, complete: signed.value.complete })
  },
  subject: (r) => ({ type: 'yearly_report', id: r.id }),
  action: 'partnership.yearly_report_signed_off',
  auditDetails: (out) => ({ published: out.complete }),
  output: z.object({ id: z.string(), complete: z.boolean() }),
  done: (out) => `/partnership/yearly-reports/${out.id}`,
  caption: (r) => `Yearly report, ${reportingYearLabel({ startYear: r.startYear })}`,
  back: (params) => ({ href: `/partnership/yearly-reports/${params.reportId ?? ''}`, text: 'Back to the report' }),
})

export const partnershipSteps = [
  recordPartnerSeat,
  recordArrangementsDocument,
  signOffDocument,
  draftYearlyReport,
  signOffYearlyReport,
] as const
