import { Construct } from 'constructs';
import { TerraformElement } from '../toolchain';

/**
 * A Terraform `removed` block, `lifecycle { destroy = false }`, for the resource of type
 * `resourceType` that once stood at this element's construct path: the address is the one the
 * stack allocates for this path, so it is the one that resource had. Terraform then forgets
 * the resource (it stays in AWS as it is) instead of destroying it, and does nothing when no
 * such resource is in the state.
 */
export class ForgottenResource extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly resourceType: string,
  ) {
    super(scope, id, 'removed');
  }

  /** The address Terraform forgets. */
  public get address(): string {
    return `${this.resourceType}.${this.friendlyUniqueId}`;
  }

  public toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.address, lifecycle: { destroy: false } }] };
  }

  public toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }
}
