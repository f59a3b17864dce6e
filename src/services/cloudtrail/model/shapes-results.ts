// The CloudTrail API (2013-11-01): its response structures and the structures inside them.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const resultShapes: Readonly<Record<string, Shape>> = {
  LookupEventsResponse: {
    type: 'structure',
    members: {
      Events: { shape: 'EventsList', doc: 'The events, newest first.' },
      NextToken: { shape: 'NextToken', doc: 'Present when there are more events: pass it back as NextToken.' },
    },
  },
  Event: {
    type: 'structure', doc: 'One call kms ran: what, when, by whom and on which resources, with the whole record as JSON.',
    members: {
      EventId: { shape: 'String', doc: 'The id of the event.' },
      EventName: { shape: 'String', doc: 'The operation called, such as Decrypt.' },
      ReadOnly: { shape: 'String', doc: 'true when the call only read (Decrypt, DescribeKey), false when it changed something.' },
      AccessKeyId: { shape: 'String', doc: 'The access key the call was signed with.' },
      EventTime: { shape: 'Date', doc: 'When the call was made.' },
      EventSource: { shape: 'String', doc: 'The service called, such as kms.amazonaws.com.' },
      Username: { shape: 'String', doc: 'Who made the call.' },
      Resources: { shape: 'ResourceList', doc: 'The resources the call named, such as its key.' },
      CloudTrailEvent: { shape: 'String', doc: 'The whole event record, as JSON text.' },
    },
  },
  Resource: {
    type: 'structure', doc: 'A resource a call named.',
    members: {
      ResourceType: { shape: 'String', doc: 'The type of the resource, such as AWS::KMS::Key.' },
      ResourceName: { shape: 'String', doc: 'The name of the resource, such as a key\'s ARN.' },
    },
  },
};
