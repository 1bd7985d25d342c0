const yearParam = {
  name: 'year',
  in: 'path',
  required: true,
  description: 'The year the collection ends in: 2026 is 1 April 2025 to 31 March 2026',
  schema: { type: 'integer', minimum: 2025, maximum: 2027 },
}

/** OpenAPI entries for the statutory returns (census, Annex A). */
export const returnsOpenApiPaths = {
  '/api/v1/returns/cin-census/{year}/validation': {
    get: {
      operationId: 'validateCinCensus',
      tags: ['returns'],
      summary: 'Run the DfE children in need census validation rules over a collection year',
      parameters: [yearParam],
      responses: {
        '200': {
          description:
            'Children in scope, counts of errors and queries, and every finding (rule, severity, message, child, case)',
        },
        '403': { description: 'Only the local authority’s team managers and administrators make returns' },
        '404': { description: 'No such collection year' },
      },
    },
  },
  '/api/v1/returns/cin-census/{year}/export': {
    post: {
      operationId: 'exportCinCensus',
      tags: ['returns'],
      summary: 'The census XML for a collection year (2025-26 or 2026-27 specification), with the next serial number',
      parameters: [yearParam],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                errorsListed: { type: 'boolean', description: 'You have seen the validation errors; export anyway' },
              },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The XML (X-Census-Errors and X-Census-Queries headers give the counts)',
          content: { 'application/xml': {} },
        },
        '403': { description: 'Only the local authority’s team managers and administrators make returns' },
        '409': {
          description: 'The return has errors not yet listed (with the findings), or the area has no DfE number',
        },
      },
    },
  },
  '/api/v1/returns/annex-a': {
    get: {
      operationId: 'exportAnnexA',
      tags: ['returns'],
      summary: 'Ofsted Annex A lists 1 to 7 for the six months to a date, as an XLSX workbook or one list as CSV',
      parameters: [
        { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
        { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['xlsx', 'csv'] } },
        { name: 'list', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 7 } },
      ],
      responses: {
        '200': { description: 'The workbook or CSV' },
        '403': { description: 'Only the local authority’s team managers and administrators make returns' },
      },
    },
  },
} as const
