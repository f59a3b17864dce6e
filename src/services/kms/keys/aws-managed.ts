// AWS managed keys: the alias/aws/<service> names AWS reserves, and the key AWS creates on a
// service's behalf the first time such an alias is used. Must not import operation handlers or the CLI.

import { rootArn } from '../../../api/arn.js';
import { specFor } from '../../../crypto/families.js';
import type { EngineContext } from '../../../engine/context.js';
import { addMaterial, newKeyId, newKeyRecord, saveKey, type KeyRecord } from './key-record.js';
import { aliasRecordName } from '../records.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The services whose alias/aws/<name> kms creates on first use: <alias name> → [display name, the
 * service's endpoint prefix for kms:ViaService]. AWS publishes no complete list; extend it here.
 */
export const AWS_MANAGED_SERVICES: Readonly<Record<string, readonly [string, string]>> = {
  acm: ['ACM', 'acm'],
  backup: ['AWS Backup', 'backup'],
  codecommit: ['CodeCommit', 'codecommit'],
  dynamodb: ['DynamoDB', 'dynamodb'],
  ebs: ['EBS', 'ec2'],
  elasticfilesystem: ['EFS', 'elasticfilesystem'],
  es: ['OpenSearch Service', 'es'],
  fsx: ['FSx', 'fsx'],
  glue: ['Glue', 'glue'],
  kafka: ['Amazon MSK', 'kafka'],
  kinesis: ['Kinesis', 'kinesis'],
  kinesisvideo: ['Kinesis Video Streams', 'kinesisvideo'],
  lambda: ['Lambda', 'lambda'],
  lightsail: ['Lightsail', 'lightsail'],
  rds: ['RDS', 'rds'],
  redshift: ['Redshift', 'redshift'],
  s3: ['S3', 's3'],
  secretsmanager: ['Secrets Manager', 'secretsmanager'],
  sns: ['SNS', 'sns'],
  sqs: ['SQS', 'sqs'],
  ssm: ['SSM', 'ssm'],
  xray: ['X-Ray', 'xray'],
};

/**
 * The alias/aws/<service> names ListAliases shows before their key exists: "aliases that have no
 * TargetKeyId field. These are predefined aliases that AWS has created but has not yet associated
 * with a KMS key" (API reference, ListAliases). AWS publishes no list, and real accounts differ by
 * region and age; these 14 are the names LocalStack (RESERVED_ALIASES) and moto
 * (RESERVED_ALIASE_TARGET_KEY_IDS) agree on. The other services of AWS_MANAGED_SERVICES (backup,
 * fsx, sns, …) have no predefined alias here: no source shows them before first use, so they are
 * listed only once their key is made, as any stored alias.
 */
export const PREDEFINED_ALIAS_SERVICES: readonly string[] = [
  'acm', 'dynamodb', 'ebs', 'elasticfilesystem', 'es', 'glue', 'kinesisvideo',
  'lambda', 'rds', 'redshift', 's3', 'secretsmanager', 'ssm', 'xray',
];

/** The service an `alias/aws/<service>` name reserves, or undefined. */
export function awsManagedService(aliasName: string): string | undefined {
  const m = /^alias\/aws\/([a-z0-9-]+)$/.exec(aliasName);
  return m && Object.hasOwn(AWS_MANAGED_SERVICES, m[1]!) ? m[1] : undefined;
}

/**
 * The policy AWS gives an AWS managed key (as AWS returns it for alias/aws/ebs): use only through the
 * service by principals of the account, and Describe/Get/List/RevokeGrant for the account itself.
 */
export function awsManagedPolicy(ctx: EngineContext, service: string): string {
  const [display, endpoint] = AWS_MANAGED_SERVICES[service]!;
  const policy = {
    Version: '2012-10-17',
    Id: `auto-${service}-2`,
    Statement: [
      {
        Sid: `Allow access through ${display} for all principals in the account that are authorized to use ${display}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': ctx.account, 'kms:ViaService': `${endpoint}.${ctx.region}.amazonaws.com` } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: rootArn(ctx.partition, ctx.account) },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  };
  return JSON.stringify(policy, null, 2);
}

/**
 * Creates the AWS managed key of `service` and its alias (alias/aws/<service>): a symmetric
 * encryption key, KeyManager AWS, rotated every 365 days from creation, always on.
 */
export function createAwsManagedKey(ctx: EngineContext, service: string): KeyRecord {
  const [display] = AWS_MANAGED_SERVICES[service]!;
  const info = specFor('SYMMETRIC_DEFAULT', ctx.partition)!;
  const now = ctx.clock.now().getTime();
  const keyId = newKeyId(ctx);
  const key = newKeyRecord(ctx, keyId, {
    Description: `Default key that protects my ${display} data when no other key is defined`,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    Origin: 'AWS_KMS',
    KeyManager: 'AWS',
    MultiRegion: false,
    Policy: awsManagedPolicy(ctx, service),
    Tags: [],
  });
  // AWS managed keys rotate one year after creation and about every year after (always on)
  key.rotation = { enabled: true, periodInDays: 365, nextRotationDate: now + 365 * DAY_MS };
  const material = info.generateMaterial(ctx.random);
  addMaterial(ctx, key, material);
  material.fill(0);
  saveKey(ctx, key);
  const alias = `alias/aws/${service}`;
  ctx.store.put(aliasRecordName(ctx.region, alias), { AliasName: alias, TargetKeyId: keyId, CreationDate: now, LastUpdatedDate: now });
  return key;
}
