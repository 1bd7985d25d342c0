/**
 * Page objects for the journeys. Every method that lands on a page checks it with axe (through `checkPage`),
 * and the fixture in test.ts fails a test that loads a page nobody checked.
 */
import { expect, type Locator, type Page } from '@playwright/test'
import type { E2eUser } from './settings.js'

export type CheckPage = () => Promise<void>

/** Clicks a form's button and returns the HTTP status of the POST it sends (a 303 when it redirects). */
async function postStatus(page: Page, path: string, click: () => Promise<void>): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
    click(),
  ])
  return response.status()
}

abstract class ServicePage {
  constructor(
    protected readonly page: Page,
    protected readonly checkPage: CheckPage,
  ) {}

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary')
  }

  /** The GOV.UK error pattern: "Error:" in the title, a summary linking to each problem, the message by the field. */
  async expectErrors(messages: readonly string[]): Promise<void> {
    await expect(this.page).toHaveTitle(/^Error: /)
    await expect(this.errorSummary.getByRole('heading', { name: 'There is a problem' })).toBeVisible()
    await expect(this.errorSummary.getByRole('link')).toHaveText([...messages])
    for (const message of messages) {
      await expect(this.page.locator('.govuk-error-message').filter({ hasText: message }).first()).toBeVisible()
    }
    await this.checkPage()
  }
}

export class SignInPage extends ServicePage {
  readonly heading = this.page.getByRole('heading', { level: 1, name: 'Sign in to Together' })

  async goto(): Promise<void> {
    await this.page.goto('/sign-in')
    await this.expectShown()
  }

  async expectShown(): Promise<void> {
    await expect(this.heading).toBeVisible()
    await this.checkPage()
  }

  /** Fills in and sends the form; returns the response status (303 on success, 400, 401 or 423). */
  async submit(email: string, password: string): Promise<number> {
    await this.page.getByLabel('Email address').fill(email)
    // exact: with JavaScript on, the "Show password" button would match too.
    await this.page.getByLabel('Password', { exact: true }).fill(password)
    return postStatus(this.page, '/sign-in', () => this.page.getByRole('button', { name: 'Sign in' }).click())
  }

  async signIn(user: E2eUser): Promise<number> {
    return this.submit(user.email, user.password)
  }
}

export class TwoFactorPage extends ServicePage {
  readonly setUpHeading = this.page.getByRole('heading', { level: 1, name: 'Set up your authenticator app' })
  readonly enterHeading = this.page.getByRole('heading', { level: 1, name: 'Enter your authenticator code' })
  readonly secretKey = this.page.locator('#totp-secret')

  /** The set-up page: checks it and returns the key, as a person would type it into their app (no spaces). */
  async expectSetUp(): Promise<string> {
    await expect(this.setUpHeading).toBeVisible()
    await expect(this.page.locator('.app-qr svg')).toBeVisible()
    await expect(this.secretKey).toHaveText(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/)
    await this.checkPage()
    return (await this.secretKey.innerText()).replace(/\s+/g, '')
  }

  async expectCodeRequested(): Promise<void> {
    await expect(this.enterHeading).toBeVisible()
    await expect(this.secretKey).toHaveCount(0)
    await this.checkPage()
  }

  async submit(code: string): Promise<number> {
    await this.page.getByLabel('Code from your authenticator app').fill(code)
    return postStatus(this.page, '/sign-in/two-factor', () =>
      this.page.getByRole('button', { name: 'Continue' }).click(),
    )
  }
}

export class HomePage extends ServicePage {
  async expectWelcome(user: Pick<E2eUser, 'name' | 'organisation'>): Promise<void> {
    await expect(this.page).toHaveURL('/')
    await expect(this.page.getByRole('heading', { level: 1, name: `Hello, ${user.name}` })).toBeVisible()
    await expect(this.page.getByRole('main').getByText(user.organisation, { exact: true })).toBeVisible()
    await this.checkPage()
  }

  /** "Sign out" is a button in a POST form in the header, so it works without JavaScript too. */
  async signOut(): Promise<void> {
    const status = await postStatus(this.page, '/sign-out', () =>
      this.page.getByRole('button', { name: 'Sign out' }).click(),
    )
    expect(status).toBe(303)
    await expect(this.page).toHaveURL('/signed-out')
    await expect(this.page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible()
    await expect(this.page.getByRole('button', { name: 'Sign out' })).toHaveCount(0)
    await this.checkPage()
  }
}

export class AdminUsersPage extends ServicePage {
  async expectList(organisation: string): Promise<void> {
    await expect(this.page).toHaveURL('/admin/users')
    await expect(this.page.getByRole('heading', { level: 1, name: 'Manage users' })).toBeVisible()
    await expect(this.page.getByRole('main').getByText(organisation, { exact: true })).toBeVisible()
    await this.checkPage()
  }

  row(name: string): Locator {
    return this.page
      .getByRole('table', { name: 'People in your organisation' })
      .getByRole('row')
      .filter({ hasText: name })
  }

  async openInvite(): Promise<void> {
    await this.page.getByRole('button', { name: 'Invite a user' }).click()
    await expect(this.page).toHaveURL('/admin/users/invite')
    await expect(this.page.getByRole('heading', { level: 1, name: 'Invite a user' })).toBeVisible()
    await this.checkPage()
  }

  async submitInvite(): Promise<number> {
    return postStatus(this.page, '/admin/users/invite', () =>
      this.page.getByRole('button', { name: 'Create invitation' }).click(),
    )
  }
}
