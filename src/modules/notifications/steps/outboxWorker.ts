import type { Mailer } from '../../../platform/mail/mailer.js'
import type { Deps } from '../../../platform/context.js'

/** After this many failed attempts a message is left unsent, with its last error, for an administrator to see. */
export const MAX_ATTEMPTS = 10
const MINUTE_MS = 60_000
const MAX_RETRY_DELAY_MS = 6 * 60 * MINUTE_MS
const MAX_ERROR_LENGTH = 1000

/** Wait before the next try after `attempts` failures: 2, 4, 8 … minutes, never more than 6 hours. */
export const retryDelayMs = (attempts: number): number => Math.min(2 ** attempts * MINUTE_MS, MAX_RETRY_DELAY_MS)

const NUL_PATTERN = new RegExp(String.fromCharCode(0), 'g')

function describeError(e: unknown): string {
  const text = e instanceof Error ? e.message || e.name : String(e)
  // PostgreSQL text cannot hold NUL, and a server's reply is not worth more than a paragraph.
  return text.replace(NUL_PATTERN, '\uFFFD').slice(0, MAX_ERROR_LENGTH) || 'unknown error'
}

export interface DeliveryOptions {
  readonly batchSize?: number
  /** Checked between messages, so a stopping server does not start another send. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Sends up to `batchSize` due messages, one transaction each. Each message is claimed with
 * `SELECT … FOR UPDATE SKIP LOCKED` and its row stays locked until the send's outcome is committed, so any
 * number of workers (in one process or several) never send the same message twice while they are running. A
 * worker that dies mid-send releases its lock and the message is sent again later: delivery is at least once,
 * and committing after each message keeps that to the one message in flight.
 *
 * `attempts` counts failed tries. A failure records the error and backs off exponentially; a message that has
 * failed MAX_ATTEMPTS times is no longer tried and stays on the Email outbox page as failed.
 */
export async function deliverDueNotifications(
  deps: Pick<Deps, 'db' | 'clock'>,
  mailer: Mailer,
  { batchSize = 20, signal }: DeliveryOptions = {},
): Promise<{ sent: number; failed: number }> {
  let sent = 0
  let failed = 0
  for (let i = 0; i < batchSize && signal?.aborted !== true; i++) {
    const outcome = await deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('notification_outbox')
        .select(['id', 'recipient', 'subject', 'body', 'attempts'])
        .where('sent_at', 'is', null)
        .where('attempts', '<', MAX_ATTEMPTS)
        .where('next_attempt_at', '<=', deps.clock.now())
        .orderBy('next_attempt_at')
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst()
      if (row === undefined) return 'none' as const
      try {
        await mailer.send({
          to: row.recipient,
          subject: row.subject,
          text: row.body,
          messageId: `${row.id}@together.outbox`,
        })
      } catch (e) {
        const attempts = row.attempts + 1
        const now = deps.clock.now()
        await tx
          .updateTable('notification_outbox')
          .set({
            attempts,
            last_error: describeError(e),
            next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts)),
          })
          .where('id', '=', row.id)
          .execute()
        return 'failed' as const
      }
      await tx.updateTable('notification_outbox').set({ sent_at: deps.clock.now() }).where('id', '=', row.id).execute()
      return 'sent' as const
    })
    if (outcome === 'none') break
    if (outcome === 'sent') sent++
    else failed++
  }
  return { sent, failed }
}

export interface OutboxWorker {
  /** Stops the timer and waits for a run in progress to finish its current message. */
  stop(): Promise<void>
}

/**
 * Runs `deliverDueNotifications` now and then every `intervalMs` after each run ends (at once again if a run
 * filled its batch, to work through a backlog). A failing run is logged and the next one goes ahead as usual:
 * the worker never throws into the process.
 */
export function startOutboxWorker(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  mailer: Mailer,
  { intervalMs = 2000, batchSize = 20 }: { intervalMs?: number; batchSize?: number } = {},
): OutboxWorker {
  // Recipients' addresses and the messages' text stay out of the log: the Email outbox page shows them to
  // administrators, and each failure's reason is kept on its row.
  const log = deps.log.child({ component: 'outbox' })
  const stopping = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined

  const schedule = (ms: number): void => {
    if (stopping.signal.aborted) return
    timer = setTimeout(run, ms)
    // The worker alone never keeps the process alive; the server does.
    timer.unref()
  }

  function run(): void {
    timer = undefined
    running = (async () => {
      let backlog = false
      try {
        const { sent, failed } = await deliverDueNotifications(deps, mailer, { batchSize, signal: stopping.signal })
        if (sent > 0) log.debug(`sent ${sent} email${sent === 1 ? '' : 's'}`)
        if (failed > 0)
          log.warn(
            `${failed} email${failed === 1 ? '' : 's'} could not be sent and will be tried again later (see the Email outbox page)`,
          )
        backlog = sent + failed >= batchSize
      } catch (e) {
        try {
          log.error({ err: e }, 'the email outbox worker failed and will try again')
        } catch {
          // A broken logger must not stop the worker either.
        }
      } finally {
        running = undefined
        schedule(backlog ? 0 : intervalMs)
      }
    })()
  }

  schedule(0)
  return {
    async stop() {
      stopping.abort()
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      await running
    },
  }
}
