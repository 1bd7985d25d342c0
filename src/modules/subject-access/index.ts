/**
 * Subject access requests for a child's record (UK GDPR Art 15, answered within Art 12(3)'s month): record the
 * request, verify the requester, extend once, withhold entries with their grounds, export the PDF.
 */
import { mountModule } from '../../platform/steps/mountModule.js'
import { subjectAccessRoutes } from './pages/routes.js'
import { exportSubjectAccess } from './steps/exportSubjectAccess.js'
import {
  extendSubjectAccess,
  recordSubjectAccessRequest,
  verifySubjectAccessIdentity,
  withholdChronologyEntry,
} from './steps/subjectAccessSteps.js'

export const subjectAccessSteps = [
  recordSubjectAccessRequest,
  verifySubjectAccessIdentity,
  extendSubjectAccess,
  withholdChronologyEntry,
  exportSubjectAccess,
]

export const registerSubjectAccess = mountModule(subjectAccessSteps, subjectAccessRoutes)
