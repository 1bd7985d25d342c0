import type { FastifyInstance } from 'fastify'
import type { WebOptions } from '../options.js'
import { adminRoutes } from './admin/routes.js'
import { homeRoutes } from './home/routes.js'
import { infoRoutes } from './info/routes.js'
import { outboxRoutes } from './outbox/routes.js'
import { signInRoutes } from './sign-in/routes.js'
import { timescaleRoutes } from './timescales/routes.js'
import { concernRoutes } from './concerns/routes.js'
import { childRoutes } from './children/routes.js'
import { caseRoutes } from './cases/routes.js'
import { conferenceRoutes } from './conferences/routes.js'
import { caseloadRoutes } from './caseload/routes.js'
import { protectionCheckRoutes } from './protection-check/routes.js'
import { frontDoorRoutes } from './front-door/routes.js'
import { publicReferralRoutes } from './referrals/publicRoutes.js'
import { referralRoutes } from './referrals/routes.js'

export async function registerPages(app: FastifyInstance, options: WebOptions): Promise<void> {
  signInRoutes(app, options)
  homeRoutes(app)
  infoRoutes(app)
  adminRoutes(app, options)
  outboxRoutes(app, options)
  timescaleRoutes(app, options)
  concernRoutes(app, options)
  childRoutes(app, options)
  caseRoutes(app, options)
  conferenceRoutes(app, options)
  caseloadRoutes(app, options)
  protectionCheckRoutes(app, options)
  referralRoutes(app, options)
  frontDoorRoutes(app, options)
  await publicReferralRoutes(app, options)
}
