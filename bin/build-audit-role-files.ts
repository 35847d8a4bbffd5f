import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { renderAuditRoleFiles } from '../cli/audit/role-templates';

/**
 * `npm run build:audit-role`: writes audit's policies and role templates under cli/audit/ from
 * the one list of its reads (cli/audit/audit-permissions.ts). They are committed and shipped;
 * a test fails when they differ from what this writes.
 */
const AUDIT_DIR = resolve(__dirname, '..', 'cli', 'audit');

for (const [name, text] of Object.entries(renderAuditRoleFiles())) {
  const path = join(AUDIT_DIR, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`Wrote ${relative(process.cwd(), path)}`);
}
