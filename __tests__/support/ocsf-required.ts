import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Facts {
  readonly required: readonly string[];
  readonly constraints: { readonly at_least_one?: readonly string[] };
  readonly enums: Readonly<Record<string, readonly number[]>>;
  readonly objectAttributes: Readonly<Record<string, string>>;
}

/** The required attributes of OCSF class 2004 and its objects, read from ocsf/ocsf-schema (see the fixture's `about`). */
export const OCSF_REQUIRED = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'ocsf', 'detection-finding-required.json'), 'utf8')) as {
  readonly ocsfVersion: string;
  readonly class: Facts & { readonly uid: number; readonly categoryUid: number; readonly profiles: readonly string[] };
  readonly objects: Readonly<Record<string, Facts>>;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function check(value: Record<string, unknown>, facts: Facts, at: string, problems: string[]): void {
  for (const name of facts.required) if (!present(value[name])) problems.push(`${at}.${name} is required`);
  const oneOf = facts.constraints.at_least_one;
  if (oneOf && !oneOf.some((name) => present(value[name]))) problems.push(`${at} needs at least one of ${oneOf.join(', ')}`);
  for (const [name, ids] of Object.entries(facts.enums)) {
    if (value[name] !== undefined && !ids.includes(value[name] as number))
      problems.push(`${at}.${name} ${JSON.stringify(value[name])} is not one of ${ids.join(', ')}`);
  }
  for (const [name, type] of Object.entries(facts.objectAttributes)) {
    const member = value[name];
    if (member === undefined) continue;
    const objectFacts = OCSF_REQUIRED.objects[type];
    if (!objectFacts) {
      problems.push(`${at}.${name} is a ${type} object, which the fixture holds no facts about: derive them from ocsf-schema`);
      continue;
    }
    for (const [i, item] of (Array.isArray(member) ? member : [member]).entries()) {
      const where = Array.isArray(member) ? `${at}.${name}[${i}]` : `${at}.${name}`;
      if (isObject(item)) check(item, objectFacts, where, problems);
      else problems.push(`${where} must be a ${type} object`);
    }
  }
}

/** What makes `finding` not an OCSF Detection Finding with the cloud profile: missing required attributes, broken constraints, unknown enum ids, a wrong class. */
export function ocsfDetectionFindingProblems(finding: unknown): string[] {
  if (!isObject(finding)) return ['a finding must be an object'];
  const problems: string[] = [];
  check(finding, OCSF_REQUIRED.class, 'finding', problems);
  const { uid, categoryUid, profiles } = OCSF_REQUIRED.class;
  if (finding.class_uid !== uid) problems.push(`finding.class_uid must be ${uid}, got ${JSON.stringify(finding.class_uid)}`);
  if (finding.category_uid !== categoryUid) problems.push(`finding.category_uid must be ${categoryUid}, got ${JSON.stringify(finding.category_uid)}`);
  if (finding.type_uid !== uid * 100 + (finding.activity_id as number)) problems.push(`finding.type_uid must be class_uid * 100 + activity_id`);
  const metadata = isObject(finding.metadata) ? finding.metadata : {};
  if (metadata.version !== OCSF_REQUIRED.ocsfVersion) problems.push(`finding.metadata.version must be ${OCSF_REQUIRED.ocsfVersion}`);
  for (const profile of profiles) {
    if (!(Array.isArray(metadata.profiles) && metadata.profiles.includes(profile))) problems.push(`finding.metadata.profiles must name ${profile}`);
  }
  return problems;
}
