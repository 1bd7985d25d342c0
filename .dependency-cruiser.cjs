/**
 * Layering rules: dependencies point inward. Each capability is a module (src/modules/<module>/) with a pure
 * domain/; src/platform/ is what every module shares and knows no module; src/app/ and src/cli/ compose modules.
 * The build fails otherwise.
 */
const PURE = '^src/(modules/[^/]+/domain|platform/(shared|calendar|identity))/'
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'A domain folder (and platform/shared, platform/calendar) imports only other pure code: no node built-ins, no packages, no I/O.',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.test\\.ts$' },
      to: { pathNot: PURE },
    },
    {
      name: 'platform-knows-no-module',
      comment: 'src/platform is shared machinery: it never imports a module, the app or the CLI.',
      severity: 'error',
      from: { path: '^src/platform/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(modules|app|cli)/' },
    },
    {
      name: 'modules-not-app-or-cli',
      comment: 'Modules never know about the composition root (src/app) or the CLI.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(app|cli)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
}
