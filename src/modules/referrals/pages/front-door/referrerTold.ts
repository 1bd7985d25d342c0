import type { ReferralView } from '../../queries/viewReferral.js'

/**
 * What the front door may truthfully say the referrer was told. A professional sees the referral under "Your
 * referrals" in Together and is emailed when a mail server is set up; a member of the public is only ever emailed
 * their reference number (never the decision or its reasons), and only if they left an email address.
 */
export function referrerTold(
  view: Pick<ReferralView, 'channel' | 'details'>,
  event: 'acknowledged' | 'decided',
  sendsEmail: boolean,
): string {
  if (view.channel === 'public') {
    const email = (view.details as { referrerEmail?: unknown }).referrerEmail
    const leftEmail = typeof email === 'string' && email !== ''
    if (event === 'decided')
      return `The person who made this report is a member of the public. Together does not tell them the decision or your reasons${leftEmail ? ': they are only sent their reference number' : ''}. If they should know what happens next, contact them yourself.`
    if (!leftEmail) return 'The person who made this report left no email address, so they have not been told.'
    return sendsEmail
      ? 'The person who made this report has been emailed their reference number.'
      : 'An email with their reference number is waiting in the email outbox. Together has no mail server set up, so an administrator must pass it on.'
  }
  const what = event === 'decided' ? 'the decision and your reasons' : 'that it has been received'
  return sendsEmail
    ? `The referrer can see ${what} under “Your referrals” in Together, and has been emailed.`
    : `The referrer can see ${what} under “Your referrals” in Together. No email was sent: Together has no mail server set up.`
}
