import type { Actor } from '../../../platform/identity/actor.js'
import { FieldProblems } from '../domain/caseWork.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { claimSubmission } from './caseSupport.js'
import { loadConferenceForAgency } from './conferenceForAgency.js'

export type ReportError = DomainError<
  'CONFERENCE.NOT_FOUND' | 'CONFERENCE.HELD' | 'CASE.INVALID' | 'EPISODE.ALREADY_SUBMITTED'
>

/**
 * An invited agency's safeguarding lead submits the agency's report for the conference, in Together, before
 * it is held (episode.contribute, and an invitation to this very conference). Anyone else: not found, audited.
 */
export async function submitConferenceReport(
  deps: Deps,
  actor: Actor,
  conferenceId: string,
  input: { readonly text: string; readonly submissionKey?: string | undefined },
  meta: RequestMeta,
): Promise<Result<{ id: string }, ReportError>> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx): Promise<Result<{ id: string }, ReportError>> => {
    const loaded = await loadConferenceForAgency(tx, actor, conferenceId)
    if (loaded.view === undefined) {
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'conference.access_denied',
          subjectType: 'conference',
          subjectId: conferenceId.slice(0, 100),
          reason: loaded.denied,
          correlationId: meta.correlationId,
          details: { action: 'submit_report' },
        },
        now,
      )
      return err(domainError('CONFERENCE.NOT_FOUND', 'There is no such conference'))
    }
    const conference = loaded.view
    // Lock the conference so a report and the chair's decision are taken one after the other.
    const current = await tx
      .selectFrom('conference')
      .select('held_on')
      .where('id', '=', conference.id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (current.held_on !== null)
      return err(domainError('CONFERENCE.HELD', 'The conference has been held: reports can no longer be submitted'))
    const problems = new FieldProblems()
    const text = problems.text('report', input.text, 'Enter your agency’s report', 100_000)
    const valid = problems.result(true)
    if (!valid.ok) return err(domainError('CASE.INVALID', valid.error.message, valid.error.fields))
    const claimed = await claimSubmission(
      tx,
      input.submissionKey,
      conference.episodeId,
      'conference_report',
      actor,
      now,
    )
    if (!claimed.ok) return err(domainError('EPISODE.ALREADY_SUBMITTED', claimed.error.message))
    const id = newId()
    await tx
      .insertInto('conference_report')
      .values({
        id,
        conference_id: conference.id,
        organisation_id: actor.organisationId,
        author_user_id: actor.userId,
        text,
        submitted_at: now,
      })
      .execute()
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'conference.report_submitted',
        subjectType: 'conference',
        subjectId: conference.id,
        reason: loaded.reason,
        correlationId: meta.correlationId,
        details: { reportId: id, childId: conference.child.id },
      },
      now,
    )
    return ok({ id })
  })
}
