import { Construct } from 'constructs';
import { anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl, TerraformResource } from '../toolchain';

/**
 * Terraform's built-in `terraform_data` with only `input`: the values whose change must
 * replace the resource that lists this one in `replace_triggered_by`.
 *
 * cdktf's own `DataResource` writes the same block but registers a check that runs
 * `terraform version` in a child process at every synth, once per resource: about 55 ms of
 * the ~60 ms each detector cost to synth (bench/RESULTS.md). Terraform older than 1.4 still
 * refuses the type at plan; stacks can say so up front with `required_version`.
 */
export class ReplacementTrigger extends TerraformResource {
  public static readonly tfResourceType = 'terraform_data';

  constructor(
    scope: Construct,
    id: string,
    private readonly input: Record<string, unknown>,
  ) {
    super(scope, id, { terraformResourceType: ReplacementTrigger.tfResourceType, terraformGeneratorMetadata: { providerName: 'terraform' } });
  }

  /** The address `replace_triggered_by` takes: Terraform's JSON syntax rejects cdktf's "${...}" form there. */
  public get address(): string {
    return `${ReplacementTrigger.tfResourceType}.${this.friendlyUniqueId}`;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: hashMapper(anyToTerraform)(this.input) };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return { input: hashMapperHcl(anyToHclTerraform)(this.input) };
  }
}
