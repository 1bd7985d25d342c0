import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Actor } from '../../../platform/identity/actor.js'
import { mountSteps } from '../../../platform/steps/mountSteps.js'
import { refusalMessage, type AnyStep } from '../../../platform/steps/defineStep.js'
import { apiRoute } from '../../../platform/web/apiRoute.js'
import { deniedPage } from '../../../platform/web/deniedPage.js'
import type { WebOptions } from '../../../platform/web/options.js'
import {
  partnershipSettingIds,
  settingDefinition,
  settingInWords,
  partnershipSource,
} from '../domain/partnershipSettings.js'
import { loadPartnershipSettings, type PartnershipSettingsView } from '../queries/partnershipSettings.js'
import { changeSharingSettings, decidePartnershipSettings, SETTINGS_PAGE } from '../steps/changeSharingSettings.js'

/** Each setting as the page and the API show it: default and where it comes from, value in force and its source. */
function describe(view: PartnershipSettingsView) {
  return view.settings.map((s) => {
    const d = settingDefinition(s.id)
    const source =
      s.lastChange !== undefined
        ? partnershipSource(s.lastChange.changedAt, s.lastChange.changedBy, s.lastChange.reason)
        : s.setByPartnership
          ? 'Set by the safeguarding partnership before changes were kept here'
          : 'Together’s default: the partnership has not set its own'
    return {
      setting: s.id,
      field: d.field,
      label: d.label,
      hint: d.hint,
      min: d.min,
      max: d.max,
      default: s.defaultValue,
      defaultInWords: settingInWords(s.id, s.defaultValue),
      defaultSource: d.defaultSource,
      current: s.current,
      currentInWords: settingInWords(s.id, s.current),
      setByPartnership: s.setByPartnership,
      source,
    }
  })
}

const settingAnswer = z.object({
  setting: z.enum(partnershipSettingIds),
  field: z.string().meta({ description: 'The name to send it by in changeSharingSettings' }),
  label: z.string(),
  hint: z.string(),
  min: z.number().int(),
  max: z.number().int(),
  default: z.number().int(),
  defaultInWords: z.string(),
  defaultSource: z.string().meta({ description: 'Where the default comes from' }),
  current: z.number().int(),
  currentInWords: z.string(),
  setByPartnership: z.boolean(),
  source: z.string().meta({ description: 'Where the value in force comes from' }),
})
const changeAnswer = z.object({
  changeId: z.string(),
  setting: z.enum(partnershipSettingIds),
  from: z.number().int().nullable().meta({ description: 'Null: Together’s default was in force' }),
  to: z.number().int(),
  reason: z.string(),
  changedBy: z.string(),
  changedByOrganisation: z.string(),
  changedAt: z.iso.datetime(),
})

/**
 * The partnership's settings for working together on one child: the page that shows them with their history
 * (for the partnership lead only), the change step (changeSharingSettings, a defineStep) and getSharingSettings.
 */
export function sharingSettingsRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  mountSteps(app, deps, [changeSharingSettings] as unknown as readonly AnyStep[])

  app.get(SETTINGS_PAGE, async (request, reply) => {
    const actor = request.actor as Actor
    const decision = decidePartnershipSettings(actor)
    if (!decision.allowed)
      return deniedPage(reply, 'Only the safeguarding partnership lead sees and changes these settings.')
    const view = await loadPartnershipSettings(deps.db, actor.localAreaId)
    const settings = describe(view)
    const prefill = new URLSearchParams(settings.map((s): [string, string] => [s.field, String(s.current)])).toString()
    return reply.page('sharing/pages/settings.njk', {
      pageTitle: 'Partnership settings for working together',
      settings,
      history: view.history.map((h) => ({
        ...h,
        what: settingDefinition(h.setting).label,
        fromWords:
          h.from === null
            ? `${settingInWords(h.setting, settingDefinition(h.setting).defaultValue)} (Together’s default)`
            : settingInWords(h.setting, h.from),
        toWords: settingInWords(h.setting, h.to),
      })),
      changeHref: `${SETTINGS_PAGE}/change?${prefill}`,
      changed: (request.query as Record<string, unknown> | undefined)?.['changed'] === '1',
    })
  })

  const getRoute = apiRoute({
    operationId: 'getSharingSettings',
    tag: 'Sharing',
    summary:
      'Your safeguarding partnership’s settings for working together on one child: each with its default, the value in force, where it comes from, and every change',
    ok: {
      200: {
        description: 'The settings and their history, newest change first',
        schema: z.object({ settings: z.array(settingAnswer), history: z.array(changeAnswer) }),
      },
    },
    errors: { 403: 'Only the safeguarding partnership lead' },
  })
  app.get('/api/v1/sharing-settings', getRoute, async (request, reply) => {
    const actor = request.actor as Actor
    const decision = decidePartnershipSettings(actor)
    if (!decision.allowed) return reply.code(403).send({ error: 'forbidden', message: refusalMessage(decision.reason) })
    const view = await loadPartnershipSettings(deps.db, actor.localAreaId)
    return {
      settings: describe(view),
      history: view.history.map((h) => ({ ...h, changedAt: h.changedAt.toISOString() })),
    }
  })
}
