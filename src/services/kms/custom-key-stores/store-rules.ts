// The checks CreateCustomKeyStore and UpdateCustomKeyStore share: uniqueness of names, clusters
// and proxy URIs, the trust anchor, the members each store type takes, and the cluster's token.
// Must not import operation handlers or the CLI.

import { X509Certificate } from 'node:crypto';
import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import type { CreateCustomKeyStoreRequest, UpdateCustomKeyStoreRequest } from '../types.gen.js';
import { hsmBackend } from './hsm-backend.js';
import { listStores, type CustomKeyStoreRecord, type XksProxyRecord } from './stores.js';

/** What CreateCustomKeyStore and UpdateCustomKeyStore both may give. */
type StoreRequest = CreateCustomKeyStoreRequest | UpdateCustomKeyStoreRequest;
/** The members of either type of store, as a request may give them. */
type StoreMembers = Partial<Pick<CreateCustomKeyStoreRequest, (typeof CLOUDHSM_MEMBERS)[number] | (typeof XKS_MEMBERS)[number]>>;

// Exception texts: AWS documents only the codes; these messages are ours, in AWS's style.
function validation(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

const others = async (ctx: EngineContext, selfId?: string) => (await listStores(ctx)).filter((s) => s.CustomKeyStoreId !== selfId);

/** CustomKeyStoreName: "must be unique in your AWS account and Region". */
export async function checkNameFree(ctx: EngineContext, name: string, selfId?: string): Promise<void> {
  if ((await others(ctx, selfId)).some((s) => s.CustomKeyStoreName === name)) {
    throw new KmsError('CustomKeyStoreNameInUseException', `Custom key store name ${name} is already in use.`);
  }
}

/** CloudHsmClusterInUseException: each CloudHSM key store has its own cluster. */
export async function checkClusterFree(ctx: EngineContext, clusterId: string, selfId?: string): Promise<void> {
  if ((await others(ctx, selfId)).some((s) => s.CloudHsmClusterId === clusterId)) {
    throw new KmsError('CloudHsmClusterInUseException', `CloudHSM cluster ${clusterId} is already associated with a custom key store.`);
  }
}

/** CloudHsmClusterNotFoundException: here a cluster is the PKCS#11 token whose label is the cluster id. */
export function checkClusterExists(clusterId: string): void {
  if (!hsmBackend().hasToken(clusterId)) {
    throw new KmsError('CloudHsmClusterNotFoundException', `CloudHSM cluster ${clusterId} not found.`);
  }
}

/**
 * IncorrectTrustAnchorException: AWS compares the certificate with the cluster's customerCA.crt.
 * A token has no such certificate, so kms checks only that it is one PEM X.509 certificate.
 */
export function checkTrustAnchor(pem: string): void {
  const ok = /^\s*-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/.test(pem);
  try {
    if (ok) {
      new X509Certificate(pem);
      return;
    }
  } catch {
    // fall through to the exception
  }
  throw new KmsError('IncorrectTrustAnchorException', 'The trust anchor certificate is not a valid PEM-encoded X.509 certificate.');
}

const CLOUDHSM_MEMBERS = ['CloudHsmClusterId', 'TrustAnchorCertificate', 'KeyStorePassword'] as const;
const XKS_MEMBERS = [
  'XksProxyUriEndpoint', 'XksProxyUriPath', 'XksProxyVpcEndpointServiceName', 'XksProxyVpcEndpointServiceOwner',
  'XksProxyAuthenticationCredential', 'XksProxyConnectivity',
] as const;

/** A store type refuses the other type's members. */
export function refuseForeignMembers(req: StoreMembers, type: string, update = false): void {
  const foreign = type === 'AWS_CLOUDHSM' ? XKS_MEMBERS : update ? (['CloudHsmClusterId', 'KeyStorePassword'] as const) : CLOUDHSM_MEMBERS;
  for (const m of foreign) {
    if (req[m] !== undefined) throw validation(`${m} is not valid for a custom key store of type ${type}.`);
  }
}

/** CreateCustomKeyStore (AWS_CLOUDHSM): the cluster id, trust anchor and kmsuser password are required. */
export function requireCloudHsmMembers(req: StoreMembers): void {
  for (const m of CLOUDHSM_MEMBERS) {
    if (req[m] === undefined) throw validation(`${m} is required for a custom key store of type AWS_CLOUDHSM.`);
  }
}

/**
 * External key stores: the endpoint, path, credential and connectivity are required; a
 * VPC_ENDPOINT_SERVICE store also needs the endpoint service name (and a public one takes none).
 */
export async function checkXksProxy(ctx: EngineContext, x: XksProxyRecord, selfId?: string): Promise<void> {
  for (const [m, v] of [
    ['XksProxyUriEndpoint', x.UriEndpoint],
    ['XksProxyUriPath', x.UriPath],
    ['XksProxyAuthenticationCredential', x.AccessKeyId],
    ['XksProxyConnectivity', x.Connectivity],
  ] as const) {
    if (v === undefined) throw validation(`${m} is required for a custom key store of type EXTERNAL_KEY_STORE.`);
  }
  const vpc = x.Connectivity === 'VPC_ENDPOINT_SERVICE';
  if (vpc && x.VpcEndpointServiceName === undefined) {
    throw validation('XksProxyVpcEndpointServiceName is required when XksProxyConnectivity is VPC_ENDPOINT_SERVICE.');
  }
  if (!vpc && (x.VpcEndpointServiceName !== undefined || x.VpcEndpointServiceOwner !== undefined)) {
    throw validation('XksProxyVpcEndpointServiceName and XksProxyVpcEndpointServiceOwner are valid only when XksProxyConnectivity is VPC_ENDPOINT_SERVICE.');
  }
  const proxies = (await others(ctx, selfId)).flatMap((s: CustomKeyStoreRecord) => (s.XksProxy ? [s.XksProxy] : []));
  // XksProxyUriPath: "The combined XksProxyUriEndpoint and XksProxyUriPath values must be unique"
  if (proxies.some((p) => p.UriEndpoint === x.UriEndpoint && p.UriPath === x.UriPath)) {
    throw new KmsError('XksProxyUriInUseException', `The XKS proxy URI ${x.UriEndpoint}${x.UriPath} is already associated with another external key store.`);
  }
  // XksProxyUriEndpoint: stores with VPC_ENDPOINT_SERVICE connectivity each need their own endpoint and service
  if (vpc && proxies.some((p) => p.UriEndpoint === x.UriEndpoint)) {
    throw new KmsError('XksProxyUriEndpointInUseException', `The XKS proxy URI endpoint ${x.UriEndpoint} is already associated with another external key store.`);
  }
  if (vpc && proxies.some((p) => p.VpcEndpointServiceName === x.VpcEndpointServiceName)) {
    throw new KmsError('XksProxyVpcEndpointServiceInUseException', `The VPC endpoint service ${x.VpcEndpointServiceName} is already associated with another external key store.`);
  }
}

/** The XKS proxy settings a request gives, over `base` (UpdateCustomKeyStore changes only what it names). */
export function xksProxyFrom(ctx: EngineContext, req: StoreRequest, base?: XksProxyRecord): XksProxyRecord {
  const cred = req.XksProxyAuthenticationCredential;
  // checkXksProxy refuses what is still missing after the request and `base` are merged
  const x = {
    Connectivity: req.XksProxyConnectivity ?? base?.Connectivity,
    AccessKeyId: cred?.AccessKeyId ?? base?.AccessKeyId,
    RawSecretAccessKey: cred?.RawSecretAccessKey ?? base?.RawSecretAccessKey,
    UriEndpoint: req.XksProxyUriEndpoint ?? base?.UriEndpoint,
    UriPath: req.XksProxyUriPath ?? base?.UriPath,
    VpcEndpointServiceName: req.XksProxyVpcEndpointServiceName ?? base?.VpcEndpointServiceName,
    VpcEndpointServiceOwner: req.XksProxyVpcEndpointServiceOwner ?? base?.VpcEndpointServiceOwner,
  } as XksProxyRecord;
  if (x.Connectivity !== 'VPC_ENDPOINT_SERVICE') {
    // a store moved to PUBLIC_ENDPOINT drops its endpoint service
    if (base && req.XksProxyConnectivity !== undefined) {
      delete x.VpcEndpointServiceName;
      delete x.VpcEndpointServiceOwner;
    }
  } else if (x.VpcEndpointServiceOwner === undefined) {
    // XksProxyVpcEndpointServiceOwner: "If not provided, the AWS account ID calling the action will be used"
    x.VpcEndpointServiceOwner = ctx.account;
  }
  if (x.VpcEndpointServiceName === undefined) delete x.VpcEndpointServiceName;
  if (x.VpcEndpointServiceOwner === undefined) delete x.VpcEndpointServiceOwner;
  return x;
}
