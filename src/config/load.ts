import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { EnvSchema, type Env } from './schema.js';

/** A setting the operator must fix; the message names the variable and what is wrong with it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

/** The settings of an optional `.env` file (empty when there is none). */
export function readEnvFile(envFile = '.env'): Record<string, string> {
  return existsSync(envFile) ? parseDotenv(readFileSync(envFile)) : {};
}

/**
 * Validates the environment, with values from an optional `.env` file underneath (real environment wins).
 * Throws ConfigError for the first invalid setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Env {
  const fromFile = readEnvFile(envFile);
  const result = EnvSchema.safeParse({ ...fromFile, ...env });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'configuration');
  const value = env[variable] ?? fromFile[variable];
  // Secrets never reach a log or a terminal, even when they are malformed.
  const secret = /TOKEN|SECRET|PASSWORD/.test(variable);
  const shown = value === undefined || secret ? '' : ` (got "${value.length > 40 ? value.slice(0, 40) + '…' : value}")`;
  throw new ConfigError(variable, `${issue.message}${shown}`);
}
