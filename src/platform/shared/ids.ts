/** Record ids are UUIDs. Checking the shape first turns a made-up id into "not found" rather than a database error. */
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
