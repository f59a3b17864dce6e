// The Cost Explorer API (2017-10-25): its scalar, list and map shapes, in the order the operation
// reaches them.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const scalarShapes: Readonly<Record<string, Shape>> = {
  YearMonthDay: { type: 'string', min: 0, max: 40, pattern: '(\\d{4}-\\d{2}-\\d{2})(T\\d{2}:\\d{2}:\\d{2}Z)?', doc: 'A date, YYYY-MM-DD.' },
  Granularity: { type: 'string', enum: ['DAILY', 'MONTHLY', 'HOURLY'], doc: 'How finely to split the period: MONTHLY, DAILY or HOURLY.' },
  Expressions: { type: 'list', member: 'Expression' },
  Dimension: { type: 'string', enum: ['AZ', 'INSTANCE_TYPE', 'LINKED_ACCOUNT', 'PAYER_ACCOUNT', 'LINKED_ACCOUNT_NAME', 'OPERATION', 'PURCHASE_TYPE', 'REGION', 'SERVICE', 'SERVICE_CODE', 'USAGE_TYPE', 'USAGE_TYPE_GROUP', 'RECORD_TYPE', 'OPERATING_SYSTEM', 'TENANCY', 'SCOPE', 'PLATFORM', 'SUBSCRIPTION_ID', 'LEGAL_ENTITY_NAME', 'DEPLOYMENT_OPTION', 'DATABASE_ENGINE', 'CACHE_ENGINE', 'INSTANCE_TYPE_FAMILY', 'BILLING_ENTITY', 'RESERVATION_ID', 'RESOURCE_ID', 'RIGHTSIZING_TYPE', 'SAVINGS_PLANS_TYPE', 'SAVINGS_PLAN_ARN', 'PAYMENT_OPTION', 'AGREEMENT_END_DATE_TIME_AFTER', 'AGREEMENT_END_DATE_TIME_BEFORE', 'INVOICING_ENTITY', 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', 'ANOMALY_TOTAL_IMPACT_PERCENTAGE'], doc: 'A dimension of usage, such as USAGE_TYPE, REGION, SERVICE, OPERATION or LINKED_ACCOUNT.' },
  Values: { type: 'list', member: 'Value' },
  Value: { type: 'string', min: 0, max: 1024, pattern: '[\\S\\s]*' },
  MatchOptions: { type: 'list', member: 'MatchOption' },
  MatchOption: { type: 'string', enum: ['EQUALS', 'ABSENT', 'STARTS_WITH', 'ENDS_WITH', 'CONTAINS', 'CASE_SENSITIVE', 'CASE_INSENSITIVE', 'GREATER_THAN_OR_EQUAL'], doc: 'How values match: EQUALS (the default), STARTS_WITH, ENDS_WITH, CONTAINS, ABSENT, CASE_SENSITIVE, CASE_INSENSITIVE, …' },
  TagKey: { type: 'string', min: 0, max: 1024, pattern: '[\\S\\s]*' },
  CostCategoryName: { type: 'string', min: 1, max: 50, pattern: '^(?! )[\\p{L}\\p{N}\\p{Z}-_]*(?<! )$' },
  MetricNames: { type: 'list', member: 'MetricName' },
  MetricName: { type: 'string', min: 0, max: 1024, pattern: '[\\S\\s]*', doc: 'A metric: UnblendedCost, BlendedCost, AmortizedCost, NetUnblendedCost, NetAmortizedCost, UsageQuantity or NormalizedUsageAmount.' },
  GroupDefinitions: { type: 'list', member: 'GroupDefinition' },
  GroupDefinitionType: { type: 'string', enum: ['DIMENSION', 'TAG', 'COST_CATEGORY'], doc: 'What to group by: DIMENSION, TAG or COST_CATEGORY.' },
  GroupDefinitionKey: { type: 'string', min: 0, max: 1024, pattern: '[\\S\\s]*' },
  BillingViewArn: { type: 'string', min: 20, max: 2048, pattern: '^arn:aws[a-z-]*:(billing)::[0-9]{12}:billingview/[-a-zA-Z0-9/:_+=.-@]{1,43}$' },
  NextPageToken: { type: 'string', min: 0, max: 8192, pattern: '[\\S\\s]*' },
  ResultsByTime: { type: 'list', member: 'ResultByTime' },
  Metrics: { type: 'map', key: 'MetricName', value: 'MetricValue' },
  MetricAmount: { type: 'string' },
  MetricUnit: { type: 'string' },
  Groups: { type: 'list', member: 'Group' },
  Keys: { type: 'list', member: 'Key' },
  Key: { type: 'string' },
  Estimated: { type: 'boolean' },
  DimensionValuesWithAttributesList: { type: 'list', member: 'DimensionValuesWithAttributes' },
  Attributes: { type: 'map', key: 'AttributeType', value: 'AttributeValue' },
  AttributeType: { type: 'string' },
  AttributeValue: { type: 'string' },
  ErrorMessage: { type: 'string' },
  Arn: { type: 'string', min: 20, max: 2048, pattern: 'arn:aws[-a-z0-9]*:[a-z0-9]+:[-a-z0-9]*:[0-9]{12}:[-a-zA-Z0-9/:_]+' },
};
