import type { FastifyReply } from 'fastify'

/** What an error page says: its heading (also the page's title unless `pageTitle` differs) and its paragraphs. */
export interface ErrorPageWords {
  readonly heading: string
  readonly paragraphs: readonly string[]
  readonly pageTitle?: string
}

/** The one error page (`error.njk`), answered with `status`, always with a link to the home page. */
export const errorPage = (reply: FastifyReply, status: number, words: ErrorPageWords): FastifyReply =>
  reply.page(
    'error.njk',
    {
      pageTitle: words.pageTitle ?? words.heading,
      heading: words.heading,
      paragraphs: words.paragraphs,
      showHomeLink: true,
    },
    status,
  )
