/**
 * A real OpenID provider on loopback for the single sign-on tests (route tests and the browser journey): the
 * `oidc-provider` package, with one confidential client for Together and an interaction page that signs in a
 * given account and can give or withhold the multi-factor assertion (amr).
 *
 * It runs on plain http on 127.0.0.1: Together allows http issuers on loopback only (issuerProblem), and
 * openid-client only talks to them with allowInsecureRequests. oidc-provider needs no `proxy` here (nothing is in
 * front of it); its development-only interactions are off, replaced by the small form below.
 *
 * `tamper` makes the next ID tokens lie (another audience, issuer, nonce, or an expiry in the past): the token
 * endpoint's answer is re-signed with the provider's own key, so only the claim is wrong and the signature is good,
 * as a misconfigured or hostile provider would send.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Provider, { type KoaContext } from 'oidc-provider'

export interface ProviderAccount {
  readonly sub: string
  readonly email: string
  readonly emailVerified?: boolean
  readonly name: string
}

export interface IdTokenTamper {
  readonly aud?: string
  readonly iss?: string
  readonly nonce?: string
  /** Seconds from now (negative: already expired). */
  readonly expiresIn?: number
}

export interface TestProvider {
  readonly issuer: string
  readonly clientId: string
  readonly clientSecret: string
  addAccount(account: ProviderAccount): void
  /** Applies to every ID token until set to undefined. */
  tamper: IdTokenTamper | undefined
  /** Token requests the provider refused (a replayed code, say). */
  readonly refusedTokenRequests: string[]
  close(): Promise<void>
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url')

function page(title: string, body: string): string {
  // Accessible on its own (the journey runs axe on every page it sees, this one included).
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

export async function startTestProvider(options: {
  redirectUris: readonly string[]
  postLogoutRedirectUris?: readonly string[]
}): Promise<TestProvider> {
  const accounts = new Map<string, ProviderAccount>()
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const kid = randomBytes(8).toString('hex')
  const jwk = { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, use: 'sig', alg: 'RS256' }
  const clientId = `together-${randomBytes(4).toString('hex')}`
  const clientSecret = randomBytes(24).toString('base64url')
  const refusedTokenRequests: string[] = []

  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => s.end()
  const server: Server = createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...options.redirectUris],
        post_logout_redirect_uris: [...(options.postLogoutRedirectUris ?? [])],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    // amr and acr in every ID token, as Entra ID and CIS2 send them (oidc-provider otherwise only adds them when
    // the client asks with the claims parameter).
    claims: { openid: ['sub', 'amr', 'acr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name'] },
    acrValues: ['urn:test:mfa', 'urn:test:pwd'],
    // Email and name in the ID token itself, as Entra ID and Google do (Together reads userinfo when they are not).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true, logoutSource } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // Together is a first-party client: the people's organisation registered it, so no consent screen.
    loadExistingGrant: async (ctx: KoaContext & { oidc: { session: { accountId: string } } }) => {
      const grant = new ctx.oidc.provider.Grant({ accountId: ctx.oidc.session.accountId, clientId })
      grant.addOIDCScope('openid email profile')
      await grant.save()
      return grant
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const a = [...accounts.values()].find((x) => x.sub === sub)
      if (a === undefined) return undefined
      return {
        accountId: sub,
        claims: async () => ({ sub, email: a.email, email_verified: a.emailVerified ?? true, name: a.name }),
      }
    },
    renderError: async (ctx: KoaContext, out: Record<string, string>) => {
      ctx.type = 'html'
      ctx.body = page('Sign-in error', `<p>${esc(out.error ?? '')}: ${esc(out.error_description ?? '')}</p>`)
    },
  })
  async function logoutSource(ctx: KoaContext, form: string) {
    ctx.body = page(
      'Sign out of the test provider',
      `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`,
    )
  }
  provider.on('grant.error', (...args: unknown[]) => {
    const e = args[1] as { error?: string; error_description?: string }
    refusedTokenRequests.push(`${e.error ?? ''}: ${e.error_description ?? ''}`)
  })

  const state: { tamper: IdTokenTamper | undefined } = { tamper: undefined }
  provider.use(async (ctx, next) => {
    await next()
    const t = state.tamper
    if (t === undefined || ctx.oidc?.route !== 'token' || ctx.status !== 200) return
    const body = ctx.body as { id_token?: string }
    if (typeof body.id_token !== 'string') return
    const [header, payload] = body.id_token.split('.')
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
    const now = Math.floor(Date.now() / 1000)
    if (t.aud !== undefined) claims.aud = t.aud
    if (t.iss !== undefined) claims.iss = t.iss
    if (t.nonce !== undefined) claims.nonce = t.nonce
    if (t.expiresIn !== undefined) {
      claims.exp = now + t.expiresIn
      claims.iat = Math.min(now, now + t.expiresIn - 60)
    }
    const input = `${header ?? ''}.${b64url(JSON.stringify(claims))}`
    body.id_token = `${input}.${b64url(sign('sha256', Buffer.from(input), privateKey))}`
  })

  const callback = provider.callback()
  handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer)
    const match = /^\/interaction\/([\w-]+)$/.exec(url.pathname)
    if (match === null) return callback(req, res)
    void (async () => {
      try {
        await provider.interactionDetails(req, res)
        if (req.method === 'GET') {
          res.setHeader('content-type', 'text/html; charset=utf-8')
          res.end(
            page(
              'Test provider: sign in',
              `<form method="post" action="${url.pathname}">
<p><label for="login">Email address</label> <input id="login" name="login" type="email" autocomplete="username"></p>
<p><input id="mfa" name="mfa" type="checkbox" value="yes"> <label for="mfa">A second check was made (multi-factor)</label></p>
<p><button type="submit">Sign in</button></p></form>`,
            ),
          )
          return
        }
        const form = await readForm(req)
        const account = accounts.get((form.get('login') ?? '').toLowerCase())
        if (account === undefined) {
          await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'unknown account' })
          return
        }
        const mfa = form.get('mfa') === 'yes'
        await provider.interactionFinished(
          req,
          res,
          {
            login: {
              accountId: account.sub,
              amr: mfa ? ['pwd', 'mfa'] : ['pwd'],
              acr: mfa ? 'urn:test:mfa' : 'urn:test:pwd',
            },
          },
          { mergeWithLastSubmission: false },
        )
      } catch (e) {
        res.statusCode = 400
        res.setHeader('content-type', 'text/html; charset=utf-8')
        res.end(page('Sign-in error', `<p>${esc(String(e))}</p>`))
      }
    })()
  }

  return {
    issuer,
    clientId,
    clientSecret,
    addAccount: (a) => accounts.set(a.email.toLowerCase(), a),
    get tamper() {
      return state.tamper
    },
    set tamper(t) {
      state.tamper = t
    },
    refusedTokenRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * A person's browser at the provider, for route tests: follows the provider's redirects with its cookies, fills
 * the sign-in form, and stops at the address the provider sends back to Together.
 */
export async function signInAtProvider(
  authorizationUrl: string,
  person: { email: string; mfa: boolean },
  redirectPrefix: string,
): Promise<URL> {
  const jar = new Map<string, string>()
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const eq = (pair ?? '').indexOf('=')
      if (eq > 0) jar.set((pair ?? '').slice(0, eq).trim(), (pair ?? '').slice(eq + 1))
    }
  }
  const back = new URL(redirectPrefix).href
  let url = new URL(authorizationUrl)
  let body: string | undefined
  for (let hop = 0; hop < 10; hop++) {
    if (url.href.startsWith(back)) return url
    const res = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(),
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(body === undefined ? {} : { body }),
    })
    keep(res)
    body = undefined
    const location = res.headers.get('location')
    if (location !== null) {
      url = new URL(location, url)
      continue
    }
    const html = await res.text()
    if (res.status === 200 && url.pathname.startsWith('/interaction/')) {
      body = new URLSearchParams({ login: person.email, ...(person.mfa ? { mfa: 'yes' } : {}) }).toString()
      continue
    }
    throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${html.slice(0, 300)}`)
  }
  throw new Error('too many redirects at the provider')
}
