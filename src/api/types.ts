// The shape of a service's table: an AWS API (KMS 2014-11-01 first) described as data, as
// botocore's service-2.json describes it. Everything generated (CLI flags, skeletons, help, man
// pages, completions, validation, the wire protocol) reads it. Types only.

/** A reference to a named shape in `ApiModel.shapes` (botocore's shape names). */
export type ShapeRef = string;

interface ShapeBase {
  /** Our own words; one or two sentences. */
  doc?: string;
  /** botocore marks the shape deprecated (CustomerMasterKeySpec). */
  deprecated?: boolean;
}

export interface StringShape extends ShapeBase {
  type: 'string';
  enum?: readonly string[];
  min?: number;
  max?: number;
  pattern?: string;
  sensitive?: boolean;
}

export interface BlobShape extends ShapeBase {
  type: 'blob';
  min?: number;
  max?: number;
  sensitive?: boolean;
}

export interface NumberShape extends ShapeBase {
  type: 'integer' | 'long';
  min?: number;
  max?: number;
}

export interface BooleanShape extends ShapeBase {
  type: 'boolean';
}

export interface TimestampShape extends ShapeBase {
  type: 'timestamp';
}

export interface ListShape extends ShapeBase {
  type: 'list';
  member: ShapeRef;
  min?: number;
  max?: number;
}

export interface MapShape extends ShapeBase {
  type: 'map';
  key: ShapeRef;
  value: ShapeRef;
  min?: number;
  max?: number;
}

export interface MemberSpec {
  shape: ShapeRef;
  /** Our own words; overrides the shape's doc for this member. */
  doc?: string;
  /** botocore marks the member deprecated (CustomerMasterKeySpec members). */
  deprecated?: boolean;
}

export interface StructureShape extends ShapeBase {
  type: 'structure';
  members: Readonly<Record<string, MemberSpec>>;
  required?: readonly string[];
  /** true for exception shapes */
  exception?: boolean;
  /** true for exceptions botocore marks as server faults (KMSInternalException, …) */
  fault?: boolean;
  /**
   * Exceptions only: botocore's error.code, the code on the wire, where it differs from the shape's
   * name (IAM's NoSuchEntityException travels as NoSuchEntity).
   */
  errorCode?: string;
  /** Exceptions only: botocore's error.httpStatusCode (IAM's NoSuchEntity: 404); 400 or 500 when absent. */
  httpStatusCode?: number;
}

export type Shape =
  | StringShape
  | BlobShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | ListShape
  | MapShape
  | StructureShape;

/** botocore paginators-1.json entry for an operation. */
export interface PaginatorSpec {
  inputToken: string;
  outputToken: string;
  /**
   * The input member --page-size sets. Absent for paginators without botocore's limit_key
   * (CloudFormation's): --page-size then has no effect; --max-items and --starting-token still work.
   */
  limitKey?: string;
  resultKey: string;
  moreResults?: string;
  /**
   * botocore's non_aggregate_keys: members taken from the first page beside the result key
   * (DescribeChangeSet's ChangeSetName, Status, …), in this order after it.
   */
  nonAggregateKeys?: readonly string[];
}

export interface OperationSpec {
  /** API name, e.g. GenerateDataKey; the command is its kebab-case form (generate-data-key). */
  name: string;
  input: ShapeRef;
  output?: ShapeRef;
  /** Exception shape names the operation can raise. */
  errors: readonly ShapeRef[];
  /** Our own words: what the command does, one paragraph. */
  doc: string;
  paginator?: PaginatorSpec;
  /** Examples for help and man pages: a command line and a sentence. */
  examples?: readonly { command: string; description: string }[];
}

/**
 * One service's table. A new service is one of these plus its handlers (docs/architecture.md says
 * how): the CLI, help, man pages, completions, validation and `kms serve` read it.
 */
export interface ServiceModel {
  /** botocore's name for the service, also its SigV4 signing name: kms, iam, cloudformation, … */
  id: string;
  /** botocore's metadata.serviceFullName, e.g. AWS Key Management Service */
  fullName: string;
  /** botocore's metadata.serviceAbbreviation where it has one, e.g. KMS */
  abbreviation?: string;
  /** e.g. 2014-11-01 */
  apiVersion: string;
  /**
   * How requests travel (botocore's metadata.protocol). AWS JSON: POST, `X-Amz-Target:
   * <targetPrefix>.<Operation>`, `application/x-amz-json-<jsonVersion>`. AWS Query: see xmlNamespace.
   */
  protocol: 'json' | 'query';
  /** AWS JSON only. */
  jsonVersion: '1.0' | '1.1';
  /** AWS JSON only ('' for Query services). */
  targetPrefix: string;
  /**
   * AWS Query only (IAM, STS, CloudFormation): form-encoded POST `Action=<Operation>&Version=
   * <apiVersion>&…`, XML responses in this namespace (https://iam.amazonaws.com/doc/2010-05-08/).
   */
  xmlNamespace?: string;
  /** The namespace an error's `x-amzn-ErrorType` header names after the code. */
  errorNamespace: string;
  shapes: Readonly<Record<string, Shape>>;
  operations: Readonly<Record<string, OperationSpec>>;
}
