# A boto3 scenario across every KMS operation group against `kms serve`; prints one line per
# check and "ok <n>" at the end. Usage: python3 boto3_scenario.py ENDPOINT_URL (credentials from env).
import sys

import boto3
from botocore.exceptions import ClientError

kms = boto3.client('kms', endpoint_url=sys.argv[1], region_name='us-west-2')
checks = 0


def check(cond, what):
    global checks
    if not cond:
        raise AssertionError(what)
    checks += 1
    print('ok', what)


def raises(code, fn, **kw):
    try:
        fn(**kw)
    except ClientError as e:
        check(e.response['Error']['Code'] == code, f'{fn.__name__} raises {code} (got {e.response["Error"]["Code"]})')
        check(e.response['ResponseMetadata']['HTTPStatusCode'] == 400, f'{code} is HTTP 400')
        return e
    raise AssertionError(f'{fn.__name__} did not raise {code}')


# keys
key = kms.create_key(Description='scenario', Tags=[{'TagKey': 'team', 'TagValue': 'a'}])['KeyMetadata']
kid = key['KeyId']
check(key['Arn'] == f'arn:aws:kms:us-west-2:111122223333:key/{kid}', 'CreateKey ARN in the scope region')
check(key['CreationDate'].year >= 2024, 'CreationDate parsed as a datetime')
check(kms.describe_key(KeyId=kid)['KeyMetadata']['Description'] == 'scenario', 'DescribeKey')
kms.update_key_description(KeyId=kid, Description='changed')
check(kms.describe_key(KeyId=kid)['KeyMetadata']['Description'] == 'changed', 'UpdateKeyDescription')
check(any(k['KeyId'] == kid for k in kms.list_keys()['Keys']), 'ListKeys')

# crypto
ct = kms.encrypt(KeyId=kid, Plaintext=b'\x00\x01secret', EncryptionContext={'purpose': 'test'})['CiphertextBlob']
check(isinstance(ct, bytes), 'Encrypt returns bytes')
check(kms.decrypt(CiphertextBlob=ct, EncryptionContext={'purpose': 'test'})['Plaintext'] == b'\x00\x01secret', 'Decrypt')
with_e = raises('InvalidCiphertextException', kms.decrypt, CiphertextBlob=ct)
check(kms.exceptions.InvalidCiphertextException is not None, 'modelled exception class exists')
key2 = kms.create_key()['KeyMetadata']['KeyId']
re = kms.re_encrypt(CiphertextBlob=ct, SourceEncryptionContext={'purpose': 'test'}, DestinationKeyId=key2)
check(kms.decrypt(CiphertextBlob=re['CiphertextBlob'])['Plaintext'] == b'\x00\x01secret', 'ReEncrypt')
check(len(kms.generate_random(NumberOfBytes=32)['Plaintext']) == 32, 'GenerateRandom')

# data keys
dk = kms.generate_data_key(KeyId=kid, KeySpec='AES_256')
check(len(dk['Plaintext']) == 32 and kms.decrypt(CiphertextBlob=dk['CiphertextBlob'])['Plaintext'] == dk['Plaintext'], 'GenerateDataKey')
check('Plaintext' not in kms.generate_data_key_without_plaintext(KeyId=kid, NumberOfBytes=16), 'GenerateDataKeyWithoutPlaintext')
pair = kms.generate_data_key_pair(KeyId=kid, KeyPairSpec='ECC_NIST_P256')
check(pair['PublicKey'][:1] == b'\x30' and len(pair['PrivateKeyPlaintext']) > 0, 'GenerateDataKeyPair')
check('PrivateKeyPlaintext' not in kms.generate_data_key_pair_without_plaintext(KeyId=kid, KeyPairSpec='RSA_2048'), 'GenerateDataKeyPairWithoutPlaintext')

# aliases
kms.create_alias(AliasName='alias/scenario', TargetKeyId=kid)
check(kms.describe_key(KeyId='alias/scenario')['KeyMetadata']['KeyId'] == kid, 'CreateAlias')
kms.update_alias(AliasName='alias/scenario', TargetKeyId=key2)
check(any(a['AliasName'] == 'alias/scenario' and a['TargetKeyId'] == key2 for a in kms.list_aliases()['Aliases']), 'UpdateAlias/ListAliases')
raises('AlreadyExistsException', kms.create_alias, AliasName='alias/scenario', TargetKeyId=kid)
kms.delete_alias(AliasName='alias/scenario')
e = raises('NotFoundException', kms.describe_key, KeyId='alias/scenario')
try:
    kms.describe_key(KeyId='alias/scenario')
except kms.exceptions.NotFoundException:
    check(True, 'client.exceptions.NotFoundException catches it')

# tags
kms.tag_resource(KeyId=kid, Tags=[{'TagKey': 'env', 'TagValue': 'dev'}])
tags = {t['TagKey']: t['TagValue'] for t in kms.list_resource_tags(KeyId=kid)['Tags']}
check(tags == {'team': 'a', 'env': 'dev'}, 'TagResource/ListResourceTags')
kms.untag_resource(KeyId=kid, TagKeys=['team'])
check([t['TagKey'] for t in kms.list_resource_tags(KeyId=kid)['Tags']] == ['env'], 'UntagResource')

# asymmetric
ecc = kms.create_key(KeySpec='ECC_NIST_P256', KeyUsage='SIGN_VERIFY')['KeyMetadata']['KeyId']
sig = kms.sign(KeyId=ecc, Message=b'msg', SigningAlgorithm='ECDSA_SHA_256')['Signature']
check(kms.verify(KeyId=ecc, Message=b'msg', Signature=sig, SigningAlgorithm='ECDSA_SHA_256')['SignatureValid'], 'Sign/Verify')
raises('KMSInvalidSignatureException', kms.verify, KeyId=ecc, Message=b'other', Signature=sig, SigningAlgorithm='ECDSA_SHA_256')
check(kms.get_public_key(KeyId=ecc)['KeySpec'] == 'ECC_NIST_P256', 'GetPublicKey')
rsa = kms.create_key(KeySpec='RSA_2048', KeyUsage='ENCRYPT_DECRYPT')['KeyMetadata']['KeyId']
rct = kms.encrypt(KeyId=rsa, Plaintext=b'rsa', EncryptionAlgorithm='RSAES_OAEP_SHA_256')['CiphertextBlob']
check(kms.decrypt(KeyId=rsa, CiphertextBlob=rct, EncryptionAlgorithm='RSAES_OAEP_SHA_256')['Plaintext'] == b'rsa', 'RSA Encrypt/Decrypt')
raises('InvalidKeyUsageException', kms.encrypt, KeyId=ecc, Plaintext=b'x')

# MACs
mac_key = kms.create_key(KeySpec='HMAC_256', KeyUsage='GENERATE_VERIFY_MAC')['KeyMetadata']['KeyId']
mac = kms.generate_mac(KeyId=mac_key, Message=b'm', MacAlgorithm='HMAC_SHA_256')['Mac']
check(kms.verify_mac(KeyId=mac_key, Message=b'm', Mac=mac, MacAlgorithm='HMAC_SHA_256')['MacValid'], 'GenerateMac/VerifyMac')
raises('KMSInvalidMacException', kms.verify_mac, KeyId=mac_key, Message=b'n', Mac=mac, MacAlgorithm='HMAC_SHA_256')

# rotation and policy
kms.enable_key_rotation(KeyId=kid)
check(kms.get_key_rotation_status(KeyId=kid)['KeyRotationEnabled'], 'EnableKeyRotation/GetKeyRotationStatus')
kms.disable_key_rotation(KeyId=kid)
check(not kms.get_key_rotation_status(KeyId=kid)['KeyRotationEnabled'], 'DisableKeyRotation')
check(kms.list_key_policies(KeyId=kid)['PolicyNames'] == ['default'], 'ListKeyPolicies')
policy = kms.get_key_policy(KeyId=kid, PolicyName='default')['Policy']
kms.put_key_policy(KeyId=kid, PolicyName='default', Policy=policy.replace('Enable IAM User Permissions', 'Root'))
check('Root' in kms.get_key_policy(KeyId=kid, PolicyName='default')['Policy'], 'PutKeyPolicy/GetKeyPolicy')

# grants
g = kms.create_grant(KeyId=kid, GranteePrincipal='arn:aws:iam::111122223333:role/app', Operations=['Decrypt'])
check(any(x['GrantId'] == g['GrantId'] for x in kms.list_grants(KeyId=kid)['Grants']), 'CreateGrant/ListGrants')
kms.revoke_grant(KeyId=kid, GrantId=g['GrantId'])
check(kms.list_grants(KeyId=kid)['Grants'] == [], 'RevokeGrant')

# key state
kms.disable_key(KeyId=kid)
raises('DisabledException', kms.encrypt, KeyId=kid, Plaintext=b'x')
kms.enable_key(KeyId=kid)
d = kms.schedule_key_deletion(KeyId=key2, PendingWindowInDays=7)
check(d['KeyState'] == 'PendingDeletion', 'ScheduleKeyDeletion')
raises('KMSInvalidStateException', kms.encrypt, KeyId=key2, Plaintext=b'x')
kms.cancel_key_deletion(KeyId=key2)
check(kms.describe_key(KeyId=key2)['KeyMetadata']['KeyState'] == 'Disabled', 'CancelKeyDeletion')

# server-side validation reaches the SDK as ValidationException
raises('ValidationException', kms.generate_random, NumberOfBytes=2000)

# paginators
for _ in range(3):
    kms.create_key()
pages = list(kms.get_paginator('list_keys').paginate(PaginationConfig={'PageSize': 2}))
check(len(pages) >= 3 and sum(len(p['Keys']) for p in pages) == len(kms.list_keys(Limit=1000)['Keys']), 'ListKeys paginator')

print('ok', checks)
