// A command line the CLI cannot act on: wrong or missing options.
export class UsageError extends Error {}
