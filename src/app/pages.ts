import type { FastifyInstance } from 'fastify'
import type { WebOptions } from '../platform/web/options.js'
import { adminRoutes } from '../modules/people/pages/admin/routes.js'
import { homeRoutes } from '../modules/home/pages/routes.js'
import { infoRoutes } from '../modules/info/pages/routes.js'
import { outboxRoutes } from '../modules/notifications/pages/routes.js'
import { signInRoutes } from '../modules/people/pages/sign-in/routes.js'
import { ssoRoutes } from '../modules/people/pages/sso/routes.js'
import { timescaleRoutes } from '../modules/timescales/pages/routes.js'
import { timescaleSteps } from '../modules/timescales/index.js'
import { concernRoutes } from '../modules/concerns/pages/routes.js'
import { concernSteps } from '../modules/concerns/index.js'
import { childRoutes } from '../modules/children/pages/routes.js'
import { childSteps } from '../modules/children/index.js'
import { caseRoutes } from '../modules/protection/pages/cases/routes.js'
import { protectionSteps } from '../modules/protection/index.js'
import { mountSteps } from '../platform/steps/mountSteps.js'
import { conferenceRoutes } from '../modules/protection/pages/conferences/routes.js'
import { caseloadRoutes } from '../modules/protection/pages/caseload/routes.js'
import { protectionCheckRoutes } from '../modules/protection-check/pages/routes.js'
import { sharingRoutes } from '../modules/sharing/pages/routes.js'
import { sharingSettingsRoutes } from '../modules/sharing/pages/settingsRoutes.js'
import { frontDoorRoutes } from '../modules/referrals/pages/front-door/routes.js'
import { publicReferralRoutes } from '../modules/referrals/pages/publicRoutes.js'
import { referralRoutes } from '../modules/referrals/pages/routes.js'
import { referralSteps } from '../modules/referrals/index.js'
import { registerFamilyHelp } from '../modules/family-help/index.js'
import { registerPartnership } from '../modules/partnership/index.js'
import { returnsRoutes } from '../modules/returns/pages/routes.js'
import { returnsSteps } from '../modules/returns/index.js'
import { areaRoutes } from '../modules/organisations/pages/routes.js'
import { registerTraining } from '../modules/training/index.js'
import { registerAllegations } from '../modules/allegations/index.js'
import { registerTransfers } from '../modules/transfers/index.js'
import { registerSubjectAccess } from '../modules/subject-access/index.js'
import { registerDataProtection } from '../modules/data-protection/index.js'

type PageRegistration = (app: FastifyInstance, options: WebOptions) => void | Promise<void>

/** A module's declared steps (their pages and API routes), mounted where the module's own routes stand. */
const steps =
  (declared: Parameters<typeof mountSteps>[2]): PageRegistration =>
  (app, options) =>
    mountSteps(app, options.deps, declared)

/** Every module's pages and API routes, in the order they are registered (the OpenAPI document keeps it). */
const registrations: readonly PageRegistration[] = [
  signInRoutes,
  ssoRoutes,
  homeRoutes,
  infoRoutes,
  adminRoutes,
  outboxRoutes,
  timescaleRoutes,
  steps(timescaleSteps),
  sharingRoutes,
  sharingSettingsRoutes,
  concernRoutes,
  steps(concernSteps),
  childRoutes,
  steps(childSteps),
  caseRoutes,
  steps(protectionSteps),
  conferenceRoutes,
  caseloadRoutes,
  protectionCheckRoutes,
  referralRoutes,
  frontDoorRoutes,
  steps(referralSteps),
  returnsRoutes,
  steps(returnsSteps),
  areaRoutes,
  publicReferralRoutes,
  registerFamilyHelp,
  (app, options) => registerPartnership(app, options.deps),
  registerTraining,
  registerAllegations,
  registerTransfers,
  registerSubjectAccess,
  registerDataProtection,
]

export async function registerPages(app: FastifyInstance, options: WebOptions): Promise<void> {
  for (const register of registrations) await register(app, options)
}
