// The Cost Explorer API (2017-10-25): its request structures (responses carry
// some of them too: DateInterval, GroupDefinition).
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const requestShapes: Readonly<Record<string, Shape>> = {
  GetCostAndUsageRequest: {
    type: 'structure', required: ['TimePeriod', 'Granularity', 'Metrics'],
    members: {
      TimePeriod: { shape: 'DateInterval', doc: 'The dates to cover: Start=YYYY-MM-DD,End=YYYY-MM-DD, Start included and End not.' },
      Granularity: { shape: 'Granularity', doc: 'How to split the period: MONTHLY, DAILY or HOURLY.' },
      Filter: { shape: 'Expression', doc: 'Only the usage that matches this filter (JSON): Dimensions, Tags or CostCategories, combined with And, Or and Not.' },
      Metrics: { shape: 'MetricNames', doc: 'What to measure: UnblendedCost, BlendedCost, AmortizedCost, NetUnblendedCost, NetAmortizedCost, UsageQuantity, NormalizedUsageAmount.' },
      GroupBy: { shape: 'GroupDefinitions', doc: 'Up to two groupings, each Type=DIMENSION,Key=USAGE_TYPE (or REGION, OPERATION, …) or Type=TAG,Key=<tag key>.' },
      BillingViewArn: { shape: 'BillingViewArn', doc: 'The ARN of a billing view to read instead of the account\'s own bill.' },
      NextPageToken: { shape: 'NextPageToken', doc: 'Where to continue: the NextPageToken of the previous response.' },
    },
  },
  DateInterval: {
    type: 'structure', required: ['Start', 'End'], doc: 'A period: Start is included, End is not.',
    members: {
      Start: { shape: 'YearMonthDay', doc: 'The first day, included.' },
      End: { shape: 'YearMonthDay', doc: 'The day after the last, not included.' },
    },
  },
  Expression: {
    type: 'structure', doc: 'A filter: one of Dimensions, Tags or CostCategories, or And, Or or Not of other filters.',
    members: {
      Or: { shape: 'Expressions' },
      And: { shape: 'Expressions' },
      Not: { shape: 'Expression' },
      Dimensions: { shape: 'DimensionValues' },
      Tags: { shape: 'TagValues' },
      CostCategories: { shape: 'CostCategoryValues' },
    },
  },
  DimensionValues: {
    type: 'structure', doc: 'The values a dimension must have.',
    members: {
      Key: { shape: 'Dimension' },
      Values: { shape: 'Values' },
      MatchOptions: { shape: 'MatchOptions' },
    },
  },
  TagValues: {
    type: 'structure', doc: 'The values a tag must have.',
    members: {
      Key: { shape: 'TagKey' },
      Values: { shape: 'Values' },
      MatchOptions: { shape: 'MatchOptions' },
    },
  },
  CostCategoryValues: {
    type: 'structure', doc: 'The values a cost category must have.',
    members: {
      Key: { shape: 'CostCategoryName' },
      Values: { shape: 'Values' },
      MatchOptions: { shape: 'MatchOptions' },
    },
  },
  GroupDefinition: {
    type: 'structure', doc: 'A grouping: a dimension, tag or cost category to split the results by.',
    members: {
      Type: { shape: 'GroupDefinitionType', doc: 'DIMENSION, TAG or COST_CATEGORY.' },
      Key: { shape: 'GroupDefinitionKey', doc: 'The dimension (USAGE_TYPE, REGION, …), tag key or cost category name.' },
    },
  },
};
