import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { CliIo } from './io.js'
import { importPartnershipLoader, runTimescale, timescale, type PartnershipLoader } from './timescale.js'
import { date } from '../platform/calendar/testing.js'
import { timescaleRules } from '../modules/timescales/domain/rules.js'
import { domainError, err, ok } from '../platform/shared/result.js'

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) }
}

const noPartnerships: PartnershipLoader = async () => {
  throw new Error('the loader must not be called without --partnership')
}

describe('together timescale list', () => {
  it('prints every rule with its amount, unit and source, aligned', async () => {
    const io = capture()
    assert.equal(await timescale(['list'], io), 0)
    const lines = io.stdout.join('\n').split('\n')
    assert.match(lines[0] ?? '', /^ID\s+NAME\s+AMOUNT\s+UNIT\s+SOURCE$/)
    assert.equal(lines.length, timescaleRules.length + 1)
    for (const rule of timescaleRules) {
      const line = lines.find((l) => l.startsWith(`${rule.id} `))
      assert.ok(line, rule.id)
      assert.ok(line.includes(rule.name) && line.includes(rule.source.document), rule.id)
    }
    // Aligned: the NAME column starts at the same place on every line.
    const nameStart = (lines[0] ?? '').indexOf('NAME')
    for (const [i, rule] of timescaleRules.entries()) assert.equal(lines[i + 1]?.indexOf(rule.name), nameStart)
    assert.match(
      io.stdout.join('\n'),
      /child-and-family-assessment\s+Complete the child and family assessment\s+45\s+working days\s+Working Together/,
    )
    assert.deepEqual(io.stderr, [])
  })

  it('rejects extra arguments', async () => {
    const io = capture()
    assert.equal(await timescale(['list', 'extra'], io), 2)
  })
})

describe('together timescale due', () => {
  it('prints only the due date', async () => {
    const io = capture()
    assert.equal(await timescale(['due', 'referral-decision', '2025-12-24'], io), 0)
    assert.deepEqual(io.stdout, ['2025-12-29'])
    assert.deepEqual(io.stderr, [])
  })

  const usageErrors = [
    [['due', 'no-such-rule', '2025-12-24'], /There is no timescale rule "no-such-rule"/],
    [['due', 'referral-decision', '2025-02-30'], /not a real date/],
    [['due', 'referral-decision', '2026-13-01'], /not a real date/],
    [['due', 'referral-decision', '24/12/2025'], /YYYY-MM-DD/],
    [['due', 'referral-decision'], /needs a rule id and a start date/],
    [['due'], /needs a rule id and a start date/],
    [['due', 'referral-decision', '2025-12-24', 'extra'], /Unexpected argument "extra"/],
    [['due', 'referral-decision', '2025-12-24', '--verbose'], /Unknown option "--verbose"/],
    [['due', 'referral-decision', '2025-12-24', '--partnership'], /--partnership needs a partnership id/],
    [['due', 'referral-decision', '2025-12-24', '--partnership='], /--partnership needs a partnership id/],
    [['due', 'referral-decision', '1999-12-24'], /between 2000-01-01 and 2099-12-31/],
    [[], /Say what to do/],
    [['frobnicate'], /Unknown timescale command "frobnicate"/],
  ] as const
  for (const [args, message] of usageErrors) {
    it(`exits 2 with a message on stderr for: ${args.join(' ') || '(nothing)'}`, async () => {
      const io = capture()
      assert.equal(await runTimescale([...args], io, noPartnerships), 2)
      assert.deepEqual(io.stdout, [])
      assert.match(io.stderr.join('\n'), message)
    })
  }

  it('warns on stderr (but still answers) when bank holidays for the years involved are not shipped', async () => {
    const io = capture()
    assert.equal(await timescale(['due', 'child-and-family-assessment', '2027-12-01'], io), 0)
    assert.equal(io.stdout.length, 1)
    assert.match(io.stderr.join('\n'), /only known for 2018–2027/)
  })

  describe('--partnership', () => {
    const northshire: PartnershipLoader = async (id) =>
      id === 'northshire'
        ? ok({
            overrides: new Map([['child-and-family-assessment', { amount: 35, reason: 'Local target' }]]),
            extraNonWorkingDays: [date('2025-06-09')],
          })
        : err(domainError('PARTNERSHIP.NOT_FOUND', `There is no partnership "${id}".`))

    it('applies the partnership’s local timescale', async () => {
      const io = capture()
      assert.equal(
        await runTimescale(
          ['due', 'child-and-family-assessment', '2025-12-01', '--partnership', 'northshire'],
          io,
          northshire,
        ),
        0,
      )
      assert.deepEqual(io.stdout, ['2026-01-22'])
    })

    it('applies the partnership’s extra non-working days (option before or after the arguments)', async () => {
      const io = capture()
      assert.equal(
        await runTimescale(['due', '--partnership=northshire', 'referral-decision', '2025-06-06'], io, northshire),
        0,
      )
      assert.deepEqual(io.stdout, ['2025-06-10'])
    })

    it('exits 2 for an unknown partnership', async () => {
      const io = capture()
      assert.equal(
        await runTimescale(['due', 'referral-decision', '2025-06-06', '--partnership', 'nowhere'], io, northshire),
        2,
      )
      assert.match(io.stderr.join('\n'), /no partnership "nowhere"/)
    })

    it('says the database is not available while the loader module does not exist', async () => {
      const load = await importPartnershipLoader(new URL('./no-such/loadPartnershipCalendar.js', import.meta.url).href)
      const io = capture()
      assert.equal(await runTimescale(['due', 'referral-decision', '2025-06-06', '--partnership', 'p1'], io, load), 2)
      assert.match(io.stderr.join('\n'), /--partnership needs the database: not available yet/)
    })
  })
})

describe('bin/together timescale due (a real process)', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const run = promisify(execFile)
  const together = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['bin/together', ...args], { cwd: root })
      return { code: 0, stdout, stderr }
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string }
      return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
    }
  }

  it('prints exactly the due date and exits 0', async () => {
    const result = await together('timescale', 'due', 'referral-decision', '2025-12-24')
    assert.equal(result.stdout, '2025-12-29\n')
    assert.equal(result.code, 0)
  })

  it('exits 2 for an impossible date, with nothing on stdout', async () => {
    const result = await together('timescale', 'due', 'referral-decision', '2025-02-30')
    assert.equal(result.code, 2)
    assert.equal(result.stdout, '')
    assert.match(result.stderr, /not a real date/)
  })
})

describe('docs/timescales.md', () => {
  it('lists every rule with the same name, amount, unit, source and overridable as the code', async () => {
    const docs = await readFile(new URL('../../docs/timescales.md', import.meta.url), 'utf8')
    const unit = {
      working_days: 'working days',
      calendar_days: 'calendar days',
      weeks: 'weeks',
      months: 'months',
      years: 'years',
    }
    for (const r of timescaleRules) {
      const row = `| \`${r.id}\` | ${r.name} | ${r.amount} | ${unit[r.unit]} | ${r.source.document}, ${r.source.section} | ${r.overridable ? 'yes' : 'no'} | ${r.confidence} | ${r.domainRef} |`
      assert.ok(docs.includes(row), `docs/timescales.md is missing or out of date for ${r.id}:\n${row}`)
    }
  })
})
