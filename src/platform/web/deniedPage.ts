import type { FastifyReply } from 'fastify'
import { errorPage } from './errorPage.js'

/**
 * The one "you do not have access" page (403), for pages a role may not use at all: nothing about a child is at
 * stake, so it says why. A record the person may not see is answered as not found instead, never with this.
 */
export const deniedPage = (reply: FastifyReply, why: string): FastifyReply =>
  errorPage(reply, 403, {
    heading: 'You do not have access to this page',
    paragraphs: [why],
    pageTitle: 'You do not have access',
  })
