import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { dayInWords, familyHelpEntryLabels, familyHelpEntryText, familyHelpEntryKinds } from './chronology.js'

const entry = (step: string, outcome: string, details: Record<string, unknown> = {}, names = {}) =>
  familyHelpEntryText({ step, outcome, details, organisationNames: names })

describe('family help steps as chronology entries, in plain words', () => {
  const table: [string, string, Record<string, unknown>, string, string, boolean][] = [
    [
      'open',
      'dsl_early_help_decision',
      { level: 'early_help' },
      'family_help_opened',
      'Early help (targeted) started. A designated safeguarding lead decided on early help.',
      true,
    ],
    [
      'open',
      'step_down',
      { level: 'family_help' },
      'family_help_stepped_down',
      'Stepped down from children’s social care to family help (section 17 support), with a handover meeting and a new lead practitioner.',
      true,
    ],
    [
      'record_consent',
      'given',
      { givenByName: 'Sam' },
      'family_help_consent',
      'The family consented to receive support (Sam).',
      false,
    ],
    ['record_consent', 'refused', {}, 'family_help_consent', 'The family did not consent to receive support.', true],
    [
      'record_consent',
      'withdrawn',
      {},
      'family_help_consent',
      'The family withdrew their consent to receive support.',
      true,
    ],
    [
      'record_assessment',
      'recorded',
      { needs: ['housing', 'crime'], needsSummary: 'Rent arrears' },
      'family_help_assessment',
      'Assessment recorded. Needs: Secure housing; Crime prevention and tackling crime.\nRent arrears.',
      false,
    ],
    [
      'record_plan',
      'recorded',
      {
        version: 2,
        actions: [
          { what: 'Visit', who: 'Health visitor', byWhen: '2026-12-10' },
          { what: 'Chart', who: 'Mum', byWhen: '2026-11-30' },
        ],
        goals: [{}],
      },
      'family_help_plan',
      'Family plan, version 2: 2 actions and 1 outcome goal.\nVisit: Health visitor, by 10 December 2026\nChart: Mum, by 30 November 2026',
      false,
    ],
    [
      'record_review',
      'continue',
      { actionProgress: ['better', 'same'], goalProgress: ['better'], notes: 'Going well' },
      'family_help_review',
      'Team around the family review. Actions: Better, The same. Goals: Better. Decision: Continue with the plan.\nGoing well.',
      false,
    ],
    [
      'record_review',
      'step_up',
      {},
      'family_help_review',
      'Team around the family review. Decision: Step up to children’s social care.',
      true,
    ],
    [
      'step_up',
      'recorded',
      { reason: 'Worse' },
      'family_help_stepped_up',
      'Stepped up to children’s social care: a referral was made for each child, carrying the family help history, and the family plan is paused.\nWorse.',
      true,
    ],
    [
      'close',
      'outcomes_met',
      { notes: 'Done.' },
      'family_help_closed',
      'Family help closed: the plan’s outcomes were met.\nDone.',
      true,
    ],
    ['close', 'moved_away', {}, 'family_help_closed', 'Family help closed: the family moved away.', true],
  ]
  for (const [step, outcome, details, type, summary, key] of table)
    it(`${step} (${outcome}) → ${type}`, () => assert.deepEqual(entry(step, outcome, details), { type, summary, key }))

  it('names the lead practitioner and their organisation, and the handover', () => {
    assert.deepEqual(
      entry(
        'assign_lead_practitioner',
        'recorded',
        { name: 'Amira Khan', organisationId: 'org-1', familyHadSay: true, handover: 'From the school nurse' },
        { 'org-1': 'Oakfield Primary School' },
      ),
      {
        type: 'family_help_lead_practitioner',
        summary:
          'Lead practitioner: Amira Khan, Oakfield Primary School. The family had a say in who it is.\nHandover: From the school nurse.',
        key: false,
      },
    )
  })

  it('leaves the working steps to the episode’s page', () => {
    for (const step of ['add_team_member', 'schedule_meeting', 'submit_contribution', 'something_new'])
      assert.equal(entry(step, 'recorded'), undefined)
  })

  it('has a label for every kind, and writes dates in words', () => {
    for (const kind of familyHelpEntryKinds) assert.ok(familyHelpEntryLabels[kind].length > 0)
    assert.equal(dayInWords('2026-01-05'), '5 January 2026')
    assert.equal(dayInWords('not a date'), 'not a date')
  })
})
