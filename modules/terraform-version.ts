/**
 * The oldest Terraform the synthesized configurations work with: 1.7 brought `removed` blocks,
 * with which a key that leaves the configuration is forgotten instead of deleted (1.4 brought
 * `terraform_data`, the detector's replacement trigger). The example stack and the generated
 * Terraform module both state it.
 */
export const MINIMUM_TERRAFORM_VERSION = '1.7.0';

/** `required_version` for a configuration that uses these constructs. */
export const REQUIRED_TERRAFORM_VERSION = `>= ${MINIMUM_TERRAFORM_VERSION}`;
