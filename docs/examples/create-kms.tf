# A symmetric KMS key with rotation every 180 days, a key policy for the account, tags and an
# alias. The provider block names the region only: with `kms serve`, set AWS_ENDPOINT_URL (and any
# access key the server accepts) and Terraform sends its KMS and STS calls there.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0" # tested with 5.100.0
    }
  }
}

provider "aws" {
  region = "ap-southeast-2"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

resource "aws_kms_key" "example" {
  description             = "Key created by Terraform"
  enable_key_rotation     = true
  rotation_period_in_days = 180
  deletion_window_in_days = 7

  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "key-default-1"
    Statement = [
      {
        Sid    = "Enable IAM User Permissions"
        Effect = "Allow"
        Principal = {
          AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
        }
        Action   = "kms:*"
        Resource = "*"
      }
    ]
  })

  tags = {
    Name        = "my-tf-key"
    Environment = "dev"
  }
}

resource "aws_kms_alias" "example" {
  name          = "alias/my-tf-key"
  target_key_id = aws_kms_key.example.key_id
}

output "key_id" {
  value = aws_kms_key.example.key_id
}

output "key_arn" {
  value = aws_kms_key.example.arn
}

output "alias_arn" {
  value = aws_kms_alias.example.arn
}
