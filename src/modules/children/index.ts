/**
 * Children: identity, search, the record and its chronology. The steps here are mounted by src/app with
 * mountSteps (page, API route, OpenAPI entry and audit row from each declaration).
 */
import type { Step } from '../../platform/steps/defineStep.js'
import { recordChildCorrection } from './steps/recordChildCorrection.js'
import { recordChildCensusDetails } from './steps/recordChildCensusDetails.js'
import { createChildStep } from './steps/createChild.js'
import { addRelationship } from './steps/addRelationship.js'

export { recordChildCorrection, recordChildCensusDetails }
export { childCensusDetails, type ChildCensusDetails } from './queries/childCensusDetails.js'
export { mayFindChildren, childFinderRoles } from './domain/finding.js'
export { chronologyPdfCover, pdfChronologyEntry, renderChronologyPdf } from './pages/chronologyPdf.js'

export const childSteps = [
  createChildStep,
  addRelationship,
  recordChildCorrection,
  recordChildCensusDetails,
] as unknown as readonly Step<never, unknown>[]
