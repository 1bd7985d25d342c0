import { sql, type Kysely } from 'kysely'

/**
 * Whether the referrer's identity must be kept from the family, asked on every referral form (issue 17, item 9),
 * and the public form as one question per page (item 10).
 *
 * - referral.referrer_identity_withheld: 'yes', 'no', or 'not_asked'. Before this migration nobody was asked, so
 *   existing rows are 'not_asked' (shown as "Not asked", never "No"), except the professional form's old tick-box
 *   "Ask children's social care not to tell the family who made this referral": a tick there was the referrer's
 *   own request, so those rows are 'yes'. referrer_identity_reason holds why, when the referrer gave it.
 * - referral.submission_key: the public report's one-time key (its draft's id), so a report sent twice writes
 *   once. The professional and DSL doors have their own keys elsewhere; NULL for them.
 * - public_report_draft: what a member of the public has answered so far, server-side (so the journey works
 *   without JavaScript and nothing travels in the address). It is not a referral: nothing is written to the
 *   referral tables until "Send". Deleted when sent; drafts left for a day are deleted when the next is started.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE referral
      ADD COLUMN referrer_identity_withheld text NOT NULL DEFAULT 'not_asked'
        CHECK (referrer_identity_withheld IN ('yes', 'no', 'not_asked')),
      ADD COLUMN referrer_identity_reason text CHECK (length(referrer_identity_reason) <= 2000),
      ADD COLUMN submission_key text UNIQUE CHECK (length(submission_key) BETWEEN 1 AND 200);
    UPDATE referral SET referrer_identity_withheld = 'yes' WHERE channel = 'professional' AND referrer_anonymous;

    CREATE TABLE public_report_draft (
      id uuid PRIMARY KEY,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX public_report_draft_updated ON public_report_draft (updated_at);
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
