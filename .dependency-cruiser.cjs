/** Layering rules: dependencies point inward (web -> application -> domain). The build fails otherwise. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain may import only src/domain (no node built-ins, no packages, no other layers).',
      severity: 'error',
      from: { path: '^src/domain', pathNot: '\\.test\\.ts$' },
      to: { pathNot: '^src/domain' },
    },
    {
      name: 'application-not-web',
      comment: 'Use cases never know about the web layer or the CLI.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { path: '^src/(web|cli)' },
    },
    {
      name: 'infrastructure-not-web',
      severity: 'error',
      from: { path: '^src/infrastructure' },
      to: { path: '^src/(web|cli)' },
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
