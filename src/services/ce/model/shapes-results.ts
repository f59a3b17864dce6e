// The Cost Explorer API (2017-10-25): its response structures and the structures inside them.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const resultShapes: Readonly<Record<string, Shape>> = {
  GetCostAndUsageResponse: {
    type: 'structure',
    members: {
      NextPageToken: { shape: 'NextPageToken', doc: 'Present when there are more results: pass it back as NextPageToken.' },
      GroupDefinitions: { shape: 'GroupDefinitions', doc: 'The groupings the results are split by.' },
      ResultsByTime: { shape: 'ResultsByTime', doc: 'The results, one for each month or day of the period.' },
      DimensionValueAttributes: { shape: 'DimensionValuesWithAttributesList', doc: 'Attributes of the dimension values in the results, such as an account\'s name.' },
    },
  },
  ResultByTime: {
    type: 'structure', doc: 'The results for one month or day of the period.',
    members: {
      TimePeriod: { shape: 'DateInterval', doc: 'The month or day.' },
      Total: { shape: 'Metrics', doc: 'The metrics of all the usage of the month or day (ungrouped requests).' },
      Groups: { shape: 'Groups', doc: 'The metrics of each group (grouped requests).' },
      Estimated: { shape: 'Estimated', doc: 'true while the month or day is not over.' },
    },
  },
  MetricValue: {
    type: 'structure', doc: 'An amount and its unit.',
    members: {
      Amount: { shape: 'MetricAmount', doc: 'The amount, as decimal text such as 0.03.' },
      Unit: { shape: 'MetricUnit', doc: 'USD for costs; the unit of usage (Requests, say) for usage.' },
    },
  },
  Group: {
    type: 'structure', doc: 'The metrics of one group.',
    members: {
      Keys: { shape: 'Keys', doc: 'The group\'s value of each grouping, such as a usage type or a region.' },
      Metrics: { shape: 'Metrics', doc: 'The metrics of the group.' },
    },
  },
  DimensionValuesWithAttributes: {
    type: 'structure', doc: 'A dimension value and its attributes.',
    members: {
      Value: { shape: 'Value' },
      Attributes: { shape: 'Attributes' },
    },
  },
};
