const importBody = {
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['csv'],
        properties: {
          csv: { type: 'string', description: 'The CSV text, headings on the first row' },
          dryRun: { type: 'boolean', description: 'Check and preview only: nothing is written' },
        },
      },
    },
  },
}
const importResponses = {
  '200': { description: 'Preview: every row is correct; nothing written' },
  '201': { description: 'Imported, all rows' },
  '400': { description: 'Nothing written: every bad row, as { row, field, message }' },
  '403': { description: 'Only partnership leads and local authority administrators set up the area' },
}

/** OpenAPI entries for setting up a local area. */
export const areaOpenApiPaths = {
  '/api/v1/area/organisations/import': {
    post: {
      operationId: 'importOrganisations',
      tags: ['organisations'],
      summary:
        'Import organisations into your area from CSV, all or nothing (name,kind,urn,ods_code,phone,email,safeguarding_lead,safeguarding_lead_email)',
      requestBody: importBody,
      responses: importResponses,
    },
  },
  '/api/v1/area/users/import': {
    post: {
      operationId: 'importUsers',
      tags: ['organisations'],
      summary:
        'Import people into your area’s organisations from CSV, all or nothing (organisation,email,name,roles); each is invited',
      requestBody: importBody,
      responses: importResponses,
    },
  },
} as const
