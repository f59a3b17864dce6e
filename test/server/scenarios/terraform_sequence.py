# The calls Terraform's AWS provider makes for aws_kms_key and aws_kms_alias (create, read,
# update description/rotation/tags/policy, delete), replayed with boto3 against `kms serve`.
# Each read after a write must see it. Prints "ok <n>". Usage: python3 terraform_sequence.py URL
import json
import sys

import boto3

kms = boto3.client('kms', endpoint_url=sys.argv[1], region_name='us-east-1')
n = 0


def check(cond, what):
    global n
    if not cond:
        raise AssertionError(what)
    n += 1


policy = json.dumps({'Version': '2012-10-17', 'Id': 'tf', 'Statement': [{'Sid': 'root', 'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333:root'}, 'Action': 'kms:*', 'Resource': '*'}]})

# aws_kms_key create: CreateKey, then the read: DescribeKey, GetKeyPolicy, GetKeyRotationStatus, ListResourceTags
key = kms.create_key(Description='tf key', KeyUsage='ENCRYPT_DECRYPT', KeySpec='SYMMETRIC_DEFAULT', Policy=policy,
                     BypassPolicyLockoutSafetyCheck=False, Tags=[{'TagKey': 'Name', 'TagValue': 'tf'}])['KeyMetadata']
kid = key['KeyId']


def read():
    meta = kms.describe_key(KeyId=kid)['KeyMetadata']
    pol = json.loads(kms.get_key_policy(KeyId=kid, PolicyName='default')['Policy'])
    rot = kms.get_key_rotation_status(KeyId=kid)['KeyRotationEnabled']
    tags = {t['TagKey']: t['TagValue'] for t in kms.list_resource_tags(KeyId=kid)['Tags']}
    return meta, pol, rot, tags


meta, pol, rot, tags = read()
check(meta['Description'] == 'tf key' and meta['Enabled'] and meta['KeyState'] == 'Enabled', 'created key read back')
check(pol['Id'] == 'tf', 'policy read back')
check(rot is False and tags == {'Name': 'tf'}, 'rotation off, tags read back')

# update: description, rotation, tags, policy — each visible to the next read
kms.update_key_description(KeyId=kid, Description='tf key v2')
kms.enable_key_rotation(KeyId=kid)
kms.untag_resource(KeyId=kid, TagKeys=['Name'])
kms.tag_resource(KeyId=kid, Tags=[{'TagKey': 'Env', 'TagValue': 'prod'}])
kms.put_key_policy(KeyId=kid, PolicyName='default', Policy=policy.replace('"tf"', '"tf2"'), BypassPolicyLockoutSafetyCheck=False)
meta, pol, rot, tags = read()
check(meta['Description'] == 'tf key v2', 'description updated')
check(rot is True, 'rotation enabled')
check(tags == {'Env': 'prod'}, 'tags replaced')
check(pol['Id'] == 'tf2', 'policy updated')
kms.disable_key(KeyId=kid)
check(kms.describe_key(KeyId=kid)['KeyMetadata']['Enabled'] is False, 'is_enabled = false')
kms.enable_key(KeyId=kid)

# aws_kms_alias: CreateAlias, read by paginating ListAliases, UpdateAlias to another key, DeleteAlias
kms.create_alias(AliasName='alias/tf', TargetKeyId=kid)


def find_alias():
    for page in kms.get_paginator('list_aliases').paginate():
        for a in page['Aliases']:
            if a['AliasName'] == 'alias/tf':
                return a
    return None


a = find_alias()
check(a is not None and a['TargetKeyId'] == kid and a['AliasArn'].endswith(':alias/tf'), 'alias read back')
other = kms.create_key(Description='tf other')['KeyMetadata']['KeyId']
kms.update_alias(AliasName='alias/tf', TargetKeyId=other)
check(find_alias()['TargetKeyId'] == other, 'alias retargeted')
check(kms.describe_key(KeyId='alias/tf')['KeyMetadata']['KeyId'] == other, 'alias resolves to the new key')
kms.delete_alias(AliasName='alias/tf')
check(find_alias() is None, 'alias deleted')

# aws_kms_key delete: ScheduleKeyDeletion with deletion_window_in_days, then the read sees PendingDeletion
for k in (kid, other):
    kms.schedule_key_deletion(KeyId=k, PendingWindowInDays=7)
    check(kms.describe_key(KeyId=k)['KeyMetadata']['KeyState'] == 'PendingDeletion', 'key pending deletion')
print('ok', n)
