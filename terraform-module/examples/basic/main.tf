# The module creates the KMS key (with a policy that lets CloudWatch Logs use it) and a
# detector on one new log group, and the same key encrypts that log group: `key_log_group_names`
# names it in the key's policy, and the log group takes `key_arn`. `source = "../.."` is the
# module in this checkout; outside it, use the git address from the module's README.

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

provider "aws" {
  region = var.region
}

locals {
  # Literal, not aws_cloudwatch_log_group.app.name: the log group refers to the key, so the
  # key's policy must not refer to the log group.
  log_group_name = "/kms-anomaly-detector/examples/basic"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = local.log_group_name
  retention_in_days = 30
  kms_key_id        = module.anomaly_detector.key_arn
}

module "anomaly_detector" {
  source = "../.."

  log_group_arns      = [aws_cloudwatch_log_group.app.arn]
  key_log_group_names = [local.log_group_name]
}

output "detector_arn" {
  value = module.anomaly_detector.detector_arn
}

output "key_arn" {
  value = module.anomaly_detector.key_arn
}
