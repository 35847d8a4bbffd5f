import { AWS_PROVIDER_BINDING_VERSION, TerraformResource } from '../toolchain';
import { hasRegionArgument, REGION_ARGUMENT_NEEDED } from '../aws/provider-versions';

/** Whether the installed binding's resources take a `region` argument (hashicorp/aws 6 and later). */
export function bindingHasRegionArgument(): boolean {
  return hasRegionArgument(AWS_PROVIDER_BINDING_VERSION);
}

/** Why a region other than the provider's is refused with this binding; the message's tail. */
export const REGION_ARGUMENT_RULE = `${REGION_ARGUMENT_NEEDED}, and this binding pins ${AWS_PROVIDER_BINDING_VERSION}`;

/**
 * Puts `resources` in `region` with hashicorp/aws 6's `region` argument, so one provider serves
 * several regions. Set as an override because the aws 5 binding's config has no such field
 * (callers refuse a foreign region there first).
 */
export function placeInRegion(region: string | undefined, ...resources: ReadonlyArray<TerraformResource | undefined>): void {
  if (region === undefined || !bindingHasRegionArgument()) return;
  for (const resource of resources) resource?.addOverride('region', region);
}
