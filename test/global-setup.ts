// Placeholder replaced by the foundation work (builds the app once for end-to-end suites).
export default async function setup() {}
