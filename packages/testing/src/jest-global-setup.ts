// Placeholder: the foundation work replaces this with Postgres/Redis provisioning for integration tests.
export default async function globalSetup(): Promise<void> {}
