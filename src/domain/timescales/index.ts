export * from './rules.js'
export * from './override.js'
export * from './dueDate.js'
export * from './deadlineState.js'
