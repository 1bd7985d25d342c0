import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { checkSection47Conclusion, FieldProblems, isSection47Finding } from '../domain/caseWork.js'
import { checkStepDate, transition } from '../domain/episode.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  alreadySubmitted,
  checkStepOpen,
  day,
  inCase,
  latestSection47,
  startChildInNeedPlan,
  stepKeyUsed,
  type CaseError,
} from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

export interface Section47ConclusionInput {
  /** 'substantiated' | 'not_substantiated' */
  readonly finding: string
  /** A conclude_section_47 outcome from the table. */
  readonly outcome: string
  readonly summary: string
  /** 'YYYY-MM-DD' */
  readonly concludedOn: string
  readonly childInNeedOutcomes: string
  readonly submissionKey?: string | undefined
}

/**
 * The outcome of the section 47 enquiry (table step conclude_section_47): substantiated with continuing risk
 * leads to an initial child protection conference; otherwise the conference is not required (CIN census
 * ICPCnotRequired) and the table says what follows: the assessment continues, a child in need plan, early
 * help or no further action.
 */
export async function concludeSection47(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: Section47ConclusionInput,
  meta: RequestMeta,
): Promise<Result<{ phase: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'conclude_section_47', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'conclude_section_47', meta)
    if (!open.ok) return open
    const s47 = await latestSection47(c.tx, c.episode.id)
    if (s47 === undefined || s47.concluded_on !== null)
      return err(
        domainError(
          'EPISODE.STEP_NOT_ALLOWED',
          'There is no section 47 enquiry under way – a strategy discussion must start one first',
        ),
      )
    const problems = new FieldProblems()
    if (!isSection47Finding(input.finding)) problems.add('finding', 'Select what the enquiry found')
    const next = transition(c.phase, 'conclude_section_47', input.outcome)
    if (!next.ok) problems.add('outcome', 'Select what happens next')
    else if (isSection47Finding(input.finding)) {
      const fits = checkSection47Conclusion(input.finding, input.outcome)
      if (!fits.ok) problems.add('outcome', fits.error.message)
    }
    const concludedOn = problems.date('concludedOn', input.concludedOn, 'Enter the date the enquiry concluded')
    if (concludedOn !== undefined) {
      const inOrder = checkStepDate('concludedOn', concludedOn, c.today, {
        date: day(s47.started_on),
        what: 'the strategy discussion that started the enquiry',
      })
      if (!inOrder.ok) problems.add('concludedOn', inOrder.error.message)
    }
    const summary = problems.text('summary', input.summary, 'Summarise what the enquiry found', 50_000)
    const cinOutcomes =
      next.ok && next.value.to === 'child_in_need_plan'
        ? problems.text(
            'childInNeedOutcomes',
            input.childInNeedOutcomes,
            'Enter what the child in need plan is to achieve',
            50_000,
          )
        : ''
    const valid = problems.result(true)
    if (!valid.ok || concludedOn === undefined)
      return valid.ok ? err(domainError('CASE.INVALID', 'Enter the date the enquiry concluded')) : valid

    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'conclude_section_47',
        outcome: input.outcome,
        occurredOn: concludedOn,
        rationale: summary.slice(0, 2000),
        submissionKey: input.submissionKey,
        details: { section47Id: s47.id, finding: input.finding },
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    await c.tx
      .updateTable('section47_enquiry')
      .set({
        outcome: input.finding,
        conference_required: input.outcome === 'conference',
        summary,
        concluded_on: formatLocalDate(concludedOn),
      })
      .where('id', '=', s47.id)
      .execute()
    if (taken.value.to === 'child_in_need_plan')
      await startChildInNeedPlan(c.tx, c.episode, concludedOn, cinOutcomes, c.now)
    return ok({ phase: taken.value.to })
  })
}
