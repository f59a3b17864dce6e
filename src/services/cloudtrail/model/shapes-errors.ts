// The CloudTrail API (2013-11-01): its exception shapes. botocore gives them no error object:
// each travels under its own name, with status 400.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const errorShapes: Readonly<Record<string, Shape>> = {
  InvalidLookupAttributesException: { type: 'structure', exception: true, doc: 'The lookup attributes are not valid: an unknown key, or more than one attribute.', members: {} },
  InvalidTimeRangeException: { type: 'structure', exception: true, doc: 'StartTime is after EndTime, or the range is otherwise not valid.', members: {} },
  InvalidMaxResultsException: { type: 'structure', exception: true, doc: 'MaxResults is not between 1 and 50.', members: {} },
  InvalidNextTokenException: { type: 'structure', exception: true, doc: 'The NextToken is not one a previous response gave, or its request differs.', members: {} },
  InvalidEventCategoryException: { type: 'structure', exception: true, doc: 'The event category is not valid.', members: {} },
  UnsupportedOperationException: { type: 'structure', exception: true, doc: 'The operation is not supported.', members: {} },
  OperationNotPermittedException: { type: 'structure', exception: true, doc: 'The operation is not permitted.', members: {} },
};
