/**
 * Notifications (the email outbox): what other modules may use. The outbox pages and worker are registered by
 * src/app and src/cli directly.
 */
export { tellUser } from './steps/tellUser.js'
