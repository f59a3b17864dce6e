// Role sessions STS issued (`sts-session/<ASIA…>`): what callers.ts needs to recognise a session's
// credentials. STS writes them (sts/operations/assume-role.ts); IAM only reads them.

export interface SessionRecord {
  account: string;
  roleName: string;
  rolePath: string;
  /** AROA… */
  roleId: string;
  sessionName: string;
  secret: string;
  token: string;
  /** epoch ms, on the engine's clock */
  expires: number;
}

/** `arn:P:sts::A:assumed-role/ROLE/SESSION` (the role's path is not part of it). */
export const assumedRoleArn = (partition: string, account: string, roleName: string, sessionName: string): string =>
  `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;
