# The module with its defaults: it creates the KMS key (with a policy that lets CloudWatch Logs
# use it) and a detector on one new log group. `source = "../.."` is the module in this
# checkout; outside it, use the git address from the module's README.

terraform {
  required_version = ">= 1.7.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
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

resource "aws_cloudwatch_log_group" "app" {
  name              = "/kms-anomaly-detector/examples/basic"
  retention_in_days = 30
}

module "anomaly_detector" {
  source = "../.."

  log_group_arns = [aws_cloudwatch_log_group.app.arn]
}

output "detector_arn" {
  value = module.anomaly_detector.detector_arn
}

output "key_arn" {
  value = module.anomaly_detector.key_arn
}
