import { z } from 'zod'

/**
 * An email address typed into a form (sign in, sign in through the organisation's provider, an invitation): trimmed,
 * at most 320 characters (RFC 5321's longest address), in the correct format. Only the words for a blank field
 * differ, as the person asked about differs.
 */
export const emailAddress = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com')
