// The CloudTrail API (2013-11-01): its request structures.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const requestShapes: Readonly<Record<string, Shape>> = {
  LookupEventsRequest: {
    type: 'structure',
    members: {
      LookupAttributes: { shape: 'LookupAttributesList', doc: 'Only the events with this attribute: AttributeKey=EventName,AttributeValue=Decrypt, say (one attribute at most); every event when left out.' },
      StartTime: { shape: 'Date', doc: 'Only events at or after this time; from the oldest the trail keeps when left out.' },
      EndTime: { shape: 'Date', doc: 'Only events at or before this time; up to now when left out.' },
      EventCategory: { shape: 'EventCategory', doc: 'insight to look up Insights events instead of the calls; left out, the calls.' },
      MaxResults: { shape: 'MaxResults', doc: 'The most events in one response, 1 to 50 (50 when left out).' },
      NextToken: { shape: 'NextToken', doc: 'Where to continue: the NextToken of the previous response.' },
    },
  },
  LookupAttribute: {
    type: 'structure', required: ['AttributeKey', 'AttributeValue'], doc: 'A condition on the events: an attribute and the value it must have.',
    members: {
      AttributeKey: { shape: 'LookupAttributeKey' },
      AttributeValue: { shape: 'LookupAttributeValue' },
    },
  },
};
