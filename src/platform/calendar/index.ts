export * from './localDate.js'
export * from './bankHolidays.js'
export * from './calendar.js'
