import { dropDatabase } from "./test-database";
import { TEMPLATE_ENV, testServers } from "./test-env";

/** Drops the template database globalSetup built. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (template) await dropDatabase(testServers().pgAdminUrl, template);
}
