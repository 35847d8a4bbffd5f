/**
 * What hashicorp/aws releases differ in, where the constructs depend on it. One home: the
 * constructs ask these questions of the version their binding pins.
 */

/** The first hashicorp/aws release with a `region` argument on every resource (6.0.0). */
export const REGION_ARGUMENT_SINCE = '6.0.0';

/** The rule a resource outside its provider's region breaks before 6.0.0; messages of the constructs and the Terraform module name it. */
export const REGION_ARGUMENT_NEEDED = `a resource in another region than its provider's needs the \`region\` argument of hashicorp/aws ${REGION_ARGUMENT_SINCE} or later`;

/** `major.minor.patch` of a provider version like `6.25.0`; throws on anything else. */
function parts(version: string): [number, number, number] {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new Error(`'providerVersion' must be a version like '6.25.0', got '${version}'`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Whether `version` is `since` or later. */
export function providerVersionAtLeast(version: string, since: string): boolean {
  const [a, b] = [parts(version), parts(since)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** Does this hashicorp/aws version let a resource name its own region (`region` argument)? */
export function hasRegionArgument(providerVersion: string): boolean {
  return providerVersionAtLeast(providerVersion, REGION_ARGUMENT_SINCE);
}
