import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Problem } from './problem';

/** Names that carry a credential by their ending, besides those the app lists itself. */
const credential = /(_KEY|_KEYS|_SECRET|_PASSWORD|_TOKEN|_DATABASE_URL)$|^(DATABASE_URL|REDIS_URL|SMTP_URL)$/;

/**
 * The chart's environment against the app's configuration schemas (the
 * `NAME:` keys of each file in configFiles): every credential the app reads is
 * a key of secrets.values and none sits in config (a ConfigMap is not secret),
 * and every name in either is one the app reads (a typo would be ignored
 * silently).
 */
export function checkSecretRouting(valuesFile: string, configFiles: string[]): Problem[] {
  const problems: Problem[] = [];
  const report = (message: string) => problems.push({ file: valuesFile, message });
  const known = new Set<string>(['DATA_DIR', 'PORT']);
  const secret = new Set<string>();
  for (const file of configFiles) {
    if (!existsSync(file)) {
      problems.push({
        file,
        message: 'missing: deploy/check.ts reads the app’s variables from it (update the path if it moved)',
      });
      continue;
    }
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)) {
      known.add(match[1]!);
      if (credential.test(match[1]!)) secret.add(match[1]!);
    }
    const listed = /secretVariables\s*=\s*new Set\(\[([^\]]*)\]/.exec(source);
    for (const name of listed ? listed[1]!.matchAll(/'([A-Z0-9_]+)'/g) : []) secret.add(name[1]!);
  }
  if (!existsSync(valuesFile)) return problems;
  let values: { config?: Record<string, unknown>; secrets?: { values?: Record<string, unknown> } };
  try {
    values = parse(readFileSync(valuesFile, 'utf8')) ?? {};
  } catch {
    return problems; // checkHelmChart reports the parse error.
  }
  const config = Object.keys(values.config ?? {});
  const secrets = Object.keys(values.secrets?.values ?? {});
  for (const name of [...secret].sort()) {
    if (config.includes(name))
      report(
        `config.${name} is a credential: move it to secrets.values (a ConfigMap is readable by anyone who can read the namespace)`,
      );
    else if (!secrets.includes(name))
      report(
        `secrets.values has no ${name}, a credential the app reads (${path.basename(configFiles.find((file) => existsSync(file) && readFileSync(file, 'utf8').includes(name)) ?? '')})`,
      );
  }
  if (known.size > 2) {
    for (const name of config) if (!known.has(name)) report(`config.${name} is not a variable the app reads`);
    for (const name of secrets)
      if (!known.has(name)) report(`secrets.values.${name} is not a variable the app reads`);
  }
  return problems;
}
