/**
 * Issue 17, item 4: way back. Walks the signed-in pages a few roles reach from their home page (links in the page's
 * main content, four clicks deep) and checks that every page below the service navigation's own pages has a GOV.UK
 * back link (or breadcrumbs) to a fixed parent, not history.back(), that opens for that person.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { NORTHSHIRE } from '../support/caseloadFixtures.js'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { tellDemoStories } from '../../src/modules/demo/steps/demoStories.js'

let ctx: TestContext
before(async () => {
  // The demo's stories give each role work to click into: concerns in the inbox, a referral at the front door, a
  // case with a plan, family help, a serious incident (told through the use cases, on a Wednesday in term).
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-12-02T11:00:00Z'))
  await tellDemoStories(ctx.deps)
})
after(async () => ctx.close())

const decode = (href: string) => href.replace(/&amp;/g, '&').replace(/&#x2F;/g, '/')
const pathOf = (href: string) => decode(href).split('#', 1)[0] ?? ''

/** Where a page's way back points: its back link, else its breadcrumbs' last link. */
function wayBack(html: string): string | undefined {
  const back =
    /<a[^>]*class="govuk-back-link"[^>]*href="([^"]*)"|<a[^>]*href="([^"]*)"[^>]*class="govuk-back-link"/.exec(html)
  if (back !== null) return decode(back[1] ?? back[2] ?? '')
  const crumbs = /<nav class="govuk-breadcrumbs[\s\S]*?<\/nav>/.exec(html)?.[0]
  if (crumbs === undefined) return undefined
  const links = [...crumbs.matchAll(/href="([^"]+)"/g)].map((m) => decode(m[1] ?? ''))
  return links.at(-1)
}

const navigation = (html: string) =>
  [
    ...(/<nav[^>]*class="govuk-service-navigation__wrapper"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '').matchAll(
      /href="([^"]+)"/g,
    ),
  ].map((m) => pathOf(m[1] ?? ''))

/** Links in the main content that are pages to visit: same site, GET, not files, not signing out. */
function pageLinks(html: string): string[] {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? ''
  return [...main.matchAll(/<a [^>]*href="(\/[^"]*)"/g)]
    .map((m) => pathOf(m[1] ?? ''))
    .filter((h) => h !== '' && !/\.(pdf|csv|json)$|\/sign-out|\/static\/|\/api\//.test(h))
}

async function walk(email: string, limit = 120): Promise<string[]> {
  const b = new TestBrowser(ctx.app)
  assert.equal((await b.signIn(email, DEMO.password)).statusCode, 303, email)
  const home = await b.get('/')
  // The service navigation's pages and the lists the home page links to are where people start: the rest (a list's
  // items, their forms) are below them and need a way back. A list's filters (?status=overdue) are the list itself.
  const top = new Set(['/', ...navigation(home.body), ...pageLinks(home.body).map((h) => h.split('?', 1)[0] ?? h)])
  const problems: string[] = []
  const seen = new Set<string>(['/'])
  let frontier = pageLinks(home.body).map((h) => ({ href: h, from: '/' }))
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    const next: { href: string; from: string }[] = []
    for (const { href, from } of frontier) {
      // One visit a page: the same list with other filters (?status=overdue) is the same page.
      const key = href.split('?', 1)[0] ?? href
      if (seen.has(key) || seen.size >= limit) continue
      seen.add(key)
      const page = await b.get(href)
      if (page.statusCode !== 200 || !(page.headers['content-type'] ?? '').toString().includes('text/html')) continue
      next.push(...pageLinks(page.body).map((h) => ({ href: h, from: href })))
      if (top.has(href.split('?', 1)[0] ?? href)) continue
      const back = wayBack(page.body)
      if (back === undefined) {
        problems.push(`${href} (linked from ${from}): no back link or breadcrumbs`)
        continue
      }
      if (/^javascript:|history\.back/.test(back) || back === '#') {
        problems.push(`${href}: the back link is not a fixed address (${back})`)
        continue
      }
      const target = await b.get(back)
      if (![200, 302, 303].includes(target.statusCode))
        problems.push(`${href}: its back link ${back} answers ${target.statusCode}`)
    }
    frontier = next
  }
  if (process.env.WALK_DEBUG !== undefined) console.log(email, [...seen].join('\n'))
  return problems
}

describe('every page below the navigation has a way back that works', () => {
  for (const email of [
    NORTHSHIRE.teacher,
    NORTHSHIRE.dsl,
    NORTHSHIRE.frontDoor,
    NORTHSHIRE.socialWorker,
    NORTHSHIRE.teamManager,
    NORTHSHIRE.police,
    'partnership.lead@northshire-council.example',
  ])
    test(email, async () => {
      const problems = await walk(email)
      assert.deepEqual(problems, [])
    })
})
