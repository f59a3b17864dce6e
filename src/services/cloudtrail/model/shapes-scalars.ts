// The CloudTrail API (2013-11-01): its scalar, list and map shapes, in the order the operation
// reaches them.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const scalarShapes: Readonly<Record<string, Shape>> = {
  LookupAttributesList: { type: 'list', member: 'LookupAttribute' },
  LookupAttributeKey: { type: 'string', enum: ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'], doc: 'The attribute to match: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource or AccessKeyId.' },
  LookupAttributeValue: { type: 'string', min: 1, max: 2000, doc: 'The value the attribute must have, such as Decrypt for EventName or true for ReadOnly.' },
  Date: { type: 'timestamp' },
  EventCategory: { type: 'string', enum: ['insight'], doc: 'insight: Insights events instead of the calls themselves.' },
  MaxResults: { type: 'integer', min: 1, max: 50 },
  NextToken: { type: 'string' },
  EventsList: { type: 'list', member: 'Event' },
  String: { type: 'string' },
  ResourceList: { type: 'list', member: 'Resource' },
};
