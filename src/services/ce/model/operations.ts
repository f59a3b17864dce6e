// The Cost Explorer API (2017-10-25): the one operation kms implements,
// GetCostAndUsage: what the KMS usage recorded in the trail would cost on AWS.
// Data only: input, output, errors and paginator from botocore; docs and examples are ours.
import type { OperationSpec } from '../../../api/types.js';

export const operations: Readonly<Record<string, OperationSpec>> = {
  GetCostAndUsage: {
    name: 'GetCostAndUsage',
    input: 'GetCostAndUsageRequest',
    output: 'GetCostAndUsageResponse',
    errors: ['LimitExceededException', 'BillExpirationException', 'DataUnavailableException', 'InvalidNextTokenException', 'RequestChangedException', 'ResourceNotFoundException', 'BillingViewHealthStatusException'],
    doc: 'Shows what the KMS usage recorded in the trail would cost on AWS, by month or by day, optionally grouped by usage type or region.',
    examples: [
      { command: 'kms ce get-cost-and-usage --time-period Start=2026-11-01,End=2026-12-01 --granularity MONTHLY --metrics UnblendedCost --group-by Type=DIMENSION,Key=USAGE_TYPE', description: 'Shows the cost of November 2026, by usage type.' },
      { command: 'kms ce get-cost-and-usage --time-period Start=2026-11-01,End=2026-11-08 --granularity DAILY --metrics UnblendedCost UsageQuantity --group-by Type=DIMENSION,Key=REGION', description: 'Shows the cost and usage of each day of the first week of November 2026, by region.' },
    ],
  },
};
