// Amazon Resource Names: the one parser and formatter of `arn:partition:service:region:account:
// resource` (IAM User Guide, "ARN format"). Services read the resource part their own way.
// Imports nothing.

export interface Arn {
  /** aws, aws-cn, aws-us-gov */
  partition: string;
  /** kms, iam, … */
  service: string;
  /** empty for global services (IAM) */
  region: string;
  /** 12 digits; empty where a resource has no account */
  account: string;
  /** what follows the fifth colon, colons included: `key/<id>`, `alias/<name>`, `root` */
  resource: string;
}

const ARN = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/;

/** The parts of an ARN, or undefined for text that is not one. */
export function parseArn(text: string): Arn | undefined {
  const m = ARN.exec(text);
  if (!m) return undefined;
  const [, partition, service, region, account, resource] = m as unknown as [string, string, string, string, string, string];
  return { partition, service, region, account, resource };
}

export function formatArn(a: Arn): string {
  return `arn:${a.partition}:${a.service}:${a.region}:${a.account}:${a.resource}`;
}

/** The account's root principal, as policies and error messages name it: arn:aws:iam::111122223333:root. */
export function rootArn(partition: string, account: string): string {
  return formatArn({ partition, service: 'iam', region: '', account, resource: 'root' });
}
