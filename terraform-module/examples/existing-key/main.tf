# The module with a key made elsewhere: with kms_key_arn set it creates no key and no alias.
#
# The key's policy must already let CloudWatch Logs use it for this account's anomaly
# detectors; the module does not change it, and CloudWatch Logs refuses to create the detector
# otherwise. kms-anomaly-detector's `key-policy merge` workflow adds the two statements to the
# existing policy (README, "Keys made elsewhere"):
#
#   aws kms get-key-policy --key-id $KEY --policy-name default --query Policy --output text > policy.json
#   npm run --silent key-policy -- merge --region REGION --account ACCOUNT < policy.json > new.json
#   aws kms put-key-policy --key-id $KEY --policy-name default --policy file://new.json

terraform {
  required_version = ">= 1.7.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7"
    }
  }
}

variable "region" {
  type        = string
  default     = "us-east-1"
  description = "Region of the log group, the key and the detector."
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of an existing symmetric KMS key in var.region whose policy lets CloudWatch Logs use it (see above)."
}

provider "aws" {
  region = var.region
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/kms-anomaly-detector/examples/existing-key"
  retention_in_days = 30
}

module "anomaly_detector" {
  source = "../.."

  log_group_arns = [aws_cloudwatch_log_group.app.arn]
  kms_key_arn    = var.kms_key_arn
}

output "detector_arn" {
  value = module.anomaly_detector.detector_arn
}

output "key_arn" {
  value = module.anomaly_detector.key_arn
}
