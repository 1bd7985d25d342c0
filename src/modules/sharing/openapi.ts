/** The sharing module's paths in the OpenAPI document, with the operationIds issue 11 names. */
const childId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const

export const sharingPaths = {
  '/api/v1/children/{id}/sharing-decisions': {
    post: {
      operationId: 'recordSharingDecision',
      summary:
        'Record a decision to share, or not to share, information about a child (golden rule 7): lawful basis, consent, what, to whom and when; refusals with reasons. A share makes the recipient involved.',
      parameters: [childId],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: {
        '201': { description: 'Recorded' },
        '200': { description: 'Already recorded with this submissionKey: the first decision' },
        '400': { description: 'Field errors; nothing written' },
        '403': { description: 'Not a safeguarding lead of an organisation involved with the child (audited)' },
        '404': { description: 'No such child' },
      },
    },
    get: {
      operationId: 'listSharingDecisions',
      summary: 'Your organisation’s sharing decisions about a child, and shares made to it',
      parameters: [childId],
      responses: { '200': { description: 'The decisions' }, '403': { description: 'Refused (audited)' } },
    },
  },
  '/api/v1/children/{id}/involved-organisations': {
    get: {
      operationId: 'listInvolvedOrganisations',
      summary: 'Organisations involved with a child: why, since when, and whom to contact',
      parameters: [childId],
      responses: { '200': { description: 'The organisations' }, '404': { description: 'No such child you may see' } },
    },
  },
  '/api/v1/record-openings': {
    post: {
      operationId: 'openRecordWithReason',
      summary:
        'Open the record of a child your organisation is not involved with, by exact identity and a reason; time-limited, audited, and the holders are emailed',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: {
        '201': { description: 'Opened' },
        '400': { description: 'Field errors; nothing written' },
        '403': { description: 'Your role may not open records, or your organisation is already involved' },
        '404': { description: 'No exact match (never says whether a similar child exists)' },
      },
    },
  },
  '/api/v1/children/{id}/record-access': {
    get: {
      operationId: 'listRecordAccess',
      summary: 'Who has seen this child: the audit trail of the child’s record (filter by organisation or kind)',
      parameters: [childId],
      responses: { '200': { description: 'The trail' }, '403': { description: 'Refused (audited)' } },
    },
  },
  '/api/v1/children/{id}/sharing-receipts': {
    post: {
      summary: 'Confirm your organisation received what was shared with it about a child',
      parameters: [childId],
      responses: { '200': { description: 'Confirmed' }, '404': { description: 'No such child you may see' } },
    },
  },
} as const
