// The CloudTrail API (2013-11-01): the one operation kms implements,
// LookupEvents, over the trail of the calls kms runs (per account and region).
// Data only: input, output, errors and paginator from botocore; docs and examples are ours.
import type { OperationSpec } from '../../../api/types.js';

export const operations: Readonly<Record<string, OperationSpec>> = {
  LookupEvents: {
    name: 'LookupEvents',
    input: 'LookupEventsRequest',
    output: 'LookupEventsResponse',
    errors: ['InvalidLookupAttributesException', 'InvalidTimeRangeException', 'InvalidMaxResultsException', 'InvalidNextTokenException', 'InvalidEventCategoryException', 'UnsupportedOperationException', 'OperationNotPermittedException'],
    doc: 'Looks up events in the audit trail kms keeps of every call it runs, per account and region: newest first, kept for 90 days by default, optionally only those with one attribute (an event name, a user name, a resource) or in a time range.',
    paginator: { inputToken: 'NextToken', outputToken: 'NextToken', limitKey: 'MaxResults', resultKey: 'Events' },
    examples: [
      { command: 'kms cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=Decrypt', description: 'Lists the Decrypt calls, newest first.' },
      { command: 'kms cloudtrail lookup-events --start-time 2026-11-01T00:00:00Z --end-time 2026-11-02T00:00:00Z --max-items 10', description: 'Shows the ten newest calls made on the first of November 2026.' },
    ],
  },
};
