import { sharingPaths } from '../modules/sharing/openapi.js'
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }
const conferenceParam = { name: 'conferenceId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }
const date = { type: 'string', format: 'date' }
const time = { type: 'string', pattern: '^\\d{1,2}:\\d{2}$', description: 'Europe/London wall clock, 24-hour' }
const str = { type: 'string' }
const submissionKey = {
  type: 'string',
  description: 'Sent once per submission: the same key again is refused with 409 and nothing is written',
}
const stepResponses = (ok: '200' | '201') => ({
  [ok]: { description: 'Recorded' },
  '400': {
    description: 'Field errors (dates out of order, missing attendees, unknown codes); nothing written',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/FieldErrors' } } },
  },
  '403': { description: 'Your role does not lead this step (audited)' },
  '404': { description: 'No such case, or not one you may see (audited)' },
  '409': {
    description:
      'The step is not allowed at this stage (EPISODE.STEP_NOT_ALLOWED, with the reason), or already recorded (EPISODE.ALREADY_SUBMITTED)',
  },
})
const body = (required: string[], properties: Record<string, unknown>) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', required, properties } } },
})
const caseStep = (
  summary: string,
  requestBody: ReturnType<typeof body>,
  ok: '200' | '201' = '200',
  parameters: unknown[] = [idParam],
) => ({ post: { summary, parameters, requestBody, responses: stepResponses(ok) } })

/** The case steps after the front door (src/web/api/cases.ts). */
const casePaths = {
  '/api/v1/cases/{id}': {
    get: {
      summary:
        'A case: child, referral, phase, open statutory clocks with due state, history, work records and the actions open to you',
      parameters: [idParam],
      responses: {
        '200': { description: 'The case' },
        '404': { description: 'No such case, or not one you may see (audited)' },
      },
    },
  },
  '/api/v1/cases/{id}/allocation': caseStep(
    'Team manager allocates a social worker as lead practitioner, and the team manager; open clocks move to the lead',
    body(['leadUserId', 'teamManagerUserId'], { leadUserId: str, teamManagerUserId: str }),
  ),
  '/api/v1/cases/{id}/assessment': caseStep(
    'Record the assessment so far: child seen (date, alone), CIN census factors (21 never with others), primary need, summary',
    body([], {
      childSeenOn: date,
      childSeenAlone: { type: ['boolean', 'null'] },
      factors: { type: 'array', items: str },
      primaryNeed: str,
      summary: str,
    }),
  ),
  '/api/v1/cases/{id}/assessment/submission': caseStep('Submit the assessment for authorisation', body([], {})),
  '/api/v1/cases/{id}/assessment/authorisation': caseStep(
    'Team manager authorises the assessment with its outcome (complete_assessment)',
    body(['outcome'], { outcome: str, rationale: str, childInNeedOutcomes: str, submissionKey }),
  ),
  '/api/v1/cases/{id}/strategy-discussion-requests': caseStep(
    'Ask for a strategy discussion from an assessment or child in need plan',
    body(['reason'], { reason: str, submissionKey }),
    '201',
  ),
  '/api/v1/cases/{id}/strategy-discussions': caseStep(
    'Record a strategy discussion (must include local authority, police and health); section_47 starts the enquiry and the conference clock',
    body(['heldOn', 'heldTime', 'attendees', 'decision', 'minutes'], {
      heldOn: date,
      heldTime: time,
      attendees: {
        type: 'array',
        items: {
          type: 'object',
          required: ['agency', 'name'],
          properties: {
            agency: { enum: ['local_authority', 'police', 'health', 'education', 'referring_agency', 'other'] },
            name: str,
            role: str,
          },
        },
      },
      decision: { enum: ['section_47', 'no_section_47'] },
      immediateSafetyActions: str,
      actions: { type: 'array', items: { type: 'object', properties: { action: str, owner: str, dueOn: date } } },
      minutes: str,
      submissionKey,
    }),
    '201',
  ),
  '/api/v1/cases/{id}/section-47/conclusion': caseStep(
    'Conclude the section 47 enquiry',
    body(['finding', 'outcome', 'concludedOn', 'summary'], {
      finding: { enum: ['substantiated', 'not_substantiated'] },
      outcome: { enum: ['conference', 'continue_assessment', 'child_in_need_plan', 'early_help', 'no_further_action'] },
      concludedOn: date,
      summary: str,
      childInNeedOutcomes: str,
      submissionKey,
    }),
  ),
  '/api/v1/cases/{id}/conferences': caseStep(
    'Arrange the initial conference (not before the strategy discussion that started the section 47) or a review conference',
    body(['scheduledOn', 'scheduledTime'], { scheduledOn: date, scheduledTime: time, chairUserId: str, submissionKey }),
    '201',
  ),
  '/api/v1/cases/{id}/conferences/{conferenceId}/invitations': caseStep(
    'Invite an agency (its leads are emailed; it becomes involved) or a family member',
    body(['kind'], {
      kind: { enum: ['agency', 'family'] },
      organisationId: str,
      name: str,
      contact: str,
      submissionKey,
    }),
    '201',
    [idParam, conferenceParam],
  ),
  '/api/v1/cases/{id}/conferences/{conferenceId}/decision': caseStep(
    'The chair records the initial conference decision: plan (category, lead, core group, outline and contingency), or no plan; dissent; a note for every household child',
    body(['heldOn', 'outcome'], {
      heldOn: date,
      outcome: { enum: ['child_protection_plan', 'child_in_need_plan', 'early_help', 'no_further_action'] },
      initialCategory: { enum: ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'] },
      leadUserId: str,
      coreGroup: {
        type: 'object',
        properties: {
          organisationIds: { type: 'array', items: str },
          family: { type: 'array', items: { type: 'object', properties: { name: str, role: str } } },
        },
      },
      outlinePlan: str,
      contingencyPlan: str,
      childInNeedOutcomes: str,
      dissent: str,
      household: {
        type: 'array',
        items: { type: 'object', required: ['childId', 'note'], properties: { childId: str, note: str } },
      },
      submissionKey,
    }),
    '200',
    [idParam, conferenceParam],
  ),
  '/api/v1/cases/{id}/core-groups': caseStep(
    'Record a core group meeting',
    body(['heldOn', 'notes'], { heldOn: date, notes: str, submissionKey }),
    '201',
  ),
  '/api/v1/cases/{id}/reviews': caseStep(
    'The chair records a review conference: continue (with a new latest category) or end with a step down',
    body(['heldOn', 'outcome', 'notes'], {
      heldOn: date,
      outcome: { enum: ['continue_plan', 'child_in_need_plan', 'early_help', 'no_further_action'] },
      latestCategory: str,
      endReason: str,
      childInNeedOutcomes: str,
      dissent: str,
      notes: str,
      submissionKey,
    }),
    '201',
  ),
  '/api/v1/cases/{id}/plan/end': caseStep(
    'End the plan between reviews, with a reason and a step down',
    body(['endedOn', 'reason', 'outcome'], {
      endedOn: date,
      reason: { enum: ['no_continuing_risk', 'moved_to_another_la', 'turned_18', 'died', 'left_uk', 'other'] },
      outcome: { enum: ['child_in_need_plan', 'early_help', 'no_further_action'] },
      childInNeedOutcomes: str,
      notes: str,
      submissionKey,
    }),
  ),
  '/api/v1/cases/{id}/child-in-need-reviews': caseStep(
    'Record a child in need plan review',
    body(['heldOn', 'notes'], { heldOn: date, notes: str, submissionKey }),
    '201',
  ),
  '/api/v1/cases/{id}/closure': caseStep(
    'Close the case with its CIN census reason (RC1–RC9); ends the child in need plan',
    body(['closedOn', 'reason'], {
      closedOn: date,
      reason: { enum: ['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9'] },
      notes: str,
      submissionKey,
    }),
  ),
  '/api/v1/conference-invitations': {
    get: {
      summary:
        'Conferences your organisation is invited to (safeguarding leads): child’s name and date of birth, date, whether you reported',
      responses: { '200': { description: 'Items' }, '403': { description: 'Not a safeguarding lead' } },
    },
  },
  '/api/v1/conferences/{conferenceId}': {
    get: {
      summary: 'One conference invitation: child’s name and date of birth, date, your own reports',
      parameters: [conferenceParam],
      responses: { '200': { description: 'The invitation' }, '404': { description: 'Not invited (audited)' } },
    },
  },
  '/api/v1/conferences/{conferenceId}/reports': caseStep(
    'An invited agency submits its report before the conference',
    body(['text'], { text: str, submissionKey }),
    '201',
    [conferenceParam],
  ),
}

/** The JSON API, described for clients. Later capabilities add their paths here. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Together API', version: '1', description: 'Multi-agency child safeguarding. Every call is audited.' },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      FieldErrors: {
        type: 'object',
        properties: {
          error: { type: 'string' },
          errors: {
            type: 'array',
            items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/auth/token': {
      post: {
        summary: 'Exchange email, password and (for roles that need it) an authenticator code for a bearer token',
        security: [],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['email', 'password'],
                properties: {
                  email: { type: 'string', format: 'email' },
                  password: { type: 'string' },
                  totp: { type: 'string', pattern: '^\\d{6}$' },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'A token',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    token: { type: 'string' },
                    tokenType: { const: 'Bearer' },
                    expiresAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          '400': {
            description: 'Field errors',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/FieldErrors' } } },
          },
          '401': { description: 'Wrong email, password or code' },
          '423': { description: 'Account locked after repeated failures' },
        },
      },
    },
    '/api/v1/me': {
      get: {
        summary: 'The signed-in user',
        responses: { '200': { description: 'The user' }, '401': { description: 'No valid token' } },
      },
    },
    '/api/v1/children': {
      get: {
        summary: 'Find children your organisation is involved with (fuzzy name, date of birth, NHS number, UPN)',
        parameters: ['name', 'givenName', 'familyName', 'dob', 'nhsNumber', 'upn'].map((name) => ({
          name,
          in: 'query',
          required: false,
          schema: { type: 'string' },
        })),
        responses: {
          '200': { description: 'Likely matches, best first' },
          '400': {
            description: 'Field errors',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/FieldErrors' } } },
          },
        },
      },
      post: {
        summary: 'Create a child record (or link to the existing one with the same identifier, name and date of birth)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['givenName', 'familyName'],
                properties: {
                  givenName: { type: 'string' },
                  familyName: { type: 'string' },
                  dateOfBirth: { type: 'string', format: 'date' },
                  expectedDateOfDelivery: { type: 'string', format: 'date' },
                  sex: { enum: ['female', 'male', 'unknown'] },
                  nhsNumber: { type: 'string' },
                  upn: { type: 'string' },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'Created' },
          '200': { description: 'An existing record was matched' },
          '400': { description: 'Field errors' },
        },
      },
    },
    '/api/v1/children/{id}/chronology': {
      get: {
        summary: 'The child’s chronology: what you may see, in time order',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'Entries' },
          '404': { description: 'No such child, or not yours to see (audited)' },
        },
      },
    },
    '/api/v1/concerns': {
      post: {
        summary: 'Record a concern (durable once 201 is returned)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['childIds', 'observedAt', 'place', 'facts', 'categories', 'immediateDanger'],
                properties: {
                  childIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
                  observedAt: { type: 'string', format: 'date-time' },
                  place: { type: 'string', maxLength: 200 },
                  facts: { type: 'string', maxLength: 10000 },
                  childWords: { type: 'string', maxLength: 5000 },
                  othersPresent: { type: 'string', maxLength: 1000 },
                  categories: { type: 'array', items: { type: 'string' } },
                  immediateDanger: { type: 'boolean' },
                  policeCalledAt: { type: 'string', format: 'date-time' },
                  policeReference: { type: 'string', maxLength: 50 },
                  actionTaken: { type: 'string', maxLength: 5000 },
                  fgmKnown: { type: 'boolean' },
                  bodyMap: {
                    type: 'array',
                    maxItems: 50,
                    items: {
                      type: 'object',
                      properties: {
                        side: { enum: ['front', 'back'] },
                        x: { type: 'number' },
                        y: { type: 'number' },
                        region: { type: 'string' },
                        description: { type: 'string', maxLength: 500 },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'Recorded: id, reference' },
          '400': { description: 'Field errors' },
          '404': { description: 'A child you may not name (audited)' },
        },
      },
    },
    '/api/v1/concerns/{id}': {
      get: {
        summary: 'A concern with its events (author and the organisation’s safeguarding leads only)',
        responses: {
          '200': { description: 'The concern' },
          '404': { description: 'Not found or not yours (audited)' },
        },
      },
    },
    '/api/v1/concerns/{id}/addenda': {
      post: {
        summary: 'Add an addendum (the concern itself never changes)',
        responses: { '201': { description: 'Added' } },
      },
    },
    '/api/v1/concerns/{id}/acknowledge': {
      post: {
        summary: 'DSL acknowledges the concern',
        responses: { '200': { description: 'Acknowledged' }, '409': { description: 'Not allowed in this state' } },
      },
    },
    '/api/v1/concerns/{id}/information-requests': {
      post: { summary: 'DSL asks the author for more information', responses: { '201': { description: 'Asked' } } },
    },
    '/api/v1/concerns/{id}/information': {
      post: {
        summary: 'The author answers a request for information',
        responses: { '201': { description: 'Answered' } },
      },
    },
    '/api/v1/concerns/{id}/decision': {
      post: {
        summary: 'DSL records a decision with a rationale',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['kind', 'rationale'],
                properties: {
                  kind: {
                    enum: [
                      'no_further_action',
                      'monitor',
                      'internal_support',
                      'early_help',
                      'refer_to_childrens_social_care',
                      'inform_police',
                      'lado',
                      'fgm_report_made',
                    ],
                  },
                  rationale: { type: 'string' },
                  reviewOn: { type: 'string', format: 'date' },
                  policeReference: { type: 'string' },
                  reportedOn: { type: 'string', format: 'date' },
                  parentsAware: {
                    enum: ['yes', 'no'],
                    description: 'Referral only (required): do the parents or carers know?',
                  },
                  parentalConsent: {
                    enum: ['given', 'refused', 'not_sought'],
                    description: 'Referral only (required)',
                  },
                  consentNotSoughtReason: {
                    type: 'string',
                    description: 'Required when parentalConsent is not_sought',
                  },
                  parentsViews: { type: 'string' },
                },
              },
            },
          },
        },
        responses: {
          '200': { description: 'Decided' },
          '400': { description: 'Field errors' },
          '409': { description: 'Not allowed in this state' },
        },
      },
    },
    '/api/v1/dsl/inbox': {
      get: {
        summary: 'Open concerns for the organisation’s safeguarding leads, urgent first',
        responses: { '200': { description: 'Items' }, '403': { description: 'Not a safeguarding lead' } },
      },
    },
    '/api/v1/referrals': {
      get: {
        summary:
          'Your referrals (and, for a safeguarding lead, your organisation’s) with their acknowledgement and decision',
        responses: { '200': { description: 'Items, newest first' } },
      },
      post: {
        summary:
          'A professional’s referral to children’s social care (the child’s home local authority; or your own area’s for a child your organisation has no record of)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['immediateDanger', 'details', 'parentsAware', 'parentalConsent'],
                properties: {
                  childId: {
                    type: 'string',
                    format: 'uuid',
                    description: 'A child your organisation knows (from GET /api/v1/children); or give child instead',
                  },
                  child: {
                    type: 'object',
                    properties: {
                      givenName: { type: 'string' },
                      familyName: { type: 'string' },
                      dateOfBirth: { type: 'string', format: 'date' },
                      sex: { type: 'string' },
                      address: { type: 'string' },
                    },
                  },
                  immediateDanger: { type: 'boolean' },
                  details: {
                    type: 'object',
                    required: ['concern', 'childLocation'],
                    additionalProperties: false,
                    properties: Object.fromEntries(
                      [
                        'concern',
                        'concernSource',
                        'concernWhen',
                        'concernWhere',
                        'childLocation',
                        'addresses',
                        'ethnicity',
                        'language',
                        'religion',
                        'communicationNeeds',
                        'disabilities',
                        'developmentalNeeds',
                        'parentalResponsibility',
                        'household',
                        'significantFamily',
                        'parentalCapacity',
                        'allegedPerpetrator',
                        'history',
                        'existingAssessments',
                      ].map((n) => [n, { type: 'string' }]),
                    ),
                  },
                  parentalFactors: {
                    type: 'array',
                    items: { enum: ['domestic_abuse', 'mental_health', 'substance_misuse', 'learning_disability'] },
                  },
                  parentsAware: { enum: ['yes', 'no'] },
                  parentalConsent: { enum: ['given', 'refused', 'not_sought'] },
                  consentNotSoughtReason: {
                    type: 'string',
                    description: 'Required when parentalConsent is not_sought',
                  },
                  parentsViews: { type: 'string' },
                  referrerRelationship: { type: 'string' },
                  referrerAnonymous: { type: 'boolean' },
                  referrerContact: { type: 'string' },
                  sourceCode: {
                    type: 'string',
                    description: 'CIN census ReferralSource (1A…10); default from your organisation’s kind',
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'Sent: id, reference' },
          '400': {
            description: 'Field errors',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/FieldErrors' } } },
          },
          '404': { description: 'A child your organisation may not name (audited)' },
        },
      },
    },
    '/api/v1/referrals/{id}': {
      get: {
        summary:
          'A referral: everything received, requests for information and answers (receiving local authority only), and the decision',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'The referral' },
          '404': { description: 'No such referral, or not yours to see (audited)' },
        },
      },
    },
    '/api/v1/front-door': {
      get: {
        summary:
          'The front door’s queue: open referrals to your local authority, immediate danger first, then oldest, with the referral-decision clock',
        parameters: [
          { name: 'urgent', in: 'query', required: false, schema: { enum: ['true', 'false'] } },
          {
            name: 'channel',
            in: 'query',
            required: false,
            schema: { enum: ['dsl_decision', 'professional', 'public'] },
          },
          { name: 'acknowledged', in: 'query', required: false, schema: { enum: ['true', 'false'] } },
          { name: 'due', in: 'query', required: false, schema: { enum: ['overdue', 'due_today', 'later'] } },
          { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': { description: 'Counts and one page (50) of items' },
          '403': { description: 'Not the local authority’s front door' },
        },
      },
    },
    '/api/v1/referrals/{id}/acknowledge': {
      post: {
        summary: 'The front door acknowledges the referral; the referrer is told in Together and by email',
        responses: {
          '200': { description: 'Acknowledged (again: unchanged)' },
          '403': { description: 'You may see but not act on it' },
          '404': { description: 'Not found (audited)' },
        },
      },
    },
    '/api/v1/referrals/{id}/child': {
      post: {
        summary:
          'Link a referral that described a child in words to the child’s record (find with GET /api/v1/children first; create with POST /api/v1/children)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['childId'],
                properties: { childId: { type: 'string', format: 'uuid' } },
              },
            },
          },
        },
        responses: {
          '200': { description: 'Linked' },
          '404': { description: 'No such referral or child (audited)' },
          '409': { description: 'Already linked to another child' },
        },
      },
    },
    '/api/v1/referrals/{id}/information-requests': {
      post: {
        summary: 'The front door asks another organisation in the area for information about the referral’s child',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['organisationId', 'question'],
                properties: {
                  organisationId: { type: 'string', format: 'uuid' },
                  question: { type: 'string', maxLength: 2000 },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'Asked: id' },
          '400': { description: 'Field errors' },
          '404': { description: 'Not found (audited)' },
          '409': { description: 'Already decided' },
        },
      },
    },
    '/api/v1/referrals/{id}/decision': {
      post: {
        summary: 'The front door’s decision with its reasons: opens the episode (decide_referral) in one transaction',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['outcome', 'rationale'],
                properties: {
                  outcome: {
                    enum: [
                      'no_further_action',
                      'early_help',
                      'assessment',
                      'strategy_discussion',
                      'immediate_protection',
                    ],
                  },
                  rationale: { type: 'string', maxLength: 5000 },
                  signposting: { type: 'string', description: 'Required for no_further_action' },
                  immediateProtection: {
                    type: 'object',
                    description:
                      'Required for immediate_protection: police protection (at, policeReference) or an emergency protection order (orderMadeOn, which starts its clock)',
                    properties: {
                      kind: { enum: ['police_protection', 'emergency_protection_order'] },
                      at: { type: 'string', format: 'date-time' },
                      policeReference: { type: 'string' },
                      orderMadeOn: { type: 'string', format: 'date' },
                    },
                  },
                  leadUserId: { type: 'string', format: 'uuid' },
                  teamManagerUserId: { type: 'string', format: 'uuid' },
                  submissionKey: {
                    type: 'string',
                    description: 'Send once per submission; a repeat is refused with 409 and nothing written',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': { description: 'Decided: episodeId, episodeReference, outcome, phase' },
          '400': { description: 'Field errors' },
          '404': { description: 'Not found (audited)' },
          '409': { description: 'Already decided, already submitted, or the child is not linked yet' },
        },
      },
    },
    '/api/v1/information-requests': {
      get: {
        summary: 'Requests for information to your organisation (its safeguarding leads), waiting first',
        responses: { '200': { description: 'Items' }, '403': { description: 'Not a safeguarding lead' } },
      },
    },
    '/api/v1/information-requests/{id}': {
      get: {
        summary: 'One request: the question and the child’s name and date of birth, nothing else (audited)',
        responses: { '200': { description: 'The request' }, '404': { description: 'Not found (audited)' } },
      },
    },
    '/api/v1/information-requests/{id}/responses': {
      post: {
        summary: 'Answer a request for information (audited; your organisation becomes involved with the child)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['answer'],
                properties: { answer: { type: 'string', maxLength: 10000 } },
              },
            },
          },
        },
        responses: {
          '201': { description: 'Answered: id' },
          '400': { description: 'Field errors' },
          '404': { description: 'Not found (audited)' },
        },
      },
    },
    '/api/v1/deadlines': {
      get: {
        summary: 'Due and overdue statutory clocks',
        parameters: ['scope', 'rule', 'status', 'sort', 'page'].map((name) => ({
          name,
          in: 'query',
          required: false,
          schema: { type: 'string' },
        })),
        responses: {
          '200': { description: 'Counts and one page of items' },
          '403': { description: 'Scope not allowed for your role' },
        },
      },
    },
    '/api/v1/caseload': {
      get: {
        summary:
          'My cases: open episodes you lead, manage or chair, each with its next statutory deadline (from the clock engine)',
        parameters: [
          { name: 'sort', in: 'query', required: false, schema: { enum: ['due', 'referral'] } },
          {
            name: 'status',
            in: 'query',
            required: false,
            schema: { enum: ['overdue', 'due_today', 'due_soon', 'not_due', 'none'] },
          },
          { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': { description: 'Counts by the state of each case’s next deadline, and one page of cases' },
          '403': { description: 'Not a social care role' },
        },
      },
    },
    '/api/v1/caseload/team': {
      get: {
        summary:
          'Team caseload (team managers): every open episode of your local authority, counts by worker and the unallocated',
        parameters: [
          {
            name: 'worker',
            in: 'query',
            required: false,
            schema: { type: 'string', description: 'A worker’s user id, or "unallocated"' },
          },
          { name: 'sort', in: 'query', required: false, schema: { enum: ['due', 'referral'] } },
          {
            name: 'status',
            in: 'query',
            required: false,
            schema: { enum: ['overdue', 'due_today', 'due_soon', 'not_due', 'none'] },
          },
          { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': { description: 'Workers with their counts, totals, and one page of cases' },
          '403': { description: 'Not a team manager of this local authority' },
        },
      },
    },
    '/api/v1/protection-checks': {
      post: {
        operationId: 'checkProtectionPlan',
        summary:
          'Check whether a child in your local area has a current child protection plan (police and health safeguarding roles; audited; the local authority is told)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['reason'],
                description: 'Give nhsNumber, or givenName, familyName and dateOfBirth',
                properties: {
                  nhsNumber: { type: 'string' },
                  givenName: { type: 'string', maxLength: 100 },
                  familyName: { type: 'string', maxLength: 100 },
                  dateOfBirth: { type: 'string', format: 'date' },
                  reason: { type: 'string', maxLength: 1000 },
                  localAreaId: {
                    type: 'string',
                    format: 'uuid',
                    description: 'Defaults to your own; any other is refused',
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description:
              'The answer: planFound, plans (start date, category, lead practitioner, local authority contact) and the area’s children’s social care contacts. No plan found reads the same whether or not the child is known.',
          },
          '400': {
            description: 'Field errors',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/FieldErrors' } } },
          },
          '403': { description: 'Not a police or health safeguarding role, or another local area' },
        },
      },
      get: {
        summary: 'Checks your local authority was told about, newest first (children’s social care)',
        parameters: [{ name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
        responses: {
          '200': { description: 'One page of checks' },
          '403': { description: 'Not children’s social care' },
        },
      },
    },
    '/api/v1/protection-checks/{id}': {
      get: {
        summary: 'A check you made, as it was answered',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'The check' },
          '404': { description: 'No such check, or not yours (audited)' },
        },
      },
    },
    '/api/v1/timescales': {
      get: {
        summary: 'Timescale rules with national and local values',
        responses: { '200': { description: 'Rules' } },
      },
    },
    ...casePaths,
    ...sharingPaths,
  },
} as const
